"""The crawl frontier and run statistics, kept in the store so a killed crawl resumes.

A discovered article URL is written as ``pending`` before it is fetched and becomes ``stored``,
``dropped`` (with the reason) or ``failed`` (with the error, retried on the next run up to
MAX_ATTEMPTS). Every write is its own transaction: whatever moment the process dies at, a URL is
either recorded with its outcome or still pending, never lost and never stored twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from yuqing.store.db import Store
from yuqing.store.models import Article, CollectRun, CrawlUrl
from yuqing.urls import normalise_url

MAX_ATTEMPTS = 3


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class RunStats:
    """Counters of one source's crawl, written to collect_runs when the crawl ends."""

    source: str
    started_at: datetime = field(default_factory=_now)
    fetched: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    last_error: str | None = None
    status: str = "running"  # running | finished | interrupted | failed
    run_id: int | None = None  # its collect_runs row, written when the run starts
    saved: bool = False  # the row holds the run's end

    def error(self, reason: str, message: str) -> None:
        self.errors += 1
        self.dropped[reason] += 1
        self.last_error = message


class Frontier:
    def __init__(self, store: Store) -> None:
        self.store = store

    def pending(self, source: str) -> list[str]:
        """URLs of this source left over from an earlier, interrupted or failed crawl."""
        with self.store.session() as s:
            rows = s.scalars(
                select(CrawlUrl.url).where(
                    CrawlUrl.source == source,
                    (CrawlUrl.status == "pending")
                    | ((CrawlUrl.status == "failed") & (CrawlUrl.attempts < MAX_ATTEMPTS)),
                )
            )
            return list(rows)

    def add(self, url: str, source: str) -> bool:
        """Record a discovered URL; False when it is known already (crawled or in the archive).
        ValueError for a URL that is not http(s)."""
        key = normalise_url(url)
        try:
            with self.store.session(write=True) as s:
                if s.scalar(select(CrawlUrl.id).where(CrawlUrl.url == key)) is not None:
                    return False
                if s.scalar(select(Article.id).where(Article.url == key)) is not None:
                    return False
                s.add(
                    CrawlUrl(
                        url=key,
                        source=source,
                        status="pending",
                        attempts=0,
                        discovered_at=_now(),
                        updated_at=_now(),
                    )
                )
        except IntegrityError:  # a concurrent crawl recorded it first (PostgreSQL): it is known
            return False
        return True

    def settle(self, url: str, status: str, reason: str | None = None, detail: str | None = None) -> None:
        key = normalise_url(url)
        with self.store.session(write=True) as s:
            row = s.scalars(select(CrawlUrl).where(CrawlUrl.url == key)).one_or_none()
            if row is None:
                return
            row.status, row.reason, row.detail = status, reason, detail
            row.attempts += 1
            row.updated_at = _now()

    def start_run(self, stats: RunStats) -> None:
        """Write the run's record as it starts, so a run killed outright still leaves one."""
        with self.store.session(write=True) as s:
            row = CollectRun(source=stats.source, status="running", started_at=stats.started_at)
            s.add(row)
            s.flush()
            stats.run_id = row.id

    def save_run(self, stats: RunStats) -> None:
        """Close the run's record with its counts and status (``running`` becomes finished)."""
        if stats.status == "running":
            stats.status = "finished"
        with self.store.session(write=True) as s:
            row = s.get(CollectRun, stats.run_id) if stats.run_id is not None else None
            if row is None:
                row = CollectRun(source=stats.source, started_at=stats.started_at)
                s.add(row)
            row.status, row.finished_at = stats.status, _now()
            row.fetched, row.new, row.updated = stats.fetched, stats.new, stats.updated
            row.errors, row.dropped, row.last_error = stats.errors, dict(stats.dropped), stats.last_error
        stats.saved = True


def last_runs(store: Store) -> dict[str, CollectRun]:
    """The latest run of every source, for summaries and the dashboard."""
    with store.session() as s:
        runs = s.scalars(select(CollectRun).order_by(CollectRun.started_at, CollectRun.id))
        return {run.source: run for run in runs}


def last_success(store: Store) -> dict[str, datetime]:
    """When each source last had a finished run that fetched pages, or had no error at all."""
    with store.session() as s:
        runs = s.scalars(
            select(CollectRun).where(
                CollectRun.status == "finished",
                (CollectRun.fetched > 0) | (CollectRun.errors == 0),
            )
        )
        found: dict[str, datetime] = {}
        for run in runs:
            if run.finished_at and run.finished_at > found.get(run.source, datetime.min):
                found[run.source] = run.finished_at
        return found
