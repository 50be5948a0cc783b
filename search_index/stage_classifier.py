"""The learned half of stage inference: a logistic regression over the encoder's vector and
character n-grams of the text, fitted on search_index/stage_training.jsonl plus the lexicon's
stage descriptions. Its probabilities are calibrated by construction (multinomial log-loss);
`predict` returns them and the caller abstains below a confidence floor.

Fitting is deterministic (lbfgs, fixed data order) and takes well under a second once the
training vectors are known; those are read from a committed cache per encoder
(stage_training.<encoder>.npy, float16, checked against a hash of the texts) and encoded only
when the cache is missing or stale (`python -m search_index.stage_classifier` rewrites it).
"""

import hashlib
import os

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from search_index.stage_data import HERE, load_training, load_written

# the dense block against the unit-norm n-gram block, and the regularisation: chosen by 5-fold
# cross-validation over the hand-written texts (980 of them: 0.76 at 4.0/4.0, 0.80 here)
VECTOR_WEIGHT = 1.5
C = 1.0
NGRAM_FEATURES = 4000  # the most frequent n-grams; more cost fitting time, not accuracy
# a need-like text (a dev need, a scene description) counts more than a product's long
# self-description: the classifier reads needs
SOURCE_WEIGHTS = {"products": 1.0}
NEED_LIKE_WEIGHT = 4.0


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def cache_path(encoder_name: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in encoder_name)
    return os.path.join(HERE, f"stage_training.{safe}.npy")


def training_vectors(encoder, texts: list[str]) -> np.ndarray:
    """Vectors of the training texts, from the committed cache when it matches them."""
    path = cache_path(encoder.name)
    digest = _digest(texts)
    if os.path.exists(path):
        with np.load(path) as cached:
            if str(cached["digest"]) == digest:
                return cached["vectors"].astype(np.float32)
    return encoder.encode(texts)


def write_cache(encoder, texts: list[str]) -> str:
    path = cache_path(encoder.name)
    vectors = encoder.encode(texts).astype(np.float16)
    with open(path, "wb") as f:
        np.savez_compressed(f, vectors=vectors, digest=np.array(_digest(texts)))
    return path


def expand(rows: list[dict]) -> tuple[list[str], list[str], np.ndarray, list[int]]:
    """One sample per (text, stage); a text with k stages weighs 1/k per sample."""
    texts, labels, weights, index = [], [], [], []
    for i, row in enumerate(rows):
        for stage in row["stages"]:
            texts.append(row["text"])
            labels.append(stage)
            weight = SOURCE_WEIGHTS.get(row.get("source"), NEED_LIKE_WEIGHT)
            weights.append(weight / len(row["stages"]))
            index.append(i)
    return texts, labels, np.array(weights), index


class StageClassifier:
    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self.ngrams = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(1, 3),
            lowercase=True,
            sublinear_tf=True,
            max_features=NGRAM_FEATURES,
        )
        self.model = LogisticRegression(C=C, max_iter=3000)

    def _features(self, texts: list[str], vectors: np.ndarray, fit: bool = False):
        grams = self.ngrams.fit_transform(texts) if fit else self.ngrams.transform(texts)
        return hstack([grams, csr_matrix(vectors * VECTOR_WEIGHT)]).tocsr()

    def fit(self, rows: list[dict], vectors: np.ndarray) -> "StageClassifier":
        """rows: {"text", "stages"}; vectors: one per row, in order."""
        texts, labels, weights, index = expand(rows)
        features = self._features(texts, vectors[index], fit=True)
        self.model.fit(features, labels, sample_weight=weights)
        self.column = [self.names.index(c) for c in self.model.classes_]
        return self

    def predict(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """Probabilities, one row per text, columns in the order of `names`."""
        proba = self.model.predict_proba(self._features(list(texts), np.atleast_2d(vectors)))
        out = np.zeros((len(texts), len(self.names)), dtype=np.float32)
        out[:, self.column] = proba
        return out


def default_rows(descriptions: dict[str, str]) -> list[dict]:
    extra = [{"text": d, "stages": [s], "source": "lexicon"} for s, d in descriptions.items()]
    return load_training() + load_written() + extra


if __name__ == "__main__":
    from search_index.encoders import load_encoder
    from search_index.stage_lexicon import STAGE_DESCRIPTIONS

    rows = default_rows(STAGE_DESCRIPTIONS)
    print(write_cache(load_encoder(), [r["text"] for r in rows]))
