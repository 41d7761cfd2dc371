"""Claims on frontier URLs, so one URL is fetched once however many crawls run at the same time.

A crawl claims a URL before it asks for it: a new URL is written with the crawl's lease
(``Frontier.add``), a left-over one is taken with a single conditional UPDATE that only matches
rows whose lease is free or past its time (``claim``), so two crawls never hold the same URL.
While the crawl runs, ``LeaseKeeper`` renews its leases every third of their length; a crawl
that dies stops renewing, and its URLs are free again once the lease has run out. Settling a
URL (stored, dropped, failed) gives its lease back.

Leases compare the clocks of the machines that crawl: keep them in step (NTP), as any
deployment of several machines does.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import ColumnElement, select, update
from twisted.internet.task import LoopingCall

from yuqing.store.db import Store
from yuqing.store.models import CrawlUrl


def new_owner() -> str:
    """host:pid:random — names the crawl in the store, so a stuck claim can be traced."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _gone(owner: str) -> bool:
    """Whether ``owner`` was a process of this machine that has ended (a crawl killed and run
    again at once need not wait for its own leases to run out; another machine's must)."""
    machine, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if machine != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def lease_end(seconds: float) -> datetime:
    return datetime.now() + timedelta(seconds=seconds)


def retryable(max_attempts: int) -> ColumnElement[bool]:
    """A URL still to fetch: pending, or failed fewer than ``max_attempts`` times."""
    return (CrawlUrl.status == "pending") | (
        (CrawlUrl.status == "failed") & (CrawlUrl.attempts < max_attempts)
    )


def claim(store: Store, source: str, owner: str, lease: float, max_attempts: int) -> list[str]:
    """Take every URL of ``source`` still to fetch whose lease is free, expired, or held by a
    crawl of this machine whose process is gone; returns the URLs now held by ``owner`` (one
    statement, so concurrent crawls split them and never share one)."""
    now = datetime.now()
    with store.session(write=True) as s:
        holders = s.scalars(
            select(CrawlUrl.lease_owner)
            .distinct()
            .where(CrawlUrl.source == source, CrawlUrl.lease_until >= now, CrawlUrl.lease_owner.is_not(None))
        )
        gone = [h for h in holders if h is not None and _gone(h)]
        free = CrawlUrl.lease_until.is_(None) | (CrawlUrl.lease_until < now) | CrawlUrl.lease_owner.in_(gone)
        s.execute(
            update(CrawlUrl)
            .where(CrawlUrl.source == source, retryable(max_attempts), free)
            .values(lease_owner=owner, lease_until=lease_end(lease)),
            execution_options={"synchronize_session": False},
        )
        held = select(CrawlUrl.url).where(CrawlUrl.source == source, CrawlUrl.lease_owner == owner)
        return list(s.scalars(held.where(retryable(max_attempts))))


def renew(store: Store, source: str, owner: str, lease: float) -> int:
    """Push the end of ``owner``'s leases on ``source`` further; returns how many it holds."""
    with store.session(write=True) as s:
        result = s.execute(
            update(CrawlUrl)
            .where(CrawlUrl.source == source, CrawlUrl.lease_owner == owner)
            .values(lease_until=lease_end(lease)),
            execution_options={"synchronize_session": False},
        )
        return int(getattr(result, "rowcount", 0) or 0)


def release(store: Store, source: str, owner: str) -> None:
    """Give back the URLs ``owner`` claimed and did not settle, for the next crawl to take at once."""
    with store.session(write=True) as s:
        s.execute(
            update(CrawlUrl)
            .where(CrawlUrl.source == source, CrawlUrl.lease_owner == owner)
            .values(lease_owner=None, lease_until=None),
            execution_options={"synchronize_session": False},
        )


class LeaseKeeper:
    """Scrapy extension: renews the spider's claims while it runs, releases them when it closes."""

    def __init__(self, crawler: Crawler) -> None:
        self._loop: LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseKeeper:
        return cls(crawler)

    def opened(self, spider: Any) -> None:
        frontier = spider.frontier
        args = (frontier.store, spider.source.name, frontier.owner, frontier.lease)
        self._loop = LoopingCall(renew, *args)
        self._loop.start(frontier.lease / 3, now=False)

    def closed(self, spider: Any) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        release(spider.frontier.store, spider.source.name, spider.frontier.owner)
