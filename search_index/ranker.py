"""The re-ranker: a hand-set formula over the match features until the marketplace has logged
enough feedback, then a scikit-learn logistic regression trained on it (`flask match train`).

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
    """The trained model saved in `folder`, or the formula when there is none."""
    path = os.path.join(folder, MODEL_FILE) if folder else None
    if path and os.path.exists(path):
        with open(path, "rb") as f:
            saved = pickle.load(f)  # written by train_ranker only, in the site's own folder
        return LearnedRanker(saved["model"], saved["version"])
    return FormulaRanker()


def train_ranker(rows: list[tuple[dict, int]], folder: str) -> dict:
    """Fit on (features, label) rows, label 1 when the shown match led to a quote request
    (accepted quotes count twice). Saves the model in `folder` when there is enough data and
    returns a report: rows, positives, version, weights, and whether it was saved."""
    from sklearn.linear_model import LogisticRegression

    labels = np.array([min(1, label) for _, label in rows], dtype=int)
    weights = np.array([1.0 + (label >= 2) for _, label in rows])
    report = {"rows": len(rows), "positives": int(labels.sum()), "saved": False}
    if len(rows) < MIN_TRAINING_ROWS or labels.min(initial=1) == labels.max(initial=0):
        report.update(version=FORMULA_VERSION, weights=dict(FORMULA_WEIGHTS))
        return report
    matrix = np.stack([feature_vector(features) for features, _ in rows])
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(matrix, labels, sample_weight=weights)
    digest = hashlib.sha1(
        json.dumps([model.coef_.tolist(), model.intercept_.tolist()]).encode()
    ).hexdigest()[:8]
    version = f"lr-{len(rows)}-{digest}"
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, MODEL_FILE + ".tmp")
    with open(tmp, "wb") as f:
        pickle.dump({"model": model, "version": version, "features": FEATURES}, f)
    os.replace(tmp, os.path.join(folder, MODEL_FILE))
    ranker = LearnedRanker(model, version)
    report.update(version=version, weights=ranker.weights(), saved=True)
    return report
