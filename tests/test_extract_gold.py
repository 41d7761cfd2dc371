"""Main-text quality gates on real pages with gold (../shared/evaldata, loaded by tests/goldpages.py).

One floor per set, pinned at or just below what yuqing reaches, and at least readability-lxml's
figure on the same set + 0.03 where that is below 1 (benchmarks/extract_quality.py prints all three
extractors side by side; the figures in the comments are from its run named in the README). A floor
only goes up. Each test prints the figure it reached. The block model was trained on these sets:
its held-out figures (whole sites and whole sets left out) are printed by scripts/train-block-model.
"""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from yuqing.errors import ExtractError
from yuqing.extract import extract_article

from .goldpages import (
    CWCED,
    ENGLISH,
    EVALDATA,
    MISC,
    GoldPage,
    bigram_prf,
    cwced,
    daniel,
    english,
    extra5,
    misc,
    prf,
    shingle_prf,
)

__all__ = ["CWCED", "ENGLISH", "EVALDATA", "MISC", "bigram_f1", "shingle_f1"]

# Character-bigram F1, mean over pages. readability-lxml / trafilatura on the same pages in brackets.
CWCED_F1_FLOOR = 0.93  # zh_cwced_dev, 34 pages (readability-lxml 0.904, trafilatura 0.777)
DANIEL_F1_FLOOR = 0.953  # zh_daniel_waddle401, 398 pages, headline out of the gold (0.905, 0.839)
# readability-lxml reaches 0.983 and 0.993 on these two small sets, so +0.03 is above 1: pinned at ours.
MISC_F1_FLOOR = 0.975  # zh_misc_gold_small, 7 pages with text gold (0.983, 0.985)
EXTRA5_F1_FLOOR = 0.97  # zh_misc_gold_extra5, the 1 page with text gold (0.993, 0.974)
# Word 4-gram shingle F1 (the benchmark's own metric); yuqing hands non-Chinese pages to trafilatura.
EN_F1_FLOOR = 0.955  # en_scrapinghub_aeb181, 181 pages (readability-lxml 0.947, trafilatura 0.947)
DATE_FLOOR = 0.91  # zh_cwced_dev, day-precision accuracy on pages whose gold has a full date

pytestmark = pytest.mark.skipif(not EVALDATA.is_dir(), reason="shared evaldata not present")


def bigram_f1(pred: str, gold: str) -> float:
    return bigram_prf(pred, gold)[2]


def shingle_f1(pred: str, gold: str) -> float:
    return shingle_prf(pred, gold)[2]


def _extract(page: GoldPage) -> tuple[str, date | None]:
    try:
        found = extract_article(page.page, page.url)
    except ExtractError:
        return "", None
    return found.text, found.published


def _mean_f1(name: str, pages: tuple[GoldPage, ...]) -> float:
    scores = [prf(page.set, _extract(page)[0], page.text) for page in pages]
    f1 = statistics.mean(s[2] for s in scores)
    p, r = statistics.mean(s[0] for s in scores), statistics.mean(s[1] for s in scores)
    print(f"{name}: P {p:.4f} R {r:.4f} F1 {f1:.4f} on {len(pages)} pages")
    return f1


def test_cwced_main_text() -> None:
    assert _mean_f1("zh_cwced_dev", cwced()) >= CWCED_F1_FLOOR


def test_cwced_dates() -> None:
    dated = [p for p in cwced() if p.date]
    right = sum(_extract(p)[1] == date.fromisoformat(p.date or "") for p in dated)
    print(f"zh_cwced_dev: dates {right}/{len(dated)} = {right / len(dated):.3f}")
    assert right / len(dated) >= DATE_FLOOR


def test_misc_main_text() -> None:
    assert _mean_f1("zh_misc_gold_small", misc()) >= MISC_F1_FLOOR
    assert _mean_f1("zh_misc_gold_extra5", extra5()) >= EXTRA5_F1_FLOOR


@pytest.mark.slow
def test_daniel_main_text() -> None:
    assert _mean_f1("zh_daniel_waddle401", daniel()) >= DANIEL_F1_FLOOR


@pytest.mark.slow
def test_english_does_not_regress() -> None:
    assert _mean_f1("en_scrapinghub_aeb181", english()) >= EN_F1_FLOOR
