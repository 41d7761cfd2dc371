"""Ranked candidates of a period, and editors' picks and rejections of them.

A pick also places the article in the period's draft issue, so curating and assembling the
issue are one click; every decision is kept, as the learned model's teacher. A rejection can be
undone: rejected clusters are listed apart, and 撤销排除 forgets the rejection (a mistaken
rejection must not teach the model).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import delete
from sqlalchemy.orm import Session

from yuqing.analyze.candidates import Candidate, candidates
from yuqing.analyze.profile import load_profile, profile_path
from yuqing.analyze.undated import listed_apart
from yuqing.errors import InputError
from yuqing.report.period import Period, issue_number, parse_period
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import get_article
from yuqing.store.models import Decision, User
from yuqing.web.chinese import chinese
from yuqing.web.deps import Db, render
from yuqing.web.fields import ARTICLE_ID_MAX
from yuqing.web.paging import paging
from yuqing.web.security import RANKS, current_user, require
from yuqing.web.views.search import outlets

router = APIRouter()
Choice = Literal["pick", "reject"]
PAGE = 100  # candidates on one page
Period_ = Annotated[str, Query(max_length=40, description="2024-09, 2024-W35 or a date range.")]
Label = Annotated[str, Query(max_length=100)]
Outlet = Annotated[str, Query(max_length=100, description="Part of an outlet's name.")]
MinScore = Annotated[float, Query(ge=0, le=10)]
ArticleId = Annotated[int, Field(ge=1, le=ARTICLE_ID_MAX)]


class CandidateOut(BaseModel):
    cluster: int
    article: int
    title: str
    outlet: str
    url: str
    published: date | None
    date_source: str
    rank_score: float
    score: float
    rule_score: float
    model_score: float | None
    labels: list[str]
    heat: int
    outlets: list[str]
    members: list[int]
    why: str
    evidence: list[dict[str, Any]]
    decision: str | None


class CandidatePage(BaseModel):
    total: int = Field(description="How many candidates match in all (rejected ones aside).")
    offset: int
    limit: int | None
    items: list[CandidateOut]


class ApartOut(BaseModel):
    """An article of the period whose date is only guessed or missing: listed apart."""

    article: int
    title: str
    outlet: str
    url: str
    published: date | None
    date_source: str
    fetched_at: datetime
    score: float | None
    apart: str


class DecisionIn(BaseModel):
    article: ArticleId
    decision: Choice


class UndoIn(BaseModel):
    article: ArticleId


class DecisionOut(BaseModel):
    id: int
    article: int
    decision: str
    user: str
    decided_at: datetime
    issue_number: int | None


def listed(
    db: Session,
    period: Period,
    label: str = "",
    outlet: str = "",
    min_score: float = 0.0,
    below: bool = False,
    rejected: bool = False,
) -> list[Candidate]:
    """The period's candidates within the filters; the 媒体 filter takes part of a name. With
    ``rejected`` the rejected clusters are kept too (their ``decision`` is "reject")."""
    found = candidates(db, period, include_irrelevant=below, include_rejected=rejected)
    part = outlet.strip()
    return [
        c
        for c in found
        if (not label or label in c.score.labels)
        and (not part or any(part in o for o in c.outlets))
        and c.score.score >= min_score
    ]


def decide(
    db: Session, settings: Settings, period: Period, article_id: int, choice: str, user: User
) -> DecisionOut:
    """Record the decision; a pick joins the period's draft issue (made if there is none)."""
    article = get_article(db, article_id)
    issue = issues.find_issue(db, settings.report_series, period)
    if choice == "pick":
        if issue is not None and issue.status == "frozen":  # checked before anything is written
            raise InputError(f"第{issue.number}期已定稿，不能再选入文章；请先取消定稿")
        if issue is None:
            new = issue_number(period, settings.anchor)
            issue = issues.create_issue(db, settings.report_series, period, new)
        if all(item.article_id != article.id for item in issue.items):
            issues.add_item(db, issue, article)
    row = Decision(
        article_id=article.id,
        issue_id=issue.id if issue is not None and choice == "pick" else None,
        decision=choice,
        user=user.username,
        decided_at=datetime.now().replace(microsecond=0),
    )
    db.add(row)
    db.flush()
    number = issue.number if issue is not None and choice == "pick" else None
    return DecisionOut(
        id=row.id,
        article=article.id,
        decision=choice,
        user=user.username,
        decided_at=row.decided_at,
        issue_number=number,
    )


def undo_rejection(db: Session, period: Period, article_id: int) -> int:
    """Forget the rejections of the cluster holding ``article_id``; returns how many."""
    found = _row_of(db, period, article_id)
    members = [m.id for m in found.members] if found else [get_article(db, article_id).id]
    gone = db.execute(delete(Decision).where(Decision.article_id.in_(members), Decision.decision == "reject"))
    return int(getattr(gone, "rowcount", 0) or 0)


@router.get("/candidates")
def candidates_page(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    period: Period_ = "",
    label: Label = "",
    outlet: Outlet = "",
    min_score: MinScore = 0.0,
    below: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Any:
    chosen = parse_period(period or f"{date.today():%Y-%m}")
    settings: Settings = request.app.state.settings
    found = listed(db, chosen, label, outlet, min_score, below, rejected=True)
    rows = [c for c in found if c.decision != "reject"]
    filters = {"label": label, "outlet": outlet, "min_score": min_score or "", "below": below}
    return render(
        request,
        "candidates.html",
        period=chosen,
        rows=rows[(page - 1) * PAGE : page * PAGE],
        pages=paging(len(rows), page, PAGE, {"period": chosen.label, **filters}),
        rejected=[c for c in found if c.decision == "reject"],
        apart=listed_apart(db, chosen, include_irrelevant=below)[:200],
        labels=[g.label for g in load_profile(profile_path(settings)).groups],
        filters=filters,
        outlets=outlets(db),
        can_decide=RANKS[user.role] >= RANKS["editor"],
    )


@router.post("/candidates/{period}/decide")
def decide_row(
    request: Request,
    period: str,
    db: Db,
    user: Annotated[User, require("editor")],
    article: Annotated[int, Form(ge=1, le=ARTICLE_ID_MAX)],
    decision: Annotated[Choice, Form()],
    back: Annotated[str, Form(max_length=200)] = "",
) -> Any:
    """The htmx button: answers with the row, now showing the decision (or why it was refused).
    A plain form (the article page's buttons) is sent back to ``back``, a path of this site."""
    chosen = parse_period(period)
    if back:
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            raise InputError("返回地址应为本站的路径")
        decide(db, request.app.state.settings, chosen, article, decision, user)
        return RedirectResponse(back, status_code=303)
    try:
        made = decide(db, request.app.state.settings, chosen, article, decision, user)
    except InputError as exc:  # shown in the row: htmx swaps only successful answers
        row = _row_of(db, chosen, article)
        refused = chinese(str(exc))
        return render(request, "candidate_row.html", period=chosen, c=row, refused=refused, can_decide=True)
    row = _row_of(db, chosen, article) if decision == "pick" else None
    return render(request, "candidate_row.html", period=chosen, c=row, made=made, can_decide=True)


@router.post("/candidates/{period}/undo")
def undo_row(
    request: Request,
    period: str,
    db: Db,
    user: Annotated[User, require("editor")],
    article: Annotated[int, Form(ge=1, le=ARTICLE_ID_MAX)],
) -> Any:
    """撤销排除: the candidate is listed again (the page reloads it into its ranked place)."""
    chosen = parse_period(period)
    undo_rejection(db, chosen, article)
    if request.headers.get("hx-request"):
        row = _row_of(db, chosen, article)
        return render(request, "candidate_row.html", period=chosen, c=row, restored=True, can_decide=True)
    return RedirectResponse(f"/candidates?period={chosen.label}", status_code=303)


def _row_of(db: Session, period: Period, article_id: int) -> Candidate | None:
    return next(
        (
            c
            for c in candidates(db, period, include_irrelevant=True, include_rejected=True)
            if article_id in {m.id for m in c.members}
        ),
        None,
    )


@router.get("/api/candidates/{period}", response_model=CandidatePage)
def candidates_json(
    period: str,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    limit: Annotated[int | None, Query(ge=1, le=10_000, description="Default: all.")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    label: Label = "",
    outlet: Outlet = "",
    min_score: MinScore = 0.0,
    below: bool = False,
    rejected: Annotated[bool, Query(description="List the rejected clusters instead.")] = False,
) -> CandidatePage:
    """The period's ranked candidates (a page of them with ``limit``/``offset``) and the total."""
    found = listed(db, parse_period(period), label, outlet, min_score, below, rejected=rejected)
    if rejected:
        found = [c for c in found if c.decision == "reject"]
    end = None if limit is None else offset + limit
    items = [CandidateOut.model_validate(c.to_json()) for c in found[offset:end]]
    return CandidatePage(total=len(found), offset=offset, limit=limit, items=items)


@router.get("/api/candidates/{period}/apart", response_model=list[ApartOut])
def apart_json(
    period: str,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    below: bool = False,
) -> list[ApartOut]:
    """The period's articles whose date was not read off the page, with why they are apart."""
    return [ApartOut.model_validate(a.to_json()) for a in listed_apart(db, parse_period(period), below)]


@router.post("/api/candidates/{period}/decisions", response_model=DecisionOut)
def decision_json(
    request: Request,
    period: str,
    body: DecisionIn,
    db: Db,
    user: Annotated[User, require("editor")],
) -> DecisionOut:
    return decide(db, request.app.state.settings, parse_period(period), body.article, body.decision, user)


@router.post("/api/candidates/{period}/undo", response_model=dict[str, int])
def undo_json(period: str, body: UndoIn, db: Db, user: Annotated[User, require("editor")]) -> dict[str, int]:
    """Forget the rejection of the article's cluster: it is a candidate again."""
    return {"article": body.article, "undone": undo_rejection(db, parse_period(period), body.article)}
