"""Report issues in the store: create, order items, edit them, freeze, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from yuqing.errors import InputError, NotFound
from yuqing.report.period import MAX_ISSUE_NUMBER, Period
from yuqing.store import outbox
from yuqing.store.models import Article, IssueItem, ReportIssue
from yuqing.text import neutralise, neutralise_line


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def find_issue(session: Session, series: str, period: Period) -> ReportIssue | None:
    return session.scalars(
        select(ReportIssue).where(
            ReportIssue.series == series,
            ReportIssue.period_start == period.start,
            ReportIssue.period_end == period.end,
        )
    ).one_or_none()


def get_issue(session: Session, series: str, period: Period) -> ReportIssue:
    issue = find_issue(session, series, period)
    if issue is None:
        raise NotFound(
            f"no issue for {period} in series {series!r}; create it with `yuqing issue new {period}`"
        )
    return issue


def list_issues(session: Session, series: str | None = None) -> list[ReportIssue]:
    stmt = select(ReportIssue).order_by(ReportIssue.series, ReportIssue.period_start)
    if series:
        stmt = stmt.where(ReportIssue.series == series)
    return list(session.scalars(stmt))


def checked_number(number: int) -> int:
    """``number`` if it can be an issue number (1 to MAX_ISSUE_NUMBER), else an InputError."""
    if not 1 <= number <= MAX_ISSUE_NUMBER:
        raise InputError(
            f"issue number {number} is out of range: issue numbers run from 1 to {MAX_ISSUE_NUMBER}"
        )
    return number


def create_issue(session: Session, series: str, period: Period, number: int) -> ReportIssue:
    """A new draft issue; refuses a number below 1 (or absurdly large) and a period or number
    the series already has."""
    checked_number(number)
    if find_issue(session, series, period) is not None:
        raise InputError(f"series {series!r} already has an issue for {period}")
    clash = session.scalars(
        select(ReportIssue).where(ReportIssue.series == series, ReportIssue.number == number)
    ).one_or_none()
    if clash is not None:
        raise InputError(
            f"issue number {number} is already used by {Period(clash.period_start, clash.period_end)}"
            " in this series; give another with --number"
        )
    issue = ReportIssue(
        series=series,
        number=number,
        period_start=period.start,
        period_end=period.end,
        status="draft",
        created_at=_now(),
        updated_at=_now(),
    )
    session.add(issue)
    session.flush()
    return issue


def add_item(
    session: Session, issue: ReportIssue, article: Article, position: int | None = None
) -> IssueItem:
    """Place ``article`` at ``position`` (1-based; default last). An article is in an issue once."""
    _check_draft(issue)
    if any(item.article_id == article.id for item in issue.items):
        raise InputError(f"article {article.id} is already item {_position_of(issue, article.id)}")
    items = list(issue.items)
    index = len(items) if position is None else _index(items, position, allow_end=True)
    item = IssueItem(article=article, position=0)
    items.insert(index, item)
    issue.items.append(item)
    _renumber(issue, items)
    return item


def remove_item(session: Session, issue: ReportIssue, position: int) -> IssueItem:
    _check_draft(issue)
    items = list(issue.items)
    item = items.pop(_index(items, position))
    issue.items.remove(item)  # delete-orphan: the row goes with it
    _renumber(issue, items)
    return item


def move_item(issue: ReportIssue, source: int, target: int) -> None:
    """Move the item at ``source`` so that it ends up at ``target`` (both 1-based)."""
    _check_draft(issue)
    items = list(issue.items)
    at = _index(items, target)  # checked against the whole issue, before the item is taken out
    item = items.pop(_index(items, source))
    items.insert(at, item)
    _renumber(issue, items)


def edit_item(issue: ReportIssue, position: int, **edits: Any) -> IssueItem:
    """Override an item's title, outlet or paragraphs for this issue only (None: back to the
    article's own)."""
    _check_draft(issue)
    item = list(issue.items)[_index(list(issue.items), position)]
    for name in ("title", "outlet", "paragraphs"):
        if name in edits:
            setattr(item, name, _neutral(edits[name]))
    issue.updated_at = _now()
    return item


def freeze(issue: ReportIssue, document: dict[str, Any], announce: bool = True) -> None:
    """Keep the issue's final text: a frozen issue renders the same whatever happens later.
    An issue without items is refused: there is nothing to publish. With ``announce`` the editors
    are told (a push); importing a past issue does not."""
    _check_draft(issue)
    if not issue.items:
        period = Period(issue.period_start, issue.period_end)
        raise InputError(f"issue {issue.number} ({period}) has no items; an empty issue cannot be frozen")
    issue.status = "frozen"
    issue.frozen_at = _now()
    issue.frozen_document = _neutral(document)
    session = object_session(issue)
    if announce and session is not None:  # the editors hear of it (yuqing.notify sends it, outside this work)
        outbox.record(
            session, "frozen", f"frozen:{issue.id}:{issue.frozen_at:%Y%m%dT%H%M%S}", {"issue": issue.id}
        )


def unfreeze(issue: ReportIssue) -> None:
    issue.status = "draft"
    issue.frozen_at = None
    issue.frozen_document = None


def delete_issue(session: Session, issue: ReportIssue, force: bool = False) -> None:
    """Delete the issue and its items (the articles stay). A frozen issue is what was published:
    it is deleted only with ``force``."""
    if issue.status == "frozen" and not force:
        raise InputError(
            f"issue {issue.number} is frozen (published); `yuqing issue delete --force` deletes it anyway"
        )
    session.delete(issue)
    session.flush()


def _neutral(value: Any) -> Any:
    """Edits and frozen documents enter the store too: their texts lose hidden control characters."""
    if isinstance(value, str):
        return neutralise(value) if "\n" in value else neutralise_line(value)
    if isinstance(value, list):
        return [_neutral(v) for v in value]
    if isinstance(value, dict):
        return {k: _neutral(v) for k, v in value.items()}
    return value


def _check_draft(issue: ReportIssue) -> None:
    if issue.status == "frozen":
        raise InputError(f"issue {issue.number} is frozen; `yuqing issue unfreeze` it before changing it")


def _index(items: list[IssueItem], position: int, allow_end: bool = False) -> int:
    top = len(items) + (1 if allow_end else 0)
    if not 1 <= position <= max(top, 1) or (top == 0):
        raise InputError(f"position {position} is out of range: the issue has {len(items)} items")
    return position - 1


def _position_of(issue: ReportIssue, article_id: int) -> int:
    return next(i.position for i in issue.items if i.article_id == article_id)


def _renumber(issue: ReportIssue, items: list[IssueItem]) -> None:
    for number, item in enumerate(items, 1):
        item.position = number
    issue.items.sort(key=lambda i: i.position)
    issue.updated_at = _now()
