"""PDF reports: lines rebuilt from where each character sits, paragraphs from the page layout.

PDFium (pypdfium2) gives every character with its box. Characters are grouped into lines by
their vertical extent and ordered left to right (a converter may write quotation marks after the
rest of the line). A line continues the paragraph above when the line above reached the right
margin, this one starts at the left margin (a first line is indented two characters in the house
layout), the gap between them is an ordinary line gap, and this one does not open a house-format
element. Page numbers (—3—) and running heads are dropped; a paragraph cut by a page break is
joined again by the same rule.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yuqing.errors import InputError
from yuqing.report import house
from yuqing.report.readers.source import ReportSource, SourceLine
from yuqing.text import CJK

_URL_END = re.compile(r"https?://\S*$", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # median character height: the font size, near enough
    links: tuple[str, ...] = ()  # targets of link annotations over this line


def read_pdf(path: Path, data: bytes) -> ReportSource:
    import pypdfium2 as pdfium  # imported here: only PDF imports need it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"not a readable PDF ({exc})", path=path) from exc
    try:
        pages = [_page_lines(document, n) for n in range(len(document))]
    finally:
        document.close()
    if not any(pages):
        raise InputError("the PDF has no text to read (a scan? run OCR on it first)", path=path)
    pages = _drop_furniture(pages)
    lines = [line for page in pages for line in page]
    return ReportSource(path, "page", _paragraphs(lines))


_Char = tuple[str, float, float, float, float, bool]  # char, left, right, bottom, top, space after


def _page_lines(document: Any, index: int) -> list[_Line]:
    page = document[index]
    links = _page_links(document, page)
    textpage = page.get_textpage()
    chars: list[_Char] = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char in "\r\n\ufffe":
            continue
        if not char.strip():
            # A space (written, or one PDFium put where it saw a word gap) belongs after the
            # character before it in the text; its own box is no guide to where it sits.
            if chars:
                chars[-1] = (*chars[-1][:5], True)
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        chars.append((char, left, right, bottom, top, False))
    textpage.close()
    page.close()
    lines = _group(chars, index + 1)
    for line in lines:
        line.links = tuple(
            dict.fromkeys(
                uri
                for uri, left, bottom, right, top in links
                if left < line.x1 and right > line.x0 and bottom < line.top and top > line.bottom
            )
        )
    return lines


def _page_links(document: Any, page: Any) -> list[tuple[str, float, float, float, float]]:
    """The page's web links (link annotations with a URI): what a link cut on the page points to."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    found = []
    position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
        uri = buffer.value.decode("utf-8", "replace")
        rect = pdfium_c.FS_RECTF()
        if re.match(r"https?://", uri, re.IGNORECASE) and pdfium_c.FPDFLink_GetAnnotRect(
            link, ctypes.byref(rect)
        ):
            bottom, top = sorted((rect.bottom, rect.top))
            found.append((uri, rect.left, bottom, rect.right, top))
    return found


def _group(chars: list[_Char], page: int) -> list[_Line]:
    """Characters into lines: one line is the characters whose middles lie within its height,
    left to right (a converter may write a line's quotation marks after the rest of it)."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: -(c[3] + c[4]) / 2):
        middle = (char[3] + char[4]) / 2
        if rows and rows[-1][0][3] - 0.5 <= middle <= rows[-1][0][4] + 0.5:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        size = statistics.median(c[4] - c[3] for c in row)
        text = _spaced(row, size)
        top, bottom = max(c[4] for c in row), min(c[3] for c in row)
        lines.append(_Line(text, page, row[0][1], max(c[2] for c in row), top, bottom, size))
    return lines


def _spaced(row: list[_Char], size: float) -> str:
    """The row's text with the spaces PDFium found, except those that are only the stretch of a
    justified line: a space stays where the gap is wider than the line's usual gap by a sixth of
    a character."""
    gaps = [b[1] - a[2] for a, b in itertools.pairwise(row)]
    usual = statistics.median(gaps) if gaps else 0.0
    text = ""
    for n, char in enumerate(row):
        text += char[0]
        if char[5] and n < len(gaps) and gaps[n] > usual + size / 6:
            text += " "
    return text


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Page numbers at the top or bottom of a page, and running heads or feet that repeat on at
    least three pages (digits ignored), are not the report's text."""
    ends = Counter(
        re.sub(r"\d+", "#", line.text)
        for page in pages
        if page
        for line in {page[0].text: page[0], page[-1].text: page[-1]}.values()
    )
    repeated = {text for text, count in ends.items() if count >= 3 and not house.starts_element(text)}
    kept = []
    for page in pages:
        edge = {id(page[0]), id(page[-1])} if page else set()
        kept.append(
            [
                line
                for line in page
                if not (
                    id(line) in edge
                    and (house.PAGE_NUMBER.match(line.text) or re.sub(r"\d+", "#", line.text) in repeated)
                )
            ]
        )
    return kept


def _paragraphs(lines: list[_Line]) -> list[SourceLine]:
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = sorted(line.x1 for line in lines)[int(len(lines) * 0.95)]
    size = statistics.median(line.size for line in lines)
    pitch = _pitch(lines, size)
    texts: list[tuple[str, int, tuple[str, ...]]] = []  # (paragraph text, page it starts on, links)
    last: _Line | None = None
    for line in lines:
        if last is not None and texts and _continues(last, line, left, right, size, pitch):
            text, page, links = texts[-1]
            texts[-1] = (_join(text, line.text), page, tuple(dict.fromkeys(links + line.links)))
        else:
            texts.append((line.text, line.page, line.links))
        last = line
    return [SourceLine(text, page, links) for text, page, links in texts]


def _pitch(lines: list[_Line], size: float) -> float:
    """The usual distance from one line's top to the next one's on a page."""
    gaps = [
        a.top - b.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and 0 < a.top - b.top < 4 * size
    ]
    return statistics.median(gaps) if gaps else 1.5 * size


def _continues(above: _Line, line: _Line, left: float, right: float, size: float, pitch: float) -> bool:
    if house.starts_element(line.text):
        return False
    if above.x1 < right - 1.5 * size:  # the line above stopped short: its paragraph ended
        return False
    if line.x0 > left + 0.8 * size:  # indented: a first line
        return False
    if abs(line.size - above.size) > 0.2 * size:
        return False
    same_page = line.page == above.page
    return not same_page or above.top - line.top <= 1.4 * pitch


def _join(text: str, more: str) -> str:
    """Two wrapped lines as one: Latin words keep their space, a wrapped URL and Chinese none."""
    if _URL_END.search(text) or re.search(rf"[{CJK}\u3000-\u303f\uff00-\uffef]$", text):
        return text + more
    if re.match(rf"[{CJK}\u3000-\u303f\uff00-\uffef]", more):
        return text + more
    return text + " " + more
