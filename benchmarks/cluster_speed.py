"""Reprint clustering: speed, candidates per document and pair precision/recall on planted reprints,
yuqing's index beside a plain datasketch MinHashLSH (threshold 0.5) in the same run.

How it is measured: the 1,000 THUCNews articles of ../shared/evaldata are cut into sentences of 8 to
150 characters and pooled; an original is 8-30 sentences drawn at random from the pool (distinct
articles of real Chinese news text that, like real news, now and then share a stock sentence).
REPRINT_SHARE of the documents are reprints made as in tests/test_cluster.py (new headline, 来源
lines, trimmed and re-split paragraphs, boilerplate, edits), a third of them reprints of an earlier
reprint (a portal copying a portal). Truth: two documents are a pair when they come from the same
original. Precision and recall count pairs (from cluster and family sizes, so a giant false cluster
is counted, not enumerated). Time: wall time (time.perf_counter) of adding every document, texts
built beforehand, single process; per document, in microseconds, so 10k and 100k compare directly.
"checked" is how many candidates per document were verified exactly (yuqing) or returned by the LSH
query (datasketch, which verifies nothing). Both index the same numpy shingle hashes.

Run: .venv/bin/python benchmarks/cluster_speed.py [sizes ...]   (default 10000 100000)
"""

from __future__ import annotations

import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from datasketch import MinHash, MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_cluster import _SENTENCE, THUCNEWS, reprint

from yuqing.analyze.cluster import Doc, ReprintIndex, shingles

REPRINT_SHARE = 0.2
CHAINED = 1 / 3  # share of reprints copied from an earlier reprint rather than the original
SIZES = (10_000, 100_000)


def sentence_pool() -> list[str]:
    pool: list[str] = []
    for line in THUCNEWS.read_text("utf-8").splitlines():
        pool.extend(s for s in _SENTENCE.split(line.split("\t", 1)[1]) if 8 <= len(s) <= 150)
    return pool


def articles(count: int, pool: list[str], rng: random.Random) -> tuple[list[Doc], list[int]]:
    """The documents and, for each, the id of the original it comes from."""
    docs: list[Doc] = []
    family: list[int] = []
    copies: dict[int, list[list[str]]] = {}  # original -> paragraphs of it and of its reprints
    for i in range(count):
        if copies and rng.random() < REPRINT_SHARE:
            origin = rng.choice(list(copies)) if len(copies) < 50 else rng.randrange(len(docs))
            origin = family[origin]
            versions = copies[origin]
            paras = versions[-1] if len(versions) > 1 and rng.random() < CHAINED else versions[0]
            text = reprint(paras[0][:20], paras, rng)[1]
            versions.append([p for p in text.split("\n")[1:] if p])
            docs.append(Doc(i, text))
            family.append(origin)
            continue
        sentences = rng.sample(pool, rng.randint(8, 30))
        paras = ["".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)]
        copies[i] = [paras]
        docs.append(Doc(i, "\n".join(paras)))
        family.append(i)
    return docs, family


def pair_scores(cluster_of: list[int], family: list[int]) -> tuple[float, float]:
    """(precision, recall) over pairs of documents."""

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(cluster_of, family, strict=True)))
    predicted, truth = pairs(Counter(cluster_of)), pairs(Counter(family))
    return (both / predicted if predicted else 1.0), both / truth


def yuqing_index(docs: list[Doc]) -> tuple[list[int], float, float]:
    index = ReprintIndex()
    start = time.perf_counter()
    for doc in docs:
        index.add(doc)
    elapsed = time.perf_counter() - start
    return [index.cluster_of(d.id) for d in docs], elapsed, index.checked / len(docs)


def datasketch_plain(docs: list[Doc]) -> tuple[list[int], float, float]:
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    permutations = MinHash(num_perm=128).permutations
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    found = 0
    start = time.perf_counter()
    for doc in docs:
        minhash = MinHash(128, hashfunc=int, permutations=permutations, scheme="affine32")
        minhash.update_batch(shingles(doc.text).tolist())
        for other in lsh.query(minhash):
            found += 1
            a, b = find(doc.id), find(other)
            parent[max(a, b)] = min(a, b)
        lsh.insert(doc.id, minhash, check_duplication=False)
    elapsed = time.perf_counter() - start
    return [find(d.id) for d in docs], elapsed, found / len(docs)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    pool = sentence_pool()
    print(f"sentence pool: {len(pool):,} THUCNews sentences; reprints {REPRINT_SHARE:.0%} of documents")
    for size in sizes:
        docs, family = articles(size, pool, random.Random(size))
        chars = sum(len(d.text) for d in docs) / len(docs)
        print(f"{size:,} documents, mean {chars:,.0f} characters")
        for label, run in (("yuqing", yuqing_index), ("datasketch MinHashLSH(0.5)", datasketch_plain)):
            clusters, elapsed, checked = run(docs)
            precision, recall = pair_scores(clusters, family)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {label:27s} pairs P {precision:.4f} R {recall:.4f}   {elapsed / size * 1e6:6,.0f} µs/doc "
                f"({elapsed:.1f} s), {checked:.2f} candidates/doc, peak RSS so far {rss:,.0f} MB"
            )


if __name__ == "__main__":
    main()
