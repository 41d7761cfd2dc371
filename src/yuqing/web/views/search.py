"""Full-text search of the archive, with date, outlet and subtopic filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from yuqing.analyze.profile import load_profile, profile_path
from yuqing.errors import InputError
from yuqing.store.models import Article, ArticleScore, User
from yuqing.store.search import SearchFilter, search
from yuqing.web.deps import Db, render
from yuqing.web.security import current_user

router = APIRouter()
LIMIT = 50
LABEL_POOL = 1000  # labels are JSON, queried differently per database: filter this many in Python


class Hit(BaseModel):
    id: int
    title: str
    outlet: str
    url: str
    published: date | None
    score: float | None
    labels: list[str]


@dataclass
class Found:
    article: Article
    score: ArticleScore | None


def _day(text: str | None, name: str) -> date | None:
    """A date from a form field, where an empty field means no limit."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{name}日期 {text!r} 应写作 2024-09-01") from exc


def find(db: Session, q: str, start: str | None, end: str | None, outlet: str, label: str) -> list[Found]:
    pool = LABEL_POOL if label else LIMIT
    flt = SearchFilter(q, _day(start, "起始"), _day(end, "截止"), outlet or None, limit=pool)
    articles = search(db, flt)
    scores = {
        s.article_id: s
        for s in db.scalars(select(ArticleScore).where(ArticleScore.article_id.in_([a.id for a in articles])))
    }
    found = [Found(a, scores.get(a.id)) for a in articles]
    if label:
        found = [f for f in found if f.score is not None and label in f.score.labels]
    return found[:LIMIT]


@router.get("/search")
def search_page(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    q: str = "",
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    outlet: str = "",
    label: str = "",
) -> Any:
    settings = request.app.state.settings
    return render(
        request,
        "search.html",
        q=q,
        found=find(db, q, start, end, outlet, label) if q.strip() else None,
        filters={"from": start or "", "to": end or "", "outlet": outlet, "label": label},
        labels=[g.label for g in load_profile(profile_path(settings)).groups],
    )


@router.get("/api/search", response_model=list[Hit])
def search_json(
    db: Db,
    user: Annotated[User, Depends(current_user)],
    q: str,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    outlet: str = "",
    label: str = "",
) -> list[Hit]:
    return [
        Hit(
            id=f.article.id,
            title=f.article.title,
            outlet=f.article.outlet,
            url=f.article.original_url,
            published=f.article.published,
            score=f.score.score if f.score else None,
            labels=f.score.labels if f.score else [],
        )
        for f in find(db, q, start, end, outlet, label)
    ]
