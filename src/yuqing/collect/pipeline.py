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
        created: bool | None = None
        with store.session(write=True) as session:  # StoreError (disk full …): the crawl fails
            twin = session.scalars(
                select(Article).where(Article.content_hash == digest, Article.url != normalise_url(url))
            ).first()
            if twin is not None:  # the same text under another URL: mobile host, mirror, reprint
                status, reason, detail = "dropped", "duplicate", f"same text as article {twin.id}"
            else:
                _, created = upsert_article(session, _data(extracted, url, item["raw"], spider))
                status, reason, detail = "stored", None, None
        # counted once committed: a write that failed must not show as stored
        if created is None:
            spider.run_stats.dropped["duplicate"] += 1
        else:
            spider.run_stats.new += created
            spider.run_stats.updated += not created
        spider.frontier.settle(item.get("frontier_url", url), status, reason, detail)
        return item


def _data(extracted: Extracted, url: str, raw: bytes, spider: SourceSpider) -> ArticleData:
    return ArticleData(
        url=url,
        title=extracted.title,
        outlet=spider.source.outlet,  # the house format names the outlet it was found on
        credited_outlet=extracted.outlet if extracted.outlet != spider.source.outlet else None,
        paragraphs=list(extracted.paragraphs),
        published=extracted.published,
        author=extracted.author,
        raw_page=raw,
        origin="crawl",
        source_id=spider.source_id,
    )
