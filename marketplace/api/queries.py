"""The scoped SELECTs behind the API lists, and who may see which object.

Public lists hold only what the public catalog shows (approved providers, approved products
of approved providers). Supervision lists are cut to the caller's city, and to its district
for a district official: each list is cut by its model's `visible_to(user)` clause, the same
rule the pages use (models/access.py).
"""

from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.catalog import visible_products
from marketplace.services.indexing import search_product_ids
from models import (
    Event,
    Need,
    NeedStage,
    Organisation,
    PilotCity,
    Product,
    ProductStage,
    QuoteRequest,
    SubIndustry,
    User,
)
from models.project import Project

SEARCH_LIMIT = 1000


class Filters(dict):
    """The query-string filters of one list, parsed and checked by the view; absent → None."""

    __getattr__ = dict.get

    def equal(self, query, **columns):
        """Narrow `query` to column == value for each of these filters that was given."""
        for name, column in columns.items():
            if self.get(name):
                query = query.where(column == self[name])
        return query


def pilots():
    return (
        select(PilotCity)
        .options(selectinload(PilotCity.districts), selectinload(PilotCity.sub_industries))
        .order_by(PilotCity.id)
    )


def _serves(pilot_id: int):
    return or_(
        Organisation.pilot_id == pilot_id, Organisation.served_pilots.any(PilotCity.id == pilot_id)
    )


def providers(f: Filters):
    query = select(Organisation).where(Organisation.is_public())
    if f.pilot_id:
        query = query.where(_serves(f.pilot_id))
    if f.sub_industry_id:
        query = query.where(
            Organisation.served_sub_industries.any(SubIndustry.id == f.sub_industry_id)
        )
    query = f.equal(query, provider_type=Organisation.provider_type)
    if f.q:
        query = query.where(Organisation.name.contains(f.q))
    return query.options(
        selectinload(Organisation.served_pilots), selectinload(Organisation.served_sub_industries)
    ).order_by(Organisation.id)


def products(f: Filters):
    query = visible_products()
    if f.pilot_id:
        query = query.where(
            or_(
                Product.sub_industries.any(SubIndustry.pilot_id == f.pilot_id),
                and_(Product.is_generic, _serves(f.pilot_id)),
            )
        )
    if f.sub_industry_id:
        query = query.where(Product.sub_industries.any(SubIndustry.id == f.sub_industry_id))
    if f.stage:
        query = query.where(Product.stage_links.any(ProductStage.stage == f.stage))
    query = f.equal(query, delivery_mode=Product.delivery_mode, provider_id=Product.provider_id)
    if f.is_generic is not None:
        query = query.where(Product.is_generic.is_(f.is_generic))
    query = query.options(selectinload(Product.sub_industries), selectinload(Product.stage_links))
    if not f.q:
        return query.order_by(Product.id)
    # keyword search: the Whoosh/jieba index decides which products and in what order
    ranked = [product_id for product_id, _score in search_product_ids(f.q, limit=SEARCH_LIMIT)]
    if not ranked:
        return query.where(false())
    order = case({product_id: rank for rank, product_id in enumerate(ranked)}, value=Product.id)
    return query.where(Product.id.in_(ranked)).order_by(order)


def visible_product(product_id: int) -> Product | None:
    return db.session.scalar(visible_products().where(Product.id == product_id))


def enterprises(user: User, f: Filters):
    query = select(Organisation).where(
        Organisation.kind == "enterprise", Organisation.visible_to(user)
    )
    query = f.equal(
        query,
        district_id=Organisation.district_id,
        sub_industry_id=Organisation.sub_industry_id,
        specialised_status=Organisation.specialised_status,
    )
    if f.q:
        query = query.where(
            or_(Organisation.name.contains(f.q), Organisation.credit_code == f.q.upper())
        )
    return query.order_by(Organisation.id)


def needs(user: User, f: Filters):
    query = select(Need).join(Need.enterprise).where(Need.visible_to(user))
    query = f.equal(
        query,
        status=Need.status,
        district_id=Organisation.district_id,
        sub_industry_id=Organisation.sub_industry_id,
        enterprise_id=Need.enterprise_id,
    )
    if f.stage:
        query = query.where(Need.stage_links.any(NeedStage.stage == f.stage))
    if f.created_since:
        query = query.where(Need.created_at >= f.created_since)
    return query.options(selectinload(Need.stage_links)).order_by(Need.id)


def need_in_scope(user: User, need_id: int) -> Need | None:
    return db.session.scalar(needs(user, Filters({})).where(Need.id == need_id))


def quote_requests(user: User, f: Filters):
    query = select(QuoteRequest).where(QuoteRequest.visible_to(user))
    query = f.equal(
        query,
        status=QuoteRequest.status,
        need_id=QuoteRequest.need_id,
        provider_id=QuoteRequest.provider_id,
    )
    return query.options(selectinload(QuoteRequest.quote)).order_by(QuoteRequest.id)


def requests_of_need(user: User, need: Need) -> list[QuoteRequest]:
    return list(db.session.scalars(quote_requests(user, Filters({"need_id": need.id}))))


def projects(user: User, f: Filters):
    query = select(Project).where(Project.visible_to(user))
    query = f.equal(
        query,
        status=Project.status,
        district_id=Project.district_id,
        enterprise_id=Project.enterprise_id,
        provider_id=Project.provider_id,
    )
    return query.order_by(Project.id)


def project_in_scope(user: User, project_id: int) -> Project | None:
    return db.session.scalar(projects(user, Filters({})).where(Project.id == project_id))


# subject_type (the table name written in events) → model
EVENT_SUBJECTS = {
    model.__tablename__: model for model in (Organisation, Product, Need, QuoteRequest, Project)
}


def event_subject(user: User, subject_type: str, subject_id: int):
    """The subject if it exists and the staff user's jurisdiction covers it, else None."""
    subject = db.session.get(EVENT_SUBJECTS[subject_type], subject_id)
    if subject is None or not subject.can_view(user):
        return None
    return subject


def events(subject):
    return (
        select(Event)
        .where(Event.subject_type == subject.__tablename__, Event.subject_id == subject.id)
        .options(selectinload(Event.actor))
        .order_by(Event.at, Event.id)
    )
