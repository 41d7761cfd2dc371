"""The block model: a logistic regression over the features of features.py giving, per text block,
the probability that it is article text. Its weights are package data (block_model.json), written by
scripts/train-block-model from the gold pages of ../shared/evaldata; docs/extraction.md says how it
was trained and what it measured with whole sites and whole sets held out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

from yuqing.errors import ConfigError
from yuqing.extract.features import FEATURE_NAMES

WEIGHTS = "block_model.json"


@dataclass(frozen=True)
class BlockModel:
    """Standardise each feature, then a linear score through the logistic function."""

    mean: np.ndarray  # shape (n_features,)
    scale: np.ndarray  # shape (n_features,), never 0
    coef: np.ndarray  # shape (n_features,)
    intercept: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Shape (n_blocks, n_features) → shape (n_blocks,), each in [0, 1]."""
        if not len(features):
            return np.zeros(0)
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        p: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return p


def from_json(data: dict[str, object], where: str = WEIGHTS) -> BlockModel:
    """A model from its JSON form; ConfigError when it was trained on other features."""
    names = data.get("features")
    if names != FEATURE_NAMES:
        raise ConfigError(
            "the block model was trained on other features than features.py computes; "
            "retrain it with scripts/train-block-model",
            path=where,
        )
    arrays = {key: np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "coef")}
    intercept = data["intercept"]
    if not isinstance(intercept, int | float):
        raise ConfigError("the block model's intercept is not a number", path=where, key="intercept")
    return BlockModel(arrays["mean"], arrays["scale"], arrays["coef"], float(intercept))


@cache
def block_model() -> BlockModel:
    """The shipped model (read once per process)."""
    text = files("yuqing.extract").joinpath(WEIGHTS).read_text("utf-8")
    return from_json(json.loads(text))
