"""Rule-scoring speed: articles per second of `Scorer.score` with the default profile.

How it is measured: the 1,000 THUCNews articles of ../shared/evaldata (zh_text_thucnews_cnews1000)
are cut into sentences; N articles (10k, then 100k) are built by recombining 8–40 random sentences
(seeded, so runs compare), with the first sentence as title. All articles are built in memory first;
the figure is N / wall time (time.perf_counter) of one pass of `score` over them, single process,
after a warm-up pass over 1,000 articles. Average article length is printed alongside.

Run: .venv/bin/python benchmarks/score_speed.py
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from yuqing.analyze.profile import default_profile_path, load_profile
from yuqing.analyze.score import Scorer

THUCNEWS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "evaldata"
    / "zh_text_thucnews_cnews1000"
    / "cnews_1000.txt"
)


def sentences() -> list[str]:
    found: list[str] = []
    for line in THUCNEWS.read_text("utf-8").splitlines():
        found.extend(s for s in re.split(r"(?<=[。！？])", line.split("\t", 1)[1]) if len(s) > 5)
    return found


def articles(pool: list[str], n: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    built = []
    for _ in range(n):
        picked = rng.sample(pool, rng.randint(8, 40))
        built.append((picked[0][:40], picked[1:]))
    return built


def main() -> None:
    scorer = Scorer(load_profile(default_profile_path()))
    pool = sentences()
    rng = random.Random(537)
    for title, body in articles(pool, 1000, rng):
        scorer.score(title, body)
    for n in (10_000, 100_000):
        batch = articles(pool, n, rng)
        chars = sum(len(t) + sum(map(len, b)) for t, b in batch) / n
        start = time.perf_counter()
        relevant = sum(scorer.score(title, body).relevant for title, body in batch)
        elapsed = time.perf_counter() - start
        print(f"{n:>7} articles (avg {chars:,.0f} chars): {n / elapsed:,.0f} articles/s, {relevant} relevant")


if __name__ == "__main__":
    main()
