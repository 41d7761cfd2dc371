"""Past issues typed or converted in ways the two examples do not show: each of the writer's
styles (tests/reportwriters.py) must import every item fully right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importcheck import EXAMPLE_OF, assert_imports_as, example
from tests.reportwriters import STYLES, Style, write


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF.values()))
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_every_item_comes_in_whatever_the_style(style: Style, name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(write(example(name), style))
    assert_imports_as(example(name), path)
