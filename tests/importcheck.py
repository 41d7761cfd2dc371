"""Comparing an imported issue with the example it was made from, item by item, as a user would:
the same title, outlet, URL and date, and the text at least 99% the same (difflib ratio)."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

from tests.conftest import EXAMPLES
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.importer import read_report
from yuqing.report.parse import ParsedReport, parse_report

TEXT_RATIO = 0.99
EXAMPLE_OF = {"000": "report-537-2024-08.md", "002": "report-538-2024-09.md"}


@cache
def example(name: str) -> ReportDocument:
    path = EXAMPLES / name
    return parse_report(path.read_text("utf-8").splitlines(), str(path)).document


def text_ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return difflib.SequenceMatcher(None, "\n".join(a), "\n".join(b), autojunk=False).ratio()


def item_problems(want: ReportItem, got: ReportItem) -> list[str]:
    """What differs between an item and the one it should be; empty when it is fully right."""
    problems = [
        f"{name}: {w!r} != {g!r}"
        for name, w, g in (
            ("title", want.title, got.title),
            ("outlet", want.outlet, got.outlet),
            ("url", want.url, got.url),
            ("date", want.published, got.published),
        )
        if w != g
    ]
    ratio = text_ratio(want.paragraphs, got.paragraphs)
    if ratio < TEXT_RATIO:
        problems.append(f"text only {ratio:.3f} equal")
    return problems


def document_problems(want: ReportDocument, got: ReportDocument, where: Path | str) -> list[str]:
    out = [] if len(want.items) == len(got.items) else [f"{len(got.items)} items, not {len(want.items)}"]
    if (want.number, want.date) != (got.number, got.date):
        out.append(f"issue {got.number} of {got.date}, not {want.number} of {want.date}")
    for n, (w, g) in enumerate(zip(want.items, got.items, strict=False), 1):
        out += [f"{where}: item {n}: {p}" for p in item_problems(w, g)]
    return out


def assert_imports_as(want: ReportDocument, path: Path) -> ParsedReport:
    """``path`` imports as ``want``, item by item, and its contents list agrees with its body."""
    parsed = read_report(path)
    assert document_problems(want, parsed.document, path) == []
    assert not [w for w in parsed.warnings if "contents" in w], parsed.warnings
    return parsed
