"""Crawling a fixture web of real pages with the real `yuqing collect`: nothing lost, nothing
stored twice, every failure named, a killed crawl resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import crawlsites
from tests.conftest import yuqing
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article, CollectRun, CrawlUrl

pytestmark = pytest.mark.slow
FAILURES = (
    "robots",
    "binary",
    "duplicate",
    "http_404",
    "http_500",
    "redirect_loop",
    "timeout",
    "too_large",
    "connection",
    "needs_browser",
)


@pytest.fixture
def crawl_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home.mkdir()
    for name, value in {
        "YUQING_COLLECT_TIMEOUT": "1.5",
        "YUQING_COLLECT_MAX_MB": "5",
        "YUQING_COLLECT_BACKOFF": "0.05",
        "COLUMNS": "250",
    }.items():
        monkeypatch.setenv(name, value)
    return home


def articles(home: Path) -> list[Article]:
    store = open_store(settings_mod.load({"YUQING_HOME": str(home)}))
    with store.session() as s:
        found = list(s.scalars(select(Article).order_by(Article.url)))
    store.close()
    return found


def test_a_backfill_stores_every_article_once_and_names_every_failure(
    web: crawlsites.CrawlWeb, crawl_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(web.sources_yaml(crawl_env / "sources.yaml")))
    # no chromium here, so the browser source fails by name (test_collect_browser crawls it)
    monkeypatch.setenv("YUQING_COLLECT_BROWSER", str(crawl_env / "no-such-chromium"))
    summary = yuqing("collect", "--since", "2024-08-01").stdout
    for reason in FAILURES:
        assert reason in summary, f"{reason} not named in:\n{summary}"
    dead_row = next(line for line in summary.splitlines() if "│ dead" in line)
    assert "never" in dead_row and "Connection was refused" in dead_row
    stored = articles(crawl_env)
    urls = [a.original_url for a in stored]
    assert len(urls) == len(set(urls)) == 15  # 12 news + ok, flaky, wrong-charset
    # the trouble site's copy of the first news article and the article itself: the sources are
    # crawled side by side and pages extracted in parallel, so whichever is stored first is kept
    first = web.news_articles[0]
    kept = [u for u in urls if u == first or u.endswith("/2024/08/20/copy.html")]
    assert len(kept) == 1, kept
    assert set(web.news_articles[1:]) <= set(urls)
    assert not any(path.startswith("/private/") for path in web.news.hits)  # robots.txt obeyed
    assert all(a.published is None or a.published.year >= 2000 for a in stored)
    news = next(a for a in stored if a.original_url == web.news_articles[1])
    assert news.outlet == "测试日报" and len("".join(news.paragraphs)) > 100
    assert news.raw_page and zlib.decompress(news.raw_page) == (crawlsites.NETEASE / "2.html").read_bytes()
    wrong = next(a for a in stored if a.original_url.endswith("wrong-charset.html"))
    page_text = (crawlsites.NETEASE / "14.html").read_bytes().decode("gb18030")
    assert wrong.paragraphs[0][:10] in page_text  # decoded as GBK despite the meta saying utf-8


def test_a_second_run_revalidates_and_stores_nothing_new(
    web: crawlsites.CrawlWeb, crawl_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(web.sources_yaml(crawl_env / "sources.yaml")))
    yuqing("collect", "--source", "news")
    before = dict(web.news.not_modified)
    again = yuqing("collect", "--source", "news").stdout
    assert web.news.not_modified["/news/index.html"] > before.get("/news/index.html", 0)
    assert web.news.not_modified["/feed.xml"] > before.get("/feed.xml", 0)
    assert "│ news" in again and len(articles(crawl_env)) == 4  # first list page only, no backfill


def test_a_crawl_killed_midway_resumes_without_loss_or_duplicates(crawl_env: Path) -> None:
    slow = crawlsites.build(article_delay=0.4)
    try:
        # a polite delay makes the articles arrive one by one, so batched writes land a few at a time
        sources = slow.sources_yaml(crawl_env / "sources.yaml", delay=0.3)
        env = dict(os.environ, YUQING_SOURCES_FILE=str(sources))
        cmd = [sys.executable, "-m", "yuqing", "collect", "--source", "news", "--since", "2024-08-01"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(articles(crawl_env)) < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        interrupted = len(articles(crawl_env))
        assert 4 <= interrupted < 12, "the crawl should have been killed part-way"
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        stored = articles(crawl_env)
        assert sorted(a.original_url for a in stored) == sorted(slow.news_articles)
        store = open_store(settings_mod.load({"YUQING_HOME": str(crawl_env)}))
        with store.session() as s:
            assert (
                s.scalar(select(func.count()).select_from(CrawlUrl).where(CrawlUrl.status == "pending")) == 0
            )
            assert s.scalar(select(func.count()).select_from(CollectRun)) >= 1
        store.close()
    finally:
        slow.web.__exit__()
