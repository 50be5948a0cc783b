"""The review queue: what waits for the official's vetting."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.supervision.scope import Scope
from models import PROVIDER, Organisation, Product


def review_queue(scope: Scope) -> tuple[list[Organisation], list[Product]]:
    """Pending providers the user vets (by the provider's seat: its district, or its city
    where the city vets providers itself), and pending products of such providers.

    Vetting belongs to the provider's home, so a provider serving several cities is
    reviewed once.
    """
    home = select(Organisation.id).where(
        Organisation.kind == PROVIDER, Organisation.in_jurisdiction(scope.vetting)
    )
    providers = db.session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(home), Organisation.status == "pending")
        .order_by(Organisation.created_at, Organisation.id)
    )
    products = db.session.scalars(
        select(Product)
        .where(Product.provider_id.in_(home), Product.status == "pending")
        .options(selectinload(Product.provider), selectinload(Product.stage_links))
        .order_by(Product.updated_at, Product.id)
    )
    return list(providers), list(products)
