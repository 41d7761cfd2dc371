"""Articles whose date nobody read on the page: listed apart, never put in a period silently.

The month an item lands in is decided by its date. Candidates (analyze/candidates.py) rank only
articles whose date was read off the page or given with them; an article whose date is only
htmldate's guess, or that has none, is listed apart for the editor — in the period its guess
falls in, or, with no date at all, in the period it was fetched in — with the reason. The
editor checks the page and adds it to the issue by its number if it belongs there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from yuqing.provenance import GUESSED, describe, label
from yuqing.report.period import Period
from yuqing.store.models import Article, ArticleScore, Decision


@dataclass
class Apart:
    """An article listed apart from a period's candidates, and why."""

    article: Article
    score: ArticleScore | None

    def reason(self, chinese: bool = False) -> str:
        """Why it is apart: in English for the command line, in Chinese for the web app."""
        a = self.article
        source = label(a.date_source) if chinese else describe(a.date_source)
        if a.published is not None:
            when = f"：{a.published}" if chinese else f" ({a.published})"
        else:
            when = f"，{a.fetched_at:%Y-%m-%d} 抓取" if chinese else f" (fetched {a.fetched_at:%Y-%m-%d})"
        check = "，选入前请核对原文日期" if chinese else "; check the page's date before picking it"
        return source + when + check

    def to_json(self) -> dict[str, Any]:
        a, s = self.article, self.score
        return {
            "article": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.original_url,
            "published": a.published.isoformat() if a.published else None,
            "date_source": a.date_source,
            "fetched_at": a.fetched_at.isoformat(),
            "score": None if s is None else round(s.score, 4),
            "apart": self.reason(),
        }


def is_dated(column: Any = Article.date_source) -> Any:
    """The SQL condition for an article whose date was read or given, not guessed or missing."""
    return column.not_in(GUESSED)


def listed_apart(session: Session, period: Period, include_irrelevant: bool = False) -> list[Apart]:
    """The period's articles with a guessed date or none, best score first; rejected ones and
    (unless ``include_irrelevant``) those below the relevance threshold left out."""
    start = datetime.combine(period.start, time())
    end = datetime.combine(period.end + timedelta(days=1), time())
    in_period = or_(
        and_(Article.published >= period.start, Article.published <= period.end),
        and_(Article.published.is_(None), Article.fetched_at >= start, Article.fetched_at < end),
    )
    rows = session.execute(
        select(Article, ArticleScore)
        .outerjoin(ArticleScore, ArticleScore.article_id == Article.id)
        .where(Article.date_source.in_(GUESSED), in_period)
    ).all()
    rejected = _rejected(session, [a.id for a, _ in rows])
    found = [
        Apart(article, score)
        for article, score in rows
        if article.id not in rejected and (include_irrelevant or (score is not None and score.relevant))
    ]
    found.sort(key=lambda a: (-(a.score.score if a.score else 0.0), a.article.id))
    return found


def _rejected(session: Session, ids: list[int]) -> set[int]:
    latest: dict[int, str] = {}
    for first in range(0, len(ids), 5000):
        chunk = ids[first : first + 5000]
        for d in session.scalars(
            select(Decision).where(Decision.article_id.in_(chunk)).order_by(Decision.decided_at, Decision.id)
        ):
            latest[d.article_id] = d.decision
    return {article for article, decision in latest.items() if decision == "reject"}
