"""Extraction off the crawl's event loop: a pool of worker processes, a time and size limit per page.

Scrapy runs every callback on one thread; an article page takes about 10 ms to extract, and a
hostile one (20,000 title suffixes, an element with 40,000 attributes) took 111 s, during which no
source was fetched. Pages are therefore extracted in a Pebble process pool with one worker per core:
a page that passes ``timeout`` seconds has its worker killed and is dropped as ``extract_timeout``,
and one larger than ``max_bytes`` is dropped as ``too_large`` without being parsed. The crawl's
thread only waits for the answer (a Twisted Deferred), fetching other pages meanwhile.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime

from pebble import ProcessExpired, ProcessPool
from twisted.internet.defer import Deferred

from yuqing.errors import ExtractError
from yuqing.extract import Extracted, extract_article
from yuqing.extract.selectors import Selectors
from yuqing.settings import Settings

# What a worker sends back: the article, or (reason, message) of the ExtractError it raised
# (an ExtractError itself does not survive pickling: its constructor takes keyword arguments).
Outcome = Extracted | tuple[str, str]


def cores() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ExtractionPool:
    """Worker processes that turn page bytes into articles; ``extract`` answers with a Deferred."""

    def __init__(self, workers: int, timeout: float, max_bytes: int) -> None:
        self.workers = workers or cores()
        self.timeout = timeout
        self.max_bytes = max_bytes
        # forkserver: a worker is forked from a clean server process, not from the crawl with its
        # reactor, threads and open pipes (a child of those kept a browser launch from finishing)
        self._pool = ProcessPool(
            max_workers=self.workers,
            context=multiprocessing.get_context("forkserver"),
            initializer=_warm,  # imports before the first page, so no page's time limit pays for them
        )

    def extract(
        self,
        page: bytes,
        url: str,
        content_type: str | None,
        selectors: Selectors | None,
        default_outlet: str | None,
        fetched_at: datetime | None = None,
        first_page: str | None = None,
    ) -> Deferred[Extracted]:
        """The article of the page; fails with an ExtractError naming the drop reason."""
        from twisted.internet import reactor

        answer: Deferred[Extracted] = Deferred()
        if len(page) > self.max_bytes:
            size = f"{len(page) / 1024 / 1024:.1f} MB"
            answer.errback(ExtractError(f"page of {size} is over the limit", url=url, reason="too_large"))
            return answer
        future = self._pool.schedule(
            _extract,
            args=(page, url, content_type, selectors, default_outlet, fetched_at, first_page),
            timeout=self.timeout,
        )

        def settled(done: Future[Outcome]) -> None:
            reactor.callFromThread(_settle, answer, done, url, self.timeout)

        future.add_done_callback(settled)
        return answer

    def close(self) -> None:
        """Stop the workers (a page still being extracted is abandoned)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()


def _warm() -> None:
    import yuqing.extract.article  # noqa: F401  (and all it imports)


def _extract(
    page: bytes,
    url: str,
    content_type: str | None,
    selectors: Selectors | None,
    outlet: str | None,
    fetched_at: datetime | None,
    first_page: str | None,
) -> Outcome:
    try:
        return extract_article(
            page,
            url,
            content_type=content_type,
            selectors=selectors,
            default_outlet=outlet,
            fetched_at=fetched_at,
            first_page=first_page,
        )
    except ExtractError as exc:
        return exc.reason, str(exc).removeprefix(f"{url}: ")


def _settle(answer: Deferred[Extracted], done: Future[Outcome], url: str, timeout: float) -> None:
    if answer.called:  # cancelled meanwhile (the crawl is closing): nobody waits for this page
        return
    try:
        outcome = done.result()
    except FutureTimeout:
        answer.errback(ExtractError(f"extraction took over {timeout:g} s", url=url, reason="extract_timeout"))
        return
    except ProcessExpired as exc:  # the worker died: out of memory, a crash in a C library
        answer.errback(ExtractError(f"extraction process died ({exc})", url=url, reason="extract_crash"))
        return
    except Exception as exc:  # any other failure is this page's, not the crawl's
        answer.errback(ExtractError(f"extraction failed: {exc!r}", url=url, reason="extract_error"))
        return
    if isinstance(outcome, tuple):
        reason, message = outcome
        answer.errback(ExtractError(message, url=url, reason=reason))
    else:
        answer.callback(outcome)


def pool_of(settings: Settings) -> ExtractionPool:
    """The pool the collect settings ask for."""
    return ExtractionPool(
        settings.collect_workers,
        settings.collect_extract_timeout,
        int(settings.collect_max_mb * 1024 * 1024),
    )
