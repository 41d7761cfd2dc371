"""Title handling on hostile <title>s: a headline followed by N site/channel suffixes.

How it is measured: for each N (1,000 to 80,000 suffixes of "-栏目", "·栏目", "_栏目" and " - 栏目"),
the title is built once, then yuqing's strip_suffix and the whole extract_article on a page carrying
that <title> (no <h1>, so the title decides) run REPEAT times; the figure is the median wall time
(time.perf_counter), in milliseconds, single process. Beside it, in the same run, the suffix
stripping yuqing had before (one regular-expression search from the end per suffix removed, which
is quadratic) on the sizes where it ends in reasonable time — it took 6.6 s at 8,000 suffixes and
over a minute at 20,000. Linear handling shows as time growing in step with N.

Run: .venv/bin/python benchmarks/title_speed.py
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

from yuqing.extract import extract_article
from yuqing.extract.metadata import strip_suffix

REPEAT = 3
SIZES = (1_000, 8_000, 20_000, 80_000)
OLD_MAX = 2_000  # the quadratic stripping is only run up to this many suffixes
HEADLINE = "本市推进检查检验结果互认"
_OLD_SUFFIX = re.compile(r"\s*(?:[_|｜]+|\s[-—–·]+\s?|[-—–]{1,2}|·)\s*([^_|｜\-—–·]{1,24})\s*$")


def old_strip_suffix(title: str) -> str:
    """The stripping of before: search the last suffix again after each one removed."""
    title = title.strip()
    while (m := _OLD_SUFFIX.search(title)) and len(title[: m.start()].strip()) >= 5:
        if len(m.group(1)) > len(title[: m.start()]):
            break
        title = title[: m.start()].strip()
    return title


def median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page(title: str) -> bytes:
    text = "<p>" + "医生在接诊时可以调阅患者在其他医院的检查检验结果，避免重复检查。" * 4 + "</p>"
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{text}</body></html>".encode()
    )


def main() -> None:
    print(f"{'separator':>9} {'suffixes':>9} {'strip_suffix ms':>16} {'extract ms':>11} {'before ms':>10}")
    for separator in ("-", "·", "_", " - "):
        for size in SIZES:
            title = HEADLINE + f"{separator}栏目" * size
            assert strip_suffix(title) == HEADLINE
            strip = median_ms(lambda t=title: strip_suffix(t))  # type: ignore[misc]
            data = page(title)
            whole = median_ms(lambda d=data: extract_article(d, "http://example.cn/a.html"))  # type: ignore[misc]
            old = (
                f"{median_ms(lambda t=title: old_strip_suffix(t)):10.1f}"
                if size <= OLD_MAX
                else "-".rjust(10)
            )  # type: ignore[misc]
            print(f"{separator!r:>9} {size:>9} {strip:16.1f} {whole:11.1f} {old}")
    size = OLD_MAX
    title = HEADLINE + "-栏目" * size
    print(f"\nbefore, at {size} suffixes: {median_ms(lambda: old_strip_suffix(title)):.0f} ms (quadratic)")


if __name__ == "__main__":
    main()
