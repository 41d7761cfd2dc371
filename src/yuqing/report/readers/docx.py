"""Word reports as people write them: the visible text of each paragraph, in reading order.

- tables are read row by row, cell by cell (a label cell and its value cell make one line);
- content controls (w:sdt) and tracked insertions are read, tracked deletions are not;
- a number or letter Word draws from automatic numbering is put back in front (numbering.py);
- a line break inside a paragraph (Shift+Enter) starts a new line, as it does on the page;
- a hyperlink keeps its target (w:hyperlink or a HYPERLINK field), whatever its visible text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from yuqing.errors import InputError
from yuqing.report.readers.numbering import Numbering
from yuqing.report.readers.source import ReportSource, SourceLine

# What python-docx raises for a file that is not a .docx (lxml's XMLSyntaxError is a SyntaxError).
_UNREADABLE = (ValueError, KeyError, SyntaxError, zipfile.BadZipFile, PackageNotFoundError, EOFError)
_SKIP = {
    qn(t) for t in ("w:del", "w:moveFrom", "w:delText", "w:instrText", "w:rPr", "w:pPr", "w:txbxContent")
}
_TEXT = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_FIELD_URL = re.compile(r'HYPERLINK\s+"([^"]+)"')
_LABEL_CELL = re.compile(r"^[【\[]?(标题|来源|链接|原文链接|网址|主要内容|日期|时间)[】\]]?[:：]?$")


def read_docx(path: Path, data: bytes) -> ReportSource:
    try:
        document = docx.Document(io.BytesIO(data))
    except _UNREADABLE as exc:
        raise InputError(f"not a readable Word .docx file ({_reason(exc)})", path=path) from exc
    except (AttributeError, TypeError, IndexError) as exc:  # python-docx on parts it did not expect
        raise InputError(f"not a readable Word .docx file (malformed package: {exc})", path=path) from exc
    reader = _Reader(document)
    lines: list[SourceLine] = []
    for number, paragraph in enumerate(reader.paragraphs(document.element.body), 1):
        for text, links in reader.lines(paragraph):
            lines.append(SourceLine(text, number, links))
    return ReportSource(path, "paragraph", lines)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, SyntaxError) or "XML" in type(exc).__name__:
        return f"its XML is malformed: {text}"
    return text


class _Reader:
    def __init__(self, document: Any) -> None:
        self.part = document.part
        self.numbering = Numbering.of(document)
        self.style_numbers = _style_numbers(document)

    def paragraphs(self, parent: Any) -> Iterator[Any]:
        """Paragraphs in reading order; a table row's cells become one paragraph-like group."""
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield child
            elif child.tag == qn("w:tbl"):
                for row in child.iterchildren(qn("w:tr")):
                    yield _Row(row)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")):
                yield from self.paragraphs(child)

    def lines(self, paragraph: Any) -> list[tuple[str, tuple[str, ...]]]:
        if isinstance(paragraph, _Row):
            return self._row(paragraph)
        pieces = [(self._label(paragraph), None), *self._pieces(paragraph)]
        return _split(pieces)

    def _row(self, row: _Row) -> list[tuple[str, tuple[str, ...]]]:
        cells = []
        for cell in row.element.iterchildren(qn("w:tc")):
            cell_lines: list[tuple[str, tuple[str, ...]]] = []
            for paragraph in self.paragraphs(cell):
                cell_lines += self.lines(paragraph)
            cells.append([c for c in cell_lines if c[0].strip()])
        cells = [c for c in cells if c]
        if len(cells) == 2 and len(cells[0]) == 1 and _LABEL_CELL.match(cells[0][0][0].strip()):
            label = cells[0][0][0].strip().rstrip(":：")
            first, *rest = cells[1]
            return [(f"{label}：{first[0]}", first[1]), *rest]
        return [line for cell in cells for line in cell]

    def _label(self, p: Any) -> str:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id = _attr(num_pr.find(qn("w:numId")))
            ilvl = int(_attr(num_pr.find(qn("w:ilvl"))) or 0)
        if num_id is None:
            style = _attr(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))
            num_id, ilvl = self.style_numbers.get(style or "", (None, 0))
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl)

    def _pieces(self, p: Any) -> list[tuple[str, str | None]]:
        """(text, hyperlink target) in document order."""
        out: list[tuple[str, str | None]] = []
        field_url: str | None = None
        for node, target in _walk(p, None):
            if node.tag == qn("w:fldChar"):
                kind = node.get(qn("w:fldCharType"))
                if kind == "begin" or kind == "end":
                    field_url = None
                continue
            if node.tag == qn("w:instrText"):
                found = _FIELD_URL.search(node.text or "")
                field_url = found[1] if found else field_url
                continue
            link = self._target(target) or field_url
            kind = _TEXT.get(node.tag, "")
            out.append((str(node.text or "") if kind is None else kind, link))
        return out

    def _target(self, element: Any) -> str | None:
        if element is None:
            return None
        if element.tag == qn("w:fldSimple"):
            found = _FIELD_URL.search(element.get(qn("w:instr")) or "")
            return found[1] if found else None
        r_id = element.get(qn("r:id"))
        if not r_id or r_id not in self.part.rels:
            return None
        rel = self.part.rels[r_id]
        return str(rel.target_ref) if rel.is_external else None


class _Row:
    def __init__(self, element: Any) -> None:
        self.element = element


def _walk(node: Any, link: Any) -> Iterator[tuple[Any, Any]]:
    for child in node.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or (tag in _SKIP and tag != qn("w:instrText")):
            continue
        if tag in _TEXT or tag in (qn("w:fldChar"), qn("w:instrText")):
            yield child, link
        elif tag in (qn("w:hyperlink"), qn("w:fldSimple")):
            yield from _walk(child, child)
        elif tag != qn("w:p"):  # nested paragraphs (text boxes) are not this paragraph's text
            yield from _walk(child, link)


def _split(pieces: list[tuple[str, str | None]]) -> list[tuple[str, tuple[str, ...]]]:
    """Pieces cut into lines at line breaks, each line with the link targets it shows."""
    lines: list[tuple[str, tuple[str, ...]]] = []
    text, links = "", list[str]()
    for piece, link in pieces:
        parts = piece.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append((text, tuple(links)))
                text, links = "", []
            text += part
            if link and part.strip() and link not in links:
                links.append(link)
    lines.append((text, tuple(links)))
    return lines


def _attr(element: Any) -> str | None:
    return None if element is None else element.get(qn("w:val"))


def _style_numbers(document: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (List Number, numbered headings)."""
    found: dict[str, tuple[str, int]] = {}
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError):
        return found
    based: dict[str, str] = {}
    for style in styles.iterchildren(qn("w:style")):
        sid = style.get(qn("w:styleId")) or ""
        parent = _attr(style.find(qn("w:basedOn")))
        if parent:
            based[sid] = parent
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            found[sid] = (_attr(num_pr.find(qn("w:numId"))) or "", int(_attr(num_pr.find(qn("w:ilvl"))) or 0))
    for sid in list(based):
        seen, current = set(), sid
        while current not in found and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        if sid not in found and current in found:
            found[sid] = found[current]
    return found
