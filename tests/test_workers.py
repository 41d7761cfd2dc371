"""Distributed collection with real parts: redis-server, PostgreSQL, two `yuqing worker` processes
crawling the fixture web; one worker SIGKILLed mid-crawl loses nothing and stores nothing twice."""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import crawlsites
from tests.conftest import use_backend, yuqing
from tests.workers import Watch, Workers, alive, crawling_pid, parent_of, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def slow_web() -> Iterator[crawlsites.CrawlWeb]:
    """The fixture web with 1 s per article page, so a crawl can be caught in the middle."""
    web = crawlsites.build(article_delay=1.0)
    yield web
    web.web.__exit__()


@pytest.fixture
def team(
    home: Path, broker: str, slow_web: crawlsites.CrawlWeb, worker_id: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Workers]:
    """PostgreSQL store, the broker, short leases and visibility (a dead worker's job comes back
    in seconds, not an hour), and the fixture registry: everything a worker reads."""
    home.mkdir()
    use_backend("postgres", worker_id, monkeypatch)
    crawlsites.use_fixture_web(slow_web, home.parent, monkeypatch)
    # a delay, as every real source has: with none, Scrapy 2.19 sends a slot's queue at once
    slow_web.sources_yaml(home.parent / "sources.yaml", delay=0.1)
    monkeypatch.setenv("YUQING_BROKER_VISIBILITY_TIMEOUT", "20")
    monkeypatch.setenv("YUQING_COLLECT_LEASE", "3")
    monkeypatch.setenv("YUQING_COLLECT_TIMEOUT", "20")  # no timeout-and-retry of the 1 s pages
    workers = Workers(home.parent)
    yield workers
    workers.stop()


def test_a_worker_killed_mid_crawl_loses_nothing_and_stores_nothing_twice(
    team: Workers, broker: str, slow_web: crawlsites.CrawlWeb
) -> None:
    # news backfills three list pages (12 articles); gov's 2009 notices are older than that
    assert "1 crawl jobs queued" in yuqing("collect", "--queue", "-s", "news", "--since", "2024-08-01").stdout
    assert "1 crawl jobs queued" in yuqing("collect", "--queue", "-s", "gov").stdout
    team.start("one")
    team.start("two")
    news_host = urlsplit(slow_web.news.base).hostname or ""
    news_urls = set(slow_web.news_articles)
    watch = Watch()
    try:
        # news crawled part-way: kill the worker whose pool process crawls it
        wait_for(lambda: len(news_urls & watch.urls()) >= 3, 120, "3 news pages", team)
        crawler = crawling_pid(broker, news_host)
        assert crawler is not None, "the news job should hold its host's lease"
        worker = parent_of(crawler)
        killed = next(name for name, p in team.procs.items() if p.pid == worker)  # a worker's pool process
        os.kill(worker, signal.SIGKILL)
        team.procs[killed].wait()
        assert len(news_urls & watch.urls()) < len(news_urls), "the worker should have been killed mid-crawl"
        wait_for(lambda: not alive(crawler), 10, "the killed worker's crawl process to die with it")

        # the job comes back to the other worker, which fetches what is left
        expected = news_urls | set(slow_web.gov_articles)
        wait_for(lambda: watch.urls() >= expected and watch.runs("news") >= 1, 180, "all pages", team)
        articles = watch.articles()
    finally:
        watch.close()
    assert sorted(a.original_url for a in articles) == sorted(expected), "every page stored, nothing else"
    assert len({a.url for a in articles}) == len(articles) == len({a.content_hash for a in articles})
    # fetched once each, but for the page in flight when the worker died (one per site at a time)
    hits = Counter({path: n for path, n in slow_web.news.hits.items() if path.startswith("/2024/")})
    assert set(hits) == {urlsplit(u).path for u in news_urls}
    assert sum(hits.values()) <= len(news_urls) + 1, hits
