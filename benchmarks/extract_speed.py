"""Extraction speed and quality: yuqing vs trafilatura vs readability-lxml on the same pages, same run.

How it is measured: every page of zh_cwced_dev (34 Chinese pages) and of the first 60 pages of
en_scrapinghub_aeb181 is read into memory first; each extractor then runs over all pages once to warm
up (imports, caches) and REPEAT more times; the figure is the median over repeats of wall time per
page (time.perf_counter), in milliseconds, single process. All start from the raw bytes (readability
gets the text decoded by yuqing's decoder, as it needs a str). Quality is the mean F1 on the same
pages (character bigrams for Chinese, word 4-gram shingles for English), as in tests/.

Run: .venv/bin/python benchmarks/extract_speed.py
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from lxml import html
from readability import Document

from yuqing.errors import ExtractError
from yuqing.extract import extract_article
from yuqing.extract.decode import decode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_extract_gold import CWCED, ENGLISH, bigram_f1, shingle_f1

REPEAT = 3


def ours(page: bytes) -> str:
    try:
        return extract_article(page, "http://example.cn/").text
    except ExtractError:
        return ""


def tra(page: bytes) -> str:
    return trafilatura.extract(page) or ""


def rdb(page: bytes) -> str:
    return str(html.fromstring(Document(decode(page)[0]).summary()).text_content())


def pages() -> dict[str, list[tuple[bytes, str]]]:
    zh = [json.loads(line) for line in (CWCED / "gold.jsonl").read_text("utf-8").splitlines()]
    truth = json.loads((ENGLISH / "ground-truth.json").read_text("utf-8"))
    en = list(truth.items())[:60]
    return {
        "zh_cwced_dev": [((CWCED / d["html_file"]).read_bytes(), d["gold_content"]) for d in zh],
        "en_scrapinghub (60)": [
            (gzip.decompress((ENGLISH / "html" / f"{k}.html.gz").read_bytes()), v["articleBody"])
            for k, v in en
        ],
    }


def measure(fn: Callable[[bytes], str], data: list[tuple[bytes, str]]) -> tuple[float, list[str]]:
    texts = [fn(page) for page, _ in data]  # warm-up run, also the texts scored
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        for page, _ in data:
            fn(page)
        runs.append((time.perf_counter() - start) * 1000 / len(data))
    return statistics.median(runs), texts


def main() -> None:
    for name, data in pages().items():
        metric = bigram_f1 if name.startswith("zh") else shingle_f1
        print(f"{name}: {len(data)} pages")
        for label, fn in (("yuqing", ours), ("trafilatura", tra), ("readability-lxml", rdb)):
            ms, texts = measure(fn, data)
            f1 = statistics.mean(metric(t, gold) for t, (_, gold) in zip(texts, data, strict=True))
            print(f"  {label:17s} {ms:7.1f} ms/page   F1 {f1:.4f}")


if __name__ == "__main__":
    main()
