"""`yuqing analyze` and `yuqing candidates` on an archive of 10k and 100k articles, as a user runs them.

How it is measured: an archive of N articles is written straight into a fresh SQLite store (articles
and search index, in bulk). Texts are those of benchmarks/cluster_speed.py: originals recombined
from the sentences of the 1,000 THUCNews articles in ../shared/evaldata, 20% of them reprints
(new headline, 来源 lines, trimmed paragraphs, edits); each gets one of 12 outlets and a publication
day in 2024. Then, each as its own process (`python -m yuqing`, start-up included), timed by GNU
time (wall seconds and peak resident memory):
  1. `yuqing analyze` over the whole archive (scores and indexes all N: the first run after an upgrade);
  2. `yuqing analyze` after 1,000 new articles were added (what a day's collection asks for);
  3. `yuqing analyze` with nothing new;
  4. `yuqing candidates 2024-08` (which first runs 3), median of three;
and as anchors in the same run: the candidates query alone, in-process (reading the stored clusters,
median of three), and `python -c "import yuqing.cli"` (the start-up every command pays).
The machine is shared: figures vary by tens of percent from run to run; compare within one run.

Run: .venv/bin/python benchmarks/analyze_speed.py [sizes ...]   (default 10000 100000)
     .venv/bin/python benchmarks/analyze_speed.py --home DIR 100000   (an archive built before, e.g.
     by benchmarks/search_latency.py's fill: it is analyzed in place)
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.cluster_speed import articles, sentence_pool
from benchmarks.search_latency import _write, article_row

from yuqing import settings as settings_mod
from yuqing.analyze.candidates import candidates
from yuqing.report.period import parse_period
from yuqing.store.db import Store, open_store

OUTLETS = [
    "新京报",
    "千龙网",
    "北青网",
    "人民网",
    "新华网",
    "光明网",
    "中国青年报",
    "健康报",
    "网易",
    "新浪",
    "澎湃",
    "央视网",
]
NEW = 1_000


def fill(store: Store, texts: list[str], first_id: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime(2024, 12, 31)
    with store.session() as session:
        for start in range(0, len(texts), 2000):
            batch: list[dict[str, object]] = []
            for n, text in enumerate(texts[start : start + 2000], start + first_id):
                paragraphs = [p for p in text.split("\n") if p]
                day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
                batch.append(article_row(n, paragraphs[0][:30], rng.choice(OUTLETS), day, paragraphs, now))
            _write(session, batch)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one process, measured by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        run = subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%e %M", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, rss = out.read().split()[-2:]
    return float(wall), int(rss) / 1024, run.stdout


def measure(size: int, pool: list[str], given: str | None = None) -> None:
    docs, _ = articles(size + NEW, pool, random.Random(size))
    texts = [d.text for d in docs]
    with tempfile.TemporaryDirectory() as scratch:
        home = given or scratch
        env = {k: v for k, v in os.environ.items() if not k.startswith("YUQING_")}
        env["YUQING_HOME"] = home
        store = open_store(settings_mod.load({"YUQING_HOME": home}))
        started = time.perf_counter()
        if given is None:
            fill(store, texts[:size], 1, size)
            print(f"{size:,} articles written in {time.perf_counter() - started:.0f} s")
        else:  # an archive of `size` articles with ids 1..size made earlier (e.g. by search_latency)
            print(f"archive of {size:,} articles in {home}")
        yuqing = [sys.executable, "-m", "yuqing"]
        wall, rss, out = timed([*yuqing, "analyze"], env)
        print(f"  analyze, whole archive:       {wall:7.1f} s, peak RSS {rss:5.0f} MB   ({out.strip()})")
        fill(store, texts[size:], size + 1, size + 1)
        wall, rss, out = timed([*yuqing, "analyze"], env)
        print(f"  analyze, {NEW:,} new articles:  {wall:7.1f} s, peak RSS {rss:5.0f} MB   ({out.strip()})")
        wall, rss, _ = timed([*yuqing, "analyze"], env)
        print(f"  analyze, nothing new:         {wall:7.1f} s, peak RSS {rss:5.0f} MB")
        runs = [timed([*yuqing, "candidates", "2024-08", "--json"], env) for _ in range(3)]
        found = len(runs[0][2].splitlines())
        print(
            f"  candidates 2024-08:           {statistics.median(r[0] for r in runs):7.1f} s, "
            f"peak RSS {max(r[1] for r in runs):5.0f} MB   ({found} candidates)"
        )
        query = []
        for _ in range(3):
            with store.session() as session:
                start = time.perf_counter()
                candidates(session, parse_period("2024-08"), top=20)
                query.append(time.perf_counter() - start)
        store.close()
        start_up = [timed([sys.executable, "-c", "import yuqing.cli"], env)[0] for _ in range(3)]
        print(f"  anchor: candidates query alone {statistics.median(query):6.2f} s (in-process)")
        print(f"  anchor: python -c 'import yuqing.cli' {statistics.median(start_up):.2f} s")


def main() -> None:
    args = sys.argv[1:]
    given = None
    if args[:1] == ["--home"]:  # --home DIR SIZE: measure an archive built before, in place
        given, args = args[1], args[2:]
    sizes = [int(a) for a in args] or [10_000, 100_000]
    pool = sentence_pool()
    for size in sizes:
        measure(size, pool, given)


if __name__ == "__main__":
    main()
