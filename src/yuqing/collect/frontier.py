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

from yuqing.collect import claims
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

    def error(self, reason: str, message: str) -> None:
        self.errors += 1
        self.dropped[reason] += 1
        self.last_error = message


class Frontier:
    """The frontier as one crawl sees it: URLs it adds or takes are claimed for ``lease``
    seconds (collect/claims.py), so crawls running at the same time never fetch the same URL."""

    def __init__(self, store: Store, lease: float = 120.0) -> None:
        self.store = store
        self.owner = claims.new_owner()
        self.lease = lease

    def pending(self, source: str) -> list[str]:
        """URLs of this source left over from an earlier, interrupted or failed crawl, claimed now
        (those another running crawl holds are left to it)."""
        return claims.claim(self.store, source, self.owner, self.lease, MAX_ATTEMPTS)

    def add(self, url: str, source: str) -> bool:
        """Record (and claim) a discovered URL; False when it is known already (crawled, in the
        archive, or just added by a crawl running at the same time)."""
        key = normalise_url(url)
        try:
            with self.store.session() as s:
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
                        lease_owner=self.owner,
                        lease_until=claims.lease_end(self.lease),
                    )
                )
        except IntegrityError:  # the unique URL: another crawl recorded it between check and insert
            return False
        return True

    def settle(self, url: str, status: str, reason: str | None = None, detail: str | None = None) -> None:
        key = normalise_url(url)
        with self.store.session() as s:
            row = s.scalars(select(CrawlUrl).where(CrawlUrl.url == key)).one_or_none()
            if row is None:
                return
            row.status, row.reason, row.detail = status, reason, detail
            row.lease_owner = row.lease_until = None  # settled: the claim is given back
            row.attempts += 1
            row.updated_at = _now()

    def save_run(self, stats: RunStats) -> None:
        with self.store.session() as s:
            s.add(
                CollectRun(
                    source=stats.source,
                    started_at=stats.started_at,
                    finished_at=_now(),
                    fetched=stats.fetched,
                    new=stats.new,
                    updated=stats.updated,
                    errors=stats.errors,
                    dropped=dict(stats.dropped),
                    last_error=stats.last_error,
                )
            )


def last_runs(store: Store) -> dict[str, CollectRun]:
    """The latest run of every source, for summaries and the dashboard."""
    with store.session() as s:
        runs = s.scalars(select(CollectRun).order_by(CollectRun.started_at, CollectRun.id))
        return {run.source: run for run in runs}


def last_success(store: Store) -> dict[str, datetime]:
    """When each source last had a run that fetched pages, or had no error at all."""
    with store.session() as s:
        runs = s.scalars(select(CollectRun).where((CollectRun.fetched > 0) | (CollectRun.errors == 0)))
        found: dict[str, datetime] = {}
        for run in runs:
            if run.finished_at and run.finished_at > found.get(run.source, datetime.min):
                found[run.source] = run.finished_at
        return found
