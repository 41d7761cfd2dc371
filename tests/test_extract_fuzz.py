"""Extraction never crashes: a seeded slice of fuzzed real pages (tests/fuzz.py) each gives an
article or a named drop reason. The full 10,000-page run with timings and peak memory is
benchmarks/extract_fuzz.py; a failure here names the seed and page number to replay."""

from __future__ import annotations

import traceback
from collections import Counter

import pytest

from tests.conftest import EVALDATA
from tests.fuzz import fuzzed
from yuqing.errors import ExtractError
from yuqing.extract import extract_article

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not EVALDATA.is_dir(), reason="shared evaldata not present"),
]
SEED = 20261129
PAGES = 1500
REASONS = {"binary", "undecodable", "empty", "too_large", "not_article", "too_short", "no_title"}


def test_fuzzed_real_pages_give_an_article_or_a_named_reason() -> None:
    outcomes: Counter[str] = Counter()
    crashes = []
    for page in fuzzed(PAGES, SEED):
        try:
            extract_article(
                page.page, "http://www.example.cn/2024/0821/1.html", content_type=page.content_type
            )
            outcomes["article"] += 1
        except ExtractError as exc:
            assert exc.reason in REASONS, exc.reason
            outcomes[exc.reason] += 1
        except Exception:
            crashes.append(f"#{page.number} {page.origin} {page.mutations}: {traceback.format_exc(limit=-3)}")
    assert not crashes, f"{len(crashes)} crashes (seed {SEED}):\n" + "\n".join(crashes[:5])
    assert outcomes["article"] > PAGES // 4  # most mutations leave an article to find
    assert {"binary", "empty", "too_large"} <= set(outcomes)
