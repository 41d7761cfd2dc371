"""Inline markup of one text line: Markdown (pandoc's and others'), stray HTML, escapes.

Conversions of past issues wrap a link as ``[url](url)``, ``[[url]{.underline}](url)`` or
``[<u>url</u>](url)``, escape characters (``content\\_123``, ``\\|``), mark bold with ``**`` and
hard line breaks with a trailing backslash or two spaces. A line comes out as its visible text,
the link targets it holds, and whether it ended in a hard break. Pandoc's "smart" punctuation
(``"…"`` for “…”, ``---`` for —, ``...`` for …) is undone for Markdown files, as pandoc itself
reads it back (pandoc manual, extension ``smart``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b-\u200d\u2060\ufffe\uffff]")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: any ASCII punctuation can be escaped
_PROTECT = 0xF0000  # escaped characters live in a private-use plane until markup is gone
_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")  # pandoc [text]{.underline}
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)(?:\{[^{}]*\})?")
_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>", re.IGNORECASE)
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)|\s+#+\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+](?:\s+|$)(?!-)")
_ORDERED = re.compile(r"^\s*(\d{1,3})[.)]\s{2,}")  # pandoc: "1.  text"
_STRONG = re.compile(r"\*\*|__|~~")
_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|\|)")
_URLISH = re.compile(r"(?:https?|ftp)://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class InlineLine:
    text: str
    links: tuple[str, ...] = ()
    hard_break: bool = False
    block_start: bool = False  # a heading, list item, quote or table row: never a soft-wrapped line


def clean_markup(line: str, *, smart: bool = False) -> list[InlineLine]:
    """The visible text of one line (more than one when it held <br> or a table row)."""
    raw = _CONTROL.sub("", line.replace("\t", " ").rstrip("\r\n"))
    hard = raw.endswith("  ") or (raw.rstrip().endswith("\\") and not raw.rstrip().endswith("\\\\"))
    text = raw.rstrip()
    if text.endswith("\\") and hard:
        text = text[:-1]
    text = _ESCAPED.sub(lambda m: chr(_PROTECT + ord(m[1])), text)
    if _TABLE_RULE.match(text) and "-" in text:
        return []
    block = bool(_BLOCK_START.match(text))
    pieces = _BREAK_TAG.split(text)
    out: list[InlineLine] = []
    for n, piece in enumerate(pieces):
        last = n == len(pieces) - 1
        for cell in _cells(piece):
            visible, links = _strip(cell, smart)
            out.append(InlineLine(visible, links, hard_break=hard or not last, block_start=block or n > 0))
    return out


def _cells(text: str) -> list[str]:
    """A pipe-table row's cells; a label cell and its value cell become one line (来源：新京报)."""
    stripped = text.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2):
        return [text]
    cells = [c.strip() for c in stripped.strip("|").split("|")]
    cells = [c for c in cells if c]
    if len(cells) == 2 and len(cells[0]) <= 6 and not cells[0].endswith(("：", ":")):
        return [f"{cells[0]}：{cells[1]}"]
    return cells


def _strip(text: str, smart: bool) -> tuple[str, tuple[str, ...]]:
    links: list[str] = []
    text = _HEADING.sub("", _QUOTE.sub("", text))
    text = _BULLET.sub("", text)
    text = _ORDERED.sub(r"\1.", text)
    text = _IMAGE.sub("", text)
    for _ in range(3):  # nested: [[url]{.underline}](url)
        text = _SPAN.sub(r"\1", text)

    def link(found: re.Match[str]) -> str:
        links.append(_unprotect(found[2]))
        return found[1]

    text = _LINK.sub(link, text)

    def autolink(found: re.Match[str]) -> str:
        links.append(_unprotect(found[1]))
        return found[1]

    text = _AUTOLINK.sub(autolink, text)
    text = _TAG.sub("", text)
    text = _STRONG.sub("", text)
    text = _EMPH.sub(r"\1", text)
    text = html.unescape(text)
    if smart:
        text = smart_punctuation(text)
    return _unprotect(text).strip(), tuple(links)


def _unprotect(text: str) -> str:
    return "".join(chr(ord(c) - _PROTECT) if ord(c) >= _PROTECT else c for c in text)


def smart_punctuation(text: str) -> str:
    """Pandoc's smart reading outside URLs: "…" → “…”, '…' → ‘…’, --- → —, -- → –, ... → …"""
    parts = _URLISH.split(text)
    urls = _URLISH.findall(text)
    fixed = [_smart_piece(p) for p in parts]
    out = fixed[0]
    for url, rest in zip(urls, fixed[1:], strict=True):
        out += url + rest
    return out


def _smart_piece(text: str) -> str:
    text = text.replace("---", "—").replace("--", "–").replace("...", "…")
    text = re.sub(r"(?<=[A-Za-z])'(?=[A-Za-z])", "’", text)
    chars = list(text)
    for mark, (left, right) in (('"', "“”"), ("'", "‘’")):
        opened = False
        for i, c in enumerate(chars):
            if c == mark:
                chars[i] = right if opened else left
                opened = not opened
    return "".join(chars)
