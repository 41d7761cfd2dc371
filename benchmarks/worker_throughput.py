"""Distributed crawl throughput: the same queued crawl run by one `yuqing worker`, then by two.

How it is measured: a fixture web of SITES sites on 127.0.0.x, each with PAGES real 163.com
article pages (tests/crawlsites.py's pages, a number written into every sentence so each text is
distinct) behind three list pages; every source has the polite delay DELAY between requests
and concurrency 1, as real sources do. For one and then two workers (each running one job at a
time), a fresh store and an empty broker (its own redis-server) are set up, the workers are
started and ready, and the clock runs from sending the jobs (one per source, as `yuqing
collect --queue` does) until every page is stored. The figure is pages stored per second of wall
time. The store is SQLite in a temporary data directory, or PostgreSQL with --pg URL (the
benchmark creates and drops a database on that server). Sites are independent, so two workers
can at best halve the time; a site's delay holds either way.
Run: .venv/bin/python benchmarks/worker_throughput.py [--sites 4] [--pages 20] [--delay 0.3] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from tests.crawlsites import NETEASE
from tests.redisserver import start_redis
from tests.workers import Watch, Workers, wait_for

from yuqing import settings as settings_mod
from yuqing.collect.sources import load_sources
from yuqing.demo.web import FixtureWeb, Page, Site
from yuqing.distribute.queue import enqueue

PER_LIST = 8


def build(sites: int, pages: int) -> tuple[FixtureWeb, list[Site]]:
    bodies = sorted(NETEASE.glob("*.html"), key=lambda p: int(p.stem))
    web = FixtureWeb()
    made = [web.site() for _ in range(sites)]
    web.start()
    for s, site in enumerate(made):
        paths = [f"/2024/08/{1 + n % 28:02d}/s{s}p{n}.html" for n in range(pages)]
        for n, path in enumerate(paths):
            text = bodies[n % len(bodies)].read_bytes().replace("。".encode("gbk"), f"{s}{n}。".encode("gbk"))
            site.add(path, Page(text, content_type="text/html"))
        for index in range(0, pages, PER_LIST):
            links = "".join(
                f'<li><a href="{p}">要闻{i}</a> {p[1:11].replace("/", "-")}</li>'
                for i, p in enumerate(paths[index : index + PER_LIST])
            )
            name = "index.html" if index == 0 else f"index_{index // PER_LIST}.html"
            site.add(f"/news/{name}", Page(f"<html><body><ul>{links}</ul></body></html>".encode()))
    return web, made


def registry(path: Path, sites: list[Site], pages: int, delay: float) -> Path:
    lists = (pages + PER_LIST - 1) // PER_LIST
    entries = [
        f"  - name: site{n}\n    outlet: 测试{n}报\n    domains: [{site.host}]\n    delay: {delay}\n"
        f"    entries:\n      - kind: list\n        url: {site.base}/news/index{{_page}}.html\n"
        f"        first_page: 0\n        max_pages: {lists}\n"
        for n, site in enumerate(sites)
    ]
    path.write_text("sources:\n" + "".join(entries), "utf-8")
    return path


def database(pg: str, name: str) -> str:
    """A fresh database on the --pg server; '' (SQLite in the data directory) without one."""
    if not pg:
        return ""
    admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.make_url(pg).set(database=name).render_as_string(hide_password=False)


def run(count: int, broker: str, args: argparse.Namespace, sources: Path, total: int) -> float:
    """Seconds from sending the jobs until `count` workers have stored every page."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            YUQING_HOME=str(Path(folder) / "home"),
            YUQING_DATABASE_URL=database(args.pg, f"yuqing_bench_workers_{count}"),
            YUQING_BROKER_URL=broker,
            YUQING_SOURCES_FILE=str(sources),
            YUQING_COLLECT_TIMEOUT="30",
        )
        settings = settings_mod.load()
        watch = Watch()  # migrates the new store before the workers start
        workers = Workers(Path(folder))
        try:
            for n in range(count):
                workers.start(f"bench{n}")
            for name in workers.procs:
                wait_for(lambda name=name: " ready." in workers.log(name), 120, f"{name} ready", workers)
            start = time.perf_counter()
            # a backfill (--since), so the crawl follows every list page
            enqueue(settings, [s for s in load_sources(sources) if s.enabled], since=date(2024, 8, 1))
            wait_for(lambda: len(watch.urls()) >= total, 1800, "every page stored", workers)
            return time.perf_counter() - start
        finally:
            workers.stop()
            watch.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--pages", type=int, default=20, help="article pages per site")
    parser.add_argument("--delay", type=float, default=0.3, help="seconds between requests to a site")
    parser.add_argument("--pg", default="", help="PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    web, sites = build(args.sites, args.pages)
    total = args.sites * args.pages
    with tempfile.TemporaryDirectory() as folder:
        redis_proc, broker = start_redis(Path(folder))
        try:
            sources = registry(Path(folder) / "sources.yaml", sites, args.pages, args.delay)
            store = "PostgreSQL" if args.pg else "SQLite"
            print(f"{total} pages on {args.sites} sites, delay {args.delay:g} s per site, store {store}")
            for count in (1, 2):
                seconds = run(count, broker, args, sources, total)
                label = "1 worker: " if count == 1 else f"{count} workers:"
                print(f"{label} {total / seconds:5.2f} pages/s ({seconds:.1f} s)")
        finally:
            redis_proc.terminate()
            web.__exit__()
    print("(wall time on a shared machine: repeat, and compare the two lines of one run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
