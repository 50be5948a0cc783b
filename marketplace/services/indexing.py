"""Keeps the search indexes in step with the database: products and needs reach them only
after their transaction commits (through the outbox, services/index_outbox.py), and
`reindex_all` rebuilds them into new folders swapped in when complete.

Two collections under SEARCH_INDEX_DIR, each a Whoosh index plus a vector store
(search_index.engine.SearchEngine): `products` (approved products of approved providers,
scoped by sub-industry id and "generic") and `needs` (open needs, scoped by "pilot:<id>").
The encoder (EMBEDDING_MODEL) is loaded once per process; the engines once per app and
build (search_index/folders.py: `<kind>` links to the build in use).
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
from marketplace.services import index_outbox
from marketplace.services.errors import InvalidInput
from models import Need, Product
from models.stages import STAGES
from search_index import folders
from search_index.engine import Query, SearchEngine
from search_index.lexical import Document
from search_index.stages import StageModel

GENERIC_SCOPE = "generic"
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
        # the need's pain points and the support wanted read as its description does
        description="\n".join(
            part for part in (need.description, need.pain_points, need.support_wanted) if part
        ),
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
    """The engine over the build in use; a rebuild's swap is seen at the next call."""
    cache = current_app.extensions.setdefault("search_engines", {})
    path = index_folder(kind)
    if path not in cache:
        encoder = get_encoder()
        cache[path] = SearchEngine(path, encoder, get_stage_model(encoder))
        for old in [p for p in cache if p != path and os.path.dirname(p) == os.path.dirname(path)]:
            if os.path.basename(old).startswith(f"{kind}."):
                del cache[old]  # the build a swap replaced
    return cache[path]


INDEX_KINDS = ("products", "needs")


def index_root() -> str:
    return current_app.config["SEARCH_INDEX_DIR"]


def index_folder(kind: str) -> str:
    """The build of `kind` readers use now."""
    return folders.live_build(index_root(), kind)


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
    """Rebuild both collections from the database into new builds and swap each in when it
    is complete: search serves the old builds until then, and a rebuild that dies leaves
    them as they were (the next one removes its half-written folders). Returns how many
    products were indexed. `progress(done)` gets the running count of products and needs."""
    root = index_root()
    # changes committed from here on are applied to the new builds after the swap (again,
    # for those the rebuild already read: applying is idempotent)
    start = index_outbox.latest_task_id()
    product_ids = db.session.scalars(
        select(Product.id).where(Product.is_visible).order_by(Product.id)
    ).all()
    need_ids = db.session.scalars(
        select(Need.id).where(Need.status == Need.OPEN_STATUS).order_by(Need.id)
    ).all()
    encoder = get_encoder()
    builds, done = {}, 0
    for kind, ids, load, to_document in (
        ("products", product_ids, _load_products, product_document),
        ("needs", need_ids, _load_needs, need_document),
    ):
        folders.remove_unused_builds(root, kind)
        builds[kind] = folders.new_build(root, kind)
        engine = SearchEngine(builds[kind], encoder, get_stage_model(encoder))
        offset = done
        batches = (
            [to_document(x) for x in load(ids[start_at : start_at + batch])]
            for start_at in range(0, len(ids), batch)
        )
        done += engine.index_many(
            batches, (lambda n, offset=offset: progress(offset + n)) if progress else None
        )
        folders.write_cursor(builds[kind], start, built_at=folders.now_text())
    for kind, build in builds.items():
        with folders.writer_lock(root, kind, timeout=60.0):
            folders.swap_in(root, kind, build)
    index_outbox.apply_pending()
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
    """Keyword search of the catalog, ranked by the same hybrid as a need (lexical + dense +
    the stages inferred from the words) and cut at a relevance floor (SearchEngine.keyword):
    only products the words are about, [] when none is.
    Text longer than a query-string keyword may be (MAX_QUERY_LENGTH) is refused before the
    encoder sees it: InvalidInput 'keyword_too_long'."""
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput("keyword_too_long", max=MAX_QUERY_LENGTH)
    engine = product_engine()
    if not text.strip() or not len(engine.vectors):
        return []
    return [(int(doc_id), score) for doc_id, score in engine.keyword(text, scopes, limit)]


def product_hits(query: Query, limit: int = 60, vector=None):
    return product_engine().hybrid(query, limit=limit, vector=vector)


def stored_vector(engine: SearchEngine, doc_id) -> np.ndarray | None:
    return engine.stored_vector(doc_id)


# after-commit hooks ---------------------------------------------------------------------
@contextmanager
def deferred_indexing():
    """Bulk loads: their flushes write no index tasks; the caller rebuilds once after."""
    db.session.info[index_outbox.DEFERRED_KEY] = True
    try:
        yield
    finally:
        db.session.info.pop(index_outbox.DEFERRED_KEY, None)


def _after_commit(session: Session) -> None:
    changes = index_outbox.forget_written(session)
    if not changes or not current_app.config.get("SEARCH_AUTO_INDEX", True):
        return
    index_outbox.apply_after_commit(changes)
    # the stored rankings (services/ranked_matches.py) follow the same changes, once for all
    # hosts since they live in the database
    from marketplace.services.ranked_matches import refresh_after_commit

    ids = {
        kind: {oid for k, oid in changes if k == kind}
        for kind in ("product", "organisation", "need")
    }
    refresh_after_commit(ids["product"], ids["organisation"], ids["need"])


def _after_rollback(session: Session, previous_transaction=None) -> None:
    if previous_transaction is None or previous_transaction.parent is None:
        index_outbox.forget_written(session)


def register_after_commit(app) -> None:
    if not event.contains(Session, "after_flush", index_outbox.note_changes):
        event.listen(Session, "after_flush", index_outbox.note_changes)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
