"""The Markdown, DOCX and PDF of one issue hold the same text; a DOCX yuqing wrote imports back."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.conftest import EXAMPLES, yuqing
from tests.test_roundtrip import normalise, similarity
from yuqing.report.docx import docx_lines


@pytest.fixture
def rendered(home: Path, tmp_path: Path) -> Path:
    yuqing("import-report", str(EXAMPLES / "report-537-2024-08.md"))
    yuqing("report", "2024-08", "--format", "all", "--out", str(tmp_path / "out"))
    return tmp_path / "out"


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    # drop the page-number footers (— 1 —) that only the paged formats have
    return "".join(re.sub(r"—\s*\d+\s*—\s*$", "", page.strip()) for page in pages)


def test_docx_holds_exactly_the_markdown_text(rendered: Path) -> None:
    markdown = normalise((rendered / "report-537-2024-08.md").read_text("utf-8"))
    docx = normalise("\n".join(docx_lines((rendered / "report-537-2024-08.docx").read_bytes())))
    assert docx == markdown, similarity(markdown, docx)[1]


def test_pdf_holds_the_markdown_text(rendered: Path) -> None:
    markdown = normalise((rendered / "report-537-2024-08.md").read_text("utf-8"))
    pdf = normalise(pdf_text(rendered / "report-537-2024-08.pdf"))
    ratio, diff = similarity(markdown, pdf)
    assert ratio >= 0.995, f"{ratio:.2%} equal:\n{diff}"


def test_html_holds_the_markdown_text(rendered: Path) -> None:
    markdown = normalise((rendered / "report-537-2024-08.md").read_text("utf-8"))
    html = (rendered / "report-537-2024-08.html").read_text("utf-8")
    body = re.sub(r"<style.*?</style>|<head.*?</head>", "", html, flags=re.S)
    import html as html_mod

    text = normalise(html_mod.unescape(re.sub(r"<[^>]+>", "\n", body)))
    assert text == markdown, similarity(markdown, text)[1]


def test_rendering_twice_gives_identical_files(rendered: Path, tmp_path: Path) -> None:
    yuqing("report", "2024-08", "--format", "all", "--out", str(tmp_path / "again"))
    for first in rendered.iterdir():
        assert (tmp_path / "again" / first.name).read_bytes() == first.read_bytes(), first.name


def test_a_docx_yuqing_wrote_imports_back_to_the_same_issue(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_HOME", str(tmp_path / "other-home"))
    yuqing("import-report", str(rendered / "report-537-2024-08.docx"))
    yuqing("report", "2024-08", "--out", str(tmp_path / "from-docx.md"))
    original = (rendered / "report-537-2024-08.md").read_text("utf-8")
    assert (tmp_path / "from-docx.md").read_text("utf-8") == original


def test_an_exported_and_restyled_template_is_used(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document
    from docx.shared import Pt

    template = tmp_path / "月报模板.docx"
    yuqing("template", "export", str(template))
    word = Document(str(template))
    word.styles["报告正文"].font.size = Pt(12)
    word.save(str(template))
    monkeypatch.setenv("YUQING_REPORT_DOCX_TEMPLATE", str(template))
    yuqing("report", "2024-08", "--format", "docx", "--out", str(tmp_path / "styled.docx"))
    styled = Document(str(tmp_path / "styled.docx"))
    assert styled.styles["报告正文"].font.size == Pt(12)
    body = [p for p in styled.paragraphs if p.style is not None and p.style.name == "报告正文"]
    assert len(body) > 20
    monkeypatch.setenv("YUQING_REPORT_DOCX_TEMPLATE", str(tmp_path / "missing.docx"))
    proc = yuqing("report", "2024-08", "--format", "docx", check=False)
    assert proc.returncode == 2 and "missing.docx" in proc.stderr
