"""Sample report documents for renderer tests, built from the real issue 538 (2024-09)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from tests.conftest import EXAMPLES
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.parse import parse_report


@cache
def issue_538() -> ReportDocument:
    path = EXAMPLES / "report-538-2024-09.md"
    return parse_report(path.read_text("utf-8").splitlines(), str(path)).document


def sample(items: tuple[ReportItem, ...] | None = None, paragraphs: int = 4) -> ReportDocument:
    """Issue 538 with its first three items cut to a few paragraphs (or the given items), and
    an intro that counts them."""
    chosen = items or tuple(
        replace(it, paragraphs=it.paragraphs[:paragraphs]) for it in issue_538().items[:3]
    )
    return replace(
        issue_538(),
        items=chosen,
        intro=f"本期周报共收集{len(chosen)}篇卫生信息化相关信息，时间从2024年09月01日至2024年09月30日，"
        "监测范围包括全国主流媒体及政府网站等。",
    )


def item(title: str, url: str, paragraphs: tuple[str, ...], published: date | None = None) -> ReportItem:
    return ReportItem(title=title, outlet="新京报", url=url, published=published, paragraphs=paragraphs)
