"""The DOCX renderer and its Word template, read back with python-docx from real files."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from tests.samples import sample
from yuqing.errors import RenderError
from yuqing.report import docx_template as tpl
from yuqing.report.document import Kind, ReportDocument
from yuqing.report.docx import docx_lines, render_docx
from yuqing.report.docx_template import write_default_template

_BASE = sample().items
# Issue 538's items, plus the cases a Word renderer can get wrong: a URL with "&", a paragraph
# that Word would turn into a numbered list, an item without a date.
ITEMS = (
    _BASE[0],
    replace(
        _BASE[1],
        url=_BASE[1].url + "?from=share&id=8336966",
        paragraphs=(_BASE[1].paragraphs[0], "1.北京市严重创伤区域性救治体系建成后，救治时间缩短53%。"),
    ),
    replace(_BASE[2], published=None),
)
DOC = sample(ITEMS)


def expected(doc: ReportDocument) -> list[tuple[str, str]]:
    """(text, style name) of every paragraph the house format asks for, from the blocks."""
    out: list[tuple[str, str]] = []
    for block in doc.blocks():
        style = tpl.KIND_STYLES[block.kind]
        if block.kind is Kind.MASTHEAD:
            out.append((f"{block.text}\t{block.aside}", style))
        elif block.kind is Kind.LINK:
            out.append((block.text + block.url, style))
        else:
            out.append((block.text, style))
        if block.kind is Kind.TOC_ENTRY:
            out.append((block.aside, tpl.TOC_OUTLET))
    return out


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def east_asia_font(document: Document, style: str) -> str:
    fonts = document.styles[style].element.rPr.rFonts
    return str(fonts.get(qn("w:eastAsia")))


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_docx(DOC)


def test_paragraphs_are_the_blocks_in_order(rendered: bytes) -> None:
    document = read(rendered)
    got = [(p.text, p.style.name if p.style else "") for p in document.paragraphs]
    assert got == expected(DOC)
    assert ("链接：" + ITEMS[1].url, tpl.LINK) in got
    assert (ITEMS[1].paragraphs[1], tpl.BODY) in got  # "1." stays text, no Word list
    assert (f"来源：{ITEMS[2].outlet}", tpl.DATELINE) in got  # no publication date


def test_docx_lines_returns_the_block_texts(rendered: bytes) -> None:
    assert docx_lines(rendered) == [text for text, _ in expected(DOC)]


def test_links_are_real_hyperlinks_to_the_url(rendered: bytes) -> None:
    links = [p for p in read(rendered).paragraphs if p.style and p.style.name == tpl.LINK]
    assert len(links) == len(ITEMS)
    for paragraph, item in zip(links, ITEMS, strict=True):
        (hyperlink,) = paragraph.hyperlinks
        assert hyperlink.address == item.url  # & survives the relationship XML
        assert hyperlink.text == item.url
        assert hyperlink.runs[0].style.name == tpl.LINK_TEXT
    rels = zipfile.ZipFile(io.BytesIO(rendered)).read("word/_rels/document.xml.rels")
    assert b'TargetMode="External"' in rels
    assert b"from=share&amp;id=8336966" in rels


def test_non_web_url_stays_text() -> None:
    item = replace(ITEMS[0], url="javascript:alert(1)")
    document = read(render_docx(replace(DOC, items=(item,))))
    (link,) = [p for p in document.paragraphs if p.style and p.style.name == tpl.LINK]
    assert link.text == "链接：javascript:alert(1)"
    assert link.hyperlinks == []


def test_styles_carry_the_house_layout(rendered: bytes) -> None:
    document = read(rendered)
    assert east_asia_font(document, tpl.TITLE) == "方正小标宋简体"
    assert east_asia_font(document, tpl.SECTION) == "黑体"
    for style in (tpl.BODY, tpl.INTRO, tpl.ITEM_HEADING, tpl.MASTHEAD):
        assert east_asia_font(document, style) == "仿宋_GB2312"
    title = document.styles[tpl.TITLE]
    assert title.font.color.rgb == RGBColor(0xFF, 0, 0)
    assert title.font.size >= Pt(22)
    assert document.styles[tpl.ITEM_HEADING].font.bold is True
    body = document.styles[tpl.BODY]
    assert body.font.size in (Pt(14), Pt(16))
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert document.styles[tpl.SECTION].element.pPr.ind.get(qn("w:firstLineChars")) == "0"


def test_masthead_has_right_tab_and_red_rule(rendered: bytes) -> None:
    document = read(rendered)
    masthead = document.styles[tpl.MASTHEAD]
    (stop,) = masthead.paragraph_format.tab_stops
    section = document.sections[0]
    assert stop.alignment == docx.enum.text.WD_TAB_ALIGNMENT.RIGHT
    width = section.page_width - section.left_margin - section.right_margin
    assert abs(stop.position - width) < Pt(1)
    bottom = masthead.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"


def test_font_table_names_fallbacks(rendered: bytes) -> None:
    table = zipfile.ZipFile(io.BytesIO(rendered)).read("word/fontTable.xml").decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table


def test_a4_page_and_page_number_in_footer(rendered: bytes) -> None:
    section = read(rendered).sections[0]
    assert abs(section.page_width.mm - 210) < 0.1
    assert abs(section.page_height.mm - 297) < 0.1
    assert section.left_margin > Mm(20)
    footer = section.footer.paragraphs[0]
    assert footer.style.name == tpl.PAGE_NUMBER
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"


def test_rendering_is_deterministic(rendered: bytes) -> None:
    assert render_docx(DOC) == rendered
    assert render_docx(replace(DOC, number=539)) != rendered
    infos = zipfile.ZipFile(io.BytesIO(rendered)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    props = read(rendered).core_properties
    assert props.created == props.modified == props.last_printed
    assert props.created.date() == DOC.date
    assert props.author == DOC.organisation


def test_default_template_shows_every_style(tmp_path: Path) -> None:
    path = tmp_path / "模板.docx"
    write_default_template(path)
    document = docx.Document(str(path))
    used = {p.style.name for p in document.paragraphs if p.style}
    assert used == {spec.name for spec in tpl.STYLES if not spec.character} - {tpl.PAGE_NUMBER}
    assert any("report.docx_template" in p.text for p in document.paragraphs)


def test_user_template_is_honoured_and_missing_style_recreated(tmp_path: Path) -> None:
    path = tmp_path / "mine.docx"
    write_default_template(path)
    user = docx.Document(str(path))
    user.styles[tpl.BODY].font.size = Pt(12)
    user.styles[tpl.TITLE].font.color.rgb = RGBColor(0x00, 0x00, 0x80)
    user.styles[tpl.SECTION].delete()
    user.sections[0].left_margin = Mm(20)
    user.save(str(path))

    data = render_docx(DOC, path)
    document = read(data)
    assert document.styles[tpl.BODY].font.size == Pt(12)
    assert document.styles[tpl.TITLE].font.color.rgb == RGBColor(0x00, 0x00, 0x80)
    assert east_asia_font(document, tpl.SECTION) == "黑体"  # recreated as built in
    assert abs(document.sections[0].left_margin.mm - 20) < 0.1
    assert docx_lines(data) == [text for text, _ in expected(DOC)]  # sample text is gone
    assert [p.style.name for p in document.paragraphs] == [s for _, s in expected(DOC)]
    assert render_docx(DOC, path) == data


def test_renamed_style_does_not_clash_with_recreated_one(tmp_path: Path) -> None:
    path = tmp_path / "renamed.docx"
    write_default_template(path)
    user = docx.Document(str(path))
    user.styles[tpl.BODY].name = "正文内容"  # keeps its style id
    user.save(str(path))
    document = read(render_docx(DOC, path))
    ids = [style.style_id for style in document.styles]
    assert len(ids) == len(set(ids))
    assert document.paragraphs[-1].style.name == tpl.BODY


def test_word_template_dotx_is_accepted(tmp_path: Path) -> None:
    docx_path, dotx_path = tmp_path / "t.docx", tmp_path / "t.dotx"
    write_default_template(docx_path)
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(dotx_path, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(name, data)
    assert docx_lines(render_docx(DOC, dotx_path))[0] == DOC.title


@pytest.mark.parametrize("content", [b"not a word file", None])
def test_unreadable_template_names_the_path(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "broken.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RenderError, match=re.escape(str(path))) as info:
        render_docx(DOC, path)
    assert info.value.fmt == "docx"


def test_characters_xml_cannot_carry_are_dropped() -> None:
    item = replace(ITEMS[2], paragraphs=("第一段\x0b文字\x00。",))
    assert docx_lines(render_docx(replace(DOC, items=(item,))))[-1] == "第一段文字。"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_it_to_pdf(tmp_path: Path, rendered: bytes) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(rendered)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "report.pdf").stat().st_size > 1000
