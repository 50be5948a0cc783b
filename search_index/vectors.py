"""Vectors on disk next to the Whoosh index: one float16 matrix (`vectors-<stamp>.npy`) and
its row map (`meta.json`: ids, scopes, stages, fingerprints, and the name of its matrix),
searched exactly. A save writes a new matrix file, then replaces meta.json in one rename:
a process killed at any point leaves the old pair or the new one, never a matrix with the
rows of another map.

At 100k documents × 512 dimensions the matrix is 100 MB in float16 and a query is one
matrix-vector product (torch's float16 kernel accumulates in float32: cosines within 1e-4 of
float32, ~15 ms on one core, memory-bound); past ~200k documents an ANN index (FAISS) would
pay off.
"""

import contextlib
import glob
import json
import os
import time

import numpy as np
import torch

from search_index.common_directions import CommonDirections
from search_index.encoders import torch_threads

DTYPE = np.float16
LEGACY_MATRIX = "vectors.npy"  # the matrix of a store saved before matrices were named


class VectorStore:
    def __init__(self, path: str, dim: int | None, directions: CommonDirections | None = None):
        """`dim` None: a reader that takes the vectors as stored (no encoder at hand);
        `directions`: what similarities leave out (search_index/common_directions.py)."""
        self.path = path
        self.dim = dim
        self.directions = directions
        os.makedirs(path, exist_ok=True)
        self.ids: list[str] = []
        self.scopes: list[list[str]] = []
        self.stages: list[list[str]] = []
        self.hashes: list[str] = []  # each document's fingerprint when indexed ("" unknown)
        self.shares: list[float | None] = []  # how much of each text is Chinese (None unknown)
        self._matrix = np.zeros((0, dim or 0), dtype=DTYPE)
        self._pending: list[np.ndarray] = []  # appended rows, concatenated on first use
        self._row: dict[str, int] = {}
        self._masks: dict = {}
        # each of the first rows' Chinese share (read from the vector when not kept) and |p'|
        # (common_directions.py); rows appended since are measured when next searched,
        # deleted ones dropped with theirs
        self._places = self._lengths = np.zeros(0, dtype=np.float32)
        self._stamp = None  # (mtime, size) of meta.json as last read or written
        self._load()

    @property
    def matrix(self) -> np.ndarray:
        if self._pending:
            self._matrix = np.concatenate([self._matrix, *self._pending])
            self._pending = []
        return self._matrix

    @matrix.setter
    def matrix(self, value: np.ndarray) -> None:
        self._matrix, self._pending = value, []

    # persistence ----------------------------------------------------------------------
    def _files(self):
        return os.path.join(self.path, LEGACY_MATRIX), os.path.join(self.path, "meta.json")

    def _file_stamp(self):
        try:
            stat = os.stat(self._files()[1])
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def refresh(self) -> None:
        """Reload when another process (a web worker, `flask reindex`) saved a newer version."""
        if not self._pending and self._file_stamp() != self._stamp:
            self._load()

    def _read(self):
        """meta.json and the matrix it names; None when nothing was saved yet."""
        meta_file = self._files()[1]
        for _ in range(3):  # a writer may replace the pair between our two reads: again
            self._stamp = self._file_stamp()
            try:
                with open(meta_file, encoding="utf-8") as f:
                    meta = json.load(f)
            except FileNotFoundError:
                return None
            try:
                return meta, np.load(os.path.join(self.path, meta.get("matrix", LEGACY_MATRIX)))
            except FileNotFoundError:
                continue
        return None

    def _load(self) -> None:
        stored = self._read()
        if stored is None:
            return
        meta, matrix = stored
        expected = (self.dim or matrix.shape[1],) if matrix.ndim == 2 else (self.dim,)
        if matrix.shape[1:] != expected or len(meta["ids"]) != matrix.shape[0]:
            return  # another encoder wrote it: start empty, `flask reindex` rebuilds
        self.matrix = np.ascontiguousarray(matrix, dtype=DTYPE)
        self._places = self._lengths = np.zeros(0, dtype=np.float32)
        self.ids, self.scopes, self.stages = meta["ids"], meta["scopes"], meta["stages"]
        self.hashes = meta.get("hashes") or [""] * len(self.ids)  # files from before hashes
        self.shares = meta.get("chinese") or [None] * len(self.ids)  # and before shares
        self._reset()

    def save(self) -> None:
        """The matrix under a new name, then meta.json naming it, in one rename (the writer
        holds the folder's lock, search_index/folders.py). The matrix the replaced map named
        stays for readers that read that map a moment ago; older ones, and those of saves
        killed before their rename, go."""
        meta_file = self._files()[1]
        replaced = self._matrix_named()
        name = f"vectors-{time.time_ns()}.npy"
        np.save(os.path.join(self.path, name), self.matrix)
        with open(meta_file + ".tmp", "w", encoding="utf-8") as f:
            json.dump(
                {
                    "ids": self.ids,
                    "scopes": self.scopes,
                    "stages": self.stages,
                    "hashes": self.hashes,
                    "chinese": self.shares,
                    "matrix": name,
                },
                f,
                ensure_ascii=False,
            )
        os.replace(meta_file + ".tmp", meta_file)
        self._stamp = self._file_stamp()
        for old in glob.glob(os.path.join(self.path, "vectors*.npy")):
            if os.path.basename(old) not in (name, replaced):
                with contextlib.suppress(FileNotFoundError):  # another writer's, gone
                    os.remove(old)

    def _matrix_named(self) -> str | None:
        try:
            with open(self._files()[1], encoding="utf-8") as f:
                return json.load(f).get("matrix", LEGACY_MATRIX)
        except (FileNotFoundError, ValueError):
            return None

    def _reset(self) -> None:
        self._row = {doc_id: i for i, doc_id in enumerate(self.ids)}
        self._masks = {}

    # changes --------------------------------------------------------------------------
    def clear(self) -> None:
        self.ids, self.scopes, self.stages, self.hashes, self.shares = [], [], [], [], []
        self.matrix = np.zeros((0, self.dim), dtype=DTYPE)
        self._places = self._lengths = np.zeros(0, dtype=np.float32)
        self._reset()

    def upsert(self, ids, vectors: np.ndarray, scopes, stages, hashes=None, shares=None) -> None:
        ids = [str(i) for i in ids]
        self.delete(ids, save=False)
        self.ids.extend(ids)
        self.scopes.extend(list(s) for s in scopes)
        self.stages.extend(list(s) for s in stages)
        self.hashes.extend(hashes if hashes is not None else [""] * len(ids))
        self.shares.extend(
            [round(float(x), 3) for x in shares] if shares is not None else [None] * len(ids)
        )
        self._pending.append(np.asarray(vectors, dtype=DTYPE))
        self._reset()

    def delete(self, ids, save: bool = False) -> None:
        if not self._row:
            return
        rows = [self._row[str(i)] for i in ids if str(i) in self._row]
        if rows:
            keep = np.ones(len(self.ids), dtype=bool)
            keep[rows] = False
            self.matrix = self.matrix[keep]
            self._places = self._places[keep[: len(self._places)]]
            self._lengths = self._lengths[keep[: len(self._lengths)]]
            self.ids = [x for x, k in zip(self.ids, keep, strict=True) if k]
            self.scopes = [x for x, k in zip(self.scopes, keep, strict=True) if k]
            self.stages = [x for x, k in zip(self.stages, keep, strict=True) if k]
            self.hashes = [x for x, k in zip(self.hashes, keep, strict=True) if k]
            self.shares = [x for x, k in zip(self.shares, keep, strict=True) if k]
            self._reset()
        if save:
            self.save()

    # queries --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def row(self, doc_id) -> int | None:
        return self._row.get(str(doc_id))

    def scope_mask(self, scopes) -> np.ndarray | None:
        """Rows carrying any of `scopes` (None: no filter). Cached until the next change."""
        if not scopes:
            return None
        key = ("scope", tuple(sorted(scopes)))
        if key not in self._masks:
            if "rows_of_scope" not in self._masks:  # one pass: scope → its rows
                rows: dict[str, list[int]] = {}
                for i, doc_scopes in enumerate(self.scopes):
                    for scope in doc_scopes:
                        rows.setdefault(scope, []).append(i)
                self._masks["rows_of_scope"] = {k: np.array(v) for k, v in rows.items()}
            mask = np.zeros(len(self.ids), dtype=bool)
            for scope in set(scopes):
                mask[self._masks["rows_of_scope"].get(scope, np.zeros(0, dtype=int))] = True
            self._masks[key] = mask
        return self._masks[key]

    def stage_matrix(self, stage_names: tuple[str, ...]) -> np.ndarray:
        """(rows, stages) 0/1 float32: which stages each document serves."""
        key = ("stages", stage_names)
        if key not in self._masks:
            column = {name: j for j, name in enumerate(stage_names)}
            matrix = np.zeros((len(self.ids), len(stage_names)), dtype=np.float32)
            for i, stages in enumerate(self.stages):
                for stage in stages:
                    if stage in column:
                        matrix[i, column[stage]] = 1.0
            self._masks[key] = matrix
        return self._masks[key]

    def stages_served(self, stage_names: tuple[str, ...]) -> np.ndarray:
        """(rows,) float32: how many of these stages each document serves, kept like the
        masks until the store changes (the stage feature reads it on every query)."""
        key = ("served", stage_names)
        if key not in self._masks:
            self._masks[key] = self.stage_matrix(stage_names).sum(axis=1)
        return self._masks[key]

    def similarities(self, vector: np.ndarray, share: float | None = None) -> np.ndarray:
        """Cosine similarity of every row to `vector` (rows and vector are unit length), with
        the common directions left out of both when the store has them; `share`: how much of
        the vector's text is Chinese (None: read from the vector)."""
        matrix = self.matrix
        if self.directions is not None:
            vector, at_start, per_step = self.directions.query(vector, share)
        with torch_threads(1):  # memory-bound: a second thread only contends
            sims = torch.mv(torch.from_numpy(matrix), torch.from_numpy(vector.astype(DTYPE)))
            sims = sims.float().numpy()
        if self.directions is None:
            return sims
        self._measure_new_rows()
        return (sims - at_start - self._places * per_step) / self._lengths

    def _measure_new_rows(self) -> None:
        have = len(self._lengths)
        if have < len(self.matrix):
            rows = self.matrix[have:]
            shares = np.array(
                [np.nan if x is None else x for x in self.shares[have:]], dtype=np.float32
            )
            unknown = np.isnan(shares)
            if unknown.any():
                shares[unknown] = self.directions.place(rows[unknown])
            self._places = np.concatenate([self._places, shares])
            self._lengths = np.concatenate([self._lengths, self.directions.lengths(rows, shares)])

    def search(
        self, vector: np.ndarray, scopes=None, limit: int = 50, share: float | None = None
    ) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        sims = self.similarities(vector, share)
        mask = self.scope_mask(scopes)
        if mask is not None:
            sims = np.where(mask, sims, -np.inf)
        k = min(limit, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self.ids[i], float(sims[i])) for i in top if np.isfinite(sims[i])]
