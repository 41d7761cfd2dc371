"""From a stored issue to the ReportDocument every renderer draws."""

from __future__ import annotations

from yuqing.errors import InputError
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.period import Period
from yuqing.settings import Settings
from yuqing.store.models import IssueItem, ReportIssue
from yuqing.urls import without_tracking


def compose(issue: ReportIssue, settings: Settings) -> ReportDocument:
    """The issue as a document: its frozen text once frozen, else built from its items now.
    Raises InputError for a draft numbered below 1 (new ones are refused; an older version could
    store one), which the house format cannot write."""
    if issue.status == "frozen" and issue.frozen_document is not None:
        return ReportDocument.from_json(issue.frozen_document)
    period = Period(issue.period_start, issue.period_end)
    if issue.number < 1:
        raise InputError(
            f"issue {period} has the number {issue.number}, below 1 (a period before report.anchor): "
            f"delete it (yuqing issue delete {period}) and make it again with a number"
        )
    items = tuple(_item(i) for i in issue.items)
    return ReportDocument(
        title=settings.report_title,
        number=issue.number,
        organisation=settings.report_organisation,
        date=period.end,
        intro=intro(settings, period, len(items)),
        items=items,
    )


def intro(settings: Settings, period: Period, count: int) -> str:
    return settings.report_intro.format(
        count=count,
        topic=settings.report_topic,
        scope=settings.report_scope,
        start=period.start,
        end=period.end,
    )


def _item(item: IssueItem) -> ReportItem:
    article = item.article
    return ReportItem(
        title=item.title or article.title,
        outlet=item.outlet or article.outlet,
        url=without_tracking(article.original_url),  # the link as found, less utm_* and the like
        published=article.published,
        paragraphs=tuple(item.paragraphs if item.paragraphs is not None else article.paragraphs),
    )
