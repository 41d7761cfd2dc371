"""Ranked candidates of a period, and editors' picks and rejections of them.

A pick also places the article in the period's draft issue, so curating and assembling the
issue are one click; every decision is kept, as the learned model's teacher.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel
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
from yuqing.web.security import RANKS, current_user, require

router = APIRouter()
Choice = Literal["pick", "reject"]


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
    article: int
    decision: Choice


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
) -> list[Candidate]:
    found = candidates(db, period, include_irrelevant=below)
    return [
        c
        for c in found
        if (not label or label in c.score.labels)
        and (not outlet or outlet in c.outlets)
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


@router.get("/candidates")
def candidates_page(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    period: str = "",
    label: str = "",
    outlet: str = "",
    min_score: float = 0.0,
    below: bool = False,
) -> Any:
    chosen = parse_period(period or f"{date.today():%Y-%m}")
    settings: Settings = request.app.state.settings
    return render(
        request,
        "candidates.html",
        period=chosen,
        rows=listed(db, chosen, label, outlet, min_score, below)[:200],
        apart=listed_apart(db, chosen, include_irrelevant=below)[:200],
        labels=[g.label for g in load_profile(profile_path(settings)).groups],
        filters={"label": label, "outlet": outlet, "min_score": min_score, "below": below},
        can_decide=RANKS[user.role] >= RANKS["editor"],
    )


@router.post("/candidates/{period}/decide")
def decide_row(
    request: Request,
    period: str,
    db: Db,
    user: Annotated[User, require("editor")],
    article: Annotated[int, Form()],
    decision: Annotated[Choice, Form()],
) -> Any:
    """The htmx button: answers with the row, now showing the decision (or why it was refused)."""
    chosen = parse_period(period)
    try:
        made = decide(db, request.app.state.settings, chosen, article, decision, user)
    except InputError as exc:  # shown in the row: htmx swaps only successful answers
        row = _row_of(db, chosen, article)
        refused = chinese(str(exc))
        return render(request, "candidate_row.html", period=chosen, c=row, refused=refused, can_decide=True)
    row = _row_of(db, chosen, article) if decision == "pick" else None
    return render(request, "candidate_row.html", period=chosen, c=row, made=made, can_decide=True)


def _row_of(db: Session, period: Period, article_id: int) -> Candidate | None:
    return next(
        (
            c
            for c in candidates(db, period, include_irrelevant=True)
            if article_id in {m.id for m in c.members}
        ),
        None,
    )


@router.get("/api/candidates/{period}", response_model=list[CandidateOut])
def candidates_json(
    period: str,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    top: int | None = None,
    label: str = "",
    outlet: str = "",
    min_score: float = 0.0,
    below: bool = False,
) -> list[CandidateOut]:
    found = listed(db, parse_period(period), label, outlet, min_score, below)
    return [CandidateOut.model_validate(c.to_json()) for c in found[:top]]


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
