"""Keeps the search index in step with the database: products and needs reach it only
after their transaction commits, and `reindex_all` rebuilds it from scratch."""

import os

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from marketplace.extensions import db
from models import Organisation, Product
from search_index.lexical import Document, LexicalIndex

GENERIC_SCOPE = "generic"
_PENDING_KEY = "search_pending"


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


def product_index() -> LexicalIndex:
    """The process-wide product index of the current app, opened once."""
    cache = current_app.extensions.setdefault("search_indexes", {})
    path = os.path.join(current_app.config["SEARCH_INDEX_DIR"], "products")
    if path not in cache:
        cache[path] = LexicalIndex(path)
    return cache[path]


def sync_products(product_ids, provider_ids=(), session: Session | None = None) -> None:
    """Index the visible ones of these products (and of these providers) and drop the rest.

    After a commit the request's session cannot run SQL, so a short-lived one reads the
    committed rows.
    """
    if session is None:
        with Session(db.engine) as fresh:
            return sync_products(product_ids, provider_ids, fresh)
    ids = set(product_ids)
    if provider_ids:
        ids |= set(session.scalars(select(Product.id).where(Product.provider_id.in_(provider_ids))))
    if not ids:
        return
    products = session.scalars(
        select(Product)
        .where(Product.id.in_(ids))
        .options(selectinload(Product.cases), selectinload(Product.sub_industries))
    ).all()
    visible = [p for p in products if p.is_visible]
    index = product_index()
    index.delete(ids - {p.id for p in visible})
    index.upsert(product_document(p) for p in visible)


def reindex_all(progress=None) -> int:
    """Rebuild the product index from the database; returns how many were indexed."""
    index = product_index()
    index.clear()
    ids = db.session.scalars(
        select(Product.id).where(Product.status == Product.VISIBLE_STATUS)
    ).all()
    batch = 500
    for start in range(0, len(ids), batch):
        sync_products(ids[start : start + batch], session=db.session)
        if progress:
            progress(min(start + batch, len(ids)))
    return len(ids)


def search_product_ids(text: str, scopes=None, limit: int = 200) -> list[tuple[int, float]]:
    return product_index().search(text, limit=limit, scopes=scopes)


def _note_changes(session: Session, flush_context) -> None:
    products, providers = session.info.setdefault(_PENDING_KEY, (set(), set()))
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Organisation) and obj.is_provider and obj.id is not None:
            providers.add(obj.id)
            continue
        product = obj if isinstance(obj, Product) else getattr(obj, "product", None)
        if isinstance(product, Product) and product.id is not None:
            products.add(product.id)


def _after_commit(session: Session) -> None:
    products, providers = session.info.pop(_PENDING_KEY, (set(), set()))
    if (products or providers) and current_app.config.get("SEARCH_AUTO_INDEX", True):
        sync_products(products, providers)


def _after_rollback(session: Session, previous_transaction=None) -> None:
    session.info.pop(_PENDING_KEY, None)


def register_after_commit(app) -> None:
    if not event.contains(Session, "after_flush", _note_changes):
        event.listen(Session, "after_flush", _note_changes)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
