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
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from tests.samples import sample
from yuqing.errors import RenderError
from yuqing.report.pdf import render_pdf

DOCS_IMAGE = Path(__file__).resolve().parents[1] / "docs" / "images" / "report-page1.png"

DOC = sample()

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
    assert list(dict.fromkeys(u for u in uris if u.startswith("http"))) == [i.url for i in DOC.items]


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
