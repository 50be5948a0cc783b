"""What every text of this domain shares in the encoder's space, taken out before a need is
compared with a product.

The encoder puts all factory-software texts in one narrow cone, and a text's language moves it
along one more axis: a Chinese need sits closer to every Chinese product than to the English
description of the product that solves it. Two things are removed from both vectors:
- the language's mean: a text's place on the line from the English texts' mean to the Chinese
  texts' mean is how much of it is Chinese (`chinese_share`: a Chinese name over an English
  description lies in between), and that point of the line is subtracted;
- the leading direction left after that, which the domain's texts all share ("all-but-the-top").
  One direction, not the method's usual dimensions / 100: measured on the training texts
  themselves (written needs against the stage-labelled products, same-stage precision@10: 0.309
  plain, 0.329 with one direction, 0.312 with two, 0.242 with five), since more directions here
  begin to take out what tells the scenes apart.

Fitted once per process from the stage training texts (products, scene descriptions, written
needs in four registers: search_index/stage_data.py), not from the catalog being searched, so a
product's similarity never moves because other products came or went.

A store keeps its vectors as the encoder gave them, with each text's Chinese share; only the
comparison changes. With the line's start e, its step d (Chinese mean − English mean) and a row
p whose text is s_p Chinese:
    cos(p', q') = (p · q' − e · q' − s_p (d · q')) / |p'|
where q' is the query with both parts removed, at unit length (it has no part along the removed
direction, so p's part along it drops out). A query costs three extra dot products; each row's
|p'| is computed once, when the row is first searched (search_index/vectors.py). A vector whose
text is not known (a store written before shares were kept) is placed where it lies on the line.
"""

import re

import numpy as np

DIRECTIONS = 1  # leading directions removed after the language mean (see above)
CHUNK_ROWS = 8192  # rows converted to float32 at a time when they are measured
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
LETTERS_PER_CHARACTER = 4  # about as many Latin letters carry what one Chinese character does


def chinese_share(text: str) -> float:
    """How much of the text is Chinese, 0 (English) .. 1, counting characters against words."""
    chinese = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text)) / LETTERS_PER_CHARACTER
    return chinese / (chinese + latin) if chinese + latin else 1.0


class CommonDirections:
    def __init__(self, start: np.ndarray, step: np.ndarray, basis: np.ndarray):
        self.start = np.asarray(start, dtype=np.float32)  # the English texts' mean
        self.step = np.asarray(step, dtype=np.float32)  # Chinese mean − English mean
        self.basis = np.asarray(basis, dtype=np.float32)  # (count, dim), orthonormal rows
        self._step_norm2 = max(float(self.step @ self.step), 1e-12)

    @classmethod
    def fit(cls, texts: list[str], vectors: np.ndarray, count: int = DIRECTIONS):
        """From a corpus of texts and their vectors; one language alone gives one mean."""
        vectors = np.asarray(vectors, dtype=np.float32)
        chinese = np.array([chinese_share(t) >= 0.5 for t in texts], dtype=bool)
        if chinese.all() or not chinese.any():
            start, step = vectors.mean(axis=0), np.zeros(vectors.shape[1], dtype=np.float32)
        else:
            start = vectors[~chinese].mean(axis=0)
            step = vectors[chinese].mean(axis=0) - start
        directions = cls(start, step, np.zeros((0, vectors.shape[1]), dtype=np.float32))
        centred = directions._centred(vectors)
        count = min(count, len(vectors) - 1)
        if count > 0:
            basis = np.linalg.svd(centred - centred.mean(axis=0), full_matrices=False)[2][:count]
            directions.basis = basis.astype(np.float32)
        return directions

    def place(self, vectors: np.ndarray) -> np.ndarray:
        """Where each vector lies on the English → Chinese line, 0..1: for a vector whose text
        is not known (register moves it too, so a text's own share is better)."""
        along = (np.atleast_2d(vectors).astype(np.float32) - self.start) @ self.step
        return np.clip(along / self._step_norm2, 0.0, 1.0)

    def _centred(self, vectors: np.ndarray, shares=None) -> np.ndarray:
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        shares = self.place(vectors) if shares is None else np.asarray(shares, dtype=np.float32)
        return vectors - self.start - np.reshape(shares, (-1, 1)) * self.step

    def remove(self, vectors: np.ndarray, shares=None) -> np.ndarray:
        """The vectors (rows) with their language's mean and the common directions taken out,
        not rescaled; `shares`: each one's Chinese share (None: read from the vectors)."""
        centred = self._centred(vectors, shares)
        return centred - (centred @ self.basis.T) @ self.basis

    def query(self, vector: np.ndarray, share: float | None) -> tuple[np.ndarray, float, float]:
        """(q', e · q', d · q') for a query vector, q' at unit length."""
        adjusted = self.remove(vector, None if share is None else [share])[0]
        adjusted /= max(float(np.linalg.norm(adjusted)), 1e-12)
        return adjusted, float(self.start @ adjusted), float(self.step @ adjusted)

    def lengths(self, rows: np.ndarray, shares: np.ndarray) -> np.ndarray:
        """|p'| of each row (float32), a chunk at a time: the store's rows are float16."""
        out = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), CHUNK_ROWS):
            end = start + CHUNK_ROWS
            out[start:end] = np.linalg.norm(self.remove(rows[start:end], shares[start:end]), axis=1)
        return np.maximum(out, 1e-6)

    def similarities(self, rows, row_shares, vector, share) -> np.ndarray:
        """cos(p', q') of each row to the vector: for small sets of rows held in memory."""
        adjusted = self.remove(rows, row_shares)
        lengths = np.maximum(np.linalg.norm(adjusted, axis=1), 1e-6)
        return (adjusted @ self.query(vector, share)[0]) / lengths
