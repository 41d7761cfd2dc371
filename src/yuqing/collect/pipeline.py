"""The Scrapy item pipeline that stores extracted articles: dedupe by content, then upsert."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import select

from yuqing.collect.spider import SourceSpider
from yuqing.extract import Extracted
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.models import Article
from yuqing.text import content_hash
from yuqing.urls import normalise_url


class StorePipeline:
    """One transaction per article, so a crash loses at most the article being written."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)
        extracted: Extracted = item["extracted"]
        url = item["request_url"]
        store = spider.frontier.store
        digest = content_hash(extracted.paragraphs)
        with store.session() as session:
            twin = session.scalars(
                select(Article).where(Article.content_hash == digest, Article.url != normalise_url(url))
            ).first()
            if twin is not None:  # the same text under another URL: mobile host, mirror, reprint
                spider.run_stats.dropped["duplicate"] += 1
                status, reason, detail = "dropped", "duplicate", f"same text as article {twin.id}"
            else:
                _, created = upsert_article(session, _data(extracted, url, item["raw"], spider))
                spider.run_stats.new += created
                spider.run_stats.updated += not created
                status, reason, detail = "stored", None, None
                if missing := item.get("incomplete"):  # stored with the pages that came; again next run
                    spider.run_stats.error("page_missing", f"{url}: {missing}")
                    status, reason, detail = "failed", "page_missing", missing[:500]
        spider.frontier.settle(url, status, reason, detail)
        for page in item.get("pages", []):  # later pages are part of this article, never one of their own
            if spider.frontier.add(page, spider.source.name):
                spider.frontier.settle(page, "dropped", "continuation", f"a later page of {url}")
        return item


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
