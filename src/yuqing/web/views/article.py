"""One article: its clean text, why it scored as it did, its reprints, its archived page.

Everything shown here was written by the sites we crawl, so none of it may run in an editor's
browser: clean text is autoescaped, the raw page is sanitised with nh3 and shown only in a
sandboxed iframe, and every page of these views carries a strict Content-Security-Policy.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import nh3
from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from yuqing.extract.decode import DecodeFailure, decode
from yuqing.report.period import Period
from yuqing.store.articles import get_article, raw_page
from yuqing.store.models import Article, ArticleCluster, ArticleScore, Decision, IssueItem, ReportIssue, User
from yuqing.web.deps import Db, render
from yuqing.web.fields import ARTICLE_ID_MAX
from yuqing.web.security import RANKS, current_user

# What survives of an archived page: its text and structure. No images (loading them would tell
# the site who reads it), no forms, frames, scripts or styles; links only to http(s).
RAW_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "div", "span", "ul", "ol", "li", "a", "b", "i"}
RAW_TAGS |= {"strong", "em", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "pre"}
RAW_DROPPED = {"script", "style", "title", "noscript", "template", "iframe", "object", "form", "select"}
UNREADABLE = {"binary": "存档的不是文本网页", "undecodable": "存档网页的文字编码无法识别"}


router = APIRouter()
ArticleId = Annotated[int, Path(ge=1, le=ARTICLE_ID_MAX)]


class ScoreOut(BaseModel):
    score: float
    rule_score: float
    model_score: float | None
    relevant: bool
    labels: list[str]
    evidence: list[dict[str, Any]]
    reason: str


class MemberOut(BaseModel):
    id: int
    title: str
    outlet: str
    url: str
    published: date | None


class ArticleOut(MemberOut):
    date_source: str  # where the date was read (yuqing/provenance.py); guess/none: not on the page
    credited_outlet: str | None
    author: str | None
    paragraphs: list[str]
    score: ScoreOut | None
    cluster: list[MemberOut]
    has_raw: bool


def cluster_of(db: Session, article: Article) -> list[Article]:
    """Every article in ``article``'s reprint cluster, itself included, oldest first."""
    cluster_id = db.scalar(select(ArticleCluster.cluster_id).where(ArticleCluster.article_id == article.id))
    if cluster_id is None:
        return [article]
    members = select(ArticleCluster.article_id).where(ArticleCluster.cluster_id == cluster_id)
    return list(
        db.scalars(select(Article).where(Article.id.in_(members)).order_by(Article.published, Article.id))
    )


def sanitised_raw(article: Article) -> str | None:
    page = raw_page(article)
    if page is None:
        return None
    try:
        text, _ = decode(page)
    except DecodeFailure as exc:
        return f"<p>{UNREADABLE.get(exc.reason, '存档网页无法读取')}</p>"
    return nh3.clean(
        text,
        tags=RAW_TAGS,
        clean_content_tags=RAW_DROPPED,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
    )


@router.get("/articles/{article_id}")
def article_page(
    request: Request,
    article_id: ArticleId,
    db: Db,
    user: Annotated[User, Depends(current_user)],
) -> Any:
    article = get_article(db, article_id)
    month = f"{article.published:%Y-%m}" if article.published else f"{date.today():%Y-%m}"
    return render(
        request,
        "article.html",
        article=article,
        score=db.get(ArticleScore, article.id),
        cluster=cluster_of(db, article),
        month=month,
        decision=db.scalars(
            select(Decision).where(Decision.article_id == article.id).order_by(Decision.decided_at.desc())
        ).first(),
        issues=[
            (i.number, Period(i.period_start, i.period_end).label)
            for i in db.scalars(select(ReportIssue).join(IssueItem).where(IssueItem.article_id == article.id))
        ],
        can_decide=RANKS[user.role] >= RANKS["editor"],
    )


@router.get("/articles/{article_id}/raw")
def raw_copy(
    request: Request,
    article_id: ArticleId,
    db: Db,
    user: Annotated[User, Depends(current_user)],
) -> Any:
    article = get_article(db, article_id)
    return render(request, "article_raw.html", article=article, raw=sanitised_raw(article))


@router.get("/api/articles/{article_id}", response_model=ArticleOut)
def article_json(
    article_id: ArticleId,
    db: Db,
    user: Annotated[User, Depends(current_user)],
) -> ArticleOut:
    a = get_article(db, article_id)
    s = db.get(ArticleScore, a.id)
    return ArticleOut(
        **_member(a).model_dump(),
        date_source=a.date_source,
        credited_outlet=a.credited_outlet,
        author=a.author,
        paragraphs=a.paragraphs,
        score=ScoreOut.model_validate(s, from_attributes=True) if s else None,
        cluster=[_member(m) for m in cluster_of(db, a)],
        has_raw=a.raw_page is not None,
    )


def _member(a: Article) -> MemberOut:
    return MemberOut(id=a.id, title=a.title, outlet=a.outlet, url=a.original_url, published=a.published)
