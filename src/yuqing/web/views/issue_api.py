"""The issue editor's JSON API under /api/issues, and the models and look-ups the pages share.

Every change goes through yuqing.store.issues, so the API, the pages and the CLI refuse the same
things (a frozen issue, a position out of range) with the same InputError; the web says its
message in Chinese (yuqing.web.chinese.chinese).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from yuqing.report.compose import compose
from yuqing.report.period import Period, chinese_number, issue_number, parse_period
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import get_article
from yuqing.store.models import IssueItem, ReportIssue, User
from yuqing.web.deps import Db
from yuqing.web.security import current_user, require

router = APIRouter(prefix="/api/issues", tags=["issues"])

Reader = Annotated[User, Depends(current_user)]
Editor = Annotated[User, require("editor")]


class ItemOut(BaseModel):
    position: int
    article_id: int
    title: str
    outlet: str
    url: str
    published: date | None
    edited: bool = Field(description="The issue overrides the article's own title, outlet or text.")
    paragraphs: list[str]


class IssueSummary(BaseModel):
    series: str
    number: int
    number_text: str = Field(description="第五三八期")
    period: str = Field(description="The period as URLs name it: 2024-09")
    start: date
    end: date
    status: str = Field(description="draft or frozen")
    item_count: int


class IssueOut(IssueSummary):
    items: list[ItemOut]


class NewIssue(BaseModel):
    period: str
    number: int | None = Field(None, description="Default: counted from the report.anchor setting.")


class AddItem(BaseModel):
    article: str = Field(description="An article id or URL.")
    position: int | None = Field(None, description="1 = first; default last.")


class MoveItem(BaseModel):
    source: int
    target: int


class EditItem(BaseModel):
    title: str | None = None
    paragraphs: list[str] | None = None
    reset: bool = Field(False, description="Back to the article's own title, outlet and text first.")


def series_of(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.report_series


def load_issue(request: Request, db: Session, period: str) -> ReportIssue:
    return issues.get_issue(db, series_of(request), parse_period(period))


def period_of(issue: ReportIssue) -> Period:
    return Period(issue.period_start, issue.period_end)


def item_out(item: IssueItem) -> ItemOut:
    article = item.article
    return ItemOut(
        position=item.position,
        article_id=article.id,
        title=item.title or article.title,
        outlet=item.outlet or article.outlet,
        url=article.original_url,
        published=article.published,
        edited=bool(item.title or item.outlet or item.paragraphs is not None),
        paragraphs=list(item.paragraphs if item.paragraphs is not None else article.paragraphs),
    )


def summary(issue: ReportIssue) -> IssueSummary:
    return IssueSummary(
        series=issue.series,
        number=issue.number,
        number_text=f"第{chinese_number(issue.number)}期",
        period=period_of(issue).label,
        start=issue.period_start,
        end=issue.period_end,
        status=issue.status,
        item_count=len(issue.items),
    )


def issue_out(issue: ReportIssue) -> IssueOut:
    return IssueOut(**summary(issue).model_dump(), items=[item_out(i) for i in issue.items])


def newest_first(db: Session) -> list[IssueSummary]:
    return [summary(i) for i in sorted(issues.list_issues(db), key=lambda i: i.period_start, reverse=True)]


def create(request: Request, db: Session, period: str, number: int | None) -> ReportIssue:
    p = parse_period(period)
    settings: Settings = request.app.state.settings
    return issues.create_issue(db, series_of(request), p, number or issue_number(p, settings.anchor))


def add(db: Session, issue: ReportIssue, ref: str, position: int | None = None) -> None:
    issues.add_item(db, issue, get_article(db, ref.strip()), position)


def edit(issue: ReportIssue, position: int, edits: dict[str, Any], reset: bool) -> None:
    """Apply ``edits``; a value equal to the article's own is stored as no edit, so the edited
    mark only shows real changes."""
    item = list(issue.items)[position - 1] if 1 <= position <= len(issue.items) else None
    changes: dict[str, Any] = {"title": None, "outlet": None, "paragraphs": None} if reset else {}
    for name, value in edits.items():
        own = getattr(item.article, name) if item is not None else None
        changes[name] = None if value == own or value in ("", []) else value
    issues.edit_item(issue, position, **changes)


def freeze(request: Request, issue: ReportIssue) -> None:
    issues.freeze(issue, compose(issue, request.app.state.settings).to_json())


@router.get("", response_model=list[IssueSummary])
def api_list(db: Db, _: Reader) -> Any:
    return newest_first(db)


@router.post("", response_model=IssueOut, status_code=201)
def api_create(request: Request, db: Db, _: Editor, body: NewIssue) -> Any:
    return issue_out(create(request, db, body.period, body.number))


@router.get("/{period}", response_model=IssueOut)
def api_issue(request: Request, db: Db, period: str, _: Reader) -> Any:
    return issue_out(load_issue(request, db, period))


@router.post("/{period}/items", response_model=IssueOut)
def api_add(request: Request, db: Db, _: Editor, period: str, body: AddItem) -> Any:
    issue = load_issue(request, db, period)
    add(db, issue, body.article, body.position)
    return issue_out(issue)


@router.delete("/{period}/items/{position}", response_model=IssueOut)
def api_remove(request: Request, db: Db, _: Editor, period: str, position: int) -> Any:
    issue = load_issue(request, db, period)
    issues.remove_item(db, issue, position)
    return issue_out(issue)


@router.post("/{period}/move", response_model=IssueOut)
def api_move(request: Request, db: Db, _: Editor, period: str, body: MoveItem) -> Any:
    issue = load_issue(request, db, period)
    issues.move_item(issue, body.source, body.target)
    return issue_out(issue)


@router.patch("/{period}/items/{position}", response_model=IssueOut)
def api_edit(request: Request, db: Db, _: Editor, period: str, position: int, body: EditItem) -> Any:
    issue = load_issue(request, db, period)
    edit(issue, position, body.model_dump(include=body.model_fields_set - {"reset"}), body.reset)
    return issue_out(issue)


@router.post("/{period}/freeze", response_model=IssueOut)
def api_freeze(request: Request, db: Db, _: Editor, period: str) -> Any:
    issue = load_issue(request, db, period)
    freeze(request, issue)
    return issue_out(issue)


@router.post("/{period}/unfreeze", response_model=IssueOut)
def api_unfreeze(request: Request, db: Db, _: Editor, period: str) -> Any:
    issue = load_issue(request, db, period)
    issues.unfreeze(issue)
    return issue_out(issue)
