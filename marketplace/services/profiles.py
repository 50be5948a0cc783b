"""An organisation's own profile, edited by its users after registration; a rejected provider
asks for review again. Same checks as registration (services/registration.py)."""

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.registration import district_of, served_scope, sub_industry_of
from marketplace.services.scope_changes import set_served_scope
from marketplace.services.workflow import change_state
from models import Organisation, User

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


def _assign(org: Organisation, names, values: dict) -> None:
    """Copy the given ones of `names` from `values`; an emptied field is stored as ''."""
    for name in names:
        if name in values:
            setattr(org, name, "" if values[name] is None else values[name])


def update_enterprise_profile(org: Organisation, values: dict) -> Organisation:
    """Edit an enterprise's own data; the pilot city and the credit code stay as registered."""
    district = district_of(org.pilot_id, values.get("district_id"))
    sub_industry = sub_industry_of(org.pilot_id, values.get("sub_industry_id"))
    if district is None:
        raise InvalidInput("district_outside_pilot")
    if sub_industry is None:
        raise InvalidInput("sub_industry_outside_pilot")
    _assign(org, ENTERPRISE_PROFILE_FIELDS, values)
    org.district, org.sub_industry = district, sub_industry
    db.session.flush()
    return org


def update_provider_profile(org: Organisation, values: dict, actor: User) -> Organisation:
    """Edit a provider's own data, including the cities and sub-industries it serves; once
    approved, a new served scope waits for review (services/scope_changes.py)."""
    pilot_ids = {org.pilot_id, *values.get("served_pilot_ids", [])}
    served, subs = served_scope(pilot_ids, values.get("sub_industry_ids", []))
    _assign(org, PROVIDER_PROFILE_FIELDS, values)
    set_served_scope(org, served, subs, actor)
    db.session.flush()
    return org


def resubmit_provider(org: Organisation, actor: User) -> None:
    """A rejected provider, having fixed its profile, asks for review again."""
    if not org.is_provider:
        raise NotAllowed("not_a_provider")
    change_state(org, "pending", actor, None)
