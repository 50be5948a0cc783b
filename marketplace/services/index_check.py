"""Does this host's index say what the database says? `check_index` compares, per
collection, the documents the database gives now with the ones indexed (ids in both the
Whoosh and the vector halves, and each document's fingerprint), so it also finds rows changed
behind the application's back; `repair_index` mends the drift through the outbox, the same
path every change takes."""

import os
from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import index_outbox, indexing
from models import Need, Product
from search_index.lexical import LexicalIndex
from search_index.vectors import VectorStore

TASK_KIND = {"products": "product", "needs": "need"}


@dataclass
class Drift:
    kind: str
    expected: int  # documents the database says the collection should hold
    indexed: int
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # indexed, but with other content

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def expected_documents(kind: str) -> dict[str, str]:
    """id → fingerprint of every document the database says `kind` should hold."""
    if kind == "products":
        ids = db.session.scalars(select(Product.id).where(Product.is_visible)).all()
        rows, document = indexing._load_products(ids), indexing.product_document
    else:
        ids = db.session.scalars(select(Need.id).where(Need.status == Need.OPEN_STATUS)).all()
        rows, document = indexing._load_needs(ids), indexing.need_document
    docs = (document(row) for row in rows)
    return {str(doc.id): doc.fingerprint() for doc in docs}


def indexed_documents(kind: str) -> tuple[dict[str, str], set[str]]:
    """id → fingerprint from the vector half, and the ids of the Whoosh half, read from the
    files (no encoder: a check takes seconds)."""
    build = indexing.index_folder(kind)
    vectors = VectorStore(os.path.join(build, "vectors"), dim=None)
    fingerprints = dict(zip(vectors.ids, vectors.hashes, strict=True))
    return fingerprints, LexicalIndex(os.path.join(build, "lexical")).ids()


def check_collection(kind: str) -> Drift:
    expected = expected_documents(kind)
    vectors, lexical = indexed_documents(kind)
    indexed = set(vectors) & lexical  # a document missing from either half is missing
    drift = Drift(kind, len(expected), len(indexed))
    drift.missing = sorted(set(expected) - indexed, key=int)
    drift.extra = sorted((set(vectors) | lexical) - set(expected), key=int)
    drift.stale = sorted((i for i in indexed & set(expected) if vectors[i] != expected[i]), key=int)
    return drift


def check_index() -> list[Drift]:
    return [check_collection(kind) for kind in indexing.INDEX_KINDS]


def repair_index(drifts: list[Drift]) -> int:
    """One task per drifted document, committed, then applied here; returns the tasks."""
    queued = 0
    for drift in drifts:
        ids = {int(i) for i in (*drift.missing, *drift.extra, *drift.stale)}
        queued += index_outbox.enqueue(TASK_KIND[drift.kind], ids)
    db.session.commit()
    index_outbox.apply_pending()
    return queued
