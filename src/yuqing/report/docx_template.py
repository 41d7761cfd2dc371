"""The Word template of the DOCX report: named styles, A4 page and a page number in the footer.

All layout lives in the styles and the section of the template, never in direct formatting of
runs, so users restyle the report by editing the template in Word or WPS (docs/template.md).
A user template that lacks one of the styles gets its built-in definition, so old templates
keep working when a style is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle

from yuqing.errors import RenderError
from yuqing.report.document import Kind, ReportDocument, ReportItem

TITLE_FONT, HEADING_FONT, BODY_FONT, PAGE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters, as in government documents
# Written as w:altName into the font table: what Word and WPS use when the first choice is missing
# (仿宋_GB2312 is absent from Windows 10 and later, which ship 仿宋).
FONT_FALLBACKS = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    HEADING_FONT: "SimHei",
    PAGE_FONT: "SimSun",
}
RED = "FF0000"

TITLE, NUMBER, MASTHEAD, SECTION, INTRO = "报告标题", "期号", "报头", "章节标题", "导语"
TOC_TITLE, TOC_OUTLET, ITEM_HEADING, FIELD = "目录条目", "目录来源", "条目标题", "条目字段"
LINK, LABEL, ARTICLE_TITLE = "条目链接", "内容标签", "文章标题"
DATELINE, BODY = "日期行", "报告正文"
LINK_TEXT, PAGE_NUMBER = "链接网址", "页码"  # character style of URLs; footer paragraph


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str = BODY_FONT  # east-Asian font; Latin text uses LATIN_FONT
    size: float = 16  # points: 一号 26, 三号 16, 四号 14
    bold: bool = False
    color: str = ""  # RGB hex; empty: automatic
    align: str = "left"
    indent: bool = False  # first line indented by two characters
    before: float = 0  # space before and after, points
    after: float = 0
    line: float = 28  # exact line height in points; 0: single
    keep_next: bool = False
    rule: bool = False  # red rule under the paragraph
    right_tab: bool = False  # right-aligned tab stop at the right margin
    character: bool = False
    underline: bool = False


STYLES = (
    StyleSpec(TITLE, TITLE_FONT, 26, color=RED, align="center", line=0, after=6),
    StyleSpec(NUMBER, align="center", line=0, after=18),
    StyleSpec(MASTHEAD, size=14, line=0, after=12, rule=True, right_tab=True),
    StyleSpec(SECTION, HEADING_FONT, before=12, keep_next=True),
    StyleSpec(INTRO, align="justify", indent=True),
    StyleSpec(TOC_TITLE, indent=True, keep_next=True),
    StyleSpec(TOC_OUTLET, indent=True, after=6),
    StyleSpec(ITEM_HEADING, bold=True, before=18, keep_next=True),
    StyleSpec(FIELD, keep_next=True),
    StyleSpec(LINK, keep_next=True),
    StyleSpec(LABEL, keep_next=True),
    StyleSpec(ARTICLE_TITLE, bold=True, align="center", before=6, keep_next=True),
    StyleSpec(DATELINE, size=14, align="center", after=6, keep_next=True),
    StyleSpec(BODY, align="justify", indent=True),
    StyleSpec(PAGE_NUMBER, PAGE_FONT, 14, align="center", line=0),
    StyleSpec(LINK_TEXT, font="", size=0, color="0563C1", underline=True, character=True),
)
KIND_STYLES = {
    Kind.TITLE: TITLE,
    Kind.NUMBER: NUMBER,
    Kind.MASTHEAD: MASTHEAD,
    Kind.SECTION: SECTION,
    Kind.INTRO: INTRO,
    Kind.TOC_ENTRY: TOC_TITLE,  # its outlet line (aside) is a TOC_OUTLET paragraph
    Kind.ITEM_HEADING: ITEM_HEADING,
    Kind.FIELD: FIELD,
    Kind.LINK: LINK,
    Kind.LABEL: LABEL,
    Kind.ARTICLE_TITLE: ARTICLE_TITLE,
    Kind.DATELINE: DATELINE,
    Kind.BODY: BODY,
}
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Children of w:pPr that must follow w:pBdr (schema order; Word rejects other orders).
_AFTER_PBDR = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def build_template() -> Document:
    """The built-in template: A4 with 公文 margins, page number in the footer, every style."""
    document = docx.Document()
    _drop_leftovers(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    _format(document.styles["Normal"], StyleSpec("Normal"), _text_width(document))
    ensure_styles(document)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles[PAGE_NUMBER]
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
    field.append(_run_with_text("1"))
    footer._p.append(field)
    footer.add_run(" —")
    return document


def ensure_styles(document: Document) -> None:
    """Define every style the renderer uses that the document lacks, as built in."""
    for spec in STYLES:
        kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
        if spec.name not in document.styles:
            _add_style(document, spec, kind)
        elif document.styles[spec.name].type != kind:
            what = "a character" if spec.character else "a paragraph"
            raise RenderError(f"template style {spec.name!r} must be {what} style", fmt="docx")


def _add_style(document: Document, spec: StyleSpec, kind: WD_STYLE_TYPE) -> None:
    taken = {style.style_id for style in document.styles}
    style = document.styles.add_style(spec.name, kind)
    # A style the user renamed in Word keeps its id, which python-docx would reuse for ours.
    base, n = style.style_id, 1
    while style.style_id in taken:
        style.style_id, n = f"{base}{n}", n + 1
    style.quick_style = True  # shown in the style gallery of Word's Home tab
    if isinstance(style, ParagraphStyle):
        style.base_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    _format(style, spec, _text_width(document))


def add_font_fallbacks(font_table: bytes) -> bytes:
    """Font table XML with an entry naming the fallback (w:altName) of each of our fonts."""
    root = parse_xml(font_table)
    present = {font.get(qn("w:name")) for font in root.iterchildren(qn("w:font"))}
    for name, fallback in FONT_FALLBACKS.items():
        if name in present:
            continue
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (("altName", fallback), ("charset", "86"), ("pitch", "variable")):
            font.append(OxmlElement(f"w:{tag}", {qn("w:val"): value}))
        root.append(font)
    return bytes(serialize_part_xml(root))


def write_default_template(path: Path) -> None:
    """Write the built-in template, filled with a sample report that explains how to edit it."""
    # Imported here because the renderer imports this module; the template is a rendered sample.
    from yuqing.report.docx import render_docx

    try:
        path.write_bytes(render_docx(SAMPLE))
    except OSError as e:
        raise RenderError(f"cannot write template {path}: {e.strerror}", fmt="docx") from e


def _format(style: CharacterStyle, spec: StyleSpec, width: int) -> None:
    font = style.font
    if spec.font:
        font.name = LATIN_FONT
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), spec.font)  # python-docx sets Latin only
        lang = OxmlElement("w:lang", {qn("w:eastAsia"): "zh-CN"})
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    if spec.size:
        font.size = Pt(spec.size)
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    font.underline = spec.underline or None
    if isinstance(style, ParagraphStyle):
        font.bold = spec.bold
        _format_paragraph(style, spec, width)


def _format_paragraph(style: ParagraphStyle, spec: StyleSpec, width: int) -> None:
    # Every property is set, even to its default, so a user's Normal style cannot leak in.
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.space_before, fmt.space_after = Pt(spec.before), Pt(spec.after)
    fmt.line_spacing = Pt(spec.line) if spec.line else 1.0
    fmt.keep_with_next = spec.keep_next
    fmt.left_indent = Pt(0)
    fmt.first_line_indent = Pt(2 * spec.size if spec.indent else 0)
    # Character units keep the indent at two characters when the user changes the font size.
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "200" if spec.indent else "0")
    if spec.right_tab:
        fmt.tab_stops.add_tab_stop(Emu(width), WD_TAB_ALIGNMENT.RIGHT)
    if spec.rule:
        border = OxmlElement("w:pBdr")
        attrs = {"w:val": "single", "w:sz": "12", "w:space": "1", "w:color": RED}
        border.append(OxmlElement("w:bottom", {qn(k): v for k, v in attrs.items()}))
        style.element.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)


def _text_width(document: Document) -> int:
    section = document.sections[-1]
    page = section.page_width or Mm(210)
    return int(page - (section.left_margin or 0) - (section.right_margin or 0))


def _run_with_text(text: str) -> BaseOxmlElement:
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    run.append(t)
    return run


def _drop_leftovers(document: Document) -> None:
    """Remove python-docx's sample thumbnail and the Word 2010 duplicate of the styles."""
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del document.part.rels[r_id]


SAMPLE = ReportDocument(
    title="北京市卫生信息化舆情监测月报",
    number=538,
    organisation="北京市卫生健康大数据与政策研究中心",
    date=date(2024, 9, 30),
    intro="本期周报共收集1篇卫生信息化相关信息，时间从2024年09月01日至2024年09月30日，"
    "监测范围包括全国主流媒体及政府网站等。",
    items=(
        ReportItem(
            title="模板使用说明（示例条目）",
            outlet="示例来源",
            url="https://www.example.com/news/2024-09-30.html?id=1&page=2",
            published=date(2024, 9, 30),
            paragraphs=(
                "本文件是舆情监测月报的 Word 模板。生成报告时，yuqing 只使用本文件中的样式、"
                "页面设置、页眉和页脚，文中的文字都会被替换，这里的内容只是示例。",
                "要修改格式，请修改样式：在“开始”选项卡的样式库中右键单击样式名，选择“修改”，"
                "可以更改字体、字号、颜色、缩进和段落间距。直接选中文字改字体，生成报告时不会保留。",
                "每一种段落都有自己的样式：报告标题、期号、报头、章节标题、导语、目录条目、目录来源、"
                "条目标题、条目字段、条目链接、内容标签、文章标题、日期行、报告正文；网址使用字符样式"
                "“链接网址”，页脚中的页码使用段落样式“页码”。",
                "纸张和页边距在“布局”（WPS 为“页面布局”）选项卡中修改，页码在页脚中修改。"
                "改好后保存为 .docx 文件，并把设置 report.docx_template 指向该文件。",
            ),
        ),
    ),
)
