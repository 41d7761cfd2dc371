"""The topic profile and rule scoring on real texts: the past reports' items must be relevant,
distractor sets (news of other topics, wellness headlines, Beijing TCM notices) must not be.

Ceilings are pinned at the share achieved with the default profile, rounded up a little (never
above 2%): a profile change that lets more off-topic articles through fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from yuqing.analyze.profile import default_profile_path, load_profile
from yuqing.analyze.score import Scorer
from yuqing.errors import ConfigError
from yuqing.report.document import ReportItem
from yuqing.report.parse import parse_report

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVALDATA = SHARED / "evaldata"
# (ceiling, share achieved when pinned): thucnews 0/1000, nlpcc 4/36000, bjtcm 1/104.
CEILINGS = {"thucnews": 0.002, "nlpcc": 0.0002, "bjtcm": 0.01}
DIGITAL_TERMS = (
    "    terms: [信息化, 数字化, 智能化, 数智化, 数智, 大数据, 云计算, 物联网, 区块链, 5G, 信息技术,\n"
    "            信息系统, 小程序, 云平台]"
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(load_profile(default_profile_path()))


def example_items() -> list[ReportItem]:
    items: list[ReportItem] = []
    for path in sorted((SHARED / "examples").glob("*.md")):
        items.extend(parse_report(path.read_text("utf-8").splitlines(), str(path)).document.items)
    return items


def test_every_item_of_the_past_reports_is_relevant(scorer: Scorer) -> None:
    items = example_items()
    assert len(items) == 8
    for item in items:
        result = scorer.score(item.title, item.paragraphs)
        print(f"{result.score:.3f} {item.title} {result.labels}")
        assert result.relevant, (item.title, result.reason)
        assert result.labels, item.title
        assert result.reason.startswith("相关："), result.reason
        assert not any("a" <= c.lower() <= "z" for c in result.reason), result.reason  # no English
    labels = {item.title: scorer.score(item.title, item.paragraphs).labels for item in items}
    assert "电子病历与检查检验结果互认" in labels["清华长庚医院发布智能电子病历助手等多项成果"]
    assert labels["研发“机器人医生”，北京儿童医院探索AI赋能儿科资源下沉"][0] == "人工智能与医疗大模型"
    assert "健康数据平台与互联互通" in labels["北京市大力推进医疗服务信息化改造 让数据多跑路 患者少跑腿"]


def thucnews() -> Iterator[tuple[str, list[str]]]:
    # Title and body are joined without a separator there: the whole line is scored as text.
    for line in (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines():
        yield "", [line.split("\t", 1)[1]]


def nlpcc() -> Iterator[tuple[str, list[str]]]:
    path = EVALDATA / "zh_text_nlpcc2017_headlines36k" / "nlpcc2017_dev_labelled.jsonl"
    for line in path.read_text("utf-8").splitlines():
        yield json.loads(line)["title"], []


def bjtcm() -> Iterator[tuple[str, list[str]]]:
    for line in (EVALDATA / "zh_gov_bjtcm_notices104" / "notices.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        text = record["article_text_derived"] or ""
        yield record["title"], [p.strip() for p in text.splitlines() if p.strip()]


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_distractors_are_rarely_relevant(scorer: Scorer, name: str) -> None:
    articles = list({"thucnews": thucnews, "nlpcc": nlpcc, "bjtcm": bjtcm}[name]())
    hits = [title for title, body in articles if scorer.score(title, body).relevant]
    share = len(hits) / len(articles)
    print(f"{name}: {len(hits)}/{len(articles)} relevant = {share:.4%}; {hits[:5]}")
    assert len(articles) >= 100
    assert share <= CEILINGS[name] <= 0.02


def test_score_is_bounded_and_explained(scorer: Scorer) -> None:
    body = ["北京市卫健委推进互联网医院建设，患者可在线复诊，医保电子凭证实现移动支付。"]
    in_title = scorer.score("互联网医院在线复诊上线", body)
    in_text = scorer.score("本市便民措施", body)
    assert 0 < in_text.score < in_title.score <= 1
    assert "互联网医疗" in in_title.labels
    assert in_title.reason == "相关：互联网医疗 2 个词（标题中 2 个），医保与支付信息化 2 个词；北京 +25%"
    assert in_text.reason == "相关：互联网医疗 2 个词，医保与支付信息化 2 个词；北京 +25%"
    assert any(e.term == "互联网医院" and e.in_title for e in in_title.evidence)
    no_health = scorer.score("人工智能大模型发布", ["某公司发布新一代人工智能大模型，算法性能提升。"])
    assert not no_health.relevant
    assert no_health.reason == "不相关：人工智能与医疗大模型 2 个词（标题中 2 个）；卫生健康语境不足"
    assert scorer.score("", []).reason == "不相关：无子主题词；卫生健康、信息技术语境不足"
    assert scorer.score("", []).score == 0


def test_exclusions_count_against(scorer: Scorer) -> None:
    body = ["医疗AI概念股午后走强，互联网医院板块涨停，医疗信息化个股涨停。"]
    result = scorer.score("医疗信息化概念股涨停", body)
    assert not result.relevant
    assert any(e.group == "exclusion" and e.weight < 0 for e in result.evidence)
    threshold = f"{scorer.profile.threshold:.2f}"
    assert result.reason.startswith(f"不相关（得分 {result.score:.2f}，低于阈值 {threshold}）：")
    assert result.reason.endswith("；排除词 涨停、概念股、个股")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = default_profile_path().read_text("utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "profile.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "marker", "words"),
    [
        ("threshold: 0.4", "threshhold: 0.4", "threshhold", "did you mean 'threshold'"),
        (
            "    label: 互联网医疗\n    weight: 1.0",
            "    label: 互联网医疗\n    weight: -1",
            "weight: -1",
            "weight",
        ),
        ("  - name: digital", "  - name: internet", "name: internet", "already used on line"),
        (DIGITAL_TERMS, "    terms: []", "terms: []", "empty"),
    ],
    ids=["misspelt-key", "bad-weight", "duplicate-group", "empty-group"],
)
def test_profile_errors_name_file_and_line(
    tmp_path: Path, old: str, new: str, marker: str, words: str
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    # A duplicate group is reported on the line of its second occurrence.
    expected = line_of(path, marker) if marker != "name: internet" else _last_line_of(path, marker)
    assert info.value.path == path and info.value.line == expected, str(info.value)
    assert str(info.value).startswith(f"{path}:{expected}: ") and words in str(info.value)


def _last_line_of(path: Path, fragment: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return max(n for n, line in enumerate(lines, 1) if fragment in line)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YUQING_")}
    env["YUQING_HOME"] = str(home)
    cmd = [sys.executable, "-m", "yuqing", "profile", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def test_cli_check_and_try(tmp_path: Path) -> None:
    profile = load_profile(default_profile_path())
    ok = run(tmp_path, "check")
    assert ok.returncode == 0, ok.stderr
    assert f"profile OK: {len(profile.groups)} groups, {profile.term_count} terms" in ok.stdout
    bad = broken(tmp_path, "threshold: 0.4", "threshold: 4")
    failed = run(tmp_path, "check")  # $YUQING_HOME/profile.yaml now takes precedence
    assert failed.returncode == 2
    assert f"{bad}:{line_of(bad, 'threshold: 4')}:" in failed.stderr
    article = tmp_path / "article.txt"
    article.write_text(
        "清华长庚医院发布智能电子病历助手\n基于医疗大模型的智能电子病历助手提高病历记录效率。\n", "utf-8"
    )
    tried = run(tmp_path, "try", str(article), "--file", str(default_profile_path()))
    assert tried.returncode == 0, tried.stderr
    assert "relevant: yes" in tried.stdout and "电子病历与检查检验结果互认" in tried.stdout
    assert "电子病历 ×2" in tried.stdout and "reason: 相关：电子病历与检查检验结果互认" in tried.stdout
    headline = run(tmp_path, "try", "秋季养生喝什么汤最好", "--file", str(default_profile_path()))
    assert headline.returncode == 0 and "relevant: no" in headline.stdout
