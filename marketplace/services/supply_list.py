"""A pilot city's published supply list (产品供给清单) and provider pool (服务商资源池).

珠海 reviews and publishes a list of the products its enterprises may buy under the pilot and
files it with the province; 福州 keeps a pool of selected providers. Both are the public view of
what the catalog already shows for one city, nothing more: only approved products of approved
providers (`services/catalog.py` `visible_products`) and only approved providers
(`Organisation.is_public`) that serve the city. A provider suspended or removed leaves the pool
and takes its products off the list at once.

The list holds a product when its provider serves the city and the product is for one of the
city's sub-industries, or is generic (ERP, OA…: every sub-industry). Filters and sort orders
are plain values checked by the form or the API schema before they reach here.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.catalog import visible_products
from marketplace.services.ratings import rating_totals
from models import (
    Event,
    Organisation,
    PilotCity,
    Product,
    ProductStage,
    ProviderRating,
    SubIndustry,
)
from models.organisation import provider_pilots, provider_sub_industries
from models.product import product_sub_industries
from models.rating import RATING_ASPECTS
from models.stages import STAGES

PRODUCT_SORTS = ("provider", "name", "price", "days", "listed")
PROVIDER_SORTS = ("name", "products", "rating")
ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class SupplyFilter:
    sub_industry_id: int | None = None
    stage: str | None = None
    sort: str | None = None
    order: str = "asc"

    @property
    def descending(self) -> bool:
        return self.order == "desc"


@dataclass
class PoolEntry:
    """One provider of the pool, with what the page and the export say about it."""

    provider: Organisation
    sub_industries: list[SubIndustry]
    stages: list[str]
    product_count: int
    rating_count: int
    rating_average: float | None
    listed_at: datetime | None


def _serves(pilot_id: int):
    return or_(
        Organisation.pilot_id == pilot_id,
        exists().where(
            provider_pilots.c.provider_id == Organisation.id,
            provider_pilots.c.pilot_id == pilot_id,
        ),
    )


def _for_city(pilot_id: int):
    """A visible product is on the city's list: its provider serves the city and the product
    is for one of the city's sub-industries, or generic."""
    city_sub = (
        select(product_sub_industries.c.product_id)
        .join(SubIndustry, SubIndustry.id == product_sub_industries.c.sub_industry_id)
        .where(SubIndustry.pilot_id == pilot_id, product_sub_industries.c.product_id == Product.id)
        .exists()
    )
    return and_(_serves(pilot_id), or_(Product.is_generic, city_sub))


def _for_sub_industry(sub_industry_id: int):
    return or_(
        Product.is_generic,
        exists().where(
            product_sub_industries.c.product_id == Product.id,
            product_sub_industries.c.sub_industry_id == sub_industry_id,
        ),
    )


def _for_stage(stage: str):
    return exists().where(ProductStage.product_id == Product.id, ProductStage.stage == stage)


def _ordered(column, descending: bool):
    """Blank values last either way (SQLite and PostgreSQL disagree about where NULL goes)."""
    return [column.is_(None), column.desc() if descending else column.asc()]


def listed_products(pilot: PilotCity, f: SupplyFilter = SupplyFilter()) -> Select:
    """The city's supply list as a select of products, filtered and in the asked order."""
    query = visible_products().where(_for_city(pilot.id))
    if f.sub_industry_id:
        query = query.where(_for_sub_industry(f.sub_industry_id))
    if f.stage:
        query = query.where(_for_stage(f.stage))
    query = query.options(
        selectinload(Product.provider),
        selectinload(Product.stage_links),
        selectinload(Product.sub_industries),
    )
    columns = {
        "provider": Organisation.name,
        "name": Product.name,
        "price": Product.pilot_price,
        "days": Product.deployment_days,
        "listed": _approved_at_column(),
    }
    sort = f.sort if f.sort in columns else "provider"
    order = _ordered(columns[sort], f.descending)
    if sort == "provider":
        order.append(Product.name.asc())
    return query.order_by(*order, Product.id.asc())


def _approved_at_column():
    """When the product was last approved, the column `approved_at` reads for a page."""
    return (
        select(func.max(Event.at))
        .where(
            Event.subject_type == Product.__tablename__,
            Event.subject_id == Product.id,
            Event.to_state == "approved",
        )
        .correlate(Product)
        .scalar_subquery()
    )


def _listed_count(pilot_id: int):
    """How many of the provider's products are on the city's list (a correlated count)."""
    return (
        select(func.count(Product.id))
        .where(Product.provider_id == Organisation.id, Product.status == Product.VISIBLE_STATUS)
        .where(_for_city(pilot_id))
        .correlate(Organisation)
        .scalar_subquery()
    )


def pool_providers(pilot: PilotCity, f: SupplyFilter = SupplyFilter()) -> Select:
    """The city's provider pool as a select of providers, filtered and in the asked order. A
    stage filter keeps the providers with a listed product of that stage."""
    query = select(Organisation).where(Organisation.is_public(), _serves(pilot.id))
    if f.sub_industry_id:
        query = query.where(
            exists().where(
                provider_sub_industries.c.provider_id == Organisation.id,
                provider_sub_industries.c.sub_industry_id == f.sub_industry_id,
            )
        )
    if f.stage:
        query = query.where(
            exists()
            .where(
                Product.provider_id == Organisation.id,
                Product.status == Product.VISIBLE_STATUS,
                _for_city(pilot.id),
                _for_stage(f.stage),
            )
            .correlate(Organisation)
        )
    query = query.options(selectinload(Organisation.served_sub_industries))
    if f.sort == "products":
        order = [_listed_count(pilot.id).desc() if f.descending else _listed_count(pilot.id)]
    elif f.sort == "rating":
        order = _ordered(_rating_average(), f.descending)
    else:
        order = [Organisation.name.desc() if f.descending else Organisation.name.asc()]
    return query.order_by(*order, Organisation.id.asc())


def _rating_average():
    mean = sum(getattr(ProviderRating, a) for a in RATING_ASPECTS) * 1.0 / len(RATING_ASPECTS)
    return (
        select(func.avg(mean))
        .where(ProviderRating.provider_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )


def approved_at(subject_type: str, ids: list[int]) -> dict[int, datetime]:
    """When each subject was last approved (its entry on the list), from the event log."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Event.subject_id, func.max(Event.at))
        .where(
            Event.subject_type == subject_type,
            Event.subject_id.in_(ids),
            Event.to_state == "approved",
        )
        .group_by(Event.subject_id)
    )
    return dict(rows.all())


def pool_entries(pilot: PilotCity, providers: list[Organisation]) -> list[PoolEntry]:
    """The pool's columns for these providers: their sub-industries in this city, the stages
    and number of their listed products, their ratings and when they were approved."""
    ids = [p.id for p in providers]
    listed = visible_products().where(_for_city(pilot.id), Product.provider_id.in_(ids))
    products = db.session.scalars(listed.options(selectinload(Product.stage_links))) if ids else []
    stages: dict[int, set[str]] = {}
    counts: dict[int, int] = {}
    for product in products:
        stages.setdefault(product.provider_id, set()).update(product.stages)
        counts[product.provider_id] = counts.get(product.provider_id, 0) + 1
    ratings = rating_totals(ids)
    approved = approved_at(Organisation.__tablename__, ids)
    entries = []
    for provider in providers:
        count, total = ratings.get(provider.id, (0, 0.0))
        entries.append(
            PoolEntry(
                provider=provider,
                sub_industries=[
                    s for s in provider.served_sub_industries if s.pilot_id == pilot.id
                ],
                stages=sorted(stages.get(provider.id, ()), key=STAGES.index),
                product_count=counts.get(provider.id, 0),
                rating_count=count,
                rating_average=round(total / count, 2) if count else None,
                listed_at=approved.get(provider.id),
            )
        )
    return entries


def city_sub_industries(product: Product, pilot: PilotCity) -> list[SubIndustry]:
    return [s for s in product.sub_industries if s.pilot_id == pilot.id]
