"""Word and PDF reports as people and yuqing write them import fully right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docxwriters import DOCX_STYLES, DocxStyle, write_docx
from tests.importcheck import EXAMPLE_OF, assert_imports_as, document_problems, example
from yuqing.report.docx import render_docx
from yuqing.report.importer import read_report
from yuqing.report.readers import read_source
from yuqing.report.readers.numbering import Numbering, chinese_counting, format_number


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF.values()))
@pytest.mark.parametrize("style", DOCX_STYLES, ids=lambda s: s.name)
def test_word_files_written_by_people(style: DocxStyle, name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(write_docx(example(name), style))
    parsed = assert_imports_as(example(name), path)
    if style.tracked_deletion:
        assert "此句已删除" not in "".join(parsed.document.items[0].paragraphs)


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF.values()))
def test_our_own_docx_and_pdf_read_back(name: str, tmp_path: Path) -> None:
    from yuqing.report.pdf import render_pdf

    want = example(name)
    for fmt, data in (("docx", render_docx(want)), ("pdf", render_pdf(want))):
        path = tmp_path / f"report.{fmt}"
        path.write_bytes(data)
        parsed = read_report(path)
        assert document_problems(want, parsed.document, path) == []
        got = [len(i.paragraphs) for i in parsed.document.items]
        assert got == [len(i.paragraphs) for i in want.items], f"{fmt}: paragraphs are the article's"
    # the PDF's link annotations are read: a link's target, not only the text cut on the page
    targets = {link for line in read_source(tmp_path / "report.pdf").lines for link in line.links}
    assert targets == {item.url for item in want.items}


def test_word_number_formats() -> None:
    assert [chinese_counting(n) for n in (1, 10, 12, 20, 35, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "三十五", "一百", "一百零五", "一百一十",
    ]  # fmt: skip
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "upperLetter") == "B" and format_number(4, "lowerRoman") == "iv"
    assert format_number(2, "ideographTraditional") == "乙"


def test_numbering_counts_restarts_and_nests() -> None:
    numbering = Numbering(
        levels={"1": {0: _level("chineseCounting", "%1、"), 1: _level("decimal", "%1.%2")}},
        nums={"5": ("1", {}), "6": ("1", {0: 1})},
    )
    labels = [
        numbering.label("5", 0),
        numbering.label("5", 1),
        numbering.label("5", 1),
        numbering.label("5", 0),
    ]
    assert labels == ["一、", "一.1", "一.2", "二、"]
    assert numbering.label("5", 1) == "二.1"  # the level below restarts under a new parent
    assert numbering.label("6", 0) == "一、"  # a num with startOverride restarts where first used
    assert numbering.label("7", 0) == ""  # an unknown list draws no number


def _level(fmt: str, text: str) -> object:
    from yuqing.report.readers.numbering import _Level

    return _Level(1, fmt, text)
