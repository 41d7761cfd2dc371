"""Running a crawl: Scrapy settings from yuqing's, one crawler per source, statistics saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import select

from yuqing.collect.extraction import pool_of
from yuqing.collect.frontier import Frontier, RunStats
from yuqing.collect.shutdown import GracefulStop
from yuqing.collect.sources import Source
from yuqing.collect.spider import SourceSpider
from yuqing.errors import StoreError
from yuqing.settings import Settings
from yuqing.store.db import Store
from yuqing.store.models import Source as SourceRow

Progress = Callable[[RunStats], None]


def scrapy_settings(settings: Settings, sources: list[Source]) -> dict[str, Any]:
    logs = settings.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return {
        "BOT_NAME": "yuqing",
        "USER_AGENT": settings.collect_user_agent,
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": settings.collect_timeout,
        "DOWNLOAD_MAXSIZE": int(settings.collect_max_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": settings.collect_retries,
        "YUQING_BACKOFF": settings.collect_backoff,
        "YUQING_RETRY_AFTER_MAX": settings.collect_retry_after_max,
        "YUQING_ARTICLE_PAGES": settings.collect_article_pages,
        "REDIRECT_MAX_TIMES": 10,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_SLOTS": {
            domain: {"concurrency": s.concurrency, "delay": s.delay} for s in sources for domain in s.domains
        },
        # conditional GET (ETag / Last-Modified) for feeds and list pages; articles opt out
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
        "HTTPCACHE_DIR": str(settings.home / "httpcache"),
        "ITEM_PIPELINES": {"yuqing.collect.pipeline.StorePipeline": 300},
        "DOWNLOADER_MIDDLEWARES": {
            "yuqing.collect.backoff.BackoffMiddleware": 560,
            "yuqing.collect.responses.ResponseGuardMiddleware": 650,  # before Redirect/MetaRefresh
        },
        "EXTENSIONS": {"yuqing.collect.claims.LeaseKeeper": 500},  # renews the frontier claims
        "LOG_FILE": str(logs / "collect.log"),
        "LOG_LEVEL": "INFO",
        "LOG_INSTALL_ROOT_HANDLER": True,
        **_browser_settings(settings, sources),
    }


def _browser_settings(settings: Settings, sources: list[Source]) -> dict[str, Any]:
    """Requests to the domains of `browser: true` sources go through chromium (collect/browser.py)."""
    domains = sorted({d for s in sources if s.browser for d in s.domains})
    if not domains:
        return {}
    handler = "yuqing.collect.browser.BrowserHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "YUQING_BROWSER_DOMAINS": domains,
        "YUQING_BROWSER": settings.collect_browser,
    }


def sync_sources(store: Store, sources: list[Source]) -> dict[str, int]:
    """Keep a row per registry source, so articles can name the source that found them."""
    ids: dict[str, int] = {}
    # reads, then writes: with the write lock from the start, or SQLite refuses the write at once
    # when another process (the web app's pushes, another crawl) wrote meanwhile
    with store.session(write=True) as s:
        for source in sources:
            row = s.scalars(select(SourceRow).where(SourceRow.name == source.name)).one_or_none()
            if row is None:
                row = SourceRow(name=source.name, created_at=datetime.now().replace(microsecond=0), config={})
                s.add(row)
            row.outlet, row.enabled = source.outlet, source.enabled
            s.flush()
            ids[source.name] = row.id
    return ids


def collect(
    settings: Settings,
    store: Store,
    sources: list[Source],
    since: date | None = None,
    progress: Progress | None = None,
) -> list[RunStats]:
    """Crawl the sources (each at its own pace, all at once) and return what each run did."""
    frontier = Frontier(store, lease=settings.collect_lease)
    ids = sync_sources(store, sources)
    # Scrapy's log goes to $YUQING_HOME/logs/collect.log; the terminal shows progress and summary
    process = CrawlerProcess(scrapy_settings(settings, sources))
    runs: list[RunStats] = []
    pool = pool_of(settings)  # one set of extraction processes for every source's spider
    try:
        for source in sources:
            stats = RunStats(source.name)
            frontier.start_run(stats)  # a record even if the process is killed outright
            runs.append(stats)
            crawler = process.create_crawler(SourceSpider)
            _watch(crawler, stats, frontier, progress)
            process.crawl(
                crawler,
                source=source,
                frontier=frontier,
                stats=stats,
                pool=pool,
                since=since,
                source_id=ids[source.name],
            )
        if sources:
            stop = GracefulStop(process, runs, frontier)
            stop.install()
            process.start(install_signal_handlers=False)
            stop.finish_records()
    finally:
        pool.close()
    return runs


def _watch(crawler: Any, stats: RunStats, frontier: Frontier, progress: Progress | None) -> None:
    def changed(*_: Any, **__: Any) -> None:
        if progress:
            progress(stats)

    def closed(spider: Any = None, reason: str = "finished", **__: Any) -> None:
        if stats.status == "running" and reason != "finished":
            stats.status = "interrupted" if reason == "shutdown" else "failed"
        try:
            frontier.flush()  # outcomes not yet written, before the run's counts
            frontier.save_run(stats)
        except StoreError as exc:  # the disk is full: the summary still tells
            stats.error("store_failed", str(exc))
        changed()

    def failed(failure: Any, *_: Any, **__: Any) -> None:
        """A write that failed (disk full, lock) ends this source's crawl as failed."""
        if isinstance(failure.value, StoreError) and stats.status == "running":
            stats.error("store_failed", str(failure.value))
            stats.status = "failed"
            deferred_from_coro(crawler.engine.close_spider_async(reason="store_failed"))

    crawler.signals.connect(changed, signal=signals.item_scraped, weak=False)
    crawler.signals.connect(changed, signal=signals.response_received, weak=False)
    crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)
    crawler.signals.connect(changed, signal=signals.item_dropped, weak=False)
    crawler.signals.connect(failed, signal=signals.spider_error, weak=False)
    crawler.signals.connect(failed, signal=signals.item_error, weak=False)
