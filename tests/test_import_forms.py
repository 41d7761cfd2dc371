"""Every form of the two example issues in ../shared/evaldata/zh_report_forms imports as the
example it was made from: Word typed four ways, the PDF and its pdftotext texts, pandoc Markdown,
hard-wrapped text with and without links; and the round trip import → Markdown report reads as
the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EVALDATA, EXAMPLES
from tests.importcheck import EXAMPLE_OF, document_problems, example
from tests.test_roundtrip import normalise, similarity
from yuqing import settings as settings_mod
from yuqing.report.compose import compose
from yuqing.report.importer import read_report, store_report
from yuqing.report.markdown import render_markdown
from yuqing.store import issues
from yuqing.store.db import open_store

FORMS = EVALDATA / "zh_report_forms"
FORM_FILES = sorted(p for p in FORMS.glob("*/*") if p.suffix in (".docx", ".pdf", ".md", ".txt"))
# pdftotext's raw text loses the indents that mark paragraphs; a few may be split or joined there.
APPROXIMATE_PARAGRAPHS = ("b.txt", "b-layout.txt")


def test_every_form_is_there() -> None:
    names = {p.name for p in FORM_FILES}
    assert len(FORM_FILES) == 24 and {"a1.docx", "aN.docx", "b.pdf", "c.md", "d1.txt"} <= names


def test_the_examples_read_as_published() -> None:
    """The reference itself, checked by hand against the example files."""
    issue = example(EXAMPLE_OF["000"])
    assert (issue.number, str(issue.date)) == (537, "2024-08-31")
    assert [i.outlet for i in issue.items] == ["湖南日报", "北青网", "千龙网", "新京报"]
    assert issue.items[0].title == "湘企携手北大第一医院共建AI实验室 | 湖南日报头版要闻"
    assert [len(i.paragraphs) for i in issue.items] == [6, 2, 19, 8]
    assert issue.items[0].paragraphs[0] == "湘企携手北大第一医院共建AI实验室"
    assert issue.items[2].paragraphs[0].startswith("来源标题：本市大力推进")
    assert issue.items[3].url == "https://www.bjnews.com.cn/detail/1724837293129337.html"
    other = example(EXAMPLE_OF["002"])
    assert [str(i.published) for i in other.items] == ["2024-09-14", "2024-09-14", "2024-09-18", "2024-09-18"]
    assert [len(i.paragraphs) for i in other.items] == [23, 17, 11, 3]
    assert other.items[0].paragraphs[0] == "中青报·中青网记者 余冰玥"
    assert other.items[2].url == "https://m.gmw.cn/toutiao/2024-09/18/content_37568705.htm"


@pytest.mark.parametrize("form", FORM_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_form_imports_as_its_example(form: Path) -> None:
    want = example(EXAMPLE_OF[form.parent.name])
    parsed = read_report(form)
    got = parsed.document
    assert document_problems(want, got, form) == []
    assert parsed.period.label == f"{want.date:%Y-%m}"
    for n, (w, g) in enumerate(zip(want.items, got.items, strict=True), 1):
        if form.name in APPROXIMATE_PARAGRAPHS:
            assert abs(len(w.paragraphs) - len(g.paragraphs)) <= max(2, len(w.paragraphs) // 10), n
        else:
            assert len(g.paragraphs) == len(w.paragraphs), f"item {n}: paragraphs are the article's"
    assert not [w for w in parsed.warnings if "contents" in w], parsed.warnings


@pytest.mark.parametrize("form", FORM_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_form_round_trips_to_the_example(form: Path, home: Path) -> None:
    """import-report then `report --format md` (the same code, in-process) reads as the example."""
    settings = settings_mod.load()
    store = open_store(settings)
    try:
        parsed = read_report(form)
        with store.session() as session:
            store_report(session, parsed, settings.report_series, form, settings)
        with store.session() as session:
            doc = compose(issues.get_issue(session, settings.report_series, parsed.period), settings)
    finally:
        store.close()
    original = normalise((EXAMPLES / EXAMPLE_OF[form.parent.name]).read_text("utf-8"))
    ratio, diff = similarity(original, normalise(render_markdown(doc)))
    assert ratio >= 0.99, f"only {ratio:.2%} of characters equal; differences:\n{diff}"
