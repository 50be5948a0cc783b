"""An organisation's own profile, edited by its users after registration; a rejected provider
asks for review again. Same checks as registration (services/registration.py)."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.registration import district_of, served_sub_industries, sub_industry_of
from marketplace.services.workflow import change_state
from models import Organisation, PilotCity, User

ENTERPRISE_PROFILE_FIELDS = (
    "name",
    "is_above_scale",
    "specialised_status",
    "self_assessed_level",
    "contact_name",
    "contact_phone",
    "address",
    "introduction",
)
PROVIDER_PROFILE_FIELDS = (
    "name",
    "provider_type",
    "local_service",
    "contact_name",
    "contact_phone",
    "address",
    "introduction",
)


def update_enterprise_profile(org: Organisation, values: dict) -> Organisation:
    """Edit an enterprise's own data; the pilot city and the credit code stay as registered."""
    district = district_of(org.pilot_id, values.get("district_id"))
    sub_industry = sub_industry_of(org.pilot_id, values.get("sub_industry_id"))
    if district is None:
        raise InvalidInput("district_outside_pilot")
    if sub_industry is None:
        raise InvalidInput("sub_industry_outside_pilot")
    for name in ENTERPRISE_PROFILE_FIELDS:
        if name in values:
            setattr(org, name, "" if values[name] is None else values[name])
    org.district, org.sub_industry = district, sub_industry
    db.session.flush()
    return org


def update_provider_profile(org: Organisation, values: dict) -> Organisation:
    """Edit a provider's own data, including the cities and sub-industries it serves."""
    pilot_ids = {org.pilot_id, *values.get("served_pilot_ids", [])}
    served = list(db.session.scalars(select(PilotCity).where(PilotCity.id.in_(pilot_ids))))
    if len(served) != len(pilot_ids):
        raise InvalidInput("unknown_pilot")
    subs = served_sub_industries(pilot_ids, values.get("sub_industry_ids", []))
    if not subs:
        raise InvalidInput("sub_industries_required")
    for name in PROVIDER_PROFILE_FIELDS:
        if name in values:
            setattr(org, name, "" if values[name] is None else values[name])
    org.served_pilots, org.served_sub_industries = served, subs
    db.session.flush()
    return org


def resubmit_provider(org: Organisation, actor: User) -> None:
    """A rejected provider, having fixed its profile, asks for review again."""
    if not org.is_provider:
        raise NotAllowed("not_a_provider")
    change_state(org, "pending", actor, None)
