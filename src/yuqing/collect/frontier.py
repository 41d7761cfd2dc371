"""The crawl frontier and run statistics, kept in the store so a killed crawl resumes.

A discovered article URL is written as ``pending`` before it is fetched and becomes ``stored``,
``dropped`` (with the reason) or ``failed`` (with the error, retried on the next run up to
MAX_ATTEMPTS). The links of one list page are recorded in one transaction. An article's outcome is
written in the transaction that stores it (collect/pipeline.py); other outcomes (a page that was no
article, a fetch that failed) are written SETTLE_BATCH at a time and when the crawl ends. Whatever
moment the process dies at, a URL is either recorded with its outcome or still pending (fetched again
next run), never lost and never stored twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from yuqing.collect import claims
from yuqing.store.db import Store
from yuqing.store.models import Article, CollectRun, CrawlUrl
from yuqing.urls import normalise_url

MAX_ATTEMPTS = 3
SETTLE_BATCH = 50
CHUNK = 500  # URLs per statement (SQLite caps a statement's parameters)
INSERT_CHUNK = 100  # rows per INSERT: 8 parameters each


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


@dataclass(frozen=True)
class Outcome:
    url: str
    status: str  # stored | dropped | failed
    reason: str | None = None
    detail: str | None = None


class Frontier:
    """The frontier as one crawl sees it: URLs it adds or takes are claimed for ``lease``
    seconds (collect/claims.py), so crawls running at the same time never fetch the same URL."""

    def __init__(self, store: Store, lease: float = 120.0) -> None:
        self.store = store
        self._unsettled: list[Outcome] = []
        self.owner = claims.new_owner()
        self.lease = lease

    def pending(self, source: str) -> list[str]:
        """URLs of this source left over from an earlier, interrupted or failed crawl, claimed now
        (those another running crawl holds are left to it)."""
        return claims.claim(self.store, source, self.owner, self.lease, MAX_ATTEMPTS)

    def add(self, url: str, source: str) -> bool:
        """Record a discovered URL; False when it is known already (crawled or in the archive)."""
        return bool(self.add_many([url], source))

    def add_many(self, urls: list[str], source: str) -> list[str]:
        """Record the discovered URLs in one transaction; returns those not known already (neither
        crawled nor in the archive), each once, in the order given."""
        keys: dict[str, str] = {}
        for url in urls:
            keys.setdefault(normalise_url(url), url)  # the first spelling of each
        with self.store.session(write=True) as s:
            known: set[str] = set()
            for start in range(0, len(keys), CHUNK):
                chunk = list(keys)[start : start + CHUNK]
                known.update(s.scalars(select(CrawlUrl.url).where(CrawlUrl.url.in_(chunk))))
                known.update(s.scalars(select(Article.url).where(Article.url.in_(chunk))))
            fresh = [key for key in keys if key not in known]
            inserted: set[str] = set()
            if fresh:
                now = _now()
                rows = [
                    {
                        "url": key,
                        "source": source,
                        "status": "pending",
                        "attempts": 0,
                        "discovered_at": now,
                        "updated_at": now,
                        "lease_owner": self.owner,  # claimed as it is added (collect/claims.py)
                        "lease_until": claims.lease_end(self.lease),
                    }
                    for key in fresh
                ]
                # a crawl running beside this one may have recorded a URL since: it is that crawl's,
                # so only the rows this statement inserted count as new here
                dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
                for start in range(0, len(rows), INSERT_CHUNK):
                    stmt = dialect.insert(CrawlUrl).values(rows[start : start + INSERT_CHUNK])
                    stmt = stmt.on_conflict_do_nothing(index_elements=["url"]).returning(CrawlUrl.url)
                    inserted.update(s.scalars(stmt))
        return [url for key, url in keys.items() if key in inserted]

    def settle(self, url: str, status: str, reason: str | None = None, detail: str | None = None) -> None:
        """Record a URL's outcome; written with the next SETTLE_BATCH outcomes or at ``flush``."""
        self._unsettled.append(Outcome(url, status, reason, detail))
        if len(self._unsettled) >= SETTLE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the outcomes recorded so far."""
        outcomes, self._unsettled = self._unsettled, []
        if outcomes:
            with self.store.session(write=True) as s:
                settle_in(s, outcomes)

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


def settle_in(session: Session, outcomes: list[Outcome]) -> None:
    """Write URL outcomes in the caller's transaction: one UPDATE per distinct outcome."""
    groups: dict[tuple[str, str | None, str | None], list[str]] = {}
    for o in outcomes:
        groups.setdefault((o.status, o.reason, o.detail), []).append(normalise_url(o.url))
    now = _now()
    for (status, reason, detail), keys in groups.items():
        for start in range(0, len(keys), CHUNK):
            session.execute(
                update(CrawlUrl)
                .where(CrawlUrl.url.in_(keys[start : start + CHUNK]))
                .values(
                    status=status,
                    reason=reason,
                    detail=detail,
                    attempts=CrawlUrl.attempts + 1,
                    updated_at=now,
                    lease_owner=None,  # settled: the claim is given back
                    lease_until=None,
                )
            )


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
