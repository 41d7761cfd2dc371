"""Sources marked `browser: true` are crawled in a real chromium.

The gated site answers every client without its cookie with HTTP 412 and a script that sets
the cookie and reloads, like the shields in front of several government sites; its column list
is built in script from JSON. Only a real browser gets past both.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import crawlsites
from tests.browser import CHROMIUM
from tests.conftest import yuqing
from tests.test_collect import articles

pytestmark = pytest.mark.slow


@pytest.fixture
def gated_env(web: crawlsites.CrawlWeb, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home.mkdir()
    crawlsites.use_fixture_web(web, home, monkeypatch)
    monkeypatch.setenv("COLUMNS", "250")
    return home


def test_a_plain_client_only_gets_the_check(web: crawlsites.CrawlWeb) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(web.gated_articles[0], timeout=5)
    assert refused.value.code == 412
    assert b"location.reload()" in refused.value.read()


def test_a_browser_source_is_crawled_through_its_check(web: crawlsites.CrawlWeb, gated_env: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/setup installs it)")
    summary = yuqing("collect", "--source", "jsgate").stdout
    row = next(line for line in summary.splitlines() if "│ jsgate" in line)
    assert "needs_browser" not in row and "http_412" not in row, summary
    stored = {a.original_url: a for a in articles(gated_env)}
    # two from the script-built list, one from the sitemap
    assert sorted(stored) == sorted(web.gated_articles)
    for article in stored.values():
        assert article.outlet == "验证网" and article.published is not None
        assert len("".join(article.paragraphs)) > 50 and "请稍候" not in article.title
    assert not any(path.startswith("/private/") for path in web.gated.hits)  # robots.txt obeyed
    assert "/logo.png" not in web.gated.hits and "/ads/track.js" not in web.news.hits  # text only


def test_without_chromium_the_browser_source_is_named_and_the_others_go_on(
    web: crawlsites.CrawlWeb, gated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_COLLECT_BROWSER", str(gated_env / "no-such-chromium"))
    summary = yuqing("collect", "--source", "jsgate", "--source", "gov").stdout
    row = next(line for line in summary.splitlines() if "│ jsgate" in line)
    assert "needs_browser" in row and "no-such-chromium" in summary, summary
    assert {a.original_url for a in articles(gated_env)} == set(web.gov_articles)
