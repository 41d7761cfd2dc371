"""The Scrapy item pipeline that stores extracted articles: dedupe by content, then upsert, in batches.

Articles are written BATCH at a time, or as soon as FLUSH_SECONDS have passed since the last write,
and when the crawl ends: one transaction holds the batch's articles and their URLs' outcomes, so a
crash loses at most the unwritten batch, whose URLs are still pending and are fetched again next run.
Only what was committed is counted: a batch whose commit fails (a full disk, a locked database)
counts each of its articles as an error of the run (``store_failed``), never as new.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from yuqing.collect.frontier import Outcome, settle_in
from yuqing.collect.spider import SourceSpider
from yuqing.errors import StoreError
from yuqing.extract import Extracted
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.models import Article
from yuqing.text import content_hash
from yuqing.urls import normalise_url

BATCH = 50
FLUSH_SECONDS = 1.0
log = logging.getLogger(__name__)


class StorePipeline:
    """Collects a spider's articles and writes them in batches (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._items: list[dict[str, Any]] = []
        self._written = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self._items.append(item)
        if len(self._items) >= BATCH or time.monotonic() - self._written >= FLUSH_SECONDS:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()
        self._spider().frontier.flush()

    def flush(self) -> None:
        """Write the articles collected so far in one transaction, then count them."""
        items, self._items = self._items, []
        self._written = time.monotonic()
        if not items:
            return
        spider = self._spider()
        try:
            with spider.frontier.store.session(write=True) as session:
                created, outcomes = self._write(session, items, spider)
                settle_in(session, outcomes)
        except (SQLAlchemyError, StoreError, OSError) as exc:
            self._failed(items, spider, exc)
            return
        spider.run_stats.new += sum(created)
        spider.run_stats.updated += sum(not c for c in created)
        for outcome in outcomes:
            if outcome.reason == "page_missing":
                spider.run_stats.error("page_missing", f"{outcome.url}: {outcome.detail}")
            elif outcome.reason is not None:
                spider.run_stats.dropped[outcome.reason] += 1
        self._continuations(items, spider)

    def _continuations(self, items: list[dict[str, Any]], spider: SourceSpider) -> None:
        """A split article's later pages are part of it, never articles of their own: recorded as
        such, so no list page that links them makes them fetched again."""
        for item in items:
            pages = item.get("pages", [])
            for page in spider.frontier.add_many(pages, spider.source.name) if pages else []:
                spider.frontier.settle(
                    page, "dropped", "continuation", f"a later page of {item['request_url']}"
                )

    def _write(
        self, session: Session, items: list[dict[str, Any]], spider: SourceSpider
    ) -> tuple[list[bool], list[Outcome]]:
        created: list[bool] = []
        outcomes: list[Outcome] = []
        for item in items:
            extracted: Extracted = item["extracted"]
            url = item["request_url"]  # where the article lives (after a redirect, its new address)
            known = item.get("frontier_url", url)  # the address the frontier discovered
            digest = content_hash(extracted.paragraphs)
            # upsert_article flushes, so this also finds an article written earlier in the batch
            twin = session.scalar(
                select(Article.id).where(Article.content_hash == digest, Article.url != normalise_url(url))
            )
            if twin is not None:  # the same text under another URL: mobile host, mirror, reprint
                outcomes.append(Outcome(known, "dropped", "duplicate", f"same text as article {twin}"))
                continue
            _, new = upsert_article(session, _data(extracted, url, item["raw"], spider))
            created.append(new)
            if missing := item.get("incomplete"):  # stored with the pages that came; again next run
                outcomes.append(Outcome(known, "failed", "page_missing", missing[:500]))
            else:
                outcomes.append(Outcome(known, "stored"))
        return created, outcomes

    def _failed(self, items: list[dict[str, Any]], spider: SourceSpider, exc: Exception) -> None:
        """Nothing of the batch was stored: each article is an error, their URLs stay pending (fetched
        again next run), and the source's crawl ends as failed: the next writes would fail too."""
        message = f"could not store {len(items)} articles: {exc}"
        log.error(message)
        for item in items:
            spider.run_stats.error("store_failed", f"{item['request_url']}: {message}")
        if spider.run_stats.status == "running":
            spider.run_stats.status = "failed"
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="store_failed"))

    def _spider(self) -> SourceSpider:
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)
        return spider


def _data(extracted: Extracted, url: str, raw: bytes, spider: SourceSpider) -> ArticleData:
    return ArticleData(
        url=url,
        title=extracted.title,
        outlet=spider.source.outlet,  # the house format names the outlet it was found on
        credited_outlet=extracted.outlet if extracted.outlet != spider.source.outlet else None,
        paragraphs=list(extracted.paragraphs),
        published=extracted.published,
        date_source=extracted.date_source,
        fetched_at=extracted.fetched_at,
        author=extracted.author,
        raw_page=raw,
        origin="crawl",
        source_id=spider.source_id,
    )
