"""DOCX renderer: the report's blocks as paragraphs in the named styles of a Word template.

Only style names are applied here; fonts, sizes, colours, margins and the footer come from the
template (docx_template.py, or the user's file), so the layout is changed in Word, not in code.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from yuqing.errors import InputError, RenderError
from yuqing.report import docx_template as tpl
from yuqing.report.document import Block, Kind, ReportDocument
from yuqing.report.html import is_web_url

# What python-docx raises for a file that is not a .docx (lxml's XMLSyntaxError is a SyntaxError).
_UNREADABLE = (ValueError, KeyError, SyntaxError, zipfile.BadZipFile, PackageNotFoundError)
_DOTX = b"wordprocessingml.template.main+xml"
_DOCX = b"wordprocessingml.document.main+xml"
# Characters XML 1.0 cannot carry; scraped text occasionally holds them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_R, _T = qn("w:r"), qn("w:t")
_SPECIAL = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def render_docx(doc: ReportDocument, template: Path | None = None) -> bytes:
    """The report as .docx bytes; the same document and template always give the same bytes."""
    document = open_template(template) if template else tpl.build_template()
    tpl.ensure_styles(document)
    body = document.element.body
    for child in list(body):  # the template's sample text; its section (page, footer) stays
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for block in doc.blocks():
        _add_block(document, block)
    _set_properties(document, doc)
    return _save(document)


def docx_lines(data: bytes) -> list[str]:
    """The text of each body paragraph, in order, hyperlink text included.

    A tab is ``\\t`` (the masthead is organisation, tab, date) and a line break ``\\n``.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except _UNREADABLE as e:
        raise InputError(f"not a readable Word .docx file ({e})") from e
    return [_text(p) for p in document.element.body.iterchildren(qn("w:p"))]


def open_template(path: Path) -> Document:
    """A user's template: a .docx, or a .dotx that Word saved as a template."""
    try:
        return docx.Document(io.BytesIO(_as_document(path.expanduser().read_bytes())))
    except (OSError, *_UNREADABLE) as e:
        message = f"template {path} is not a readable Word .docx file ({e})"
        raise RenderError(message, fmt="docx") from e


def _add_block(document: Document, block: Block) -> None:
    text = f"{block.text}\t{block.aside}" if block.kind is Kind.MASTHEAD else block.text
    paragraph = document.add_paragraph(_clean(text), tpl.KIND_STYLES[block.kind])
    if block.kind is Kind.TOC_ENTRY:
        document.add_paragraph(_clean(block.aside), tpl.TOC_OUTLET)
    elif block.kind is Kind.LINK and block.url:
        _add_link(paragraph, block.url)


def _add_link(paragraph: Paragraph, url: str) -> None:
    """A clickable link whose text is the URL itself, as printed reports need.

    Like the HTML renderer, only http(s) URLs are clickable; javascript:, file: and the like
    stay plain text."""
    if not is_web_url(url):
        paragraph.add_run(_clean(url))
        return
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
    run = paragraph.add_run(_clean(url), tpl.LINK_TEXT)
    link.append(run._r)  # moves the styled run into the hyperlink
    paragraph._p.append(link)


def _set_properties(document: Document, doc: ReportDocument) -> None:
    # Fixed values instead of "now" and the template's author, so renders are reproducible.
    props = document.core_properties
    props.title = f"{doc.title}{doc.number_text}"
    props.author = doc.organisation
    props.last_modified_by = "yuqing"
    props.comments = ""
    props.revision = 1
    stamp = datetime(doc.date.year, doc.date.month, doc.date.day)
    props.created = props.modified = props.last_printed = stamp


def _save(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        members = {name: package.read(name) for name in package.namelist()}
    try:
        fonts = str(document.part.part_related_by(RT.FONT_TABLE).partname).lstrip("/")
    except KeyError:  # a template without a font table: Word then picks fonts on its own
        return _zip(members)
    members[fonts] = tpl.add_font_fallbacks(members[fonts])
    return _zip(members)


def _as_document(data: bytes) -> bytes:
    """A .dotx relabelled as a .docx (python-docx only opens documents); others unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
        if _DOTX not in types:
            return data
        members = {name: package.read(name) for name in package.namelist()}
    members["[Content_Types].xml"] = types.replace(_DOTX, _DOCX)
    return _zip(members)


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip with fixed timestamps and member order, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
            package.writestr(info, members[name])
    return out.getvalue()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(p: BaseOxmlElement) -> str:
    parts: list[str] = []
    for node in p.iter(_T, *_SPECIAL):
        # Only run content (w:tab also names tab stops) of this paragraph, not of text boxes in it.
        if node.getparent().tag != _R or next(node.iterancestors(qn("w:p"))) is not p:
            continue
        parts.append(str(node.text or "") if node.tag == _T else _SPECIAL[node.tag])
    return "".join(parts)
