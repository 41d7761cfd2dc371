"""Main-text quality, dates, refusals and speed: yuqing beside readability-lxml and trafilatura, on
every main-text gold set of ../shared/evaldata, in the same run.

How it is measured:
- Pages and gold come from tests/goldpages.py (its docstring gives each set's conventions; the
  zh_daniel_waddle401 headline is removed from the gold for every extractor). One extra row,
  "daniel as issue 8", scores the same pages the way the issue's table did: all 401 pages, the
  headline kept in the gold.
- Each extractor starts from the page's bytes: yuqing's extract_article (text = its paragraphs);
  readability-lxml's Document(...).summary() text, on the page decoded by yuqing's decoder (it needs
  a str); trafilatura's bare_extraction(bytes, with_metadata=True) (text and date). An exception or an
  empty text counts as a refused page and scores 0.
- P/R/F1: character bigrams (whitespace removed, multiset overlap) for Chinese, word 4-gram shingles
  (the ScrapingHub benchmark's evaluate.py) for English; the mean over pages.
- Dates: share of pages whose gold has a full day where the extractor's date is that day (yuqing's
  ``published``, trafilatura's metadata date; readability gives none).
- Speed: every page is extracted REPEAT times per extractor (after one warm-up pass over the set);
  a page's time is its fastest run in CPU time of the process (time.process_time: a shared machine's
  load inflates it far less than wall time; all three extractors are single-threaded); the figure is
  the median over pages, then the mean. Figures still move by ±10-20% between runs on a busy machine.

Run: .venv/bin/python benchmarks/extract_quality.py [--repeat N] [--sets cwced,daniel,...] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.goldpages import DANIEL, GoldPage, gold_sets, prf

from yuqing.errors import ExtractError
from yuqing.extract import extract_article
from yuqing.extract.decode import DecodeFailure, decode

warnings.filterwarnings("ignore")  # trafilatura and readability warn on odd pages


@dataclass
class Result:
    text: str
    day: date | None


def yuqing(page: GoldPage) -> Result:
    try:
        found = extract_article(page.page, page.url)
    except ExtractError:
        return Result("", None)
    return Result(found.text, found.published)


def readability(page: GoldPage) -> Result:
    from lxml import html
    from readability import Document

    try:
        summary = Document(decode(page.page)[0]).summary()
        return Result(str(html.fromstring(summary).text_content()), None)
    except (DecodeFailure, ValueError, TypeError):
        return Result("", None)


def trafilatura(page: GoldPage) -> Result:
    import trafilatura as tra

    found = tra.bare_extraction(page.page, url=page.url, with_metadata=True)
    if found is None:
        return Result("", None)
    text = found.text if hasattr(found, "text") else found.get("text")
    when = found.date if hasattr(found, "date") else found.get("date")
    try:
        day = date.fromisoformat(when[:10]) if when else None
    except ValueError:
        day = None
    return Result(text or "", day)


EXTRACTORS: dict[str, Callable[[GoldPage], Result]] = {
    "yuqing": yuqing,
    "readability-lxml": readability,
    "trafilatura": trafilatura,
}


def daniel_as_issue() -> list[GoldPage]:
    """All 401 DAnIEL pages with the headline kept in the gold, as issue 8's table scored them."""
    rows = [json.loads(line) for line in (DANIEL / "gold.jsonl").read_text("utf-8").split("\n") if line]
    return [
        GoldPage(
            "zh_daniel_waddle401", d["id"], d["domain"], f"http://{d['domain']}/{d['id']}.html",
            (DANIEL / d["html_file"]).read_bytes(), d["gold_content"],
        )
        for d in rows
    ]  # fmt: skip


def measure(
    fn: Callable[[GoldPage], Result], pages: list[GoldPage], repeat: int
) -> tuple[list[Result], list[float]]:
    results = [fn(p) for p in pages]  # warm-up pass (imports, caches); also the results scored
    best = [float("inf")] * len(pages)
    for _ in range(repeat):
        for i, page in enumerate(pages):
            start = time.process_time()
            fn(page)
            best[i] = min(best[i], (time.process_time() - start) * 1000)
    return results, best


@dataclass
class Row:
    set: str
    extractor: str
    pages: int
    p: float
    r: float
    f1: float
    dates: str
    refused: int
    ms_median: float
    ms_mean: float


def evaluate(name: str, pages: list[GoldPage], label: str, repeat: int) -> Row:
    results, times = measure(EXTRACTORS[label], pages, repeat)
    scores = [prf(pages[0].set, r.text, p.text) for r, p in zip(results, pages, strict=True)]
    dated = [(r, p) for r, p in zip(results, pages, strict=True) if p.date]
    if dated and label != "readability-lxml":
        right = sum(r.day is not None and r.day.isoformat() == p.date for r, p in dated)
        dates = f"{right / len(dated):.3f} ({right}/{len(dated)})"
    else:
        dates = "—"
    return Row(
        name,
        label,
        len(pages),
        statistics.mean(s[0] for s in scores),
        statistics.mean(s[1] for s in scores),
        statistics.mean(s[2] for s in scores),
        dates,
        sum(not r.text.strip() for r in results),
        statistics.median(times),
        statistics.mean(times),
    )


SHORT = {
    "cwced": "zh_cwced_dev",
    "daniel": "zh_daniel_waddle401",
    "misc": "zh_misc_gold_small",
    "extra5": "zh_misc_gold_extra5",
    "english": "en_scrapinghub_aeb181",
    "daniel-issue": "daniel as issue 8 (401, headline in gold)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per page (fastest counts)")
    parser.add_argument("--sets", default=",".join(SHORT), help="comma-separated: " + ",".join(SHORT))
    parser.add_argument("--markdown", action="store_true", help="print the README table too")
    args = parser.parse_args()
    sets = {name: list(pages) for name, pages in gold_sets().items()}
    sets[SHORT["daniel-issue"]] = daniel_as_issue()
    rows = []
    for key in args.sets.split(","):
        name = SHORT[key]
        pages = sets[name]
        for label in EXTRACTORS:
            row = evaluate(name, [replace(p) for p in pages], label, args.repeat)
            rows.append(row)
            print(
                f"{name:42s} {label:17s} n={row.pages:3d}  P {row.p:.3f} R {row.r:.3f} F1 {row.f1:.4f}  "
                f"dates {row.dates:18s} refused {row.refused:3d}  "
                f"CPU ms/page median {row.ms_median:6.1f} mean {row.ms_mean:6.1f}",
                flush=True,
            )
    if args.markdown:
        print("\n| set (pages) | extractor | P | R | F1 | dates | refused | CPU ms/page (median) |")
        print("|---|---|---|---|---|---|---|---|")
        for row in rows:
            print(
                f"| {row.set} ({row.pages}) | {row.extractor} | {row.p:.3f} | {row.r:.3f} | {row.f1:.3f} "
                f"| {row.dates.split(' ')[0]} | {row.refused} | {row.ms_median:.1f} |"
            )


if __name__ == "__main__":
    main()
