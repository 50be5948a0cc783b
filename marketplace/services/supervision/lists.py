"""The officials' filtered lists (each a scoped select() the view pages or exports) and the
related rows shown on the object pages."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.supervision.scope import (
    Scope,
    scoped_enterprises,
    scoped_needs,
    scoped_products,
    scoped_providers,
    scoped_quote_requests,
)
from models import MatchResult, Need, NeedStage, Organisation, Product, ProductStage, QuoteRequest
from models.product import product_sub_industries

PER_PAGE = 20


def _keyword(query: Select, q: str | None, *columns) -> Select:
    q = (q or "").strip()
    if not q:
        return query
    pattern = f"%{q}%"
    return query.where(or_(*(column.ilike(pattern) for column in columns)))


def _by_place(query: Select, district_id, sub_industry_id) -> Select:
    """Narrow a select() that holds Organisation (the enterprise) to a district and a
    sub-industry."""
    if district_id:
        query = query.where(Organisation.district_id == district_id)
    if sub_industry_id:
        query = query.where(Organisation.sub_industry_id == sub_industry_id)
    return query


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def filter_enterprises(
    scope: Scope,
    *,
    district_id=None,
    sub_industry_id=None,
    above_scale=None,
    specialised_status=None,
    level=None,
    q=None,
    **_,
) -> Select:
    query = _by_place(scoped_enterprises(scope), district_id, sub_industry_id)
    if above_scale in ("1", "0"):
        query = query.where(Organisation.is_above_scale.is_(above_scale == "1"))
    if specialised_status:
        query = query.where(Organisation.specialised_status == specialised_status)
    if level:
        query = query.where(Organisation.self_assessed_level == int(level))
    query = _keyword(query, q, Organisation.name, Organisation.credit_code)
    return query.options(
        selectinload(Organisation.district), selectinload(Organisation.sub_industry)
    ).order_by(Organisation.created_at.desc(), Organisation.id.desc())


def filter_providers(scope: Scope, *, provider_type=None, status=None, q=None, **_) -> Select:
    query = scoped_providers(scope)
    if provider_type:
        query = query.where(Organisation.provider_type == provider_type)
    if status:
        query = query.where(Organisation.status == status)
    query = _keyword(query, q, Organisation.name, Organisation.credit_code)
    return query.options(
        selectinload(Organisation.pilot), selectinload(Organisation.served_pilots)
    ).order_by(Organisation.created_at.desc(), Organisation.id.desc())


def filter_products(
    scope: Scope, *, status=None, stage=None, sub_industry_id=None, q=None, **_
) -> Select:
    query = scoped_products(scope)
    if status:
        query = query.where(Product.status == status)
    if stage:
        query = query.where(
            Product.id.in_(select(ProductStage.product_id).where(ProductStage.stage == stage))
        )
    if sub_industry_id:
        linked = select(product_sub_industries.c.product_id).where(
            product_sub_industries.c.sub_industry_id == sub_industry_id
        )
        query = query.where(Product.id.in_(linked))
    query = _keyword(query, q, Product.name, Product.summary)
    return query.options(
        selectinload(Product.provider), selectinload(Product.stage_links)
    ).order_by(Product.updated_at.desc(), Product.id.desc())


def filter_needs(
    scope: Scope,
    *,
    status=None,
    district_id=None,
    sub_industry_id=None,
    stage=None,
    date_from=None,
    date_to=None,
    q=None,
    **_,
) -> Select:
    query = scoped_needs(scope).join(Organisation, Need.enterprise_id == Organisation.id)
    query = _by_place(query, district_id, sub_industry_id)
    if status:
        query = query.where(Need.status == status)
    if stage:
        query = query.where(Need.id.in_(select(NeedStage.need_id).where(NeedStage.stage == stage)))
    if date_from:
        query = query.where(Need.created_at >= _day_start(date_from))
    if date_to:
        query = query.where(Need.created_at < _day_start(date_to + timedelta(days=1)))
    query = _keyword(query, q, Need.title, Organisation.name)
    return query.options(
        selectinload(Need.enterprise).selectinload(Organisation.district),
        selectinload(Need.enterprise).selectinload(Organisation.sub_industry),
        selectinload(Need.stage_links),
    ).order_by(Need.created_at.desc(), Need.id.desc())


# --- per-object extras for the detail pages -------------------------------------------


def quote_requests_of_need(need: Need) -> list[QuoteRequest]:
    return list(
        db.session.scalars(
            select(QuoteRequest)
            .where(QuoteRequest.need_id == need.id)
            .options(selectinload(QuoteRequest.provider), selectinload(QuoteRequest.quote))
            .order_by(QuoteRequest.created_at)
        )
    )


def needs_of_enterprise(enterprise: Organisation) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need).where(Need.enterprise_id == enterprise.id).order_by(Need.created_at.desc())
        )
    )


def products_of_provider(provider: Organisation) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.provider_id == provider.id)
            .options(selectinload(Product.stage_links))
            .order_by(Product.updated_at.desc())
        )
    )


def quote_requests_of_provider(scope: Scope, provider: Organisation) -> list[QuoteRequest]:
    """The provider's quote requests from enterprises in the scope (not other cities')."""
    return list(
        db.session.scalars(
            scoped_quote_requests(scope)
            .where(QuoteRequest.provider_id == provider.id)
            .options(selectinload(QuoteRequest.need).selectinload(Need.enterprise))
            .order_by(QuoteRequest.created_at.desc())
        )
    )


def match_views_of_need(need: Need) -> int:
    return db.session.scalar(
        select(func.count(MatchResult.id)).where(
            MatchResult.need_id == need.id, MatchResult.audience == "enterprise"
        )
    )
