"""A provider's catalog work: drafting and editing products, submitting them for review.

Editing an approved product sends it back to review (approved → pending): what buyers see
in the catalog has always been checked by an official.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import change_state, record_event
from models import CaseStudy, Organisation, Product, User
from models.product import DELIVERY_MODES, PRICE_UNITS
from models.stages import STAGES

# Whether saving a product in this state sends it (back) to review at once.
RESUBMIT_ON_EDIT = {"approved"}


@dataclass
class ProductData:
    name: str
    summary: str
    description: str
    stages: list[str]
    sub_industry_ids: list[int]
    is_generic: bool
    delivery_mode: str
    list_price: Decimal
    pilot_price: Decimal
    price_unit: str
    deployment_days: int
    cases: list[tuple[str, str]] = field(default_factory=list)  # (customer, content)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check(provider: Organisation, data: ProductData) -> list:
    if not data.stages or any(s not in STAGES for s in data.stages):
        raise InvalidInput("stages")
    if data.delivery_mode not in DELIVERY_MODES or data.price_unit not in PRICE_UNITS:
        raise InvalidInput("delivery_or_unit")
    if data.list_price is None or data.pilot_price is None:
        raise InvalidInput("price_required")
    if data.list_price <= 0 or data.pilot_price <= 0:
        raise InvalidInput("price_not_positive")
    if data.pilot_price > data.list_price:
        raise InvalidInput("pilot_price_above_list")
    if not data.deployment_days or data.deployment_days <= 0:
        raise InvalidInput("deployment_days")
    if not [c for c in data.cases if _text(c[0]) and _text(c[1])]:
        raise InvalidInput("case_required")
    served = {s.id: s for s in provider.served_sub_industries}
    if any(i not in served for i in data.sub_industry_ids):
        raise InvalidInput("sub_industry_not_served")
    if not data.sub_industry_ids and not data.is_generic:
        raise InvalidInput("sub_industry_or_generic")
    return [served[i] for i in data.sub_industry_ids]


def _apply(product: Product, data: ProductData, sub_industries: list) -> None:
    product.name = _text(data.name)
    product.summary = _text(data.summary)
    product.description = _text(data.description)
    product.is_generic = data.is_generic
    product.delivery_mode = data.delivery_mode
    product.list_price = data.list_price
    product.pilot_price = data.pilot_price
    product.price_unit = data.price_unit
    product.deployment_days = data.deployment_days
    product.sub_industries = sub_industries
    product.stages = [s for s in STAGES if s in set(data.stages)]
    product.cases = [
        CaseStudy(customer=_text(customer), content=_text(content))
        for customer, content in data.cases
        if _text(customer) and _text(content)
    ]


def create_product(provider: Organisation, data: ProductData, actor: User) -> Product:
    """A new draft in the provider's catalog (providers still under review may draft too)."""
    if not provider.is_provider or provider.status == "removed":
        raise NotAllowed("not_an_active_provider")
    subs = _check(provider, data)
    product = Product(provider=provider, status="draft")
    _apply(product, data, subs)
    db.session.add(product)
    db.session.flush()
    record_event(product, None, "draft", actor)
    return product


def update_product(product: Product, data: ProductData, actor: User) -> Product:
    """Save the edits; an approved product goes back to review and leaves the catalog."""
    if not product.can_edit(actor) or product.status == "suspended":
        raise NotAllowed("product_locked")
    subs = _check(product.provider, data)
    _apply(product, data, subs)
    if product.status in RESUBMIT_ON_EDIT:
        change_state(product, "pending", actor, None)
    db.session.flush()
    return product


def submit_product(product: Product, actor: User) -> None:
    """Draft or rejected → pending: the product joins the officials' review queue."""
    if not product.can_edit(actor):
        raise NotAllowed("not_owner")
    change_state(product, "pending", actor, None)


def products_of(provider: Organisation, status: str | None = None):
    """The provider's own catalog, newest change first (a select for pagination)."""
    query = select(Product).where(Product.provider_id == provider.id)
    if status:
        query = query.where(Product.status == status)
    return query.order_by(Product.updated_at.desc(), Product.id.desc())
