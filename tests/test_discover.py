"""Discovery of article links in feeds, sitemaps and real Chinese list pages."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import EVALDATA
from yuqing.collect.discover import is_feed, next_page, parse_feed, parse_list, parse_sitemap, url_date

GERAPY = EVALDATA / "zh_gerapy_list_detail_pages"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://beijing.qianlong.com/2024/0821/8323359.shtml", date(2024, 8, 21)),
        ("https://m.gmw.cn/toutiao/2024-09/18/content_37568705.htm", date(2024, 9, 18)),
        ("http://www.nhc.gov.cn/guihuaxxs/s7786/202408/t20240821_1234.shtml", date(2024, 8, 21)),
        ("https://news.ynet.com/2024/08/12/3796360t70.html", date(2024, 8, 12)),
        ("https://www.bjnews.com.cn/detail/1724837293129337.html", None),
        ("https://example.cn/2024/13/45/x.html", None),
    ],
)
def test_dates_written_in_urls(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_rss_and_atom_feeds() -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>a</title>'
        b"<link>/2024/08/21/a.html</link><pubDate>Wed, 21 Aug 2024 08:00:00 +0800</pubDate></item>"
        b"</channel></rss>"
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        '<entry><title>医保</title><link href="https://a.cn/x/1.html"/><updated>2024-09-02T10:00:00Z'
        "</updated></entry></feed>"
    ).encode()
    assert is_feed(rss) and is_feed(atom) and not is_feed(b"<html><body>rss</body></html>")
    assert [(link.url, link.published) for link in parse_feed(rss, "https://a.cn/feed.xml")] == [
        ("https://a.cn/2024/08/21/a.html", date(2024, 8, 21))
    ]
    assert parse_feed(atom, "https://a.cn/")[0].published == date(2024, 9, 2)


def test_sitemap_and_sitemap_index() -> None:
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://a.cn/s1.xml</loc></sitemap></sitemapindex>"
    )
    urlset = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.cn/n/1.html</loc><lastmod>2024-08-03</lastmod></url></urlset>"
    )
    assert parse_sitemap(index, "https://a.cn/") == ([], ["https://a.cn/s1.xml"])
    links, children = parse_sitemap(urlset, "https://a.cn/")
    assert (
        children == [] and links[0].url == "https://a.cn/n/1.html" and links[0].published == date(2024, 8, 3)
    )
    assert parse_sitemap(b"not xml at all", "https://a.cn/") == ([], [])


@pytest.mark.parametrize(
    ("name", "base", "domain", "low", "high"),
    [
        ("dfa66_announcement.html", "https://www.dfa66.com/", "dfa66.com", 9, 12),
        ("hrfund_announcement.html", "http://www.hr-fund.com.cn/news", "hr-fund.com.cn", 9, 12),
        ("hsqhfunds_announcement.html", "https://www.hsqhfunds.com/", "hsqhfunds.com", 16, 24),
        ("netease_leaderboard_news.html", "https://news.163.com/", "163.com", 420, 840),
    ],
)
def test_real_list_pages_yield_their_items(name: str, base: str, domain: str, low: int, high: int) -> None:
    expected = {
        json.loads(line)["file"]: json.loads(line)
        for line in (GERAPY / "expectations.jsonl").read_text("utf-8").splitlines()
    }
    links = parse_list((GERAPY / "samples" / "list" / name).read_bytes(), base, [domain])
    print(name, len(links), "expected", expected[f"samples/list/{name}"]["expected_list_items"])
    assert low <= len(links) <= high
    assert all(link.url.startswith("http") for link in links)


def test_a_link_pattern_decides_alone_and_dates_come_from_the_item() -> None:
    page = (
        '<html><body><ul><li><a href="/news/a?id=7">本市互联网医院建设提速</a><span>2024-08-21</span></li>'
        '<li><a href="/about">关于我们关于我们</a></li></ul></body></html>'
    ).encode()
    links = parse_list(page, "https://wjw.example.cn/", ["example.cn"], r"/news/a\?id=\d+")
    assert [(link.url, link.published) for link in links] == [
        ("https://wjw.example.cn/news/a?id=7", date(2024, 8, 21))
    ]


def test_next_page_by_selector_or_by_its_text() -> None:
    links = '<a class="nx" href="list_2.html">2</a><a href="list_3.html">下一页</a>'
    page = f"<html><body>{links}</body></html>".encode()
    assert next_page(page, "https://a.cn/c/list_1.html", "a.nx") == "https://a.cn/c/list_2.html"
    assert next_page(page, "https://a.cn/c/list_1.html") == "https://a.cn/c/list_3.html"
