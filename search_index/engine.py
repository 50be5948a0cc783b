"""One searchable collection (products, or needs): a Whoosh BM25F index and a vector store in
one folder, kept in step, with three ways to rank it for a query text: `bm25`, `dense` and
`hybrid` (fusion of both + stage inference + scope, the retrieval half of production ranking).
"""

import contextlib
import ctypes
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from search_index.common_directions import chinese_share
from search_index.lexical import Document, LexicalIndex
from search_index.ranker import NEUTRAL
from search_index.vectors import VectorStore

RRF_K = 60
POOL = 200  # how deep each single method looks before fusion
# texts per encoder call: the encoder flattens a batch into one token stream, and 256 was the
# slowest size on 2 threads (443 texts/s against ~580 for 64)
ENCODE_BATCH = 64
ENCODE_CHARS = 300  # the encoder sees name, summary and the start of the description
QUERY_CACHE = 1024  # query vectors kept per engine (2 MB)
# how the fused retrieval feature blends its parts. A need's text is read for its meaning: with
# the common directions out of the dense similarity (common_directions.py) it leans on dense;
# chosen with stages.SHARPEN from a small grid by the mean nDCG@10 of the six dev sets, and the
# same choice is made for each set when that set is left out (phone then scores 0.858, standard
# 0.902, English 0.862). A keyword search is a few words someone typed: a rare word among them
# (钻孔机) is the point, so the words' own rank and score count for more.
RETRIEVAL_MIX = {"rrf": 0.2, "dense": 0.6, "bm25": 0.2}
KEYWORD_MIX = {"rrf": 0.4, "dense": 0.35, "bm25": 0.25}
# how the hybrid score weighs its features (the formula re-ranker's own weights for them): the
# candidates' order, and a keyword search's relevance
HYBRID_WEIGHTS = {"retrieval": 0.36, "stage": 0.40, "scope_exact": 0.05}
# A need whose scene was inferred from its words is better served by a product made for that
# scene than by a suite listing it among five (the pilot asks for 小快轻准 products): an
# inferred stage's credit falls by this share as a product spreads over more stages (a
# 5-stage suite keeps 84%). Tagged stages are not touched: there the share served counts.
SPECIFICITY = 0.2
# a keyword search keeps a hit with evidence in the text (a BM25 match, or an adjusted cosine,
# common_directions.py, of at least DENSE_EVIDENCE) whose relevance is at least KEYWORD_FLOOR
# and KEYWORD_RELATIVE of the best hit's: a short list of what the words are about, not a long
# tail of what shares a word
DENSE_EVIDENCE = 0.5
KEYWORD_FLOOR = 0.2
KEYWORD_RELATIVE = 0.5


_BLAS_LIMITED = False


def limit_blas_threads() -> None:
    """One BLAS thread for NumPy, once per process. A query's products are matrix-vector
    (memory-bound); idle OpenBLAS threads spinning after each one starve torch's threads on a
    2-core machine (a query's encoding went from ~5 ms to ~45 ms)."""
    global _BLAS_LIMITED
    if not _BLAS_LIMITED:
        threadpool_limits(1, user_api="blas")
        _BLAS_LIMITED = True


def release_free_memory() -> None:
    """Give the heap freed by a rebuild (encoder batches, Whoosh's pools) back to the system
    (glibc keeps it otherwise); a no-op elsewhere."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@dataclass
class Query:
    text: str
    stages: list[str] = field(default_factory=list)  # tagged by the enterprise
    scopes: list[str] | None = None  # keep only documents carrying one of these
    exact_scopes: list[str] = field(default_factory=list)  # scopes that are an exact fit
    keywords: bool = False  # a few words typed into a search box, not a need's description


@dataclass
class Hit:
    id: str
    features: dict[str, float]  # retrieval, stage, scope_exact (+ dense, bm25 for reasons)
    shared_stages: list[str]
    stages_inferred: bool


def relevance(features: dict[str, float]) -> float:
    """The hybrid score of a hit from its features (HYBRID_WEIGHTS)."""
    return sum(w * features.get(name, NEUTRAL) for name, w in HYBRID_WEIGHTS.items())


def encoder_text(doc: Document) -> str:
    return "\n".join(p for p in (doc.name, doc.summary, doc.description) if p)[:ENCODE_CHARS]


class SearchEngine:
    def __init__(self, path: str, encoder, stage_model=None):
        limit_blas_threads()
        self.path = path
        self.encoder = encoder
        self.stage_model = stage_model
        self.lexical = LexicalIndex(os.path.join(path, "lexical"))
        directions = stage_model.directions if stage_model is not None else None
        self.vectors = VectorStore(os.path.join(path, "vectors"), encoder.dim, directions)
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()
        # the threads of a web worker share this engine: a search reads one version of the
        # vectors, never one that a write (or another thread's reload) changes under it
        # (its matrix, masks and row map of different sizes: ValueError); the encoder runs
        # outside it
        self._lock = threading.RLock()

    # changes --------------------------------------------------------------------------
    def clear(self) -> None:
        self.lexical.clear()
        self.vectors.clear()
        self.vectors.save()

    def index(self, docs: list[Document], fresh: bool = False, save: bool = True) -> int:
        """Add or replace these documents in both indexes (`fresh`: the folder was cleared)."""
        docs = list(docs)
        if not docs:
            return 0
        vectors = self.encoder.encode([encoder_text(d) for d in docs], batch_size=ENCODE_BATCH)
        with self._lock:
            self.vectors.refresh()  # what another process saved last, before adding to it
            self._store(docs, vectors, fresh)
            if save:
                self.vectors.save()
        return len(docs)

    def index_many(self, batches, progress=None) -> int:
        """A rebuild: batches of documents into the cleared folder, one Whoosh writer for all,
        the encoder working on the next batch while Whoosh takes the previous one."""
        done = 0
        with self.lexical.bulk(), ThreadPoolExecutor(max_workers=1) as pool:
            previous = None
            for docs in batches:
                docs = list(docs)
                texts = [encoder_text(d) for d in docs]
                # two torch threads even while Whoosh runs: Whoosh's Python work is mostly
                # GIL-bound, and the encoder is the longer pole (8k products: 254/s → 356/s)
                encoding = pool.submit(self.encoder.encode, texts, ENCODE_BATCH, threads=2)
                if previous is not None:
                    done += self._write(*previous)
                    if progress:
                        progress(done)
                previous = (docs, encoding)
            if previous is not None:
                done += self._write(*previous)
                if progress:
                    progress(done)
        self.vectors.save()
        release_free_memory()
        return done

    def _write(self, docs, encoding) -> int:
        self._store(docs, encoding.result(), fresh=True)
        return len(docs)

    def _store(self, docs, vectors, fresh: bool) -> None:
        """Both halves of these documents: Whoosh, and the vectors with their fingerprints."""
        self.lexical.upsert(docs, fresh=fresh)
        self.vectors.upsert(
            [d.id for d in docs],
            vectors,
            [d.scopes for d in docs],
            [d.stages for d in docs],
            [d.fingerprint() for d in docs],
            [chinese_share(encoder_text(d)) for d in docs],
        )

    def delete(self, ids) -> None:
        ids = [str(i) for i in ids]
        if ids:
            with self._lock:
                self.vectors.refresh()
                self.lexical.delete(ids)
                self.vectors.delete(ids, save=True)

    def fingerprints(self) -> dict[str, str]:
        """Each document's fingerprint as indexed ("" when indexed before fingerprints)."""
        with self._lock:
            self.vectors.refresh()
            return dict(zip(self.vectors.ids, self.vectors.hashes, strict=True))

    def ids(self) -> list[str]:
        with self._lock:
            self.vectors.refresh()
            return list(self.vectors.ids)

    def stored_vector(self, doc_id) -> np.ndarray | None:
        with self._lock:
            self.vectors.refresh()
            row = self.vectors.row(doc_id)
            return None if row is None else self.vectors.matrix[row].copy()

    # single methods -------------------------------------------------------------------
    def encode_query(self, text: str) -> np.ndarray:
        """The query's vector; the last QUERY_CACHE texts are kept, since people search the
        same few words (设备联网, MES …) and the encoder is the dearest step of a search."""
        with self._query_lock:
            vector = self._query_vectors.get(text)
            if vector is not None:
                self._query_vectors.move_to_end(text)
                return vector
        vector = self.encoder.encode([text])[0]
        vector.setflags(write=False)  # shared by every caller from now on
        with self._query_lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        return vector

    def bm25(self, text: str, scopes=None, limit: int = 10) -> list[tuple[str, float]]:
        return self.lexical.search(text, limit=limit, scopes=scopes)

    def dense(self, text: str, scopes=None, limit: int = 10, vector=None):
        vector = self.encode_query(text) if vector is None else vector
        with self._lock:
            self.vectors.refresh()
            return self.vectors.search(vector, scopes, limit, chinese_share(text))

    # hybrid ---------------------------------------------------------------------------
    def hybrid(self, query: Query, limit: int = 50, vector=None, only_ids=None) -> list[Hit]:
        """Candidates best first by the retrieval features; the caller adds its own features
        (price, timeline, city, record) and re-ranks with the ranker. `only_ids` keeps just
        those documents among the candidates (features still relative to the whole scope)."""
        if vector is None and len(self.vectors):
            vector = self.encode_query(query.text)
        with self._lock:
            return self._hybrid(query, limit, vector, only_ids)

    def _hybrid(self, query: Query, limit: int, vector, only_ids) -> list[Hit]:
        store = self.vectors
        store.refresh()
        n = len(store)
        if n == 0:
            return []
        if vector is None:  # the store was empty a moment ago
            vector = self.encode_query(query.text)
        sims = store.similarities(vector, chinese_share(query.text))
        mask = store.scope_mask(query.scopes)
        if mask is not None:
            sims = np.where(mask, sims, -np.inf)
        in_scope = np.isfinite(sims)
        if not in_scope.any():
            return []

        # dense ranks of the top POOL rows; BM25 of its own top POOL
        k = min(POOL, n)
        top_dense = np.argpartition(-sims, k - 1)[:k]
        top_dense = top_dense[np.argsort(-sims[top_dense], kind="stable")]
        top_dense = top_dense[np.isfinite(sims[top_dense])]
        rrf = np.zeros(n, dtype=np.float32)
        rrf[top_dense] += 1.0 / (RRF_K + 1 + np.arange(len(top_dense)))
        bm25 = np.zeros(n, dtype=np.float32)
        lexical_rows = []
        for rank, (doc_id, score) in enumerate(self.bm25(query.text, query.scopes, POOL)):
            row = store.row(doc_id)
            if row is not None:
                bm25[row] = score
                rrf[row] += 1.0 / (RRF_K + 1 + rank)
                lexical_rows.append(row)
        rrf /= 2.0 / (RRF_K + 1)
        if bm25.max() > 0:
            bm25 /= bm25.max()
        finite = sims[in_scope]
        floor, top = float(np.median(finite)), float(finite.max())
        dense = np.clip((np.where(in_scope, sims, floor) - floor) / max(top - floor, 1e-6), 0, 1)
        mix = KEYWORD_MIX if query.keywords else RETRIEVAL_MIX
        retrieval = mix["rrf"] * rrf + mix["dense"] * dense + mix["bm25"] * bm25

        stage_weights, inferred = self.need_stages(query, vector, top_dense, lexical_rows)
        stage = self._stage_feature(stage_weights, bool(query.stages))
        if query.exact_scopes:
            exact = store.scope_mask(query.exact_scopes).astype(np.float32)
        else:
            exact = np.full(n, NEUTRAL, dtype=np.float32)

        partial = (
            HYBRID_WEIGHTS["retrieval"] * retrieval
            + HYBRID_WEIGHTS["stage"] * stage
            + HYBRID_WEIGHTS["scope_exact"] * exact
        )
        if only_ids is not None:
            keep = np.zeros(n, dtype=bool)
            keep[[r for r in map(store.row, only_ids) if r is not None]] = True
            in_scope &= keep
        partial = np.where(in_scope, partial, -np.inf)
        k = min(limit, int(in_scope.sum()))
        if k == 0:
            return []
        best = np.argpartition(-partial, k - 1)[:k]
        best = best[np.argsort(-partial[best], kind="stable")]
        hits = []
        for row in best:
            doc_stages = store.stages[row]
            hits.append(
                Hit(
                    id=store.ids[row],
                    features={
                        "retrieval": round(float(retrieval[row]), 4),
                        "stage": round(float(stage[row]), 4),
                        "scope_exact": round(float(exact[row]), 4),
                        "dense": round(float(sims[row]), 4),
                        "bm25": round(float(bm25[row]), 4),
                    },
                    shared_stages=[s for s in doc_stages if stage_weights.get(s, 0) >= 0.5],
                    stages_inferred=inferred,
                )
            )
        return hits

    def keyword(self, text: str, scopes=None, limit: int = 50) -> list[tuple[str, float]]:
        """(id, relevance) of the documents a keyword search is about, best first: ranked by
        the hybrid score as a need would be (stages inferred from the words), cut by the floor
        above; [] when nothing in the collection is about the words."""
        hits = self.hybrid(Query(text=text, scopes=scopes, keywords=True), limit=POOL)
        scored = [
            (h.id, relevance(h.features))
            for h in hits
            if h.features["bm25"] > 0 or h.features["dense"] >= DENSE_EVIDENCE
        ]
        if not scored:
            return []
        best = max(score for _, score in scored)
        floor = max(KEYWORD_FLOOR, KEYWORD_RELATIVE * best)
        return [(d, round(s, 4)) for d, s in scored if s >= floor][:limit]

    def need_stages(self, query: Query, vector, top_dense, lexical_rows):
        """(stage → weight, inferred?): the tagged stages, else those inferred from the text."""
        if query.stages:
            return {s: 1.0 for s in query.stages}, False
        if self.stage_model is None:
            return {}, False
        neighbours = []
        for a, b in zip(list(top_dense[:8]), lexical_rows[:8] + [None] * 8, strict=False):
            neighbours.append(self.vectors.stages[a])
            if b is not None:
                neighbours.append(self.vectors.stages[b])
        return self.stage_model.infer(query.text, vector, neighbours), True

    def _stage_feature(self, weights: dict[str, float], tagged: bool) -> np.ndarray:
        store = self.vectors
        n = len(store)
        if not weights or self.stage_model is None and not tagged:
            return np.full(n, NEUTRAL, dtype=np.float32)
        names = self.stage_model.names if self.stage_model else tuple(weights)
        names = tuple(dict.fromkeys(list(names) + list(weights)))
        matrix = store.stage_matrix(names)
        w = np.array([weights.get(s, 0.0) for s in names], dtype=np.float32)
        # tagged: the share of the tagged stages the document serves; inferred: how strongly
        # the need is about the document's best-fitting stage, less a little for each other
        # stage the document spreads over (SPECIFICITY)
        stages_served = store.stages_served(names)
        if tagged:
            score = (matrix @ w) / max(w.sum(), 1.0)
        else:
            spread = (stages_served - 1) / np.maximum(stages_served, 1)
            score = (matrix * w).max(axis=1) * (1 - SPECIFICITY * np.clip(spread, 0, 1))
        unlabelled = stages_served == 0
        return np.where(unlabelled, NEUTRAL, score).astype(np.float32)
