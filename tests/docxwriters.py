"""Word files of a known issue written the ways people write them (python-docx): automatic
numbering (decimal items, 一、 sections, restarts), bullets, heading styles, Shift+Enter between
fields, tables for the contents or the fields, hyperlinks whose visible text is not the target,
HYPERLINK field codes, tracked deletions. Written independently of the importer."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.period import chinese_number


@dataclass(frozen=True)
class DocxStyle:
    name: str
    numbered_items: bool = False  # Word numbering "%1." instead of typed "1."
    numbered_sections: bool = False  # chineseCounting "%1、" for 信息目录 / 具体内容
    bullet_items: bool = False  # a bullet list instead of numbers
    heading_styles: bool = False
    fields_in_one_paragraph: bool = False  # 来源 <w:br/> 链接
    fields_as_table: bool = False
    contents_as_table: bool = False
    link_text: str | None = None  # visible text of the link, when it is not the URL
    field_code_links: bool = False
    tracked_deletion: bool = False


DOCX_STYLES = [
    DocxStyle("automatic numbering everywhere", numbered_items=True, numbered_sections=True),
    DocxStyle("bullets and heading styles", bullet_items=True, heading_styles=True),
    DocxStyle(
        "Shift+Enter fields, link text 点击查看原文", fields_in_one_paragraph=True, link_text="点击查看原文"
    ),
    DocxStyle("tables for contents and fields", fields_as_table=True, contents_as_table=True),
    DocxStyle("HYPERLINK fields, tracked deletions", field_code_links=True, tracked_deletion=True),
]


def write_docx(doc: ReportDocument, style: DocxStyle) -> bytes:
    document = docx.Document()
    numbers = _numbering(document)
    add = document.add_paragraph
    add(doc.title)
    add(f"（第{chinese_number(doc.number)}期）")
    add(f"{doc.organisation}\t{doc.date:%Y年%m月%d日}")
    add("本期导语：")
    add(doc.intro)
    _section(document, "信息目录", "一、", style, numbers["section"])
    if style.contents_as_table:
        table = document.add_table(rows=0, cols=2)
        for item in doc.items:
            row = table.add_row().cells
            row[0].text, row[1].text = item.title, f"（{item.outlet}）"
    else:
        for n, item in enumerate(doc.items, 1):
            add(f"{n}.{item.title}").add_run().add_break()
            document.paragraphs[-1].add_run(f"（{item.outlet}）")
    _section(document, "具体内容", "二、", style, numbers["section"])
    for n, item in enumerate(doc.items, 1):
        _item(document, n, item, style, numbers)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _section(document: Document, name: str, typed: str, style: DocxStyle, num: str) -> None:
    text = name if style.numbered_sections else typed + name
    paragraph = document.add_paragraph(text, "Heading 1" if style.heading_styles else None)
    if style.numbered_sections:
        _number(paragraph, num)


def _item(document: Document, n: int, item: ReportItem, style: DocxStyle, numbers: dict[str, str]) -> None:
    heading = f"标题：{item.title}"
    if style.numbered_items or style.bullet_items:
        paragraph = document.add_paragraph(heading, "Heading 2" if style.heading_styles else None)
        _number(paragraph, numbers["bullet" if style.bullet_items else "item"])
    else:
        document.add_paragraph(f"{n}.{heading}", "Heading 2" if style.heading_styles else None)
    if style.fields_as_table:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "来源", item.outlet
        table.cell(1, 0).text = "链接"
        _link(table.cell(1, 1).paragraphs[0], item.url, style)
    elif style.fields_in_one_paragraph:
        paragraph = document.add_paragraph(f"来源：{item.outlet}")
        paragraph.add_run().add_break()
        paragraph.add_run("链接：")
        _link(paragraph, item.url, style)
    else:
        document.add_paragraph(f"来源：{item.outlet}")
        _link(document.add_paragraph("链接："), item.url, style)
    document.add_paragraph("主要内容：")
    document.add_paragraph(item.title)
    document.add_paragraph(f"{item.published} 来源：{item.outlet}")
    for k, text in enumerate(item.paragraphs):
        paragraph = document.add_paragraph(text)
        if style.tracked_deletion and k == 0:
            deleted = parse_xml(
                f'<w:del {nsdecls("w")} w:id="{n}" w:author="编辑" w:date="2024-09-01T00:00:00Z">'
                "<w:r><w:delText>（此句已删除）</w:delText></w:r></w:del>"
            )
            paragraph._p.append(deleted)


def _link(paragraph: Paragraph, url: str, style: DocxStyle) -> None:
    text = style.link_text or url
    if style.field_code_links:
        for kind, body in (("begin", None), ("instr", f' HYPERLINK "{url}" '), ("separate", None)):
            run = paragraph.add_run()._r
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = body
                run.append(instr)
            else:
                run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        paragraph.add_run(text)
        paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
        return
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", {qn("r:id"): r_id})
    run = paragraph.add_run(text)._r
    link.append(run)
    paragraph._p.append(link)


def _numbering(document: Document) -> dict[str, str]:
    """Three lists in the numbering part: items (1.), sections (一、) and bullets."""
    root = document.part.numbering_part.element
    levels = {"90": ("decimal", "%1."), "91": ("chineseCounting", "%1、"), "92": ("bullet", "•")}
    for abstract, (fmt, text) in levels.items():
        root.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract}"><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                "</w:abstractNum>"
            ),
        )
    for num, abstract in (("90", "90"), ("91", "91"), ("92", "92")):
        root.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num}"><w:abstractNumId w:val="{abstract}"/></w:num>')
        )
    return {"item": "90", "section": "91", "bullet": "92"}


def _number(paragraph: Paragraph, num: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
