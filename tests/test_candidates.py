"""Ranked candidates, the automatic issue, decisions and learning, through the real commands."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EVALDATA, EXAMPLES, yuqing
from tests.samples import issue_538

pytestmark = pytest.mark.slow


def distractors(count: int, start: date) -> list[dict[str, object]]:
    lines = (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines()
    rows = []
    for n, line in enumerate(lines[:count]):
        text = line.split("\t", 1)[1]
        rows.append(
            {
                "url": f"https://news.example.cn/{n}.html",
                "title": text[:20],
                "outlet": "新浪",
                "published": (start + timedelta(days=n % 28)).isoformat(),
                "text": text,
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    return path


@pytest.fixture
def september(home: Path, tmp_path: Path) -> list[dict[str, object]]:
    """Issue 538's four articles, a 网易 reprint of the first one, and 60 real distractors."""
    items = [
        {
            "url": it.url,
            "title": it.title,
            "outlet": it.outlet,
            "published": str(it.published),
            "text": "\n".join(it.paragraphs),
        }
        for it in issue_538().items
    ]
    first = issue_538().items[0]
    reprint = {
        "url": "https://www.163.com/dy/article/REPRINT.html",
        "title": "服贸会上的数智健康服务",
        "outlet": "网易",
        "published": "2024-09-15",
        "text": "来源：中国青年报\n" + "\n".join(first.paragraphs[:-2]),
    }
    rows = [*items, reprint, *distractors(60, date(2024, 9, 1))]
    yuqing("ingest", str(write_jsonl(tmp_path / "sep.jsonl", rows)))
    return items


def test_candidates_are_the_real_items_once_each_with_reasons(september: list[dict[str, object]]) -> None:
    lines = yuqing("candidates", "2024-09", "--json", "--top", "10").stdout.splitlines()
    found = [json.loads(line) for line in lines]
    assert {c["title"] for c in found[:4]} == {it["title"] for it in september}
    fair = next(c for c in found if c["title"] == september[0]["title"])
    assert fair["heat"] == 2 and set(fair["outlets"]) == {"中国青年报", "网易"}
    assert fair["url"] == september[0]["url"]  # the original, not the reprint
    assert fair["why"].startswith("相关：") and fair["why"].endswith("；2 家媒体刊发")
    assert fair["labels"] and fair["evidence"]
    assert all(c["model_score"] is None for c in found)  # no model yet: rules alone, and said so
    assert not any(c["outlets"] == ["新浪"] for c in found)  # distractors are not candidates


def test_report_auto_fills_the_issue_with_distinct_clusters(
    september: list[dict[str, object]], tmp_path: Path
) -> None:
    out = tmp_path / "538.md"
    yuqing("report", "2024-09", "--auto", "4", "--out", str(out))
    text = out.read_text("utf-8")
    assert "（第五三八期）" in text and "共收集4篇" in text
    for item in september:
        assert f"标题：{item['title']}" in text
    assert "服贸会上的数智健康服务" not in text  # the reprint joined its original's cluster


def test_a_rejected_candidate_leaves_the_list(september: list[dict[str, object]]) -> None:
    yuqing("decide", "2024-09", str(september[1]["url"]), "--reject", "--user", "editor1")
    titles = [
        json.loads(line)["title"] for line in yuqing("candidates", "2024-09", "--json").stdout.splitlines()
    ]
    assert september[1]["title"] not in titles and september[0]["title"] in titles


def test_learning_needs_examples_then_adds_its_part_to_every_score(home: Path, tmp_path: Path) -> None:
    proc = yuqing("learn", check=False)
    assert proc.returncode == 2 and "need at least 5" in proc.stderr
    yuqing("import-report", *[str(p) for p in sorted(EXAMPLES.glob("*.md"))])
    rows = distractors(40, date(2024, 8, 1)) + [
        dict(r, url=str(r["url"]).replace("news.", "sep.")) for r in distractors(40, date(2024, 9, 1))
    ]
    yuqing("ingest", str(write_jsonl(tmp_path / "d.jsonl", rows)))
    learned = yuqing("learn").stdout
    # 8 items of the two issues; the 80 articles of those months they left out are the negatives
    assert "trained on 88 examples (8 relevant, 80 not relevant)" in learned
    assert "cross-validation" in learned and "ROC AUC" in learned and "model saved" in learned
    found = [json.loads(line) for line in yuqing("candidates", "2024-08", "--json").stdout.splitlines()]
    assert found and all(c["model_score"] is not None for c in found)
    assert "；模型 " in found[0]["why"] and "（基于 88 条编辑决定）" in found[0]["why"]


def test_a_relevant_story_keeps_its_reprints_scored_below_the_threshold(home: Path) -> None:
    """Only clusters with a relevant article are read, but whole: a reprint cut short enough to
    score below the threshold still counts in the story's outlets (its heat)."""
    from datetime import datetime

    from yuqing import settings
    from yuqing.analyze.candidates import candidates
    from yuqing.report.period import parse_period
    from yuqing.store.articles import ArticleData, upsert_article
    from yuqing.store.db import open_store
    from yuqing.store.models import ArticleCluster, ArticleScore

    store = open_store(settings.load())
    now = datetime(2024, 9, 30)
    with store.session() as s:
        ids = []
        for n, (outlet, relevant) in enumerate([("新京报", True), ("千龙网", False), ("北青网", False)]):
            data = ArticleData(
                url=f"https://e.cn/{n}.html",
                title="互联网医院",
                outlet=outlet,
                paragraphs=["正文。"],
                published=date(2024, 9, 2),
                date_source="meta",
            )
            article, _ = upsert_article(s, data)
            ids.append(article.id)
            score = 0.9 if relevant else 0.2
            s.add(
                ArticleScore(
                    article_id=article.id,
                    score=score,
                    rule_score=score,
                    model_score=None,
                    relevant=relevant,
                    labels=[],
                    evidence=[],
                    reason="",
                    scored_at=now,
                )
            )
        for article_id in ids[:2]:  # the first two are one story; the third stands alone
            s.add(ArticleCluster(article_id=article_id, cluster_id=ids[0], content_hash=None))
    with store.session() as s:
        found = candidates(s, parse_period("2024-09"))
        shown = [(c.cluster_id, sorted(m.id for m in c.members), c.heat) for c in found]
        everything = candidates(s, parse_period("2024-09"), include_irrelevant=True)
    store.close()
    assert shown == [(ids[0], ids[:2], 2)]
    assert len(everything) == 2
