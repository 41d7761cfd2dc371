"""Pages rebuilt from public bug reports of other extractors (../shared/evaldata/zh_fault_cases):
every case of expected.jsonl is a test, so kept-back cases of the same format can be dropped into
that folder — or into folders named by YUQING_FAULT_CASES (os.pathsep-separated) — and run."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EVALDATA
from yuqing.extract import extract_article

FOLDERS = [EVALDATA / "zh_fault_cases"] + [
    Path(p) for p in os.environ.get("YUQING_FAULT_CASES", "").split(os.pathsep) if p
]
# Kinds whose fix belongs to the other half of issue 8 (main text and page kinds, branch x8-text).
ELSEWHERE: dict[str, str] = {}  # fault kinds still to fix: kind → why (an expected failure)


def _cases() -> list[Any]:
    cases = []
    for folder in FOLDERS:
        expected = folder / "expected.jsonl"
        if not expected.is_file():
            continue
        for line in expected.read_text("utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                kind = next((k for k in ELSEWHERE if case["kind"].startswith(k)), None)
                marks = [pytest.mark.xfail(reason=ELSEWHERE[kind], strict=True)] if kind else []
                cases.append(pytest.param(folder, case, id=case["file"], marks=marks))
    return cases


@pytest.mark.parametrize(("folder", "case"), _cases())
def test_fault_case(folder: Path, case: dict[str, Any]) -> None:
    fetched = case.get("fetched_at")
    found = extract_article(
        (folder / case["file"]).read_bytes(),
        case.get("url") or (folder / case["file"]).as_uri(),
        fetched_at=datetime.fromisoformat(fetched) if fetched else None,
    )
    expect = dict(case["expect"])
    checks = {
        "title": lambda want: found.title == want,
        "published": lambda want: (found.published.isoformat() if found.published else None) == want,
        "outlet": lambda want: found.outlet == want,
        "author": lambda want: found.author == want,
        "author_has": lambda want: all(name in (found.author or "").split() for name in want),
        "text_has": lambda want: want in found.text,
        "text_not_has": lambda want: want not in found.text,
    }
    unknown = set(expect) - set(checks)
    assert not unknown, f"expected.jsonl has fields this test does not know: {unknown}"
    wrong = {key: want for key, want in expect.items() if not checks[key](want)}
    got = {"title": found.title, "published": found.published, "source": found.date_source}
    got |= {"outlet": found.outlet, "author": found.author, "text": found.text[:80]}
    assert not wrong, f"{case['kind']}: expected {wrong}, got {got}"
