"""End-to-end crawl throughput: `yuqing collect` over the fixture web of real pages, beside a bare
Scrapy spider crawling the same site in the same run.

How it is measured: the fixture web of tests/crawlsites.py (real 163.com, Beijing TCM pages on
127.0.0.x) is enlarged to N article pages on one list-paged site, served with no delay; sources
have delay 0 and concurrency 8. The figure is articles stored per second of wall time for one
`yuqing collect --since` in a fresh data directory (fetch, extract in the process pool, dedupe,
store on SQLite), start-up included. The anchor is a bare Scrapy spider (same concurrency, no
processing: it follows the list pages and fetches every article page) run as its own process on
the same site just before, pages fetched per second, start-up included. The extraction cost is
measured separately on the same pages in the same run for comparison, and how busy the machine's
cores were during each run (/proc/stat), with the CPU time that makes per page: a crawl that keeps
every core busy is bound by CPU, not by the site or the network.
With --browser the site sits behind a JavaScript check (HTTP 412, cookie, reload) and the source
is `browser: true`, so every page goes through headless chromium (collect/browser.py).
Run: .venv/bin/python benchmarks/crawl_throughput.py [--articles 300] [--browser] [--profile FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crawlsites import NETEASE

from yuqing.collect.extraction import cores
from yuqing.demo.web import FixtureWeb, Page
from yuqing.errors import ExtractError
from yuqing.extract import extract_article

BARE_SPIDER = """
import sys
import scrapy
from scrapy.crawler import CrawlerProcess

class Bare(scrapy.Spider):
    name = "bare"
    pages = 0

    async def start(self):
        yield scrapy.Request(sys.argv[1], callback=self.parse_list)

    def parse_list(self, response):
        for href in response.css("a::attr(href)").getall():
            if "/news/" in href:
                yield response.follow(href, callback=self.parse_list)
            else:
                yield response.follow(href, callback=self.parse_page)
        following = response.url.replace("index.html", "index_1.html")
        if "index_" in response.url:
            n = int(response.url.rsplit("_", 1)[1].split(".")[0])
            following = response.url.replace(f"index_{n}.html", f"index_{n + 1}.html")
        yield response.follow(following, callback=self.parse_list)

    def parse_page(self, response):
        Bare.pages += 1

process = CrawlerProcess({"LOG_ENABLED": False, "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": True})
process.crawl(Bare)
process.start()
print(Bare.pages)
"""


def _busy() -> float:
    """CPU seconds the whole machine has been busy (all cores: /proc/stat, less idle and iowait).
    The crawl's extraction workers are children of a forkserver no one waits for, so
    getrusage would miss them; the machine's own count does not."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _count(home: str) -> int:
    from sqlalchemy import func, select

    from yuqing import settings
    from yuqing.store.db import open_store
    from yuqing.store.models import Article

    store = open_store(settings.load({"YUQING_HOME": home}))
    with store.session() as s:
        count = int(s.scalar(select(func.count()).select_from(Article)) or 0)
    store.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--browser", action="store_true", help="crawl through headless chromium")
    parser.add_argument("--profile", metavar="FILE", help="run the crawl's process under cProfile into FILE")
    args = parser.parse_args()
    pages = sorted(NETEASE.glob("*.html"), key=lambda p: int(p.stem))
    web = FixtureWeb()
    site = web.site(gate=args.browser)
    web.start()
    per_page = 20
    paths = [f"/2024/08/{1 + n % 28:02d}/b{n}.html" for n in range(args.articles)]
    for n, path in enumerate(paths):
        # real pages; the number written into every sentence keeps each page's text distinct
        body = pages[n % len(pages)].read_bytes().replace("。".encode("gbk"), f"{n}。".encode("gbk"))
        site.add(path, Page(body, content_type="text/html"))
    for index in range(0, len(paths), per_page):
        links = "".join(
            f'<li><a href="{p}">本市卫生健康要闻第{i}条</a></li>'
            for i, p in enumerate(paths[index : index + per_page])
        )
        name = "index.html" if index == 0 else f"index_{index // per_page}.html"
        site.add(f"/news/{name}", Page(f"<html><body><ul>{links}</ul></body></html>".encode()))
    with tempfile.TemporaryDirectory() as home:
        sources = Path(home) / "sources.yaml"
        sources.write_text(
            f"sources:\n  - name: bench\n    outlet: 测试日报\n    domains: [{site.host}]\n    delay: 0\n"
            f"    concurrency: 8\n    browser: {str(args.browser).lower()}\n"
            "    entries:\n      - kind: list\n"
            f"        url: {site.base}/news/index{{_page}}.html\n"
            f"        first_page: 0\n        max_pages: {len(paths) // per_page + 1}\n",
            "utf-8",
        )
        env = dict(os.environ, YUQING_HOME=home, YUQING_SOURCES_FILE=str(sources))
        bare = Path(home) / "bare.py"
        bare.write_text(BARE_SPIDER, "utf-8")
        busy = _busy()
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, str(bare), f"{site.base}/news/index.html", site.host],
            check=True,
            capture_output=True,
            text=True,
        )
        bare_time = time.perf_counter() - start
        bare_cpu = _busy() - busy
        bare_pages = int(run.stdout.split()[-1])
        python = [sys.executable, *(["-m", "cProfile", "-o", args.profile] if args.profile else [])]
        busy = _busy()
        start = time.perf_counter()
        subprocess.run(
            [*python, "-m", "yuqing", "collect", "--since", "2024-01-01"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        crawl = time.perf_counter() - start
        crawl_cpu = _busy() - busy
        stored = _count(home)
    bodies = [pages[n % len(pages)].read_bytes() for n in range(min(args.articles, 100))]
    start = time.perf_counter()
    for n, body in enumerate(bodies):
        try:
            extract_article(body, f"https://e.cn/{n}.html")
        except ExtractError:
            continue  # a refused page still cost its time
    extract_ms = (time.perf_counter() - start) / len(bodies) * 1000
    print(
        f"crawl{' through chromium' if args.browser else ''}: {stored} of {args.articles} articles "
        f"stored in {crawl:.1f} s = {stored / crawl:.1f} pages/s end to end (one process, includes start-up)"
    )
    print(
        f"bare Scrapy spider, same site and concurrency, no processing: {bare_pages} article pages "
        f"in {bare_time:.1f} s = {bare_pages / bare_time:.1f} pages/s (one process, includes start-up)"
    )
    print(f"extraction alone: {extract_ms:.1f} ms/page on the same pages")
    print(
        f"machine busy during the crawl: {crawl_cpu / crawl:.2f} of {cores()} cores, "
        f"{crawl_cpu / max(stored, 1) * 1000:.1f} CPU ms per stored page (crawl, extraction workers, "
        f"the site's server); during the bare spider: {bare_cpu / bare_time:.2f} cores, "
        f"{bare_cpu / max(bare_pages, 1) * 1000:.1f} ms per page"
    )
    web.__exit__()
    return 0


if __name__ == "__main__":
    sys.exit(main())
