"""A Whoosh BM25F index of products (or needs) over name, summary, description and cases."""

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh import index, scoring
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.query import Or, Term

from search_index.bm25 import NumpyBM25F, top_k
from search_index.chinese import chinese_analyzer, terms

FIELD_BOOSTS = {"name": 3.0, "summary": 2.0, "description": 1.0, "cases": 0.8}
# On a large index a long need text would touch most postings: keep its rarest terms only.
LARGE_INDEX = 5000
MAX_QUERY_TERMS = 8
COMMON_SHARE = 0.05  # terms in more than this share of documents are dropped from the query


@lru_cache(maxsize=512)
def query_terms(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(terms(text)))


@dataclass
class Document:
    """What the index knows of one product or need: plain data."""

    id: int | str
    name: str
    summary: str = ""
    description: str = ""
    cases: str = ""
    stages: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)  # e.g. sub-industry ids, "generic"

    def fingerprint(self) -> str:
        """A digest of everything indexed: equal digests, same document (`index check`
        compares the one stored at indexing time with the one the database gives now)."""
        content = [self.name, self.summary, self.description, self.cases]
        content += [sorted(self.stages), sorted(self.scopes)]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _schema() -> Schema:
    analyzer = chinese_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["name"], stored=True),
        summary=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["summary"], stored=True),
        description=TEXT(analyzer=analyzer, stored=True),
        cases=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["cases"], stored=True),
        stages=KEYWORD(commas=True, stored=True),
        scopes=KEYWORD(commas=True),
    )


class LexicalIndex:
    """One Whoosh index in `path`, created on first use."""

    def __init__(self, path: str):
        self.path = path
        os.makedirs(path, exist_ok=True)
        if index.exists_in(path):
            self._ix = index.open_dir(path)
        else:
            self._ix = index.create_in(path, _schema())
        self._searcher = None
        self._writer = None
        self._filters: dict = {}
        self._ids: dict[int, str] = {}  # document number → id, for the current searcher
        self._bm25 = NumpyBM25F()
        self._lock = threading.RLock()  # one searcher shared by the threads of a web worker

    def _search(self):
        """One searcher kept open between queries, refreshed when the index changed."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
            self._filters, self._ids = {}, {}
        else:
            fresh = self._searcher.refresh()
            if fresh is not self._searcher:
                self._filters, self._ids = {}, {}
            self._searcher = fresh
        return self._searcher

    @contextmanager
    def bulk(self):
        """One writer for many `upsert` calls (a rebuild), committed as one merged segment."""
        self._writer = self._ix.writer(limitmb=256, timeout=30.0)
        try:
            yield self
        except BaseException:
            self._writer.cancel()
            raise
        else:
            self._writer.commit(optimize=True)
        finally:
            self._writer = None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def clear(self) -> None:
        self.close()
        self._bm25.clear()
        self._ix = index.create_in(self.path, _schema())

    def upsert(self, docs: Iterable[Document], fresh: bool = False) -> int:
        """Add or replace documents; `fresh` (after `clear`) skips the look-up of old ones."""
        if self._writer is not None:
            return self._add(self._writer, docs, fresh)
        with self._ix.writer(limitmb=256, timeout=30.0) as writer:
            return self._add(writer, docs, fresh)

    @staticmethod
    def _add(writer, docs: Iterable[Document], fresh: bool) -> int:
        count = 0
        add = writer.add_document if fresh else writer.update_document
        for doc in docs:
            add(
                id=str(doc.id),
                name=doc.name,
                summary=doc.summary,
                description=doc.description,
                cases=doc.cases,
                stages=",".join(doc.stages),
                scopes=",".join(doc.scopes),
            )
            count += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        with self._ix.writer(timeout=30.0) as writer:
            for doc_id in ids:
                writer.delete_by_term("id", str(doc_id))

    def search(
        self, text: str, limit: int = 50, scopes: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """(id, BM25F score) best first; `scopes` keeps documents carrying any of them.
        Whoosh's BM25F over the boosted fields, scored in NumPy (search_index.bm25)."""
        with self._lock:
            searcher = self._search()
            words = self._selective(searcher, query_terms(text))
            if not words:
                return []
            scores = self._bm25.scores(searcher, words, FIELD_BOOSTS)
            allowed = self._filter(searcher, scopes)
            best = top_k(scores, allowed, limit)
            return [(self._doc_id(searcher, int(d)), float(scores[d])) for d in best]

    def whoosh_search(self, text: str, limit: int = 50, scopes=None) -> list[tuple[str, float]]:
        """The same query scored by Whoosh itself (the reference the NumPy scoring matches)."""
        with self._lock:
            searcher = self._search()
            words = self._selective(searcher, query_terms(text))
            if not words:
                return []
            query = Or([Term(f, w) for w in words for f in FIELD_BOOSTS])
            allowed = self._filter(searcher, scopes)
            wanted = None if allowed is None else set(np.flatnonzero(allowed).tolist())
            hits = searcher.search(query, limit=limit, filter=wanted)
            return [(hit["id"], float(hit.score)) for hit in hits]

    def _doc_id(self, searcher, docnum: int) -> str:
        if docnum not in self._ids:
            self._ids[docnum] = searcher.stored_fields(docnum)["id"]
        return self._ids[docnum]

    @staticmethod
    def _selective(searcher, words) -> list[str]:
        """The query's terms; on a large index the rarest ones, without the very common."""
        total = searcher.doc_count()
        if total < LARGE_INDEX:
            return list(words)
        df = {w: sum(searcher.doc_frequency(f, w) for f in ("name", "description")) for w in words}
        present = sorted((w for w in words if df[w] > 0), key=lambda w: df[w])
        kept = [w for w in present if df[w] <= COMMON_SHARE * total * 2] or present[:3]
        return kept[:MAX_QUERY_TERMS]

    def _filter(self, searcher, scopes) -> np.ndarray | None:
        """Live documents of these scopes (all live ones without scopes), as a mask by
        document number, cached until the index changes."""
        live = self._bm25.live(searcher)
        if not scopes:
            return live if not live.all() else None
        key = tuple(sorted(scopes))
        if key not in self._filters:
            self._filters[key] = self._bm25.term_mask(searcher, "scopes", key) & live
        return self._filters[key]

    def highlights(self, doc_id, text: str, top: int = 3) -> list[str]:
        """The terms of `text` that the document contains, most specific first."""
        words = query_terms(text)
        with self._lock:
            stored = self._search().document(id=str(doc_id))
        if stored is None:
            return []
        body = " ".join(stored.get(f, "") for f in FIELD_BOOSTS).lower()
        found = [w for w in words if is_chip_word(w) and w in body]
        return sorted(found, key=len, reverse=True)[:top]

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def ids(self) -> set[str]:
        """The ids of every document, from a fresh reader."""
        with self._ix.searcher() as searcher:
            return {fields["id"] for fields in searcher.all_stored_fields()}


NUMBER_LIKE = re.compile(r"^[\d.,，。%％:：/\-+]+$")


def is_chip_word(term: str) -> bool:
    """A term worth showing as a matched keyword: a word, not a number ("12", "2.5", "3/5")
    nor a one-character token."""
    term = (term or "").strip()
    return len(term) >= 2 and not NUMBER_LIKE.match(term)


def index_doc_count(path: str) -> int | None:
    """How many documents the Whoosh index in `path` holds; None if there is none (a health
    check that neither creates an index nor loads the encoder)."""
    if not index.exists_in(path):
        return None
    return index.open_dir(path).doc_count()
