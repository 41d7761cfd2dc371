"""Reprint clustering speed: articles per second through ReprintIndex.add at 10k and 100k articles.

How it is measured: the 1,000 THUCNews articles are cut into sentences and pooled; each synthetic
article is 8-30 sentences drawn at random from the pool (so articles are distinct, but real Chinese
news text), and REPRINT_SHARE of the articles are reprints of an earlier one made as in
tests/test_cluster.py (new headline, 来源 lines, trimmed and re-split paragraphs, boilerplate, edits).
All texts are built first; the figure is the wall time (time.perf_counter) of adding them one by one
to a fresh index, single process, once per size. Peak memory is the process's max RSS afterwards.

Run: .venv/bin/python benchmarks/cluster_speed.py [sizes ...]
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_cluster import _SENTENCE, THUCNEWS, reprint

from yuqing.analyze.cluster import Doc, ReprintIndex

REPRINT_SHARE = 0.1
SIZES = (10_000, 100_000)


def sentence_pool() -> list[str]:
    pool: list[str] = []
    for line in THUCNEWS.read_text("utf-8").splitlines():
        pool.extend(s for s in _SENTENCE.split(line.split("\t", 1)[1]) if len(s) > 8)
    return pool


def articles(count: int, pool: list[str], rng: random.Random) -> list[Doc]:
    docs: list[Doc] = []
    paragraphs: list[list[str]] = []
    for i in range(count):
        if paragraphs and rng.random() < REPRINT_SHARE:
            paras = rng.choice(paragraphs)
            docs.append(Doc(i, reprint(paras[0][:20], paras, rng)[1]))
            continue
        sentences = rng.sample(pool, rng.randint(8, 30))
        paras = ["".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)]
        paragraphs.append(paras)
        docs.append(Doc(i, "\n".join(paras)))
    return docs


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    pool = sentence_pool()
    print(f"sentence pool: {len(pool):,} sentences from THUCNews; reprint share {REPRINT_SHARE:.0%}")
    for size in sizes:
        docs = articles(size, pool, random.Random(size))
        chars = sum(len(d.text) for d in docs) / len(docs)
        index = ReprintIndex()
        start = time.perf_counter()
        for doc in docs:
            index.add(doc)
        elapsed = time.perf_counter() - start
        multi = sum(1 for members in index.clusters().values() if len(members) > 1)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>7,} articles (mean {chars:,.0f} chars): {size / elapsed:,.0f} articles/s "
            f"({elapsed:.1f} s), {multi:,} clusters of 2+, peak RSS {rss:,.0f} MB"
        )


if __name__ == "__main__":
    main()
