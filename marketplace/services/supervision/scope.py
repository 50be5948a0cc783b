"""What an official may see: the scope (the jurisdiction of models/access.py, which an admin
may narrow to one city, with the user it belongs to) and the scoped select()s every list,
count, export, figure and object page starts from.

Scoping rule: models/access.py (the jurisdiction and each aggregate's `in_jurisdiction` /
`visible_to`). Providers are listed when they serve the city and the user may see them.
Anything out of scope is absent from lists and counts and 404 on object pages.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select, true

from marketplace.extensions import db
from marketplace.services.errors import NotAllowed
from models import (
    ENTERPRISE,
    PROVIDER,
    District,
    Need,
    Organisation,
    PilotCity,
    Product,
    QuoteRequest,
    SubIndustry,
)
from models.access import Jurisdiction
from models.organisation import provider_pilots


@dataclass(frozen=True)
class Scope:
    """The slice of the platform a staff user works in, and the user (for what they vet)."""

    jurisdiction: Jurisdiction
    user: object = None

    @property
    def pilot_id(self) -> int | None:
        return self.jurisdiction.pilot_id

    @property
    def district_id(self) -> int | None:
        return self.jurisdiction.district_id

    @property
    def is_all_cities(self) -> bool:
        return self.jurisdiction.is_all_cities

    def may_see(self, model) -> ColumnElement[bool]:
        """The user's visibility clause for `model` (a scope without a user sees it all)."""
        return true() if self.user is None else model.visible_to(self.user)

    @property
    def vetting(self) -> Jurisdiction:
        """Whose providers the user vets; an admin's is the scope (every city, or the one
        they narrowed to)."""
        if self.user is None or self.user.role == "admin":
            return self.jurisdiction
        return Jurisdiction.for_vetting(self.user)


def scope_of(user, pilot_id: int | None = None) -> Scope:
    """The user's scope; an admin may narrow theirs to one city with `pilot_id`."""
    jurisdiction = Jurisdiction.of(user, pilot_id)
    if jurisdiction is None:
        raise NotAllowed()
    return Scope(jurisdiction, user)


def scope_pilots(scope: Scope) -> list[PilotCity]:
    query = select(PilotCity).order_by(PilotCity.id)
    if scope.pilot_id is not None:
        query = query.where(PilotCity.id == scope.pilot_id)
    return list(db.session.scalars(query))


def _places(model, scope: Scope) -> Select:
    """A city's places (districts, sub-industries) in the scope's city, city by city."""
    query = select(model).order_by(model.pilot_id, model.id)
    if scope.pilot_id is not None:
        query = query.where(model.pilot_id == scope.pilot_id)
    return query


def scope_districts(scope: Scope) -> list[District]:
    query = _places(District, scope)
    if scope.district_id is not None:
        query = query.where(District.id == scope.district_id)
    return list(db.session.scalars(query))


def scope_sub_industries(scope: Scope) -> list[SubIndustry]:
    return list(db.session.scalars(_places(SubIndustry, scope)))


def place_names(
    scope: Scope, sub_industry_id=None, district_id=None
) -> tuple[dict[int, str], dict[int, str]]:
    """The scope's sub-industries and districts by id (only the chosen one where a filter
    picks one), named with their city across all cities."""
    pilots = {p.id: p.name for p in scope_pilots(scope)}

    def label(item):
        return f"{pilots[item.pilot_id]} · {item.name}" if scope.is_all_cities else item.name

    subs = {
        s.id: label(s)
        for s in scope_sub_industries(scope)
        if not sub_industry_id or s.id == int(sub_industry_id)
    }
    districts = {
        d.id: label(d)
        for d in scope_districts(scope)
        if not district_id or d.id == int(district_id)
    }
    return subs, districts


# --- the scoped selects: every list, count, export and object page starts here ---------


def enterprise_ids(scope: Scope) -> Select:
    return select(Organisation.id).where(
        Organisation.kind == ENTERPRISE, Organisation.in_jurisdiction(scope.jurisdiction)
    )


def enterprise_conditions(ent, scope: Scope, sub_industry_id=None, district_id=None) -> list:
    """Where-clauses keeping `ent` (Organisation or an alias of it) to the scope's
    enterprises, narrowed by the figure filters."""
    conditions = [ent.id.in_(enterprise_ids(scope))]
    if sub_industry_id:
        conditions.append(ent.sub_industry_id == sub_industry_id)
    if district_id:
        conditions.append(ent.district_id == district_id)
    return conditions


def of_needs_in_scope(
    query: Select, ent, scope: Scope, sub_industry_id=None, district_id=None
) -> Select:
    """`query` (which reaches Need) joined to the need's enterprise `ent` (an alias of
    Organisation) and kept to the scope's enterprises, narrowed by the figure filters."""
    return query.join(ent, Need.enterprise_id == ent.id).where(
        *enterprise_conditions(ent, scope, sub_industry_id, district_id)
    )


def provider_ids(scope: Scope) -> Select:
    """Providers based in or serving the scope's city that the user may see (the public
    supply list, and those they vet in any state)."""
    query = select(Organisation.id).where(
        Organisation.kind == PROVIDER, scope.may_see(Organisation)
    )
    if scope.pilot_id is not None:
        serving = select(provider_pilots.c.provider_id).where(
            provider_pilots.c.pilot_id == scope.pilot_id
        )
        query = query.where(
            or_(Organisation.pilot_id == scope.pilot_id, Organisation.id.in_(serving))
        )
    return query


def scoped_enterprises(scope: Scope) -> Select:
    return select(Organisation).where(Organisation.id.in_(enterprise_ids(scope)))


def scoped_providers(scope: Scope) -> Select:
    return select(Organisation).where(Organisation.id.in_(provider_ids(scope)))


def scoped_products(scope: Scope) -> Select:
    return select(Product).where(
        Product.provider_id.in_(provider_ids(scope)), scope.may_see(Product)
    )


def scoped_needs(scope: Scope) -> Select:
    return select(Need).where(Need.in_jurisdiction(scope.jurisdiction))


def scoped_quote_requests(scope: Scope) -> Select:
    return select(QuoteRequest).where(QuoteRequest.in_jurisdiction(scope.jurisdiction))


_SCOPED = {
    "enterprise": (Organisation, scoped_enterprises),
    "provider": (Organisation, scoped_providers),
    "product": (Product, scoped_products),
    "need": (Need, scoped_needs),
    "quote_request": (QuoteRequest, scoped_quote_requests),
}


def find_in_scope(scope: Scope, kind: str, object_id: int):
    """The object if it lies in the scope, else None (the view answers 404)."""
    model, scoped = _SCOPED[kind]
    return db.session.scalar(scoped(scope).where(model.id == object_id))


def count_in_scope(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def all_rows(query: Select) -> list:
    return list(db.session.scalars(query))
