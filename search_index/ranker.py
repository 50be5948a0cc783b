"""The re-ranker: a hand-set formula over the match features, or a scikit-learn logistic
regression trained by `flask match train` (search_index/ranker_training.py) where it beat the
formula on held-out needs; the decision and the model are kept in the ranker folder.

Features (all 0..1; 0.5 where unknown):
- retrieval: fused lexical + dense relevance of the texts
- stage: overlap of the need's stages (tagged or inferred) with the product's
- scope_exact: 1 the product is made for the need's sub-industry, 0 only generic
- price: pilot price vs the need's budget; timeline: deployment days vs the need's duration
- city: the provider serves the need's city; record: quotes answered, speed, acceptances
"""

import hashlib
import json
import os
import pickle

import numpy as np

FEATURES = ("retrieval", "stage", "scope_exact", "price", "timeline", "city", "record")
NEUTRAL = 0.5
FORMULA_VERSION = "formula-v2"
FORMULA_WEIGHTS = {
    "retrieval": 0.36,
    "stage": 0.40,
    "scope_exact": 0.05,
    "price": 0.07,
    "timeline": 0.04,
    "city": 0.03,
    "record": 0.05,
}
MIN_TRAINING_ROWS = 40  # and both outcomes present
MODEL_FILE = "reranker.pkl"


def feature_vector(features: dict) -> np.ndarray:
    return np.array([float(features.get(f, NEUTRAL)) for f in FEATURES], dtype=np.float64)


class FormulaRanker:
    version = FORMULA_VERSION

    def score(self, features: dict) -> float:
        return float(sum(w * float(features.get(f, NEUTRAL)) for f, w in FORMULA_WEIGHTS.items()))

    def score_many(self, matrix: np.ndarray) -> np.ndarray:
        return matrix @ np.array([FORMULA_WEIGHTS[f] for f in FEATURES])

    def weights(self) -> dict[str, float]:
        return dict(FORMULA_WEIGHTS)


class LearnedRanker:
    """Logistic regression on the features; the score is the probability of a quote request."""

    def __init__(self, model, version: str):
        self.model = model
        self.version = version

    def score(self, features: dict) -> float:
        return float(self.score_many(feature_vector(features)[None, :])[0])

    def score_many(self, matrix: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(matrix)[:, 1]

    def weights(self) -> dict[str, float]:
        return {f: round(float(w), 4) for f, w in zip(FEATURES, self.model.coef_[0], strict=True)}


def load_ranker(folder: str | None):
    """The ranker in use in `folder`: what the last `flask match train` decided (DECISION_FILE:
    the learned model only where it beat the formula on held-out needs); a model saved before
    decisions were recorded is in use as it was; else the formula."""
    decision = read_decision(folder)
    path = os.path.join(folder, MODEL_FILE) if folder else None
    if decision is not None and decision.get("in_use") != LEARNED:
        return FormulaRanker()
    if path and os.path.exists(path):
        with open(path, "rb") as f:
            saved = pickle.load(f)  # written by save_model only, in the site's own folder
        return LearnedRanker(saved["model"], saved["version"])
    return FormulaRanker()


DECISION_FILE = "decision.json"
LEARNED, FORMULA = "learned", "formula"


def read_decision(folder: str | None) -> dict | None:
    """The last training's decision (which ranker, its version, both held-out figures)."""
    path = os.path.join(folder, DECISION_FILE) if folder else None
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _write_atomically(folder: str, name: str, write) -> None:
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, name + ".tmp")
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, os.path.join(folder, name))


def fit_model(rows: list[tuple[dict, int]]):
    """A logistic regression on (features, label) rows: label ≥ 1 (a quote request, or a
    dev-set judgement of relevant) is the positive class, label 2 counts twice. None when
    there are too few rows or only one outcome."""
    from sklearn.linear_model import LogisticRegression

    labels = np.array([min(1, label) for _, label in rows], dtype=int)
    if len(rows) < MIN_TRAINING_ROWS or labels.min(initial=1) == labels.max(initial=0):
        return None
    weights = np.array([1.0 + (label >= 2) for _, label in rows])
    matrix = np.stack([feature_vector(features) for features, _ in rows])
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(matrix, labels, sample_weight=weights)
    digest = hashlib.sha1(
        json.dumps([model.coef_.tolist(), model.intercept_.tolist()]).encode()
    ).hexdigest()[:8]
    return LearnedRanker(model, f"lr-{len(rows)}-{digest}")


def save_decision(folder: str, decision: dict, learned: "LearnedRanker | None") -> None:
    """Persist the decision, and the learned model when it is the one in use."""
    if learned is not None and decision.get("in_use") == LEARNED:
        saved = {"model": learned.model, "version": learned.version, "features": FEATURES}
        _write_atomically(folder, MODEL_FILE, lambda f: pickle.dump(saved, f))
    text = json.dumps(decision, ensure_ascii=False, indent=1).encode("utf-8")
    _write_atomically(folder, DECISION_FILE, lambda f: f.write(text))
