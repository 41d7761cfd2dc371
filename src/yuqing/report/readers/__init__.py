"""One reader per form a past issue is kept in; the file's bytes, not its name, choose it.

| form | reader |
|---|---|
| Word .docx, .docm, .dotx | ``docx.read_docx``: paragraphs, tables, numbering, hyperlink targets |
| PDF | ``pdf.read_pdf``: lines rebuilt from character positions, paragraphs from indents and margins |
| legacy Word .doc, .rtf, .odt, .wps | ``legacy.read_legacy``: LibreOffice turns it into .docx first |
| anything else | ``text.read_text``: Markdown or plain text, wrapped or not, UTF-8/UTF-16/GB18030 |

A file whose name says one form and whose bytes another is read as what it is, with a note.
"""

from __future__ import annotations

from pathlib import Path

from yuqing.errors import InputError
from yuqing.inputs import read_input
from yuqing.report.readers.source import ReportSource, SourceLine

__all__ = ["ReportSource", "SourceLine", "read_source", "sniff"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .wps)
_EXPECTED = {
    "docx": (".docx", ".docm", ".dotx"),
    "pdf": (".pdf",),
    "legacy": (".doc", ".rtf", ".odt", ".wps", ".dot"),
}


def sniff(data: bytes) -> str:
    """``docx``, ``pdf``, ``legacy`` or ``text``, from the first bytes of the file."""
    head = data[:1024]
    if head.startswith(b"%PDF-") or (b"%PDF-" in head and data[:4] != b"PK\x03\x04"):
        return "pdf"
    if head.startswith(_OLE) or head.lstrip().startswith(b"{\\rtf"):
        return "legacy"
    if head.startswith(b"PK\x03\x04"):
        return "legacy" if b"mimetypeapplication/vnd.oasis.opendocument" in head else "docx"
    return "text"


def read_source(path: Path, office: str = "") -> ReportSource:
    """The report file's lines, by the form its bytes are in; an InputError naming the file when
    it cannot be read. ``office``: the LibreOffice program for legacy files (empty: on PATH)."""
    data = read_input(path)
    if not data.strip():
        raise InputError("the file is empty", path=path)
    kind = sniff(data)
    note = _mismatch(path, kind)
    if kind == "docx":
        from yuqing.report.readers.docx import read_docx

        source = read_docx(path, data)
    elif kind == "pdf":
        from yuqing.report.readers.pdf import read_pdf

        source = read_pdf(path, data)
    elif kind == "legacy":
        from yuqing.report.readers.legacy import read_legacy

        source = read_legacy(path, office)
    else:
        from yuqing.report.readers.text import read_text

        try:
            source = read_text(path, data)
        except InputError:
            if note is None:
                raise
            raise InputError(f"not a {path.suffix.lower()} file, nor readable text", path=path) from None
    if note:
        source.notes.insert(0, note)
    return source


def _mismatch(path: Path, kind: str) -> str | None:
    suffix = path.suffix.lower()
    named = next((k for k, suffixes in _EXPECTED.items() if suffix in suffixes), "text")
    if named == kind:
        return None
    if named != "text":
        return f"named {suffix} but it is a {kind} file; read as {kind}"
    return f"named {suffix or 'without a suffix'} but it is a {kind} file; read as {kind}"
