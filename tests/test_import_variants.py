"""Past issues typed or converted in ways the two examples do not show: each of the writer's
styles (tests/reportwriters.py) must import every item fully right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importcheck import EXAMPLE_OF, document_problems, example
from tests.reportwriters import STYLES, Style, write
from yuqing.report.importer import read_report


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF.values()))
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_every_item_comes_in_whatever_the_style(style: Style, name: str, tmp_path: Path) -> None:
    want = example(name)
    path = tmp_path / "report.txt"
    path.write_bytes(write(want, style))
    parsed = read_report(path)
    assert document_problems(want, parsed.document, path) == []
    assert not [w for w in parsed.warnings if "contents" in w], parsed.warnings
