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


def test_page_furniture_is_left_out_of_text_and_pdf_lines(tmp_path: Path) -> None:
    """Running heads that open three or more pages, and page numbers in their usual forms."""
    from yuqing.report.readers.pdf import _drop_furniture, _Line

    page_lines = [
        [_Line(t, n, 80, 500, 800 - 30 * k, 780 - 30 * k, 16) for k, t in enumerate(texts)]
        for n, texts in enumerate(
            [
                ["北京市卫生信息化舆情监测月报", "正文第一页。", "— 1 —"],
                ["北京市卫生信息化舆情监测月报", "正文第二页。", "第 2 页 共 3 页"],
                ["北京市卫生信息化舆情监测月报", "正文第三页。", "3/3"],
            ],
            1,
        )
    ]
    kept = [line.text for page in _drop_furniture(page_lines) for line in page]
    assert kept == ["正文第一页。", "正文第二页。", "正文第三页。"]
    want = example(EXAMPLE_OF["000"])
    text = write(want, STYLES[0]).decode("utf-8").split("\n\n")
    pages = ["\n\n".join(text[i : i + 15]) for i in range(0, len(text), 15)]
    path = tmp_path / "report.txt"
    heads = [f"\f舆情监测月报（内部资料）\n\n{page}\n\n- {n} -\n" for n, page in enumerate(pages, 1)]
    path.write_text("".join(heads).lstrip("\f"), "utf-8")
    assert len(pages) >= 4
    assert_imports_as(want, path)
