"""The issue editor's JSON API under /api/issues, and the models and look-ups the pages share.

Every change goes through yuqing.store.issues, so the API, the pages and the CLI refuse the same
things (a frozen issue, a position out of range) with the same InputError; the web says its
message in Chinese (yuqing.web.chinese.chinese).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from yuqing.report.compose import compose
from yuqing.report.document import ReportDocument
from yuqing.report.period import Period, chinese_number, issue_number, parse_period
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import get_article
from yuqing.store.models import IssueItem, ReportIssue, User
from yuqing.web import fields
from yuqing.web.deps import Db
from yuqing.web.fields import Position, refuse
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
    outside_period: bool = Field(description="Published outside the issue's period (or date unknown).")
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
    warnings: list[str] = Field(description="What the editor should look at before freezing, in Chinese.")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not silently ignored


class NewIssue(Strict):
    period: str = Field(max_length=40, description="2024-09, 2024-W35 or 2024-09-01..2024-09-15")
    number: int | None = Field(
        None, ge=1, le=fields.ISSUE_MAX, description="Default: counted from the report.anchor setting."
    )


class AddItem(Strict):
    article: int | str = Field(description="An article id or its http(s) URL.")
    position: int | None = Field(None, ge=1, le=fields.POSITIONS, description="1 = first; default last.")


class MoveItem(Strict):
    source: int = Field(ge=1, le=fields.POSITIONS)
    target: int = Field(ge=1, le=fields.POSITIONS)


class EditItem(Strict):
    title: str | None = Field(None, max_length=fields.TITLE_MAX * 2)
    outlet: str | None = Field(None, max_length=fields.OUTLET_MAX * 2)
    paragraphs: list[str] | None = Field(None, max_length=fields.PARAGRAPHS_MAX)
    text: str | None = Field(None, description="The text as one string, a paragraph a line (or paragraphs).")
    reset: bool = Field(False, description="Back to the article's own title, outlet and text first.")


def series_of(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.report_series


def load_issue(request: Request, db: Session, period: str) -> ReportIssue:
    return issues.get_issue(db, series_of(request), parse_period(period))


def period_of(issue: ReportIssue) -> Period:
    return Period(issue.period_start, issue.period_end)


def item_out(item: IssueItem) -> ItemOut:
    article, issue = item.article, item.issue
    return ItemOut(
        position=item.position,
        article_id=article.id,
        title=item.title or article.title,
        outlet=item.outlet or article.outlet,
        url=article.original_url,
        published=article.published,
        outside_period=not (
            article.published and issue.period_start <= article.published <= issue.period_end
        ),
        edited=bool(item.title or item.outlet or item.paragraphs is not None),
        paragraphs=list(item.paragraphs if item.paragraphs is not None else article.paragraphs),
    )


def number_text(number: int) -> str:
    """第五三八期; a number below 1 (stored before such numbers were refused) is shown as it is."""
    return f"第{chinese_number(number)}期" if number >= 1 else f"第{number}期（期号无效，请删除后重建）"


def summary(issue: ReportIssue) -> IssueSummary:
    return IssueSummary(
        series=issue.series,
        number=issue.number,
        number_text=number_text(issue.number),
        period=period_of(issue).label,
        start=issue.period_start,
        end=issue.period_end,
        status=issue.status,
        item_count=len(issue.items),
    )


def issue_out(issue: ReportIssue) -> IssueOut:
    items = [item_out(i) for i in issue.items]
    return IssueOut(**summary(issue).model_dump(), items=items, warnings=warnings(issue, items))


def warnings(issue: ReportIssue, items: list[ItemOut]) -> list[str]:
    """What an editor should see before freezing: items dated outside the period (the intro
    names the period), an invalid number, an empty issue."""
    said = []
    if issue.number < 1:
        said.append(f"期号 {issue.number} 无效（早于期号锚点）：请删除这一期后重新新建")
    outside = [i for i in items if i.outside_period]
    if outside:
        which = "、".join(f"第 {i.position} 条（{i.published or '日期不详'}）" for i in outside)
        said.append(
            f"{which}不在本期时段 {issue.period_start} 至 {issue.period_end} 内，"
            "而导语写的是这一时段：请核对日期或换到相应的一期"
        )
    if not items:
        said.append("本期还没有条目，不能定稿")
    return said


def newest_first(db: Session) -> list[IssueSummary]:
    return [summary(i) for i in sorted(issues.list_issues(db), key=lambda i: i.period_start, reverse=True)]


def create(request: Request, db: Session, period: str, number: int | None) -> ReportIssue:
    """A draft for ``period``; without a number, the anchor's count, which must be 1 or more."""
    p = parse_period(period)
    settings: Settings = request.app.state.settings
    if number is None:  # counted from the series' anchor; a period outside the series is refused
        number = issue_number(p, settings.anchor_for(series_of(request)))
    return issues.create_issue(db, series_of(request), p, number)


def add(db: Session, issue: ReportIssue, ref: int | str, position: int | None = None) -> None:
    issues.add_item(db, issue, get_article(db, fields.article_ref(ref)), position)


def edit(issue: ReportIssue, position: int, edits: dict[str, Any], reset: bool) -> None:
    """Apply ``edits`` (title, outlet, paragraphs; each checked by yuqing.web.fields); a value
    equal to the article's own is stored as no edit, so the edited mark only shows real changes."""
    checks: dict[str, Callable[[Any], Any]] = {
        "title": fields.title,
        "outlet": fields.outlet,
        "paragraphs": fields.paragraphs,
    }
    checked = {name: checks[name](value) for name, value in edits.items()}
    item = list(issue.items)[position - 1] if 1 <= position <= len(issue.items) else None
    changes: dict[str, Any] = {"title": None, "outlet": None, "paragraphs": None} if reset else {}
    for name, value in checked.items():
        own = getattr(item.article, name) if item is not None else None
        changes[name] = None if value == own else value
    issues.edit_item(issue, position, **changes)


def freeze(request: Request, issue: ReportIssue) -> None:
    if not issue.items:
        raise refuse("本期还没有条目，不能定稿")
    issues.freeze(issue, document(request, issue).to_json())


def document(request: Request, issue: ReportIssue) -> ReportDocument:
    """The issue in the house format; refused for a number below 1, which cannot be written."""
    if issue.number < 1:
        raise refuse(f"期号 {issue.number} 无效（早于期号锚点），无法生成报告：请删除这一期后重新新建")
    return compose(issue, request.app.state.settings)


def delete(issue: ReportIssue, db: Session, force: bool) -> None:
    issues.delete_issue(db, issue, force=force)


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


@router.delete("/{period}", status_code=204)
def api_delete(request: Request, db: Db, _: Editor, period: str, force: bool = False) -> None:
    """Delete the issue and its items (the articles stay); a frozen one only with force=true."""
    delete(load_issue(request, db, period), db, force)


@router.delete("/{period}/items/{position}", response_model=IssueOut)
def api_remove(request: Request, db: Db, _: Editor, period: str, position: Position) -> Any:
    issue = load_issue(request, db, period)
    issues.remove_item(db, issue, position)
    return issue_out(issue)


@router.post("/{period}/move", response_model=IssueOut)
def api_move(request: Request, db: Db, _: Editor, period: str, body: MoveItem) -> Any:
    issue = load_issue(request, db, period)
    issues.move_item(issue, body.source, body.target)
    return issue_out(issue)


@router.patch("/{period}/items/{position}", response_model=IssueOut)
def api_edit(request: Request, db: Db, _: Editor, period: str, position: Position, body: EditItem) -> Any:
    """Change an item's title, outlet or text (``paragraphs``, or ``text`` a paragraph a line)
    for this issue only; ``reset`` first goes back to the article's own."""
    issue = load_issue(request, db, period)
    given = body.model_dump(include=body.model_fields_set - {"reset", "text"}, exclude_none=True)
    if body.text is not None:
        if body.paragraphs is not None:
            raise refuse("paragraphs 与 text 只能给一个")
        given["paragraphs"] = body.text.splitlines()
    edit(issue, position, given, body.reset)
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
