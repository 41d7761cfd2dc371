"""`yuqing demo`, the README's main job: the example issues come out of a crawl of real pages."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.conftest import EXAMPLES, yuqing
from tests.test_roundtrip import normalise, similarity
from yuqing.report.parse import parse_report

pytestmark = pytest.mark.slow


def test_the_demo_rebuilds_issues_537_and_538_from_a_crawl(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    printed = yuqing("demo", "--out", str(out)).stdout
    assert printed.count("4 of 4 example items made the issue") == 2, printed
    for example in sorted(EXAMPLES.glob("report-*.md")):
        parsed = parse_report(example.read_text("utf-8").splitlines(), str(example))
        label = parsed.period.label
        number = parsed.document.number
        md = (out / f"report-{number}-{label}.md").read_text("utf-8")
        for item in parsed.document.items:
            assert f"标题：{item.title}" in md
            # the crawled text of each item is the published text
            ratio, diff = similarity(
                normalise("".join(item.paragraphs)), normalise(_item_text(md, item.title))
            )
            assert ratio >= 0.97, f"{item.title}: {ratio:.2%}\n{diff}"
        word = docx.Document(str(out / f"report-{number}-{label}.docx"))
        assert any(p.text == parsed.document.items[0].title for p in word.paragraphs)
        assert (out / f"report-{number}-{label}.pdf").read_bytes().startswith(b"%PDF")


def _item_text(md: str, title: str) -> str:
    """The paragraphs under an item's dateline, up to the next item."""
    start = md.index(f"标题：{title}")
    end = md.find("\n### ", start + 1)
    block = md[start : end if end > 0 else len(md)]
    return block.split(" 来源：", 1)[1].split("\n", 1)[1]  # after the dateline
