"""Accounts: staff users created from the command line, sign-in, and the organisation
profile its own users keep up to date."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import change_state
from models import District, Organisation, PilotCity, User, utcnow


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None
    )


def create_staff_user(*, email, name, role, password, pilot=None, district_name=None) -> User:
    """An official (scoped to a pilot city, optionally a district) or an admin."""
    if role not in ("official", "admin"):
        raise InvalidInput("role")
    if role == "official" and pilot is None:
        raise InvalidInput("pilot_required")
    if email_taken(email):
        raise InvalidInput("email_taken")
    if len(password or "") < 8:
        raise InvalidInput("password_too_short")
    district = None
    if district_name:
        district = db.session.scalar(
            select(District).where(District.pilot_id == pilot.id, District.name == district_name)
        )
        if district is None:
            raise InvalidInput("unknown_district")
    user = User(email=normalise_email(email), name=name, role=role, pilot=pilot, district=district)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.check_password(password) or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user


def sign_in(email: str, password: str) -> User:
    """The user with these credentials, stamped with the login time.

    Raises InvalidInput('bad_credentials'), or NotAllowed('account_disabled') when the
    password is right but the account was switched off (only then is that revealed).
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.check_password(password or ""):
        raise InvalidInput("bad_credentials")
    if not user.is_enabled:
        raise NotAllowed("account_disabled")
    user.last_login_at = utcnow()
    return user


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
    from marketplace.services.registration import district_of, sub_industry_of

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
    from marketplace.services.registration import served_sub_industries

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
