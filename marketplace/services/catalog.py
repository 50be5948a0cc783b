"""The public catalog: what buyers may see, filtered and searched.

Only approved products of approved providers are ever returned. A keyword goes through
the Whoosh/jieba index (relevance order); without one the newest come first.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.indexing import search_product_ids
from models import Organisation, Product, ProductStage
from models.organisation import provider_pilots
from models.product import product_sub_industries

# Enough to cover any catalog page a person would read; relevance below that is noise.
KEYWORD_LIMIT = 500


@dataclass
class CatalogFilter:
    keyword: str = ""
    pilot_id: int | None = None
    sub_industry_id: int | None = None
    stage: str | None = None
    delivery_mode: str | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None


def visible_products():
    """Approved products of approved providers."""
    return select(Product).join(Product.provider).where(Product.is_visible)


def visible_count() -> int:
    """How many products the catalog lists unfiltered: the one count the home page shows too."""
    query = visible_products().with_only_columns(func.count(Product.id)).order_by(None)
    return db.session.scalar(query)


def browse_query(f: CatalogFilter):
    """A select of the visible products matching `f`, in display order."""
    query = visible_products().options(
        selectinload(Product.provider),
        selectinload(Product.stage_links),
        selectinload(Product.sub_industries),
    )
    if f.sub_industry_id:
        # generic products (ERP, OA…) serve every sub-industry
        query = query.where(
            or_(
                Product.is_generic,
                exists().where(
                    product_sub_industries.c.product_id == Product.id,
                    product_sub_industries.c.sub_industry_id == f.sub_industry_id,
                ),
            )
        )
    if f.pilot_id:
        query = query.where(
            or_(
                Organisation.pilot_id == f.pilot_id,
                exists().where(
                    provider_pilots.c.provider_id == Organisation.id,
                    provider_pilots.c.pilot_id == f.pilot_id,
                ),
            )
        )
    if f.stage:
        query = query.where(
            exists().where(ProductStage.product_id == Product.id, ProductStage.stage == f.stage)
        )
    if f.delivery_mode:
        query = query.where(Product.delivery_mode == f.delivery_mode)
    if f.price_min is not None:
        query = query.where(Product.pilot_price >= f.price_min)
    if f.price_max is not None:
        query = query.where(Product.pilot_price <= f.price_max)
    keyword = (f.keyword or "").strip()
    if not keyword:
        return query.order_by(Product.created_at.desc(), Product.id.desc())
    ranked = [pid for pid, _score in search_product_ids(keyword, None, KEYWORD_LIMIT)]
    if not ranked:
        return query.where(Product.id.in_([]))
    order = case({pid: rank for rank, pid in enumerate(ranked)}, value=Product.id)
    return query.where(Product.id.in_(ranked)).order_by(order)


def visible_product_or_none(product_id: int) -> Product | None:
    return db.session.scalar(visible_products().where(Product.id == product_id))
