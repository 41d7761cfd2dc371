"""A page that would hold up the crawl is dropped by name while the others are stored: extraction
runs in worker processes with a time limit per page (collect.extract_timeout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import EVALDATA, yuqing
from tests.crawlsites import NETEASE
from yuqing import settings as settings_mod
from yuqing.demo.web import FixtureWeb, Page
from yuqing.store.db import open_store
from yuqing.store.models import Article, CrawlUrl

pytestmark = pytest.mark.slow
# 8,000 site-name suffixes in the title: about 15 s of CPU for the title rules (issue 13's case)
HOSTILE = EVALDATA / "zh_hostile_cases" / "x_title_8000_suffixes.html"


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
        site.add("/2024/08/09/hostile.html", Page(HOSTILE.read_bytes(), content_type="text/html"))
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
        monkeypatch.setenv("YUQING_COLLECT_EXTRACT_TIMEOUT", "1")
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
    assert "took over 1 s" in (hostile.detail or "")
