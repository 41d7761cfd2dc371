"""The PDF renderer, read back with pypdfium2: text, embedded fonts, pixels, links, bytes.

With YUQING_WRITE_DOCS_IMAGES=1 the last test also regenerates docs/images/report-page1.png.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from yuqing.errors import RenderError
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.pdf import render_pdf

DOCS_IMAGE = Path(__file__).resolve().parents[1] / "docs" / "images" / "report-page1.png"

# Three items of issue 538 (2024-09), as the house format prints them.
ITEMS = (
    ReportItem(
        title="2024年服贸会：当健康服务遇上“数智化”",
        outlet="中国青年报",
        url="http://news.cyol.com/gb/xwzt/articles/2024-09/14/content_0Vebzvc0RN.html",
        published=date(2024, 9, 14),
        paragraphs=(
            "中青报·中青网记者 余冰玥",
            "面对两个摄像头扭扭脖子、抬抬胳膊、跨步蹲起，一整套流程下来，用时十几分钟，就能实时生成“个人专属”的运动能力评估报告，测出你的姿势是否异常，哪些部位的运动能力需要提高，运动时如何更好地发力。",
            "在2024年服贸会健康卫生服务专题的高质量发展成果公益展区，中国医学科学院阜外医院的这套智能人体运动能力评估系统，采用了AI+CV技术，吸引了许多参展游客亲身体验。数字化技术创新，正在让健康服务变得更精准便捷。",
            "9月13日，北京首钢园。2024年服贸会健康卫生服务专题展亮相首钢园6号馆。中青报·中青网记者 余冰玥/摄",
        ),
    ),
    ReportItem(
        title="服贸会 | 北京医疗科技创新加速突破",
        outlet="千龙网",
        url="https://beijing.qianlong.com/2024/0914/8336966.shtml",
        published=date(2024, 9, 14),
        paragraphs=(
            "来源标题：北京医疗科技创新加速突破",
            "北京市严重创伤区域性救治体系建成后，多发伤患者救治时间缩短53%；子宫内膜癌精准诊疗体系建立及应用项目创建子宫内膜癌北大分型，让高危患者的5年生存率提升至84%；肿瘤智慧放疗关键技术研发与转化项目将放疗全流程质控时间，由1小时减至约10分钟……在服贸会公共卫生国际论坛上，首都卫生发展科研专项2012—2023年第二批十大成果发布。",
            "医院科技创新作用日益凸显",
            "北京是全国医学水平最高的城市，已建设12类国家医学中心、330个国家重点专科，在全国处于第一位。“北京的很多临床专科已率先达到全球本领域前沿，要想取得进一步提升，必须依靠科技创新。”市卫健委党委书记钟东波表示，北京是众多患者就医的“终点站”，这些临床需求，正是医学科技创新的起点。",
        ),
    ),
    ReportItem(
        title="清华长庚医院发布智能电子病历助手等多项成果",
        outlet="新京报",
        url="https://www.bjnews.com.cn/detail/1726624479168528.html?from=share&channel=wechat&utm_source=yuqing-monthly-report",
        published=date(2024, 9, 18),
        paragraphs=(
            "新京报讯（记者张秀兰）2024年中国国际服务贸易交易会（服贸会）期间，清华长庚医院发布了多项最新成果，涵盖心理健康状态检测系统等，其中基于医疗垂直行业大模型的智能电子病历助手可自动提取并生成患者详细病历信息，大幅提高了病历记录的效率。",
        ),
    ),
)

DOC = ReportDocument(
    title="北京市卫生信息化舆情监测月报",
    number=538,
    organisation="北京市卫生健康大数据与政策研究中心",
    date=date(2024, 9, 30),
    intro="本期周报共收集3篇卫生信息化相关信息，时间从2024年09月01日至2024年09月30日，监测范围包括全国主流媒体及政府网站等。",
    items=ITEMS,
)

_SPACE = re.compile(r"\s+")
_FOOTER = re.compile(r"—\d+—")


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(DOC)


@pytest.fixture(scope="module")
def pdf(pdf_bytes: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(pdf_bytes)


def test_text_holds_every_block_in_order(pdf: pdfium.PdfDocument) -> None:
    # pdfium reports a hyphen that ends a line (in a wrapped URL) as U+FFFE.
    pages = [_SPACE.sub("", p.get_textpage().get_text_range()).replace("\ufffe", "-") for p in pdf]
    text = "".join(_FOOTER.sub("", p) for p in pages)
    pos = 0
    for block in DOC.blocks():
        for part in (block.text, block.aside, block.url):
            wanted = _SPACE.sub("", part)
            found = text.find(wanted, pos)
            assert found >= 0, f"{block.kind}: {wanted!r} missing after {text[pos - 40 : pos]!r}"
            pos = found + len(wanted)
    assert len(pdf) >= 2
    assert pages[0].endswith("—1—") or pages[0].startswith("—1—")  # page number in the footer


def test_embedded_fonts_are_cjk(pdf: pdfium.PdfDocument) -> None:
    fonts: dict[str, int] = {}  # base font name -> bytes of embedded font program
    for page in pdf:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
            data_len = ctypes.c_size_t(0)
            pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(data_len))
            assert pdfium_c.FPDFFont_GetIsEmbedded(font), buf.value
            fonts[buf.value.decode()] = data_len.value
    # WeasyPrint names them "Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC":
    # body (仿宋 fallback), bold item headings and 黑体 section headings.
    assert fonts and all("CJK" in name for name in fonts), fonts
    assert all(size > 10_000 for size in fonts.values()), fonts  # real glyph outlines
    assert any("Serif" in n and "Bold" in n for n in fonts), fonts
    assert any("Serif" in n and "Bold" not in n for n in fonts), fonts
    assert any("Sans" in n for n in fonts), fonts


def test_page_one_has_red_masthead_and_dark_text(pdf: pdfium.PdfDocument) -> None:
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    masthead = image.crop((0, 0, width, height // 4))
    red = sum(1 for r, g, b in _pixels(masthead) if r > 180 and g < 80 and b < 80)
    dark = sum(1 for r, g, b in _pixels(image) if r < 80 and g < 80 and b < 80)
    assert red > 500, "no red title or rule in the masthead"
    assert dark > 2000, "page 1 has almost no black text"


def test_urls_are_hyperlinks(pdf: pdfium.PdfDocument) -> None:
    uris = []
    for page in pdf:
        pos = ctypes.c_int(0)
        link = pdfium_c.FPDF_LINK()
        while pdfium_c.FPDFLink_Enumerate(page.raw, pos, link):
            action = pdfium_c.FPDFLink_GetAction(link)
            if action:
                size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
                buf = ctypes.create_string_buffer(size)
                pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buf, size)
                uris.append(buf.value.decode())
    # A URL wrapped over several lines gets one link rectangle per line.
    assert list(dict.fromkeys(u for u in uris if u.startswith("http"))) == [i.url for i in ITEMS]


def test_metadata_and_bytes_are_deterministic(pdf_bytes: bytes, pdf: pdfium.PdfDocument) -> None:
    assert render_pdf(DOC) == pdf_bytes
    meta = pdf.get_metadata_dict()
    assert meta["CreationDate"].startswith("D:20240930")
    assert meta["ModDate"].startswith("D:20240930")
    assert meta["Title"] == "北京市卫生信息化舆情监测月报（第五三八期）"
    assert meta["Author"] == DOC.organisation


def test_bytes_are_identical_in_another_process(pdf_bytes: bytes) -> None:
    # A fresh interpreter with another hash seed: no set or dict order may leak into the PDF.
    script = (
        "import json, sys\n"
        "from yuqing.report.document import ReportDocument\n"
        "from yuqing.report.pdf import render_pdf\n"
        "sys.stdout.buffer.write(render_pdf(ReportDocument.from_json(json.load(sys.stdin))))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(DOC.to_json()).encode(),
        capture_output=True,
        check=True,
        env=env,
    )
    assert out.stdout == pdf_bytes


def test_missing_cjk_font_names_the_debian_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "fc-list"
    fake.write_text("#!/bin/sh\nexit 0\n")  # fontconfig that knows no Chinese font
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="fonts-noto-cjk") as err:
        render_pdf(DOC)
    assert err.value.fmt == "pdf"


@pytest.mark.skipif(
    os.environ.get("YUQING_WRITE_DOCS_IMAGES") != "1", reason="set YUQING_WRITE_DOCS_IMAGES=1"
)
def test_write_docs_image(pdf: pdfium.PdfDocument) -> None:
    DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
    pdf[0].render(scale=100 / 72).to_pil().save(DOCS_IMAGE, optimize=True)
    assert DOCS_IMAGE.stat().st_size > 10_000


def _pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    raw = image.tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
