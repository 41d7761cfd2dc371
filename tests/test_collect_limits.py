"""A page that would hold up the crawl is dropped by name while the others are stored: extraction
runs in worker processes with a time limit per page (collect.extract_timeout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import yuqing
from tests.crawlsites import NETEASE
from yuqing import settings as settings_mod
from yuqing.demo.web import FixtureWeb, Page
from yuqing.store.db import open_store
from yuqing.store.models import Article, CrawlUrl

pytestmark = pytest.mark.slow
# The slowest page the guards let through (extract/guard.py): 45,000 paragraphs, 5 MB, about 1.2 s
# of CPU on the 2-core machine; the article pages beside it take some 30 ms each.
_PARAGRAPH = "<p>北京市卫生健康委员会今天发布通知，推进互联网医院建设和检查检验结果互认工作。</p>"
SLOW_PAGE = f"<html><head><title>长页</title></head><body><div>{_PARAGRAPH * 45_000}</div></body></html>"


def test_a_page_slower_than_the_limit_is_dropped_as_extract_timeout(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = FixtureWeb()
    site = web.site()
    web.start()
    try:
        paths = [f"/2024/08/0{n}/a{n}.html" for n in range(1, 4)]
        for n, path in enumerate(paths, 1):
            site.add(path, Page((NETEASE / f"{n}.html").read_bytes(), content_type="text/html"))
        site.add("/2024/08/09/hostile.html", Page(SLOW_PAGE.encode(), content_type="text/html"))
        links = "".join(f'<li><a href="{p}">要闻</a></li>' for p in [*paths, "/2024/08/09/hostile.html"])
        site.add("/news/index.html", Page(f"<html><body><ul>{links}</ul></body></html>".encode()))
        home.mkdir(parents=True, exist_ok=True)
        sources = home / "sources.yaml"
        sources.write_text(
            f"sources:\n  - name: limits\n    outlet: 测试日报\n    domains: [{site.host}]\n    delay: 0\n"
            f"    entries:\n      - kind: list\n        url: {site.base}/news/index.html\n",
            "utf-8",
        )
        monkeypatch.setenv("YUQING_SOURCES_FILE", str(sources))
        monkeypatch.setenv("YUQING_COLLECT_EXTRACT_TIMEOUT", "0.3")
        monkeypatch.setenv("COLUMNS", "250")
        summary = yuqing("collect").stdout
    finally:
        web.__exit__()
    assert "extract_timeout 1" in summary
    store = open_store(settings_mod.load())
    try:
        with store.session() as s:
            stored = sorted(s.scalars(select(Article.original_url)))
            hostile = s.scalars(select(CrawlUrl).where(CrawlUrl.url.like("%hostile.html"))).one()
    finally:
        store.close()
    assert stored == sorted(site.url(p) for p in paths)
    assert (hostile.status, hostile.reason) == ("dropped", "extract_timeout")
    assert "took over 0.3 s" in (hostile.detail or "")
