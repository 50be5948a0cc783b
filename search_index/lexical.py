"""A Whoosh BM25F index of products (or needs) over name, summary, description and cases."""

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import index, scoring
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.query import Or, Term

from search_index.chinese import chinese_analyzer, terms

FIELD_BOOSTS = {"name": 3.0, "summary": 2.0, "description": 1.0, "cases": 0.8}


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

    def _search(self):
        """One searcher kept open between queries, refreshed when the index changed."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def clear(self) -> None:
        self.close()
        self._ix = index.create_in(self.path, _schema())

    def upsert(self, docs: Iterable[Document], fresh: bool = False) -> int:
        """Add or replace documents; `fresh` (after `clear`) skips the look-up of old ones."""
        count = 0
        with self._ix.writer(limitmb=256) as writer:
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
        with self._ix.writer() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", str(doc_id))

    def search(
        self, text: str, limit: int = 50, scopes: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """(id, BM25F score) best first; `scopes` keeps documents carrying any of them."""
        words = terms(text)
        if not words:
            return []
        query = Or([Term(f, w) for w in set(words) for f in FIELD_BOOSTS])
        filter_query = Or([Term("scopes", s) for s in scopes]) if scopes else None
        hits = self._search().search(query, limit=limit, filter=filter_query)
        return [(hit["id"], float(hit.score)) for hit in hits]

    def highlights(self, doc_id, text: str, top: int = 3) -> list[str]:
        """The terms of `text` that the document contains, most specific first."""
        words = list(dict.fromkeys(terms(text)))
        stored = self._search().document(id=str(doc_id))
        if stored is None:
            return []
        body = " ".join(stored.get(f, "") for f in FIELD_BOOSTS).lower()
        found = [w for w in words if len(w) > 1 and w in body]
        return sorted(found, key=len, reverse=True)[:top]

    def doc_count(self) -> int:
        return self._ix.doc_count()
