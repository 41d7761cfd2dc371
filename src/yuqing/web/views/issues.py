"""The issue editor pages: the list of issues, one issue's items, edits, preview and downloads.

Every form works without JavaScript (POST, then a redirect back to the editor); htmx sends the
same forms in place and gets back the item list plus the refreshed preview (an out-of-band swap).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from yuqing.report.compose import compose
from yuqing.report.html import render_html
from yuqing.report.period import Period, issue_number, parse_period
from yuqing.report.render import FORMATS, default_filename, render
from yuqing.store import issues
from yuqing.store.models import ReportIssue, User
from yuqing.web import fields
from yuqing.web.deps import Db
from yuqing.web.deps import render as render_page
from yuqing.web.fields import Position
from yuqing.web.security import RANKS
from yuqing.web.views import issue_api as api
from yuqing.web.views.issue_api import Editor, Reader

router = APIRouter(prefix="/issues")

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@router.get("")
def issue_list(request: Request, db: Db, user: Reader) -> Any:
    listed = api.newest_first(db)
    upcoming = _next_period(listed)
    return render_page(
        request,
        "issues.html",
        issues=listed,
        series=api.series_of(request),
        many_series=len({i.series for i in listed}) > 1,  # else the column would only repeat one name
        can_edit=_can_edit(user),
        next_month=upcoming.label,
        next_number=issue_number(upcoming, request.app.state.settings.anchor),
    )


@router.post("")
def issue_create(
    request: Request,
    db: Db,
    _: Editor,
    period: Annotated[str, Form(max_length=40)],
    number: Annotated[str, Form(max_length=40)] = "",
) -> Any:
    # An empty number field means "count it from the anchor", so it arrives as text.
    issue = api.create(request, db, period, fields.issue_number(number))
    return RedirectResponse(f"/issues/{api.period_of(issue).label}", status_code=303)


@router.get("/{period}")
def issue_page(request: Request, db: Db, period: str, user: Reader) -> Any:
    issue = api.load_issue(request, db, period)
    return render_page(request, "issue.html", **_state(request, issue, user), formats=FORMATS)


@router.get("/{period}/delete")
def delete_page(request: Request, db: Db, period: str, _: Editor) -> Any:
    """The confirmation before an issue is deleted (a frozen one needs a second tick)."""
    issue = api.load_issue(request, db, period)
    return render_page(request, "issue_delete.html", issue=api.summary(issue))


@router.post("/{period}/delete")
def issue_delete(
    request: Request,
    db: Db,
    period: str,
    _: Editor,
    confirm: Annotated[str, Form(max_length=10)] = "",
    force: Annotated[str, Form(max_length=10)] = "",
) -> Any:
    issue = api.load_issue(request, db, period)
    if not confirm:
        raise fields.refuse("请勾选“确认删除”后再删除")
    api.delete(issue, db, force=bool(force))
    return RedirectResponse("/issues", status_code=303)


@router.post("/{period}/items")
def item_add(
    request: Request, db: Db, period: str, user: Editor, article: Annotated[str, Form(max_length=4000)]
) -> Any:
    issue = api.load_issue(request, db, period)
    api.add(db, issue, article)
    return _changed(request, issue, user)


@router.post("/{period}/items/{position}/remove")
def item_remove(request: Request, db: Db, period: str, position: Position, user: Editor) -> Any:
    issue = api.load_issue(request, db, period)
    issues.remove_item(db, issue, position)
    return _changed(request, issue, user)


@router.post("/{period}/items/{position}/move")
def item_move(
    request: Request,
    db: Db,
    period: str,
    position: Position,
    user: Editor,
    target: Annotated[int, Form(ge=1, le=fields.POSITIONS)],
) -> Any:
    issue = api.load_issue(request, db, period)
    issues.move_item(issue, position, target)
    return _changed(request, issue, user)


@router.get("/{period}/items/{position}")
def item_form(request: Request, db: Db, period: str, position: Position, user: Editor) -> Any:
    issue = api.load_issue(request, db, period)
    items = [api.item_out(i) for i in issue.items]
    if not 1 <= position <= len(items):
        return RedirectResponse(f"/issues/{period}", status_code=303)
    page = "_issue_item_form.html" if request.headers.get("hx-request") else "issue_item.html"
    return render_page(request, page, issue=api.summary(issue), item=items[position - 1])


@router.post("/{period}/items/{position}")
def item_edit(
    request: Request,
    db: Db,
    period: str,
    position: Position,
    user: Editor,
    title: Annotated[str, Form(max_length=fields.TITLE_MAX * 2)] = "",
    outlet: Annotated[str, Form(max_length=fields.OUTLET_MAX * 2)] = "",
    text: Annotated[str, Form()] = "",
    reset: Annotated[str, Form(max_length=10)] = "",
) -> Any:
    issue = api.load_issue(request, db, period)
    if reset:
        api.edit(issue, position, {}, reset=True)
    else:
        edits = {"title": title, "outlet": outlet, "paragraphs": text.splitlines()}
        api.edit(issue, position, edits, reset=False)
    return _changed(request, issue, user)


@router.post("/{period}/freeze")
def issue_freeze(request: Request, db: Db, period: str, _: Editor) -> Any:
    issue = api.load_issue(request, db, period)
    api.freeze(request, issue)
    return RedirectResponse(f"/issues/{period}", status_code=303)


@router.post("/{period}/unfreeze")
def issue_unfreeze(request: Request, db: Db, period: str, _: Editor) -> Any:
    issues.unfreeze(api.load_issue(request, db, period))
    return RedirectResponse(f"/issues/{period}", status_code=303)


@router.get("/{period}/download/{fmt}")
def download(request: Request, db: Db, period: str, fmt: str, _: Reader) -> Response:
    issue = api.load_issue(request, db, period)
    settings = request.app.state.settings
    if fmt not in MEDIA_TYPES:
        raise fields.refuse(f"不支持的格式“{fmt[:20]}”，可选：{', '.join(FORMATS)}", 404)
    doc = api.document(request, issue)  # a frozen issue composes to its frozen text
    body = render(doc, fmt, settings)
    name = default_filename(doc, api.period_of(issue).label, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _state(request: Request, issue: ReportIssue, user: User) -> dict[str, Any]:
    """What the editor page and its in-place fragment draw: the items, what to check, the live
    preview (none for an issue whose number cannot be written)."""
    items = [api.item_out(i) for i in issue.items]
    settings = request.app.state.settings
    return {
        "issue": api.summary(issue),
        "items": items,
        "warnings": api.warnings(issue, items),
        "preview": render_html(compose(issue, settings)) if issue.number >= 1 else "",
        "can_edit": _can_edit(user),
    }


def _changed(request: Request, issue: ReportIssue, user: User) -> Any:
    if request.headers.get("hx-request"):
        return render_page(request, "_issue_items.html", **_state(request, issue, user), oob=True)
    return RedirectResponse(f"/issues/{api.period_of(issue).label}", status_code=303)


def _can_edit(user: User) -> bool:
    return RANKS[user.role] >= RANKS["editor"]


def _next_period(listed: list[api.IssueSummary]) -> Period:
    """The month after the newest issue (or this month): the draft an editor most likely wants."""
    last = listed[0].end if listed else None
    if last is None or last.year >= 9999:
        return parse_period(f"{date.today():%Y-%m}")
    return parse_period(f"{last.year + last.month // 12}-{last.month % 12 + 1:02d}")
