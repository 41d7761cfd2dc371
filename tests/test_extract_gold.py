"""Extraction quality gates on real pages with gold (../shared/evaldata). Floors are pinned at or
just below what the extractor reaches; each test prints the figure it reached."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from yuqing.errors import ExtractError
from yuqing.extract import extract_article

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
CWCED = EVALDATA / "zh_cwced_dev"
MISC = EVALDATA / "zh_misc_gold_small"
ENGLISH = EVALDATA / "en_scrapinghub_aeb181"

F1_FLOOR = 0.94  # zh_cwced_dev, character-bigram F1 (readability-lxml 0.90, trafilatura 0.78)
DATE_FLOOR = 0.91  # zh_cwced_dev, day-precision accuracy on pages whose gold has a full date
EN_F1_FLOOR = 0.95  # en_scrapinghub_aeb181, upstream 4-gram shingle F1
MISC_F1_FLOOR = 0.85  # newspaper4k and readability items of zh_misc_gold_small, per page

pytestmark = pytest.mark.skipif(not EVALDATA.is_dir(), reason="shared evaldata not present")


def bigram_f1(pred: str, gold: str) -> float:
    def grams(s: str) -> Counter[str]:
        s = re.sub(r"\s+", "", s)
        return Counter(s[i : i + 2] for i in range(len(s) - 1))

    p, g = grams(pred), grams(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def shingle_f1(pred: str, gold: str) -> float:
    """The upstream evaluate.py metric: word 4-gram shingles, P/R/F1 per page."""

    def shingles(s: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", s.lower())
        return {tuple(tokens[i : i + 4]) for i in range(max(len(tokens) - 3, 1))} if tokens else set()

    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0
    overlap = len(p & g)
    if not overlap:
        return 0.0
    precision, recall = overlap / len(p), overlap / len(g)
    return 2 * precision * recall / (precision + recall)


def _text(page: bytes, url: str) -> tuple[str, Any]:
    try:
        found = extract_article(page, url)
    except ExtractError:
        return "", None
    return found.text, found


def _cwced() -> list[dict[str, Any]]:
    return [json.loads(line) for line in (CWCED / "gold.jsonl").read_text("utf-8").splitlines()]


def test_cwced_text_and_dates() -> None:
    scores, dated, right = [], 0, 0
    for item in _cwced():
        text, found = _text((CWCED / item["html_file"]).read_bytes(), item["cleaneval_url"] or "file:///x")
        scores.append(bigram_f1(text, item["gold_content"]))
        if m := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", item["gold_date"] or ""):
            dated += 1
            right += bool(
                found and found.published and found.published.timetuple()[:3] == tuple(map(int, m.groups()))
            )
    f1, accuracy = sum(scores) / len(scores), right / dated
    print(f"zh_cwced_dev: bigram F1 {f1:.4f} on {len(scores)} pages; dates {right}/{dated} = {accuracy:.3f}")
    assert f1 >= F1_FLOOR
    assert accuracy >= DATE_FLOOR


@pytest.mark.slow
def test_english_benchmark_does_not_regress() -> None:
    truth = json.loads((ENGLISH / "ground-truth.json").read_text("utf-8"))
    scores = []
    for key, item in truth.items():
        page = gzip.decompress((ENGLISH / "html" / f"{key}.html.gz").read_bytes())
        scores.append(shingle_f1(_text(page, item["url"])[0], item["articleBody"]))
    f1 = sum(scores) / len(scores)
    print(f"en_scrapinghub_aeb181: shingle F1 {f1:.4f} on {len(scores)} pages")
    assert f1 >= EN_F1_FLOOR
