"""The sites a test crawl visits, built from real saved pages in ../shared/evaldata.

- news (127.0.0.2): 12 real 163.com article pages (GBK) under dated URLs, three paginated column
  pages (TRS-style index.html, index_1.html …), an RSS feed with ETag, robots.txt forbidding
  /private/;
- trouble (127.0.0.3): a column page whose links misbehave — slow, 404, 500, flaky, redirect
  loop, wrong meta charset, a 50 MB body, a PDF, a copy of a news article, a tracking-parameter
  twin;
- gov (127.0.0.4): a sitemap of Beijing TCM administration notices (real gov HTML);
- jsgate (127.0.0.5): a government site that answers 412 and a JavaScript check to clients
  without its cookie, and builds its column list in script from JSON; one more notice is only
  in its sitemap; robots.txt forbids /private/ (a source marked `browser: true`);
- dead: a source whose site does not answer at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EVALDATA
from yuqing.demo.web import FixtureWeb, Page, Site

NETEASE = EVALDATA / "zh_netease74_cxextractor_silver" / "RawHtml"
NOTICES = EVALDATA / "zh_gov_bjtcm_notices104" / "notices.jsonl"
GBK_HTML = "text/html"  # no charset in the header: the page's own meta says gb2312


@dataclass
class CrawlWeb:
    web: FixtureWeb
    news: Site
    trouble: Site
    gov: Site
    news_articles: list[str]  # URLs, newest first
    gov_articles: list[str]
    gated: Site
    gated_articles: list[str]
    dead_url: str

    def sources_yaml(self, path: Path, delay: float = 0.0) -> Path:
        n, t, g, j = self.news, self.trouble, self.gov, self.gated
        path.write_text(
            f"""
sources:
  - name: news
    outlet: 测试日报
    domains: [{n.host}]
    delay: {delay}
    entries:
      - kind: list
        url: {n.base}/news/index{{_page}}.html
        first_page: 0
        max_pages: 3
      - kind: feed
        url: {n.base}/feed.xml
  - name: trouble
    outlet: 故障网
    domains: [{t.host}]
    delay: {delay}
    entries:
      - kind: list
        url: {t.base}/news/index.html
  - name: gov
    outlet: 北京市中医管理局
    domains: [{g.host}]
    delay: {delay}
    entries:
      - kind: sitemap
        url: {g.base}/sitemap.xml
  - name: jsgate
    outlet: 验证网
    domains: [{j.host}]
    delay: {delay}
    browser: true
    entries:
      - kind: list
        url: {j.base}/xxgk/index.html
      - kind: sitemap
        url: {j.base}/sitemap.xml
  - name: dead
    outlet: 停站网
    domains: [127.0.0.9]
    entries:
      - kind: feed
        url: {self.dead_url}
""",
            "utf-8",
        )
        return path


@pytest.fixture(scope="module")
def web() -> Iterator[CrawlWeb]:
    """The fixture web, started once for a test module."""
    built = build()
    yield built
    built.web.__exit__()


def use_fixture_web(web: CrawlWeb, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point yuqing at the fixture web's registry, with timeouts short enough for tests."""
    monkeypatch.setenv("YUQING_COLLECT_TIMEOUT", "1.5")
    monkeypatch.setenv("YUQING_COLLECT_BACKOFF", "0.05")
    path = web.sources_yaml(folder / "sources.yaml")
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(path))
    return path


def build(article_delay: float = 0.0) -> CrawlWeb:
    web = FixtureWeb()
    news, trouble, gov, gated = web.site(), web.site(), web.site(), web.site(gate=True)
    web.start()
    news_urls = _news_site(news, article_delay)
    _trouble_site(trouble, news)
    gov_urls = _gov_site(gov)
    gated_urls = _gated_site(gated, elsewhere=news)
    dead = "http://127.0.0.9:9/feed.xml"
    return CrawlWeb(web, news, trouble, gov, news_urls, gov_urls, gated, gated_urls, dead)


def _news_site(site: Site, delay: float) -> list[str]:
    site.add("/robots.txt", Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    paths = []
    for n in range(12):
        day = date(2024, 8, 28) - timedelta(days=2 * n)
        path = f"/{day:%Y/%m/%d}/a{n}.html"
        site.add(path, Page((NETEASE / f"{n + 1}.html").read_bytes(), content_type=GBK_HTML, delay=delay))
        paths.append(path)
    pages = [paths[i : i + 4] for i in range(0, 12, 4)]
    for index, chunk in enumerate(pages):
        name = "index.html" if index == 0 else f"index_{index}.html"
        extra = '<li><a href="/private/2024/08/01/secret.html">内部</a> 2024-08-01</li>' if index == 0 else ""
        site.add(f"/news/{name}", Page(_column(chunk, extra).encode("utf-8"), etag=True))
    site.add("/feed.xml", Page(_rss(site, paths[:3]), content_type="application/rss+xml", etag=True))
    return [site.url(p) for p in paths]


def _trouble_site(site: Site, news: Site) -> None:
    first_news = (NETEASE / "1.html").read_bytes()
    good = (NETEASE / "13.html").read_bytes()
    utf8_page = (NETEASE / "14.html").read_bytes().decode("gb18030")
    wrong_meta = utf8_page.replace("gb2312", "utf-8").replace("GB2312", "utf-8").encode("gb18030")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + bytes(range(256)) * 40
    pages = {
        "slow": Page(good, delay=4.0),
        "missing": Page(b"gone", status=404),
        "broken": Page(b"error", status=500),
        "flaky": Page((NETEASE / "15.html").read_bytes(), content_type=GBK_HTML, fail_first=1),
        "loop": Page(b"", status=302, headers={"Location": "/2024/08/20/loop.html"}),
        "wrong-charset": Page(wrong_meta, content_type="text/html"),
        "huge": Page(lambda: iter([b"<p>" + b"x" * 65536 + b"</p>"] * 800)),
        "file": Page(pdf, content_type="application/pdf"),
        "copy": Page(first_news, content_type=GBK_HTML),
        "ok": Page(good, content_type=GBK_HTML),
    }
    links = []
    for name, page in pages.items():
        site.add(f"/2024/08/20/{name}.html", page)
        links.append(f"/2024/08/20/{name}.html")
    links.append("/2024/08/20/ok.html?utm_source=weibo&from=timeline")
    site.add("/news/index.html", Page(_column(links, "").encode("utf-8")))


def _notices(start: int, count: int) -> list[dict[str, str]]:
    lines = NOTICES.read_text("utf-8").splitlines()[start : start + count]
    return [json.loads(line) for line in lines]


def _notice_page(notice: dict[str, str]) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{notice['title']}_北京市中医管理局</title></head>"
        f"<body><div class='header'><a href='/'>首页</a></div><h1>{notice['title']}</h1>"
        f"<div class='info'>发布时间：{notice['date']}</div>{notice['article_html']}"
        "<div class='footer'>版权所有：北京市中医管理局</div></body></html>"
    ).encode()


def _notice_path(folder: str, n: int, notice: dict[str, str]) -> str:
    return f"/{folder}/{n}/t{notice['date'].replace('-', '')}_{n}.html"


def _sitemap(urls: list[str]) -> Page:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{xmlns}">{locs}</urlset>'
    return Page(sitemap.encode("utf-8"), content_type="application/xml")


def _gov_site(site: Site) -> list[str]:
    urls = [
        site.add(_notice_path("sy/zcfg", n, notice), Page(_notice_page(notice)))
        for n, notice in enumerate(_notices(0, 3))
    ]
    site.add("/sitemap.xml", _sitemap(urls))
    return urls


def _gated_site(site: Site, elsewhere: Site) -> list[str]:
    """Three more notices behind a JavaScript check: two listed by script, one in the sitemap;
    the column page also pulls a tracker from another site (a browser crawl must not)."""
    site.add("/robots.txt", Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    urls = [
        site.add(_notice_path("xxgk", n, notice), Page(_notice_page(notice)))
        for n, notice in enumerate(_notices(3, 3))
    ]
    listed = [*urls[:2], site.url("/private/0/t20240801_0.html")]
    site.add("/xxgk/list.json", Page(json.dumps(listed).encode(), content_type="application/json"))
    script = (
        "fetch('/xxgk/list.json').then(r => r.json()).then(urls => urls.forEach((u, i) => {"
        " const li = document.createElement('li'), a = document.createElement('a');"
        " a.href = u; a.textContent = '政务公开第' + i + '条'; li.append(a);"
        " document.getElementById('list').append(li); }));"
    )
    site.add("/xxgk/list.js", Page(script.encode(), content_type="application/javascript"))
    column = (
        "<html><head><meta charset='utf-8'><title>政务公开</title></head><body>"
        "<div class='nav'><a href='/'>首页</a></div><ul id='list'></ul>"
        "<script src='/xxgk/list.js'></script>"
        f"<script src='{elsewhere.base}/ads/track.js'></script><img src='/logo.png'></body></html>"
    )
    site.add("/xxgk/index.html", Page(column.encode("utf-8")))
    site.add("/sitemap.xml", _sitemap(urls[2:]))
    return urls


def _column(paths: list[str], extra: str) -> str:
    items = "".join(
        f'<li><a href="{p}">本市卫生健康要闻第{i}条</a> <span>{p[1:11].replace("/", "-")}</span></li>'
        for i, p in enumerate(paths)
    )
    nav = '<div class="nav"><a href="/">首页</a><a href="/about.html">关于我们</a></div>'
    head = "<head><meta charset='utf-8'><title>新闻列表</title></head>"
    return f"<html>{head}<body>{nav}<ul>{items}{extra}</ul></body></html>"


def _rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>新闻{i}</title><link>{site.url(p)}</link>"
        f"<pubDate>Wed, {28 - 2 * i} Aug 2024 08:00:00 +0800</pubDate></item>"
        for i, p in enumerate(paths)
    )
    channel = f"<channel><title>测试日报</title>{items}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'.encode()
