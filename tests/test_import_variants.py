"""Past issues typed or converted in ways the two examples do not show: each of the writer's
styles (tests/reportwriters.py) must import every item fully right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.importcheck import EXAMPLE_OF, assert_imports_as, example
from tests.reportwriters import STYLES, Style, write
from yuqing.errors import ReportParseError
from yuqing.report.importer import read_report


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF.values()))
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_every_item_comes_in_whatever_the_style(style: Style, name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(write(example(name), style))
    assert_imports_as(example(name), path)


def test_an_item_whose_heading_cannot_be_read_is_not_swallowed(tmp_path: Path) -> None:
    """Without a contents list to compare, the lost item's 链接 line inside the text above it
    still gives it away."""
    text = (EXAMPLES / EXAMPLE_OF["000"]).read_text("utf-8")
    text = text.replace("## 2.标题：创新医学 智慧医疗", "2 创新医学 智慧医疗").replace("### 一、信息目录", "")
    path = tmp_path / "report.md"
    path.write_text(text, "utf-8")
    line = text.splitlines().index("链接：<https://news.ynet.com/2024/08/12/3796360t70.html>") + 1
    with pytest.raises(ReportParseError) as caught:
        read_report(path)
    assert str(caught.value).startswith(
        f"{path}:{line}: item 1 “湘企携手北大第一医院共建AI实验室 | 湖南日…”: its text"
    )
