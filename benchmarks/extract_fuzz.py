"""Extraction over fuzzed real pages: crashes, pages over one second, peak memory.

How it is measured: tests/fuzz.py mutates real pages of ../shared/evaldata (byte flips,
truncation, wrong or nonsense charsets, UTF-16/32, tag soup, attribute floods, huge attributes,
deep nesting, block floods, title suffixes, control characters, XML declarations, broken
entities, empty, binary and spliced pages), seeded; each page is extracted in this process with
time.perf_counter around extract_article; an exception other than ExtractError is a crash.
Peak memory is the process's maximum resident set size (resource.getrusage, KB on Linux), after
the pages have been generated one by one (only one page is held at a time).

Run: .venv/bin/python benchmarks/extract_fuzz.py [--pages 10000] [--seed 1] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fuzz import fuzzed

from yuqing.errors import ExtractError
from yuqing.extract import extract_article

SLOW = 1.0  # seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies flood and nesting sizes")
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    slow: list[tuple[float, int, tuple[str, ...], int]] = []
    times: list[float] = []
    started = time.perf_counter()
    for page in fuzzed(args.pages, args.seed, args.scale):
        t = time.perf_counter()
        try:
            extract_article(
                page.page, "http://www.example.cn/2024/0821/1.html", content_type=page.content_type
            )
            outcomes["article"] += 1
        except ExtractError as exc:
            outcomes[exc.reason] += 1
        except Exception:
            crashes.append(f"#{page.number} {page.mutations}: {traceback.format_exc(limit=-2)}")
        took = time.perf_counter() - t
        times.append(took)
        if took > SLOW:
            slow.append((took, page.number, page.mutations, len(page.page)))
    total = time.perf_counter() - started
    times.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.pages} fuzzed pages (seed {args.seed}, scale {args.scale}) in {total:.0f} s")
    print(f"crashes: {len(crashes)}")
    median = times[len(times) // 2] * 1000
    print(f"pages over {SLOW:g} s: {len(slow)}; slowest {times[-1]:.2f} s; median {median:.1f} ms")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    for took, number, mutations, size in sorted(slow, reverse=True)[:10]:
        print(f"  slow: {took:.2f} s  #{number} {'+'.join(mutations)} ({size / 1e6:.1f} MB)")
    for crash in crashes[:10]:
        print("  crash:", crash)


if __name__ == "__main__":
    main()
