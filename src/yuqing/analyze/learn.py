"""The learned relevance model: character n-gram TF-IDF and a logistic regression on editor decisions.

Items picked into report issues are positives, candidates the editor rejected are negatives and
imported past reports give the first positives. Chinese is not split into words here: character
unigrams and bigrams catch 医保, 病历, 互联网医院 without a dictionary and stay readable in
``explain()``. The model never replaces the topic-profile rules: ``combine()`` keeps the rule score
as the base and lets the model move it only within bounds (see there).

Model files are pickles (joblib): load only files yuqing wrote itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from yuqing.errors import InputError, StoreError

if TYPE_CHECKING:  # scikit-learn takes over a second to import: only training and predicting load it
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

MIN_PER_CLASS = 5  # below this a fold has no positive to test on, and the weights are noise
FORMAT = "yuqing-relevance-model"
FORMAT_VERSION = 1
DEFAULT_WEIGHT = 0.25
RELEVANCE_THRESHOLD = 0.5  # a combined score at or above this counts as relevant


@dataclass(frozen=True)
class Example:
    text: str  # title + "\n" + body
    label: int  # 1 picked / positive, 0 rejected / negative


@dataclass(frozen=True)
class CvReport:
    folds: int
    examples: int
    positives: int
    precision: float
    recall: float
    f1: float
    roc_auc: float | None

    def lines(self) -> list[str]:
        auc = "n/a" if self.roc_auc is None else f"{self.roc_auc:.3f}"
        return [
            f"trained on {self.examples} examples ({self.positives} relevant, "
            f"{self.examples - self.positives} not relevant)",
            f"{self.folds}-fold cross-validation at p >= 0.5: precision {self.precision:.3f}, "
            f"recall {self.recall:.3f}, F1 {self.f1:.3f}, ROC AUC {auc}",
        ]


@dataclass
class RelevanceModel:
    pipeline: Pipeline
    trained_on: int
    positives: int
    trained_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def predict(self, texts: Sequence[str]) -> list[float]:
        """Probability that each text is relevant, 0..1."""
        if not texts:
            return []
        proba = self.pipeline.predict_proba(list(texts))
        return [float(p) for p in proba[:, 1]]

    def explain(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        """The character n-grams of ``text`` that moved its score most, as (feature, contribution).

        A contribution is the feature's TF-IDF weight in this text times its model coefficient, in
        log-odds: positive pushes towards relevant. Ordered by size, whatever the sign.
        """
        vectorizer: TfidfVectorizer = self.pipeline.named_steps["tfidf"]
        classifier: LogisticRegression = self.pipeline.named_steps["clf"]
        row = vectorizer.transform([text]).tocoo()
        names = vectorizer.get_feature_names_out()
        coef = classifier.coef_[0]
        contributions = [(str(names[j]), float(v * coef[j])) for j, v in zip(row.col, row.data, strict=True)]
        contributions.sort(key=lambda fc: abs(fc[1]), reverse=True)
        return contributions[:top]


def _sklearn_version() -> str:
    return version("scikit-learn")


def _pipeline(seed: int) -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    # sublinear tf: a long notice repeating 医疗 forty times should not outweigh a short news item.
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    # balanced: editors reject far more candidates than they pick; without it the model says "no".
    classifier = LogisticRegression(class_weight="balanced", max_iter=1000, random_state=seed)
    return Pipeline([("tfidf", vectorizer), ("clf", classifier)])


def _check_counts(labels: list[int], folds: int) -> tuple[int, int]:
    if any(label not in (0, 1) for label in labels):
        raise InputError("labels must be 1 (relevant) or 0 (not relevant)")
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives < MIN_PER_CLASS or negatives < MIN_PER_CLASS:
        raise InputError(
            f"too few editor decisions to learn from: {positives} picked and {negatives} rejected items; "
            f"need at least {MIN_PER_CLASS} of each (import past reports, or curate an issue first)"
        )
    if folds < 2:
        raise InputError(f"cross-validation needs at least 2 folds, not {folds}")
    return positives, negatives


def _cross_validate(texts: list[str], labels: np.ndarray[Any, Any], folds: int, seed: int) -> CvReport:
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    proba = cross_val_predict(_pipeline(seed), texts, labels, cv=splitter, method="predict_proba")[:, 1]
    predicted = (proba >= 0.5).astype(int)
    # Both classes are in every training call (checked above), so AUC is defined; keep None for safety.
    auc = float(roc_auc_score(labels, proba)) if len(set(labels.tolist())) == 2 else None
    return CvReport(
        folds=folds,
        examples=len(texts),
        positives=int(labels.sum()),
        precision=float(precision_score(labels, predicted, zero_division=0)),
        recall=float(recall_score(labels, predicted, zero_division=0)),
        f1=float(f1_score(labels, predicted, zero_division=0)),
        roc_auc=auc,
    )


def train(examples: Sequence[Example], folds: int = 5, seed: int = 0) -> tuple[RelevanceModel, CvReport]:
    """Fit on all examples; the figures come from stratified cross-validation on the same examples.

    With fewer positives (or negatives) than ``folds``, fewer folds are used so each holds one.
    """
    texts = [e.text for e in examples]
    labels = [int(e.label) for e in examples]
    positives, negatives = _check_counts(labels, folds)
    y = np.asarray(labels)
    report = _cross_validate(texts, y, min(folds, positives, negatives), seed)
    pipeline = _pipeline(seed).fit(texts, y)
    return RelevanceModel(pipeline=pipeline, trained_on=len(texts), positives=positives), report


def save(model: RelevanceModel, path: Path) -> None:
    """Write the model with its format version; atomic, so a crash leaves the old file intact."""
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sklearn": _sklearn_version(),
        "model": model,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    import joblib

    joblib.dump(payload, tmp)
    tmp.replace(path)


def load(path: Path) -> RelevanceModel | None:
    """The saved model, or None when none was trained yet; StoreError naming the file otherwise."""
    if not path.exists():
        return None
    import joblib

    try:
        payload = joblib.load(path)
    except Exception as exc:  # a pickle can fail in many ways; all mean "this file is unusable"
        raise StoreError(
            f"{path}: not a readable relevance model ({exc}); retrain with `yuqing learn`"
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise StoreError(f"{path}: not a yuqing relevance model file; retrain with `yuqing learn`")
    if payload.get("version") != FORMAT_VERSION:
        raise StoreError(
            f"{path}: relevance model format {payload.get('version')!r}, this yuqing reads "
            f"{FORMAT_VERSION}; retrain with `yuqing learn`"
        )
    # A pickled estimator from another scikit-learn may load yet predict differently: refuse it.
    if payload.get("sklearn") != _sklearn_version():
        raise StoreError(
            f"{path}: relevance model written by scikit-learn {payload.get('sklearn')}, "
            f"running {_sklearn_version()}; retrain with `yuqing learn`"
        )
    model = payload.get("model")
    if not isinstance(model, RelevanceModel):
        raise StoreError(f"{path}: relevance model file holds no model; retrain with `yuqing learn`")
    return model


def combine(rule_score: float, model_score: float | None, weight: float = DEFAULT_WEIGHT) -> float:
    """The final relevance score, 0..1: the rule score, moved by the model within bounds.

    The model's say is ``a = weight * (2 * model_score - 1)``, in [-weight, +weight]. It is scaled by
    the rule evidence while that is weak: ``final = rule + a * min(1, rule / weight)``, i.e.
    ``2 * model_score * rule`` below ``rule = weight``, and ``rule + a`` above. So:

    - no rule evidence stays at 0, whatever the model says: the model cannot make a text relevant alone;
    - the final score is at most ``min(2 * rule, rule + weight)``: reaching RELEVANCE_THRESHOLD (0.5)
      takes a rule score of at least 0.25 with the default weight;
    - it never decreases when either input rises (for 0 < weight <= 1);
    - without a model (None) the rule score is returned unchanged.
    """
    if not 0.0 < weight <= 1.0:
        raise ValueError(f"weight must be in (0, 1], not {weight}")
    rule = min(max(rule_score, 0.0), 1.0)
    if model_score is None:
        return rule
    adjustment = weight * (2.0 * min(max(model_score, 0.0), 1.0) - 1.0)
    final = rule + adjustment * min(1.0, rule / weight)
    return min(max(final, 0.0), 1.0)
