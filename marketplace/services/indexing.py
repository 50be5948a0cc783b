"""Keeps the search indexes in step with the database: products and needs reach them only
after their transaction commits, and `reindex_all` rebuilds them from scratch.

Two collections under SEARCH_INDEX_DIR, each a Whoosh index plus a vector store
(search_index.engine.SearchEngine): `products` (approved products of approved providers,
scoped by sub-industry id and "generic") and `needs` (open needs, scoped by "pilot:<id>").
The encoder (EMBEDDING_MODEL) is loaded once per process; the engines once per app.
"""

import os
import threading
from contextlib import contextmanager

import numpy as np
from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from marketplace.extensions import db
from marketplace.routing import MAX_QUERY_LENGTH
from marketplace.services.errors import InvalidInput
from models import CaseStudy, Need, NeedStage, Organisation, Product, ProductStage
from models.stages import STAGES
from search_index.engine import Query, SearchEngine
from search_index.lexical import Document
from search_index.stages import StageModel

GENERIC_SCOPE = "generic"
DENSE_MIN = 0.5  # keyword search: a purely semantic hit needs at least this cosine
_DEFERRED_KEY = "search_deferred"
_PENDING_KEY = "search_pending"
_ENCODERS: dict = {}
_STAGE_MODELS: dict = {}
_LOCK = threading.Lock()


# documents ------------------------------------------------------------------------------
def product_document(product: Product) -> Document:
    scopes = [str(s.id) for s in product.sub_industries]
    if product.is_generic:
        scopes.append(GENERIC_SCOPE)
    return Document(
        id=product.id,
        name=product.name,
        summary=product.summary,
        description=product.description,
        cases="\n".join(f"{c.customer} {c.content}" for c in product.cases),
        stages=list(product.stages),
        scopes=scopes,
    )


def pilot_scope(pilot_id: int) -> str:
    return f"pilot:{pilot_id}"


def need_document(need: Need) -> Document:
    return Document(
        id=need.id,
        name=need.title,
        description=need.description,
        stages=list(need.stages),
        scopes=[pilot_scope(need.enterprise.pilot_id)],
    )


# the heavy parts, loaded lazily ---------------------------------------------------------
def get_encoder(name: str | None = None):
    """The sentence encoder named by EMBEDDING_MODEL, built once per process."""
    from search_index.encoders import load_encoder

    name = name or current_app.config["EMBEDDING_MODEL"]
    with _LOCK:
        if name not in _ENCODERS:
            _ENCODERS[name] = load_encoder(name)
        return _ENCODERS[name]


def get_stage_model(encoder) -> StageModel:
    with _LOCK:
        if encoder.name not in _STAGE_MODELS:
            _STAGE_MODELS[encoder.name] = StageModel(encoder)
            assert _STAGE_MODELS[encoder.name].names == STAGES
        return _STAGE_MODELS[encoder.name]


def _engine(kind: str) -> SearchEngine:
    cache = current_app.extensions.setdefault("search_engines", {})
    path = index_folder(kind)
    if path not in cache:
        encoder = get_encoder()
        cache[path] = SearchEngine(path, encoder, get_stage_model(encoder))
    return cache[path]


INDEX_KINDS = ("products", "needs")


def index_folder(kind: str) -> str:
    return os.path.join(current_app.config["SEARCH_INDEX_DIR"], kind)


def ensure_index_folders() -> None:
    """Create the empty Whoosh indexes if they are missing (no encoder needed), so a fresh
    deployment answers its health check before anything was indexed."""
    from search_index.lexical import LexicalIndex

    for kind in INDEX_KINDS:
        LexicalIndex(os.path.join(index_folder(kind), "lexical"))


def product_engine() -> SearchEngine:
    return _engine("products")


def need_engine() -> SearchEngine:
    return _engine("needs")


def ranker_folder() -> str:
    return os.path.join(current_app.config["SEARCH_INDEX_DIR"], "ranker")


# keeping in step ------------------------------------------------------------------------
def _session_or_fresh(function, *args, session: Session | None = None):
    """After a commit the request's session cannot run SQL: a short-lived one reads the
    committed rows."""
    if session is not None:
        return function(*args, session)
    with Session(db.engine) as fresh:
        return function(*args, fresh)


def _reindex(engine, ids: set, keep: list, document) -> None:
    """Of the rows with these ids, index the ones to keep and drop the others."""
    engine.delete(ids - {row.id for row in keep})
    engine.index([document(row) for row in keep])


def sync_products(product_ids, provider_ids=(), session: Session | None = None) -> None:
    """Index the visible ones of these products (and of these providers) and drop the rest."""
    _session_or_fresh(_sync_products, set(product_ids), set(provider_ids), session=session)


def _with_owners(session: Session, model, ids: set, owner_column, owner_ids, *loads):
    """These ids and those of the owners' rows, and the rows themselves loaded with `loads`."""
    if owner_ids:
        ids |= set(session.scalars(select(model.id).where(owner_column.in_(owner_ids))))
    if not ids:
        return ids, []
    return ids, session.scalars(select(model).where(model.id.in_(ids)).options(*loads)).all()


def _sync_products(ids, provider_ids, session: Session) -> None:
    ids, products = _with_owners(
        session,
        Product,
        ids,
        Product.provider_id,
        provider_ids,
        selectinload(Product.cases),
        selectinload(Product.sub_industries),
        selectinload(Product.stage_links),
        selectinload(Product.provider),
    )
    if not ids:
        return
    _reindex(product_engine(), ids, [p for p in products if p.is_visible], product_document)


def sync_needs(need_ids, enterprise_ids=(), session: Session | None = None) -> None:
    """Index the open ones of these needs (and of these enterprises) and drop the rest."""
    _session_or_fresh(_sync_needs, set(need_ids), set(enterprise_ids), session=session)


def _sync_needs(ids, enterprise_ids, session: Session) -> None:
    ids, needs = _with_owners(
        session,
        Need,
        ids,
        Need.enterprise_id,
        enterprise_ids,
        selectinload(Need.stage_links),
        selectinload(Need.enterprise),
    )
    if not ids:
        return
    indexable = [n for n in needs if n.is_open and n.enterprise.status == "approved"]
    _reindex(need_engine(), ids, indexable, need_document)


def reindex_all(progress=None, batch: int = 256) -> int:
    """Rebuild both collections from the database; returns how many products were indexed.
    `progress(done)` is called with the running count of products and needs indexed."""
    products, needs = product_engine(), need_engine()
    products.clear()
    needs.clear()
    product_ids = db.session.scalars(
        select(Product.id).where(Product.is_visible).order_by(Product.id)
    ).all()
    need_ids = db.session.scalars(
        select(Need.id).where(Need.status == Need.OPEN_STATUS).order_by(Need.id)
    ).all()
    done = 0
    for engine, ids, load, to_document in (
        (products, product_ids, _load_products, product_document),
        (needs, need_ids, _load_needs, need_document),
    ):
        offset = done
        batches = (
            [to_document(x) for x in load(ids[start : start + batch])]
            for start in range(0, len(ids), batch)
        )
        done += engine.index_many(
            batches, (lambda n, offset=offset: progress(offset + n)) if progress else None
        )
    return len(product_ids)


def _load_products(ids):
    return db.session.scalars(
        select(Product)
        .where(Product.id.in_(ids))
        .options(
            selectinload(Product.cases),
            selectinload(Product.sub_industries),
            selectinload(Product.stage_links),
        )
    ).all()


def _load_needs(ids):
    needs = db.session.scalars(
        select(Need)
        .where(Need.id.in_(ids))
        .options(selectinload(Need.stage_links), selectinload(Need.enterprise))
    ).all()
    return [n for n in needs if n.enterprise.status == "approved"]


# queries --------------------------------------------------------------------------------
def search_product_ids(text: str, scopes=None, limit: int = 200) -> list[tuple[int, float]]:
    """Keyword search of the catalog: BM25 hits and close semantic hits, fused (RRF).
    Text longer than a query-string keyword may be (MAX_QUERY_LENGTH) is refused before the
    encoder sees it: InvalidInput 'keyword_too_long'."""
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput("keyword_too_long", max=MAX_QUERY_LENGTH)
    engine = product_engine()
    if not text.strip() or not len(engine.vectors):
        return []
    lexical = engine.bm25(text, scopes, limit)
    dense = [(d, s) for d, s in engine.dense(text, scopes, limit) if s >= DENSE_MIN]
    fused: dict[str, float] = {}
    for hits in (lexical, dense):
        for rank, (doc_id, _score) in enumerate(hits):
            fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (60 + rank)
    ranked = sorted(fused.items(), key=lambda item: -item[1])[:limit]
    return [(int(doc_id), round(score * 61 / 2, 4)) for doc_id, score in ranked]


def product_hits(query: Query, limit: int = 60, vector=None):
    return product_engine().hybrid(query, limit=limit, vector=vector)


def stored_vector(engine: SearchEngine, doc_id) -> np.ndarray | None:
    row = engine.vectors.row(doc_id)
    return None if row is None else engine.vectors.matrix[row]


# after-commit hooks ---------------------------------------------------------------------
def _note_changes(session: Session, flush_context) -> None:
    pending = session.info.setdefault(_PENDING_KEY, {"p": set(), "o": set(), "n": set()})
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Organisation) and obj.id is not None:
            pending["o"].add(obj.id)
        elif isinstance(obj, Product) and obj.id is not None:
            pending["p"].add(obj.id)
        elif isinstance(obj, ProductStage | CaseStudy) and obj.product_id is not None:
            pending["p"].add(obj.product_id)
        elif isinstance(obj, Need) and obj.id is not None:
            pending["n"].add(obj.id)
        elif isinstance(obj, NeedStage) and obj.need_id is not None:
            pending["n"].add(obj.need_id)


@contextmanager
def deferred_indexing():
    """Bulk loads: commits inside skip the per-commit sync; the caller rebuilds once after."""
    db.session.info[_DEFERRED_KEY] = True
    try:
        yield
    finally:
        db.session.info.pop(_DEFERRED_KEY, None)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if not pending or session.info.get(_DEFERRED_KEY):
        return
    if not current_app.config.get("SEARCH_AUTO_INDEX", True):
        return
    if pending["p"] or pending["o"]:
        sync_products(pending["p"], pending["o"])
    if pending["n"] or pending["o"]:
        sync_needs(pending["n"], pending["o"])
    if pending["p"] or pending["o"] or pending["n"]:
        from marketplace.services.ranked_matches import refresh_after_commit

        refresh_after_commit(pending["p"], pending["o"], pending["n"])


def _after_rollback(session: Session, previous_transaction=None) -> None:
    session.info.pop(_PENDING_KEY, None)


def register_after_commit(app) -> None:
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
