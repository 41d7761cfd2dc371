"""A past issue imported and rendered again reads as the original (house-format round trip)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, yuqing

EXAMPLE_FILES = sorted(EXAMPLES.glob("report-*.md"))


def normalise(text: str) -> str:
    """Markdown markup and whitespace dropped, full/half-width punctuation folded."""
    text = re.sub(r"^\s*#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = text.replace("**", "").replace("\\", "")
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def similarity(a: str, b: str) -> tuple[float, str]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ratio = sum(block.size for block in matcher.get_matching_blocks()) / max(len(a), len(b))
    diff = "\n".join(
        f"{op}: original {a[i1:i2]!r} -> rendered {b[j1:j2]!r}"
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )
    return ratio, diff


def test_the_examples_are_there() -> None:
    assert len(EXAMPLE_FILES) == 2, f"expected the two past issues in {EXAMPLES}"


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_import_then_render_gives_the_original_text(example: Path, home: Path, tmp_path: Path) -> None:
    month = re.search(r"(\d{4}-\d{2})", example.stem)[1]  # type: ignore[index]
    yuqing("import-report", str(example))
    out = tmp_path / "out.md"
    yuqing("report", month, "--format", "md", "--out", str(out))
    original, rendered = normalise(example.read_text("utf-8")), normalise(out.read_text("utf-8"))
    ratio, diff = similarity(original, rendered)
    assert ratio >= 0.99, f"only {ratio:.2%} of characters equal; differences:\n{diff}"
    print(f"{example.name}: {ratio:.3%} equal; differences:\n{diff}")


def test_reimporting_a_report_and_its_rendering_is_stable(home: Path, tmp_path: Path) -> None:
    example = EXAMPLE_FILES[0]
    yuqing("import-report", str(example))
    first = tmp_path / "first.md"
    yuqing("report", "2024-08", "--out", str(first))
    # our own Markdown reads back to the same issue, and importing twice changes nothing
    yuqing("import-report", str(first))
    yuqing("import-report", str(first))
    second = tmp_path / "second.md"
    yuqing("report", "2024-08", "--out", str(second))
    assert second.read_text("utf-8") == first.read_text("utf-8")
    listing = yuqing("issue", "show", "2024-08").stdout
    assert listing.count("\n│ ") >= 4 and "frozen" in listing
