"""Text and Markdown reports: decoding, inline markup, and the paragraphs behind the lines.

Three ways of breaking lines are told apart by looking at the whole file:

- hard-wrapped text (pdftotext, "save as text" with a line width, e-mail): most long lines end
  near one width. A line continues the one above when that one reached the width and the new
  line does not open a house-format element (or, with ``pdftotext -layout``, is not indented);
- Markdown (pandoc and other converters): a paragraph is a block of lines between blank lines,
  a soft line break is a space and a trailing backslash or two spaces a hard break;
- one line per paragraph (Word's and WPS's "save as text"): every line stands alone.

Page furniture is dropped in all three: form feeds, page numbers (—3—, - 3 -, 第3页) and running
heads repeated at the top of the pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from yuqing.errors import InputError
from yuqing.report import house
from yuqing.report.readers.inline import InlineLine, clean_markup
from yuqing.report.readers.source import ReportSource, SourceLine

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_BAD_SHARE = 0.02  # more control characters than this: binary, not text
_WRAP_SLACK = 6  # columns (3 Chinese characters) a wrapped line may stop short of the width


@dataclass
class _Raw:
    text: str  # after inline markup
    at: int
    width: int  # the line's length as the wrapping tool measured it (see _measure)
    columns: int  # display columns of the line as written (Chinese characters count 2)
    chars: int  # characters of the line as written
    indent: int
    links: tuple[str, ...]
    hard_break: bool
    block_start: bool = False  # Markdown opens a block here (heading, list item, quote, table row)
    spaced: bool = False  # the line as written ended with a space (a wrap at a space keeps it)
    page_break: bool = False  # a page ended just before this line


def read_text(path: Path, data: bytes) -> ReportSource:
    text, notes = decode(path, data)
    smart = path.suffix.lower() in MARKDOWN_SUFFIXES
    raws = _raw_lines(text, smart)
    lines = _reflow(raws, markdown=smart or _looks_markdown(text))
    return ReportSource(path, "line", lines, notes)


def decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The file's text (UTF-8, UTF-16 with a byte-order mark, or GB18030), or an InputError."""
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("not a text file in UTF-8, UTF-16 or GB18030 (nor Word or PDF)", path=path)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if text and controls / len(text) > _BAD_SHARE:
        raise InputError(
            f"looks binary, not a report: {controls} control characters in {len(text)}", path=path
        )
    if controls:
        lines = [n for n, ln in enumerate(text.splitlines(), 1) if re.search("[\x00-\x08\x0b\x0e-\x1f]", ln)]
        notes.append(f"{controls} control characters (such as NUL) removed, on lines {_some(lines)}")
    if encoding == "gb18030":
        notes.append("read as GB18030 (not UTF-8)")
    return text, notes


def _some(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")


def _looks_markdown(text: str) -> bool:
    """Markdown a converter wrote, whatever the file is called."""
    signs = len(re.findall(r"\]\(https?://|^#{1,6} |\*\*|\\$|\{\.underline\}", text, re.M))
    return signs >= 3


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _raw_lines(text: str, smart: bool) -> list[_Raw]:
    out: list[_Raw] = []
    page_break = False
    for number, line in enumerate(text.split("\n"), 1):
        if "\f" in line:
            page_break = True
            line = line.replace("\f", "")
        expanded = line.expandtabs(4).rstrip()
        stripped = expanded.strip()
        if house.PAGE_NUMBER.match(stripped) and (page_break or not stripped.isdigit()):
            page_break = True
            continue
        indent = len(expanded) - len(expanded.lstrip())
        pieces: list[InlineLine | None] = [*clean_markup(line, smart=smart)] or [None]
        for piece in pieces:
            out.append(
                _Raw(
                    piece.text if piece else "",
                    number,
                    0,
                    display_width(expanded),
                    len(expanded),
                    indent,
                    piece.links if piece else (),
                    piece.hard_break if piece else False,
                    piece.block_start if piece else False,
                    line.rstrip("\r\n\f").endswith((" ", "\u3000")),
                    page_break,
                )
            )
            page_break = False
    return _drop_running_heads(out)


def _drop_running_heads(raws: list[_Raw]) -> list[_Raw]:
    """A line that opens three or more pages with the same words is a running head."""
    firsts = Counter(r.text for r in raws if r.page_break and r.text)
    heads = {text for text, count in firsts.items() if count >= 3 and not house.starts_element(text)}
    if not heads:
        return raws
    kept: list[_Raw] = []
    for raw in raws:
        if raw.page_break and raw.text in heads:
            continue
        kept.append(raw)
    return kept


def _measure(raws: list[_Raw]) -> tuple[int, str] | None:
    """The width a hard-wrapped file was wrapped at, or None when its lines are not wrapped.

    Tools measure in display columns (pdftotext, most wrappers) or in characters (a Chinese
    character and a digit alike); the measure under which most long lines end near one width is
    the one the file was wrapped with, and each line's ``width`` is set in it."""
    best: tuple[float, int, str] | None = None
    for measure in ("columns", "chars"):
        slack = _WRAP_SLACK if measure == "columns" else _WRAP_SLACK // 2
        widths = sorted(getattr(r, measure) for r in raws if r.text and r.columns > 20)
        if len(widths) < 10:
            return None
        width = widths[int(len(widths) * 0.9)]
        near = sum(1 for w in widths if width - slack <= w <= width + 1) / len(widths)
        over = sum(1 for w in widths if w > width + 2 * slack) / len(widths)
        if near >= 0.4 and over <= 0.05 and (best is None or near > best[0]):
            best = (near, width, measure)
    if best is None:
        return None
    scale = 1 if best[2] == "columns" else 2  # so that one slack, in columns, serves both
    for raw in raws:
        raw.width = getattr(raw, best[2]) * scale
    return best[1] * scale, best[2]


def _indented(raws: list[_Raw]) -> bool:
    """Whether the file marks paragraphs by indenting their first line (pdftotext -layout)."""
    texts = [r for r in raws if r.text]
    return sum(1 for r in texts if r.indent >= 2) >= 0.2 * len(texts) and sum(
        1 for r in texts if r.indent == 0
    ) >= 0.2 * len(texts)


def _reflow(raws: list[_Raw], markdown: bool) -> list[SourceLine]:
    measured = _measure(raws)
    width = measured[0] if measured else None
    # A tool that counts characters breaks anywhere (inside 53%, a word); one that measures
    # columns breaks Latin text at spaces, which the line ends lost.
    word_breaks = measured is not None and measured[1] == "columns"
    indented = width is not None and _indented(raws)
    lines: list[SourceLine] = []
    current: _Raw | None = None
    gap = False  # a blank line since the current paragraph's last line
    for raw in raws:
        if not raw.text:
            gap = gap or not raw.page_break
            continue
        joins = current is not None and not house.starts_element(raw.text)
        if joins and current is not None:
            if width is not None:
                joins = (not gap or raw.page_break) and _full(current, width)
                joins = joins and not (indented and raw.indent >= 2)
            elif markdown:
                joins = not (gap or current.hard_break or raw.block_start or raw.page_break)
            else:
                joins = False
        if joins and current is not None:
            sep = " " if width is None and markdown else ""
            if word_breaks:
                sep = _wrap_space(current.text, raw.text)
            if width is not None and (current.spaced or (raw.indent and not indented)):
                sep = " "  # the wrap fell on a space, which the line kept
            current = _Raw(
                current.text + sep + raw.text,
                current.at,
                raw.width,
                raw.columns,
                raw.chars,
                current.indent,
                current.links + raw.links,
                raw.hard_break,
                spaced=raw.spaced,
            )
        else:
            if current is not None:
                lines.append(SourceLine(current.text, current.at, current.links))
            current = raw
        gap = False
    if current is not None:
        lines.append(SourceLine(current.text, current.at, current.links))
    return lines


def _wrap_space(text: str, more: str) -> str:
    """A wrapping tool broke Latin words at a space and lost it; a URL or Chinese has none."""
    if re.search(r"[A-Za-z0-9,.;:!?)]$", text) and re.match(r"[A-Za-z0-9(]", more):
        return "" if re.search(r"(?:https?|ftp)://\S*$", text) else " "
    return ""


def _full(raw: _Raw, width: int) -> bool:
    """A wrapped line reached the width: the paragraph goes on below. A line that stops a little
    short and ends a sentence is taken as the paragraph's last."""
    if raw.width >= width - 1:
        return True
    if raw.width < width - _WRAP_SLACK:
        return False
    return not raw.text.endswith(tuple("。！？!?”’」』…：:"))
