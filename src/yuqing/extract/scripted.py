"""Article text that exists only inside a <script>: pages whose body a script builds from data
(JSON state such as ``window.__INITIAL_STATE__``, ``__NEXT_DATA__``, JSON-LD ``articleBody``, or a
JavaScript object with ``content: '…'``). The text is one long string literal, JSON- or
JavaScript-escaped and often HTML-escaped too; the longest such string made of sentences is the body.

Only asked when the page's markup holds no article: a string in a script never beats visible text."""

from __future__ import annotations

import html as htmlmod
import re

from lxml import html

from yuqing.extract.blocks import blocks_of

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
_STRING = re.compile(r""""((?:[^"\\\n]|\\.){80,})"|'((?:[^'\\\n]|\\.){80,})'""", re.S)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\n", "b": "", "f": "", "v": "", "0": ""}
_SENTENCE = re.compile(r"[。！？；]")
_TAG = re.compile(r"<(?:p|br|div|span|section|img|h\d|strong|li)\b", re.I)
MIN_SENTENCES = 2  # a string with fewer sentence ends is a title, a label or a setting
MAX_SCRIPTS_BYTES = 5_000_000  # script text read per page at most (bounded work on huge pages)


def _unescape(body: str) -> str:
    """JavaScript/JSON string escapes (\\uXXXX, \\xXX, \\n, \\/ …) resolved."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, body)


def _paragraphs(value: str) -> list[str]:
    """A string's text as paragraphs: parsed as HTML when it holds tags, else split at newlines."""
    if "&lt;" in value or "&quot;" in value or "&#" in value:
        value = htmlmod.unescape(value)
    value = value.strip().strip('"')
    if _TAG.search(value):
        root = html.document_fromstring(f"<html><body><div>{value}</div></body></html>")
        return [b.text for b in blocks_of(root)]
    return [line.strip() for line in value.splitlines() if line.strip()]


def script_paragraphs(page: str) -> list[str]:
    """The paragraphs of the longest sentence-rich string literal in the page's scripts; empty
    when no script holds one."""
    best: list[str] = []
    best_len = 0
    seen = 0
    for script in _SCRIPT.finditer(page):
        code = script.group(1)
        seen += len(code)
        if seen > MAX_SCRIPTS_BYTES:
            break
        for m in _STRING.finditer(code):
            raw = m.group(1) if m.group(1) is not None else m.group(2)
            if len(raw) <= best_len:
                continue
            value = _unescape(raw)
            if len(_SENTENCE.findall(value)) < MIN_SENTENCES:
                continue
            paragraphs = _paragraphs(value)
            size = sum(len(p) for p in paragraphs)
            if size > best_len and len(_SENTENCE.findall("".join(paragraphs))) >= MIN_SENTENCES:
                best, best_len = paragraphs, size
    return best
