"""The dashboard: what came in (per day, subtopic, outlet), and how each source is doing.

The per-day chart shows the period the user chooses (from/to, at most MAX_DAYS days; by default
the 60 days up to today); when that period holds no article, the page says so and offers the
newest 60 days that do."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuqing.collect.frontier import last_runs, last_success
from yuqing.collect.overlay import sources_in_force
from yuqing.collect.sources import format_interval
from yuqing.errors import ConfigError, InputError
from yuqing.store.db import Store
from yuqing.store.models import Article, ArticleScore, User
from yuqing.web import charts
from yuqing.web.chinese import crawl_chinese, drop_label, registry_chinese
from yuqing.web.deps import Db, render
from yuqing.web.security import current_user

router = APIRouter()
DAYS = 60
MAX_DAYS = 366
TOP_OUTLETS = 15
Until = Annotated[date | None, Query(description="Last day of the chart (default: today).")]
Since = Annotated[date | None, Query(alias="from", description="First day of the chart (default: 60 days).")]


@router.get("/")
def dashboard(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    until: Until = None,
    since: Since = None,
) -> Any:
    data = numbers(request, db, until, since)
    days = [(_md(d["day"]), d["count"]) for d in data["per_day"]]
    svg = {
        "per_day": charts.columns("每日文章数（按发布日期）", days),
        "subtopics": charts.hbars("各子主题文章数", [(r["label"], r["count"]) for r in data["subtopics"]]),
        "outlets": charts.hbars("文章最多的媒体", [(r["outlet"], r["count"]) for r in data["outlets"]]),
    }
    return render(
        request,
        "dashboard.html",
        data=data,
        svg=svg,
        newest=None if data["in_period"] else _newest(db),
        drop_label=drop_label,
        crawl_chinese=crawl_chinese,
        registry_chinese=registry_chinese,
    )


@router.get("/api/dashboard")
def dashboard_api(
    request: Request,
    db: Db,
    user: Annotated[User, Depends(current_user)],
    until: Until = None,
    since: Since = None,
) -> dict[str, Any]:
    """The dashboard's numbers: articles per day, per subtopic, per outlet, and source health."""
    return numbers(request, db, until, since)


def numbers(request: Request, db: Session, until: date | None, since: date | None = None) -> dict[str, Any]:
    last = until or date.today()
    first = since or last - timedelta(days=DAYS - 1)
    if first > last:
        raise InputError(f"起始日期 {first} 晚于截止日期 {last}")
    if (last - first).days + 1 > MAX_DAYS:
        raise InputError(f"图表最多显示 {MAX_DAYS} 天，{first} 至 {last} 共 {(last - first).days + 1} 天")
    per_day = _per_day(db, first, last)
    return {
        "articles": db.scalar(select(func.count()).select_from(Article)) or 0,
        "relevant": db.scalar(select(func.count()).select_from(ArticleScore).where(ArticleScore.relevant))
        or 0,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "in_period": sum(d["count"] for d in per_day),
        "per_day": per_day,
        "subtopics": [{"label": k, "count": n} for k, n in _labels(db).most_common()],
        "outlets": _outlets(db),
        **_health(request.app.state.settings, request.app.state.store),
    }


def _newest(db: Session) -> tuple[date, date] | None:
    """The newest DAYS days that hold articles, to offer when the chosen period holds none."""
    newest = db.scalar(select(func.max(Article.published)))
    return (newest - timedelta(days=DAYS - 1), newest) if newest else None


def _per_day(db: Session, first: date, last: date) -> list[dict[str, Any]]:
    rows = db.execute(
        select(Article.published, func.count())
        .where(Article.published >= first, Article.published <= last)
        .group_by(Article.published)
    )
    counts = {day: n for day, n in rows if day is not None}
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [{"day": d.isoformat(), "count": counts.get(d, 0)} for d in days]


def _labels(db: Session) -> Counter[str]:
    # labels are a JSON list, which SQLite and PostgreSQL unnest differently: count in Python
    found: Counter[str] = Counter()
    for labels in db.scalars(select(ArticleScore.labels)):
        found.update(labels or [])
    return found


def _outlets(db: Session) -> list[dict[str, Any]]:
    count = func.count().label("n")
    rows = db.execute(
        select(Article.outlet, count).group_by(Article.outlet).order_by(count.desc(), Article.outlet)
    )
    return [{"outlet": outlet, "count": n} for outlet, n in rows.all()[:TOP_OUTLETS]]


def _health(settings: Any, store: Store) -> dict[str, Any]:
    """Per source: its last run and last success; flagged when the last run failed or nothing
    succeeded for two intervals."""
    try:
        registry = sources_in_force(settings, store)
        sources = {s.name: s.interval_seconds for s in registry}
        outlets = {s.name: s.outlet for s in registry}
        registry_error = None
    except ConfigError as exc:
        sources, outlets, registry_error = {}, {}, str(exc)
    runs, successes, now = last_runs(store), last_success(store), datetime.now()
    rows = []
    for name in sorted(sources.keys() | runs.keys()):
        run, success, interval = runs.get(name), successes.get(name), sources.get(name, 6 * 3600)
        failed = run is not None and run.errors > 0 and run.fetched == 0
        stale = run is not None and (success is None or now - success > timedelta(seconds=2 * interval))
        rows.append(
            {
                "source": name,
                "outlet": outlets.get(name),
                "interval": format_interval(interval),
                "last_run": run.started_at.isoformat(sep=" ") if run else None,
                "last_success": success.isoformat(sep=" ") if success else None,
                "fetched": run.fetched if run else 0,
                "new": run.new if run else 0,
                "errors": run.errors if run else 0,
                "last_error": run.last_error if run else None,
                "dropped": dict(run.dropped) if run else {},
                "flagged": failed or stale,
            }
        )
    return {"sources": rows, "registry_error": registry_error}


def _md(day: str) -> str:
    """2024-08-03 → 8月3日, the usual way to write a day on a Chinese chart axis."""
    parsed = date.fromisoformat(day)
    return f"{parsed.month}月{parsed.day}日"
