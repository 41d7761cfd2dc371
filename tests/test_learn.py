"""The learned relevance model on real texts: report items against real news and government distractors.

Positives: the 8 items of the two example reports. Eight is too few to learn from, so more positives are
built from the same real text: paragraphs of the report items shuffled into new documents (see
``_recombined``). They are not new articles; because the same paragraphs recur across folds, the
cross-validated figures are optimistic. The honest figure is the held-out check: the 538 items are
never seen in training (nor are their paragraphs), and must outrank held-out distractors.

Negatives: THUCNews cnews (10 non-health categories, some 医改/医保 politics) and Beijing TCM
Administration notices (health sector, not informatization: the hard near-misses).
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

import joblib
import pytest

from yuqing.analyze.learn import (
    DEFAULT_WEIGHT,
    RELEVANCE_THRESHOLD,
    CvReport,
    Example,
    RelevanceModel,
    combine,
    load,
    save,
    train,
)
from yuqing.errors import InputError, StoreError
from yuqing.report.document import ReportItem
from yuqing.report.parse import parse_report

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVALDATA = SHARED / "evaldata"
EXAMPLES = SHARED / "examples"


def _items(name: str) -> list[ReportItem]:
    path = EXAMPLES / name
    return list(parse_report(path.read_text("utf-8").splitlines(), str(path)).document.items)


def _text(item: ReportItem) -> str:
    return item.title + "\n" + "\n".join(item.paragraphs)


def _recombined(items: list[ReportItem], count: int, seed: int) -> list[str]:
    """New documents from real report paragraphs: an item title over four paragraphs drawn from any item.

    Short paragraphs (datelines, 来源 lines) are left out: they carry outlet names, not the subject.
    """
    rng = random.Random(seed)
    paragraphs = [p for item in items for p in item.paragraphs if len(p) >= 30]
    titles = [item.title for item in items]
    return [rng.choice(titles) + "\n" + "\n".join(rng.sample(paragraphs, 4)) for _ in range(count)]


def _distractors() -> list[str]:
    texts = []
    # cnews lines are "label TAB title+body", title and body run together with no separator.
    for line in (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines():
        texts.append(line.partition("\t")[2])
    # 17 notices are attachment-only (no text): their title alone is still a real candidate.
    for line in (EVALDATA / "zh_gov_bjtcm_notices104" / "notices.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        texts.append(record["title"] + "\n" + (record["article_text_derived"] or ""))
    return texts


class Trained:
    """One model trained on the 537 report (plus recombined paragraphs) and half of the distractors."""

    def __init__(self) -> None:
        distractors = _distractors()
        random.Random(0).shuffle(distractors)
        half = len(distractors) // 2
        self.train_negatives, self.held_out_negatives = distractors[:half], distractors[half:]
        seen = _items("report-537-2024-08.md")
        self.held_out_items = _items("report-538-2024-09.md")
        positives = [_text(item) for item in seen] + _recombined(seen, 20, seed=0)
        examples = [Example(t, 1) for t in positives] + [Example(t, 0) for t in self.train_negatives]
        self.model, self.cv = train(examples)


@pytest.fixture(scope="module")
def trained() -> Trained:
    return Trained()


@pytest.mark.slow
def test_cross_validation_figures_are_sane(trained: Trained) -> None:
    cv = trained.cv
    print("\n".join(cv.lines()))
    assert (cv.folds, cv.examples, cv.positives) == (5, 24 + 552, 24)
    # Achieved: precision 1.000, recall 0.958, F1 0.979, AUC 1.000 (optimistic: see the module docstring).
    assert cv.f1 >= 0.9
    assert cv.roc_auc is not None and cv.roc_auc >= 0.99
    assert len(cv.lines()) == 2 and "F1" in cv.lines()[1]


@pytest.mark.slow
def test_held_out_report_items_outrank_held_out_distractors(trained: Trained) -> None:
    distractor_scores = trained.model.predict(trained.held_out_negatives)
    item_scores = trained.model.predict([_text(item) for item in trained.held_out_items])
    beaten = [sum(d < s for d in distractor_scores) / len(distractor_scores) for s in item_scores]
    for item, score, share in zip(trained.held_out_items, item_scores, beaten, strict=True):
        print(f"{score:.3f} above {share:.1%} of {len(distractor_scores)} held-out distractors: {item.title}")
    print(f"highest held-out distractor: {max(distractor_scores):.3f}")
    # Achieved: every 538 item (0.30-0.45) above all 552 held-out distractors (highest 0.19, a TCM notice).
    assert min(beaten) >= 0.99
    # Probabilities are not calibrated with 24 positives: relevant items sit below 0.5, so callers rank
    # by the score or combine it with the rules, never threshold the raw probability at 0.5.
    assert max(distractor_scores) < min(item_scores)


@pytest.mark.slow
def test_explain_names_ngrams_of_the_text_and_adds_up_to_the_score(trained: Trained) -> None:
    text = _text(trained.held_out_items[3])  # 清华长庚医院发布智能电子病历助手…
    top = trained.model.explain(text, top=5)
    print(top)
    assert len(top) == 5
    assert all(1 <= len(feature) <= 2 and feature in text for feature, _ in top)
    sizes = [abs(c) for _, c in top]
    assert sizes == sorted(sizes, reverse=True)
    # All contributions plus the intercept are the model's log-odds for this text.
    everything = trained.model.explain(text, top=100_000)
    intercept = float(trained.model.pipeline.named_steps["clf"].intercept_[0])
    probability = trained.model.predict([text])[0]
    assert sum(c for _, c in everything) + intercept == pytest.approx(
        math.log(probability / (1 - probability))
    )


@pytest.mark.slow
def test_save_and_load_round_trip(trained: Trained, tmp_path: Path) -> None:
    path = tmp_path / "models" / "relevance.joblib"
    assert load(path) is None
    save(trained.model, path)
    loaded = load(path)
    assert isinstance(loaded, RelevanceModel)
    texts = [_text(item) for item in trained.held_out_items] + trained.held_out_negatives[:50]
    assert loaded.predict(texts) == trained.model.predict(texts)
    assert (loaded.trained_on, loaded.positives, loaded.trained_at) == (
        trained.model.trained_on,
        trained.model.positives,
        trained.model.trained_at,
    )


def test_a_corrupt_model_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "relevance.joblib"
    path.write_bytes(b"\x80\x04 this is not a pickle")
    with pytest.raises(StoreError, match=re.escape(str(path))):
        load(path)


def test_a_model_file_of_another_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "relevance.joblib"
    joblib.dump({"format": "yuqing-relevance-model", "version": 99, "model": None}, path)
    with pytest.raises(StoreError, match=r"relevance\.joblib.*format 99"):
        load(path)
    joblib.dump(["something", "else"], path)
    with pytest.raises(StoreError, match="not a yuqing relevance model"):
        load(path)


def _small_examples(positives: int, negatives: int) -> list[Example]:
    items = _items("report-537-2024-08.md") + _items("report-538-2024-09.md")
    pos = [_text(item) for item in items] + _recombined(items, max(0, positives - len(items)), seed=1)
    return [Example(t, 1) for t in pos[:positives]] + [Example(t, 0) for t in _distractors()[:negatives]]


@pytest.mark.parametrize(("positives", "negatives"), [(4, 40), (8, 4)])
def test_too_few_decisions_are_refused(positives: int, negatives: int) -> None:
    with pytest.raises(InputError, match=f"{positives} picked and {negatives} rejected"):
        train(_small_examples(positives, negatives))


def test_fewer_folds_when_there_are_few_positives() -> None:
    model, cv = train(_small_examples(6, 30), folds=10)
    assert isinstance(cv, CvReport)
    assert (cv.folds, cv.examples, cv.positives) == (6, 36, 6)
    assert (model.trained_on, model.positives) == (36, 6)


def test_combine_leaves_no_rule_evidence_irrelevant() -> None:
    for model_score in (0.0, 0.5, 0.99, 1.0):
        for weight in (0.1, DEFAULT_WEIGHT, 0.5, 1.0):
            assert combine(0.0, model_score, weight) == 0.0 < RELEVANCE_THRESHOLD
    # Weak rule evidence cannot reach the threshold either: at most twice the rule score.
    assert combine(0.2, 1.0) == pytest.approx(0.4)
    assert combine(0.25, 1.0) == pytest.approx(RELEVANCE_THRESHOLD)


def test_combine_is_monotonic_in_both_parts_and_bounded() -> None:
    grid = [i / 20 for i in range(21)]
    for weight in (0.1, DEFAULT_WEIGHT, 1.0):
        for rule in grid:
            by_model = [combine(rule, m, weight) for m in grid]
            assert by_model == sorted(by_model)
            assert all(0.0 <= s <= min(1.0, 2 * rule, rule + weight) + 1e-12 for s in by_model)
        for model_score in grid:
            by_rule = [combine(r, model_score, weight) for r in grid]
            assert by_rule == sorted(by_rule)


def test_combine_without_a_model_is_the_rule_score() -> None:
    assert [combine(r, None) for r in (0.0, 0.3, 1.0)] == [0.0, 0.3, 1.0]
    # A model that is sure the text is off-topic can pull a rule-relevant text below the threshold.
    assert combine(0.6, 0.0) < RELEVANCE_THRESHOLD <= combine(0.6, 0.5)
    with pytest.raises(ValueError, match="weight"):
        combine(0.5, 0.5, weight=0.0)
