"""Full-text search of the archive, with date, outlet and subtopic filters, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuqing.analyze.profile import load_profile, profile_path
from yuqing.errors import InputError
from yuqing.store.models import Article, ArticleScore, User
from yuqing.store.search import SearchFilter, count, search
from yuqing.web.deps import Db, render
from yuqing.web.paging import paging
from yuqing.web.security import current_user

router = APIRouter()
PAGE = 50  # results on one page
LIMIT_MAX = 500  # the most one API call returns
QUERY_MAX = 200  # characters of a query
Query_ = Annotated[str, Query(max_length=QUERY_MAX, description="Words to find; spaces mean AND.")]
Start = Annotated[str | None, Query(alias="from", max_length=40, description="First day, 2024-09-01.")]
End = Annotated[str | None, Query(alias="to", max_length=40, description="Last day, 2024-09-30.")]
Outlet = Annotated[str, Query(max_length=100, description="Part of the outlet's name: 人民 finds 人民网.")]
Label = Annotated[str, Query(max_length=100, description="A subtopic of the topic profile.")]


class Hit(BaseModel):
    id: int
    title: str
    outlet: str
    url: str
    published: date | None
    score: float | None
    labels: list[str]


class HitPage(BaseModel):
    total: int = Field(description="How many articles match in all.")
    offset: int
    limit: int
    items: list[Hit]


@dataclass
class Found:
    article: Article
    score: ArticleScore | None


@dataclass
class Results:
    total: int
    offset: int
    items: list[Found]


def _day(text: str | None, name: str) -> date | None:
    """A date from a form field, where an empty field means no limit."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{name}日期“{text[:40]}”应写作 2024-09-01") from exc


def find(
    db: Session, q: str, start: str | None, end: str | None, outlet: str, label: str, offset: int, limit: int
) -> Results:
    flt = SearchFilter(
        q, _day(start, "起始"), _day(end, "截止"), outlet.strip() or None, limit, offset, label or None
    )
    articles = search(db, flt)
    total = count(db, flt) if articles or offset else 0
    scores = {
        s.article_id: s
        for s in db.scalars(select(ArticleScore).where(ArticleScore.article_id.in_([a.id for a in articles])))
    }
    return Results(total, offset, [Found(a, scores.get(a.id)) for a in articles])


def outlets(db: Session, limit: int = 2000) -> list[str]:
    """The outlets in the archive, most articles first: what the 媒体 field suggests."""
    n = func.count().label("n")
    return list(db.scalars(select(Article.outlet).group_by(Article.outlet).order_by(n.desc()).limit(limit)))


@router.get("/search")
def search_page(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    q: Query_ = "",
    start: Start = None,
    end: End = None,
    outlet: Outlet = "",
    label: Label = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Any:
    settings = request.app.state.settings
    filters = {"from": start or "", "to": end or "", "outlet": outlet, "label": label}
    found = find(db, q, start, end, outlet, label, (page - 1) * PAGE, PAGE) if q.strip() else None
    return render(
        request,
        "search.html",
        q=q,
        found=found,
        pages=paging(found.total, page, PAGE, {"q": q, **filters}) if found else None,
        filters=filters,
        labels=[g.label for g in load_profile(profile_path(settings)).groups],
        outlets=outlets(db),
    )


@router.get("/api/search", response_model=HitPage)
def search_json(
    db: Db,
    user: Annotated[User, Depends(current_user)],
    q: Annotated[
        str, Query(min_length=1, max_length=QUERY_MAX, description="Words to find; spaces mean AND.")
    ],
    start: Start = None,
    end: End = None,
    outlet: Outlet = "",
    label: Label = "",
    limit: Annotated[int, Query(ge=1, le=LIMIT_MAX)] = PAGE,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HitPage:
    """One page of matches, best first, and how many there are in all."""
    found = find(db, q, start, end, outlet, label, offset, limit)
    hits = [
        Hit(
            id=f.article.id,
            title=f.article.title,
            outlet=f.article.outlet,
            url=f.article.original_url,
            published=f.article.published,
            score=f.score.score if f.score else None,
            labels=f.score.labels if f.score else [],
        )
        for f in found.items
    ]
    return HitPage(total=found.total, offset=offset, limit=limit, items=hits)
