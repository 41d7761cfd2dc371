"""When a push is due: the daily digest of new candidates, and a source failing N runs in a row.

Both are recorded in the outbox under a key naming the event (``digest:2024-08-21``,
``alert:news:<first failed run>``), so checking again — every minute, from `yuqing serve` or a
cron'd `yuqing notify run`, on one machine or several — never says the same thing twice.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuqing.errors import YuqingError
from yuqing.settings import Settings
from yuqing.store import outbox
from yuqing.store.db import Store
from yuqing.store.models import Article, ArticleCluster, ArticleScore, CollectRun, PushMessage, Source


def check(settings: Settings, store: Store, now: datetime | None = None) -> list[str]:
    """Record every push now due; returns their keys."""
    now = now or datetime.now()
    keys = failing_sources(settings, store)
    digest = due_digest(settings, store, now)
    return keys + ([digest] if digest else [])


def due_digest(settings: Settings, store: Store, now: datetime) -> str | None:
    """Record today's digest once its time has come (notify.digest_at); its key, or None."""
    if not settings.notify_digest_at:
        return None
    hour, minute = (int(part) for part in settings.notify_digest_at.split(":"))
    key = f"digest:{now:%Y-%m-%d}"
    with store.session(write=True) as s:
        if now.time() < time(hour, minute) or s.scalar(select(PushMessage.id).where(PushMessage.key == key)):
            return None
        last = s.scalar(select(func.max(PushMessage.created_at)).where(PushMessage.kind == "digest"))
    since = last or now - timedelta(days=1)
    note = _score_new(settings, store)
    with store.session(write=True) as s:
        payload = _digest(s, since, settings)
        if note:
            payload["note"] = note
        return key if outbox.record(s, "digest", key, payload) else None


def _score_new(settings: Settings, store: Store) -> str:
    """Score the articles collected since the last analysis, as `yuqing analyze` does; the
    reason when that fails (the digest then says how many it could not rank)."""
    from yuqing.analyze.run import analyze

    try:
        analyze(store, settings)
    except YuqingError as exc:
        return str(exc)
    return ""


def _digest(session: Session, since: datetime, settings: Settings) -> dict[str, Any]:
    """Stories first collected since ``since``: the best article of each reprint cluster none of
    whose members was known before, scoring at least notify.digest_score, best first."""
    rows = session.execute(
        select(Article, ArticleScore, ArticleCluster.cluster_id)
        .join(ArticleScore, ArticleScore.article_id == Article.id)
        .outerjoin(ArticleCluster, ArticleCluster.article_id == Article.id)
        .where(
            Article.fetched_at >= since,
            ArticleScore.relevant,
            ArticleScore.score >= settings.notify_digest_score,
        )
    ).all()
    best: dict[int, tuple[Article, ArticleScore]] = {}
    for article, score, cluster in rows:
        group = cluster or article.id
        if group not in best or score.score > best[group][1].score:
            best[group] = (article, score)
    clustered = {cluster for _, _, cluster in rows if cluster}
    old = _known_before(session, since, [group for group in best if group in clustered])
    ranked = sorted((pair for group, pair in best.items() if group not in old), key=lambda p: -p[1].score)
    unscored = session.scalar(
        select(func.count())
        .select_from(Article)
        .outerjoin(ArticleScore, ArticleScore.article_id == Article.id)
        .where(Article.fetched_at >= since, ArticleScore.article_id.is_(None))
    )
    return {
        "day": f"{datetime.now():%Y-%m-%d}",
        "since": f"{since:%Y-%m-%d %H:%M}",
        "min_score": settings.notify_digest_score,
        "items": [_item(a, s) for a, s in ranked[: settings.notify_digest_top]],
        "unscored": int(unscored or 0),
    }


def _known_before(session: Session, since: datetime, clusters: list[int]) -> set[int]:
    """Clusters with a member collected before ``since``: an old story, reprinted again."""
    if not clusters:
        return set()
    found = session.scalars(
        select(ArticleCluster.cluster_id)
        .join(Article, Article.id == ArticleCluster.article_id)
        .where(ArticleCluster.cluster_id.in_(clusters), Article.fetched_at < since)
    )
    return set(found)


def _item(article: Article, score: ArticleScore) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.original_url,
        "published": article.published.isoformat() if article.published else None,
        "score": round(score.score, 3),
    }


def failing_sources(settings: Settings, store: Store) -> list[str]:
    """Record an alert for each source whose last notify.failed_runs runs all failed (no page
    fetched, an error): once per streak, keyed by the streak's first run."""
    need = settings.notify_failed_runs
    if need <= 0:
        return []
    keys = []
    with store.session(write=True) as s:
        outlets = {row.name: row.outlet for row in s.execute(select(Source.name, Source.outlet))}
        for name in s.scalars(select(CollectRun.source).distinct()):
            streak = _streak(s, name)
            if len(streak) < need:
                continue
            first, last = streak[-1], streak[0]
            key = f"alert:{name}:{first.id}"
            payload = {
                "source": name,
                "outlet": outlets.get(name),
                "runs": len(streak),
                "since": f"{first.started_at:%Y-%m-%d %H:%M}",
                "last_error": last.last_error,
            }
            if outbox.record(s, "alert", key, payload):
                keys.append(key)
    return keys


def _streak(session: Session, source: str, limit: int = 1000) -> list[CollectRun]:
    """The source's failed runs since its last good one, newest first."""
    runs = session.scalars(
        select(CollectRun)
        .where(CollectRun.source == source)
        .order_by(CollectRun.started_at.desc(), CollectRun.id.desc())
        .limit(limit)
    )
    streak = []
    for run in runs:
        if run.fetched > 0 or run.errors == 0:
            break
        streak.append(run)
    return streak
