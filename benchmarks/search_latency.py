"""Search latency (p50/p95) at 10k and 100k articles built from real Chinese news texts, beside the
previous query (every match ranked, then joined to the articles) in the same run.

Articles are recombined from the sentences of real texts in ../shared/evaldata (THUCNews, the
Beijing TCM notices) and the example reports, so token statistics are those of real news.
Run: .venv/bin/python benchmarks/search_latency.py [--sizes 10000 100000] [--pg URL] [--home DIR]
(--home: a data directory to keep the archive in: filled if empty, else measured in place; with --pg,
the URL's database.)
Measured: wall time of yuqing.store.search.search() (one page of 20) per query, after one warm-up
run, over every query in QUERIES repeated --repeat times, on the same machine and store; count()
(the total, for paging) is timed separately. The anchor runs the previous query the same way:
SQLite ranks every match with bm25 and joins before LIMIT; PostgreSQL ranks the newest 2,000.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from yuqing import settings as settings_mod
from yuqing.store.db import Store, open_store
from yuqing.store.models import Article
from yuqing.store.search import SearchFilter, count, search
from yuqing.text import content_hash, search_tokens

SHARED = Path(__file__).resolve().parents[2] / "shared"
QUERIES = [
    ("医保", {}),
    ("病历", {}),
    ("电子病历", {}),
    ("互联网医院", {}),
    ("人工智能", {}),
    ("北京 医院", {}),
    ("医疗", {"start": date(2024, 8, 1), "end": date(2024, 8, 31)}),
    ("中医", {"outlet": "新京报"}),
    ("医疗", {"outlet": "新京报"}),  # a word in most articles, with an outlet filter
]
OUTLETS = ["新京报", "千龙网", "北青网", "人民网", "新华网", "光明网", "中国青年报", "健康报"]


def sentences() -> list[str]:
    texts = [
        line.split("\t", 1)[1]
        for line in (SHARED / "evaldata/zh_text_thucnews_cnews1000/cnews_1000.txt")
        .read_text("utf-8")
        .splitlines()
        if "\t" in line
    ]
    for line in (SHARED / "evaldata/zh_gov_bjtcm_notices104/notices.jsonl").read_text("utf-8").splitlines():
        texts.append(re.sub(r"<[^>]+>", "", json.loads(line).get("article_html") or ""))
    texts += [p.read_text("utf-8") for p in (SHARED / "examples").glob("*.md")]
    return [s for t in texts for s in re.findall(r"[^。！？\n]{8,}[。！？]", t)]


def fill(store: Store, count: int, pool: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    now = datetime(2024, 10, 1)
    batch: list[dict[str, object]] = []
    with store.session() as session:
        for n in range(count):
            paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(3, 8))]
            title = rng.choice(pool)[:30]
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
            batch.append(article_row(n + 1, title, rng.choice(OUTLETS), day, paragraphs, now))
            if len(batch) == 2000 or n == count - 1:
                _write(session, batch)
                batch = []


def article_row(
    n: int, title: str, outlet: str, day: date, paragraphs: list[str], now: datetime
) -> dict[str, object]:
    """One articles row for a bulk insert (id n, a URL of its own)."""
    return {
        "id": n,
        "url": f"https://bench.example.cn/{n}.html",
        "original_url": f"https://bench.example.cn/{n}.html",
        "title": title,
        "outlet": outlet,
        "published": day,
        "author": None,
        "paragraphs": paragraphs,
        "raw_page": None,
        "content_hash": content_hash(paragraphs),
        "origin": "ingest",
        "source_id": None,
        "fetched_at": now,
        "updated_at": now,
    }


def _write(session: object, batch: list[dict[str, object]]) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    session.execute(insert(Article), batch)
    rows = [
        {
            "id": r["id"],
            "title": " ".join(search_tokens(str(r["title"]))),
            "body": " ".join(search_tokens("\n".join(r["paragraphs"]))),
        }
        for r in batch
    ]  # type: ignore[arg-type]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "INSERT INTO article_search (article_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || to_tsvector('simple', :body))"
            ),
            rows,
        )
    else:
        session.execute(
            text("INSERT INTO article_fts (rowid, title, body) VALUES (:id, :title, :body)"), rows
        )


PREVIOUS_SQLITE = (
    "SELECT a.id FROM articles a JOIN (SELECT rowid AS id, bm25(article_fts, 5.0, 1.0) AS rank "
    "FROM article_fts WHERE article_fts MATCH :m) f ON f.id = a.id WHERE {where} "
    "ORDER BY f.rank, a.published DESC LIMIT 20"
)
PREVIOUS_PG = (
    "SELECT h.article_id FROM (SELECT s.article_id, s.document, a.published FROM article_search s "
    "JOIN articles a ON a.id = s.article_id WHERE s.document @@ to_tsquery('simple', :m) AND {where} "
    "ORDER BY a.published DESC NULLS LAST LIMIT 2000) h "
    "ORDER BY ts_rank(h.document, to_tsquery('simple', :m)) DESC, h.published DESC NULLS LAST LIMIT 20"
)


def previous(session: object, query: str, kw: dict[str, object]) -> None:
    """The query this branch replaced, for the anchor figures."""
    from sqlalchemy.orm import Session

    from yuqing.store.search import _match

    assert isinstance(session, Session)
    match = _match(session, SearchFilter(query))
    where = ["TRUE" if match.postgres else "1"]
    params: dict[str, object] = {"m": match.query}
    for key, clause in (("start", "a.published >= :start"), ("end", "a.published <= :end")):
        if key in kw:
            where.append(clause)
            params[key] = kw[key]
    if "outlet" in kw:
        where.append("a.outlet = :outlet")
        params["outlet"] = kw["outlet"]
    sql = (PREVIOUS_PG if match.postgres else PREVIOUS_SQLITE).format(where=" AND ".join(where))
    session.execute(text(sql), params).all()


def measure(store: Store, repeat: int) -> tuple[list[float], list[float], list[float]]:
    """(search, count, previous query) timings in ms."""
    timings: list[float] = []
    counts: list[float] = []
    anchor: list[float] = []
    with store.session() as session:
        for query, kw in QUERIES:
            flt = SearchFilter(query, limit=20, **kw)  # type: ignore[arg-type]
            search(session, flt)  # warm-up
            previous(session, query, kw)
            for _ in range(repeat):
                start = time.perf_counter()
                search(session, flt)
                timings.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                count(session, flt)
                counts.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                previous(session, query, kw)
                anchor.append((time.perf_counter() - start) * 1000)
    return timings, counts, anchor


def _empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        return not conn.execute(text("SELECT 1 FROM articles LIMIT 1")).first()


def run(label: str, url: str, size: int, pool: list[str], repeat: int, home: str | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {"YUQING_HOME": home or scratch, **({"YUQING_DATABASE_URL": url} if url else {})}
        store = open_store(settings_mod.load(env))
        started = time.perf_counter()
        if home is None or _empty(store):
            if url and home is None:
                with store.engine.begin() as conn:
                    conn.execute(text("TRUNCATE articles, article_search CASCADE"))
            fill(store, size, pool)
        if store.dialect == "postgresql":
            with store.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        built = time.perf_counter() - started
        ms, counts, anchor = measure(store, repeat)

        def p50_p95(values: list[float]) -> str:
            p95 = statistics.quantiles(values, n=20)[18]
            return f"p50 {statistics.median(values):7.2f} ms  p95 {p95:7.2f} ms"

        print(
            f"{label:10} {size:>7,} articles search {p50_p95(ms)}  ({len(ms)} queries, built {built:.0f} s)"
        )
        print(f"{'':10} {'':>7}           count  {p50_p95(counts)}")
        print(f"{'':10} {'':>7}  previous query  {p50_p95(anchor)}")
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pg", default="", help="PostgreSQL URL (an empty database) to measure too")
    parser.add_argument("--home", default=None, help="measure an archive filled before, in place")
    args = parser.parse_args()
    pool = sentences()
    print(f"sentence pool: {len(pool):,} real sentences; queries: {', '.join(q for q, _ in QUERIES)}")
    for size in args.sizes:
        if not (args.home and args.pg):
            run("sqlite", "", size, pool, args.repeat, args.home)
        if args.pg:
            run("postgresql", args.pg, size, pool, args.repeat, args.home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
