"""The Scrapy spider of one source: entry points → article links → extracted articles.

Politeness, robots.txt, retries, redirects, timeouts, size limits and conditional GET are
Scrapy's (configured in collect/runner.py); this module only decides what to follow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.failure import Failure

from yuqing.collect import discover
from yuqing.collect.errors import failure_reason
from yuqing.collect.extraction import ExtractionPool
from yuqing.collect.frontier import Frontier, RunStats
from yuqing.collect.multipage import Assembly
from yuqing.collect.patterns import link_matches
from yuqing.collect.sources import EntryPoint, Source
from yuqing.errors import ExtractError
from yuqing.extract import Extracted, dates
from yuqing.urls import normalise_url

PERMANENT = frozenset({"robots", "redirect_loop", "offsite_redirect", "too_large"})


class SourceSpider(scrapy.Spider):
    name = "yuqing"

    def __init__(
        self,
        source: Source,
        frontier: Frontier,
        stats: RunStats,
        pool: ExtractionPool,
        since: date | None = None,
        source_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=source.name, **kwargs)
        self.source = source
        self.source_id = source_id
        self.frontier = frontier
        self.run_stats = stats
        self.pool = pool  # extraction runs in worker processes, off Scrapy's thread
        self.since = since
        self.allowed_domains = list(source.domains)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.frontier.pending(self.source.name):  # resume an interrupted crawl first
            yield self._article(url)
        for entry in self.source.entries:
            for url in self._first_pages(entry):
                yield self._entry(url, entry, 0)

    def _first_pages(self, entry: EntryPoint) -> list[str]:
        urls = self.source.urls_for(entry)
        return urls[:1] if entry.kind == "list" else urls  # later list pages only while backfilling

    def _entry(self, url: str, entry: EntryPoint, page: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_entry,
            errback=self.entry_failed,
            cb_kwargs={"entry": entry, "page": page},
            dont_filter=True,
        )

    def _article(self, url: str) -> scrapy.Request:
        # dont_filter: the frontier dedupes; Scrapy's filter would also swallow a redirect loop
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"dont_cache": True},
            dont_filter=True,
        )

    def parse_entry(self, response: Response, entry: EntryPoint, page: int) -> Iterator[scrapy.Request]:
        body, url = response.body, response.url
        rejected: list[str] = []  # malformed links: skipped and counted, never the end of the page
        if entry.kind == "sitemap":
            links, children = discover.parse_sitemap(body, url, rejected)
            for child in children:
                yield self._entry(child, entry, page)
        elif entry.kind == "feed" or discover.is_feed(body):
            links = discover.parse_feed(body, url, rejected)
        else:
            links = discover.parse_list(body, url, self.source.domains, entry.link_pattern, rejected)
        for problem in rejected:
            self._bad_link(url, problem)
        if entry.link_pattern and entry.kind != "list":  # list pages applied it already
            links = [link for link in links if link_matches(entry.link_pattern, link.url)]
        fresh = [
            link for link in links if self.since is None or not link.published or link.published >= self.since
        ]
        takeable = []
        for link in fresh:
            if why := _untakeable(link.url):  # a URL Scrapy or the frontier cannot take
                self._bad_link(url, why)
            else:
                takeable.append(link.url)
        for found in self.frontier.add_many(takeable, self.source.name):
            yield self._article(found)
        if entry.kind == "list" and self._backfill_goes_on(links, fresh, page, entry):
            following = self._page_url(response, entry, page + 1)
            if following:
                yield self._entry(following, entry, page + 1)

    def _backfill_goes_on(
        self, links: list[discover.Link], fresh: list[discover.Link], page: int, entry: EntryPoint
    ) -> bool:
        """Follow pagination back only with --since, until a page has nothing that recent."""
        return self.since is not None and bool(fresh) and page + 1 < entry.max_pages and bool(links)

    def _page_url(self, response: Response, entry: EntryPoint, page: int) -> str | None:
        if entry.paged:  # a {page} template expands to every page
            urls = self.source.urls_for(entry)
            return urls[page] if page < len(urls) else None
        return discover.next_page(response.body, response.url, entry.next_page)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        self.run_stats.fetched += 1
        # the frontier knows the URL as discovered; after a 301 the article lives at the new one
        first = (response.meta.get("redirect_urls") or [response.url])[0]
        try:
            extracted = await self._extract(response)
        except ExtractError as exc:
            self._drop(first, exc.reason, str(exc))
            return
        except Exception as exc:  # a bug must not leave the URL pending and refetched every run
            self.logger.exception("extraction failed on %s", response.url)
            self._drop(first, "extract_error", f"{type(exc).__name__}: {exc}")
            return
        if extracted.more_pages:  # an article split over pages: fetch the rest, store it once
            limit = self.settings.getint("YUQING_ARTICLE_PAGES", 20)
            for step in self._continue(Assembly(extracted, response.url, response.body, limit), first):
                yield step
            return
        yield {
            "extracted": extracted,
            "raw": response.body,
            "request_url": response.url,
            "frontier_url": first,
        }

    async def _extract(self, response: Response, first_page: str | None = None) -> Extracted:
        return await maybe_deferred_to_future(
            self.pool.extract(
                response.body,
                response.url,
                (response.headers.get("Content-Type") or b"").decode("latin-1") or None,
                self.source.selectors,
                self.source.outlet,
                fetched_at=dates.now(),  # what 3小时前 and 昨天 on the page count back from
                first_page=first_page,
            )
        )

    def _continue(self, assembly: Assembly, first: str) -> Iterator[Any]:
        """The request for the article's next page, or the article when every page is in."""
        url = assembly.next_url()
        if url is None:
            yield {
                "extracted": assembly.article(),
                "raw": assembly.raw,
                "request_url": assembly.request_url,
                "frontier_url": first,
                "pages": assembly.pages,
                "incomplete": "; ".join(assembly.missing) or None,
            }
            return
        yield scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            cb_kwargs={"assembly": assembly, "first": first},
            meta={"dont_cache": True},
            dont_filter=True,
        )

    async def parse_page(self, response: Response, assembly: Assembly, first: str) -> AsyncIterator[Any]:
        self.run_stats.fetched += 1
        try:
            assembly.add(await self._extract(response, first_page=assembly.request_url))
        except ExtractError as exc:
            assembly.failed(response.url, str(exc))
        for step in self._continue(assembly, first):
            yield step

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        assembly: Assembly = request.cb_kwargs["assembly"]
        assembly.failed(request.url, failure.getErrorMessage())
        yield from self._continue(assembly, request.cb_kwargs["first"])

    def article_failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        url = failure.request.url  # type: ignore[attr-defined]
        self.run_stats.error(reason, f"{url}: {failure.getErrorMessage()}")
        # a page that is gone or forbidden stays so; anything else is tried again next run
        status = "dropped" if reason in PERMANENT or reason.startswith("http_4") else "failed"
        if reason in ("http_408", "http_429"):
            status = "failed"
        self.frontier.settle(url, status, reason, failure.getErrorMessage()[:500])

    def entry_failed(self, failure: Failure) -> None:
        url = failure.request.url  # type: ignore[attr-defined]
        self.run_stats.error(failure_reason(failure), f"{url}: {failure.getErrorMessage()}")

    def _bad_link(self, page_url: str, problem: str) -> None:
        self.run_stats.dropped["bad_link"] += 1
        self.logger.warning("skipped a malformed link on %s: %s", page_url, problem)

    def _drop(self, url: str, reason: str, detail: str) -> None:
        self.run_stats.dropped[reason] += 1
        self.frontier.settle(url, "dropped", reason, detail[:500])


def _untakeable(url: str) -> str | None:
    """Why a discovered link cannot be crawled (None when it can): the frontier's normalisation or
    Scrapy's request refuses it (a port ``abc``, ``http://[``, a scheme other than http(s))."""
    try:
        normalise_url(url)
        scrapy.Request(url)
    except (ValueError, TypeError) as exc:
        return f"{url}: {exc}"
    return None
