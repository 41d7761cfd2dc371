"""Stopping a crawl on SIGTERM or SIGINT within seconds, leaving it resumable.

Scrapy's own handler waits for every request in flight (up to the download timeout, and for
ever with a stuck download slot). Here the first signal asks every crawl to stop, waits at most
GRACE_SECONDS for them, then stops the reactor; a second signal stops at once. Every run's record
is closed as ``interrupted``; URLs not yet settled stay ``pending`` in the frontier, so the next
`yuqing collect` fetches them first.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Callable
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.ossignal import install_shutdown_handlers

from yuqing.collect.frontier import Frontier, RunStats
from yuqing.errors import StoreError

GRACE_SECONDS = 5.0

log = logging.getLogger(__name__)


class GracefulStop:
    """The signal handling of one `collect`: install() before the reactor starts."""

    def __init__(self, process: CrawlerProcess, runs: list[RunStats], frontier: Frontier) -> None:
        self.process = process
        self.runs = runs
        self.frontier = frontier
        self.signal: int | None = None  # the signal that stopped the crawl, if one did

    def install(self) -> None:
        _reactor().addSystemEventTrigger("after", "startup", install_shutdown_handlers, self._first)

    def _first(self, signum: int, _frame: Any) -> None:
        self.signal = signum
        install_shutdown_handlers(self._second)
        _later(self._stop)

    def _second(self, signum: int, _frame: Any) -> None:
        install_shutdown_handlers(signal.SIG_IGN)
        _later(self.finish)

    def _stop(self) -> None:
        log.info("signal %s: stopping the crawl (at most %s s)", self.signal, GRACE_SECONDS)
        for stats in self.runs:
            if stats.status == "running":
                stats.status = "interrupted"
        self.process.stop().addBoth(lambda _: self.finish())
        _reactor().callLater(GRACE_SECONDS, self.finish)

    def finish(self) -> None:
        """Close every run record not closed yet, then stop the reactor."""
        self.finish_records()
        with contextlib.suppress(RuntimeError):  # already stopping
            _reactor().stop()

    def finish_records(self) -> None:
        """Close the records of runs whose crawl never reported its end."""
        for stats in self.runs:
            if not stats.saved:
                if stats.status == "running":
                    stats.status = "interrupted"
                try:
                    self.frontier.save_run(stats)
                except StoreError as exc:
                    stats.error("store_failed", str(exc))
                    stats.saved = True


def _later(call: Callable[[], None]) -> None:
    """Run ``call`` on the reactor: nothing may log or write from inside a signal handler."""
    _reactor().callFromThread(call)


def _reactor() -> Any:
    """The running reactor, imported late: importing it early installs Twisted's default one
    before Scrapy installs the asyncio reactor it needs."""
    from twisted.internet import reactor

    return reactor
