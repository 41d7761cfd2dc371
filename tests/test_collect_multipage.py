"""Collecting with the fixture server of ../shared/evaldata/zh_fault_cases/multipage (server.py):
an article split over two pages is stored once, whole; a feed's UTC dates and `--since` land on
Beijing days. The server runs as its authors wrote it, on a free port of 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import EVALDATA, yuqing
from yuqing import settings as settings_mod
from yuqing.demo.web import FixtureWeb, Page
from yuqing.store.db import open_store
from yuqing.store.models import Article, CrawlUrl

pytestmark = pytest.mark.slow
MULTIPAGE = EVALDATA / "zh_fault_cases" / "multipage"
FIRST = "/sd/202408/t20240828_5001.html"
SECOND = "/sd/202408/t20240828_5001_1.html"
PARAGRAPHS = [f"第{page}页第{n}段" for page in "一二" for n in "一二三"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(params=["multipage", "tzfeed"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(mode, base URL) of server.py running in that mode."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(MULTIPAGE / "server.py"), str(port), request.param],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("the fixture server did not start")
            time.sleep(0.1)
    yield request.param, base
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def crawl_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home.mkdir()
    monkeypatch.setenv("YUQING_COLLECT_TIMEOUT", "5")
    monkeypatch.setenv("YUQING_COLLECT_BACKOFF", "0.05")
    monkeypatch.setenv("COLUMNS", "250")
    return home


def _registry(folder: Path, base: str, mode: str) -> None:
    """The source file of the fixture (c14_multipage.yaml) pointed at this run's port; for the
    feed mode, the same source reading the feed instead."""
    text = (MULTIPAGE / "c14_multipage.yaml").read_text("utf-8").replace("http://127.0.0.1:18403", base)
    if mode == "tzfeed":
        text = text.replace("kind: list", "kind: feed").replace("/sd/index.html", "/rss.xml")
        text = text.replace(r"'/sd/\d{6}/", r"'/jk/\d{6}/")  # the feed's article is in another column
    path = folder / "sources.yaml"
    path.write_text(text, "utf-8")


def _stored(home: Path) -> tuple[list[Article], list[CrawlUrl]]:
    store = open_store(settings_mod.load({"YUQING_HOME": str(home)}))
    with store.session() as s:
        found = list(s.scalars(select(Article))), list(s.scalars(select(CrawlUrl)))
    store.close()
    return found


def test_collect_joins_pages_and_reads_feed_dates_in_beijing_time(
    server: tuple[str, str], crawl_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mode, base = server
    _registry(crawl_home, base, mode)
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(crawl_home / "sources.yaml"))
    if mode == "multipage":
        yuqing("collect")
        articles, urls = _stored(crawl_home)
        assert [a.original_url for a in articles] == [base + FIRST]  # one article, the first page's URL
        text = "\n".join(articles[0].paragraphs)
        assert [text.index(p) for p in PARAGRAPHS] == sorted(text.index(p) for p in PARAGRAPHS)
        assert "下一页" not in text and "相关新闻" not in text
        assert articles[0].title == "深度调查：医疗数据共享为何这么难"
        assert (str(articles[0].published), articles[0].date_source) == ("2024-08-28", "byline")
        second = next(u for u in urls if u.url.endswith(SECOND))
        assert (second.status, second.reason) == ("dropped", "continuation")
        return
    # The feed dates its item Sat, 31 Aug 2024 16:30:00 GMT: 1 September 00:30 in Beijing, and a
    # zoned --since is the Beijing day too; read as UTC days, 31 August < 1 September skipped it.
    yuqing("collect", "--since", "2024-08-31T16:00:00Z")
    articles, _ = _stored(crawl_home)
    assert [(str(a.published), a.date_source) for a in articles] == [("2024-09-01", "byline")]


def test_a_page_that_cannot_be_fetched_loses_nothing_and_is_tried_again(
    crawl_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same two pages served from the fixture web, the second failing: the article is
    stored with its first page and named in the summary; once the page answers, it is whole."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, str(MULTIPAGE / "server.py"), str(port), "multipage"])
    try:
        origin = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                pages = {p: urllib.request.urlopen(origin + p, timeout=2).read() for p in (FIRST, SECOND)}
                break
            except OSError:
                time.sleep(0.1)
        listing = urllib.request.urlopen(origin + "/sd/index.html", timeout=2).read()
    finally:
        proc.terminate()
        proc.wait(10)
    web = FixtureWeb()
    site = web.site()
    web.start()
    try:
        site.add("/robots.txt", Page(b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        site.add("/sd/index.html", Page(listing))
        site.add(FIRST, Page(pages[FIRST]))
        site.add(SECOND, Page(b"busy", status=503))
        registry = (MULTIPAGE / "c14_multipage.yaml").read_text("utf-8")
        registry = registry.replace("http://127.0.0.1:18403", site.base).replace(
            "[127.0.0.1]", f"[{site.host}]"
        )
        (crawl_home / "sources.yaml").write_text(registry, "utf-8")
        monkeypatch.setenv("YUQING_SOURCES_FILE", str(crawl_home / "sources.yaml"))
        monkeypatch.setenv("YUQING_COLLECT_RETRIES", "0")
        summary = yuqing("collect").stdout
        assert "page_missing" in summary
        articles, urls = _stored(crawl_home)
        assert len(articles) == 1 and "第一页第三段" in "".join(articles[0].paragraphs)
        assert "第二页第一段" not in "".join(articles[0].paragraphs)
        assert next(u for u in urls if u.url.endswith(FIRST)).status == "failed"
        site.add(SECOND, Page(pages[SECOND]))
        yuqing("collect")
        articles, _ = _stored(crawl_home)
        assert len(articles) == 1 and all(p in "".join(articles[0].paragraphs) for p in PARAGRAPHS)
    finally:
        web.__exit__()
