"""Self-registration of enterprises and providers: the organisation and its first user are
created together, or nothing is (the caller commits only on success).

Enterprises are approved on registration; providers wait for an official's approval.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.accounts import email_taken, normalise_email
from marketplace.services.blacklist import require_not_blacklisted
from marketplace.services.credit_code import credit_code_problem, normalise_credit_code
from marketplace.services.errors import InvalidInput
from marketplace.services.workflow import record_event
from models import ENTERPRISE, PROVIDER, District, Organisation, PilotCity, SubIndustry, User
from models.organisation import PROVIDER_TYPES, SPECIALISED_STATUSES


@dataclass
class Login:
    """The first user of a new organisation."""

    email: str
    password: str
    name: str


@dataclass
class EnterpriseData:
    name: str
    credit_code: str
    pilot_id: int
    district_id: int
    sub_industry_id: int
    is_above_scale: bool
    specialised_status: str
    self_assessed_level: int
    contact_name: str
    contact_phone: str
    address: str = ""
    introduction: str = ""


@dataclass
class ProviderData:
    name: str
    credit_code: str
    provider_type: str
    pilot_id: int
    served_pilot_ids: list[int]
    sub_industry_ids: list[int]
    local_service: str
    introduction: str
    contact_name: str
    contact_phone: str
    address: str = ""
    district_id: int | None = field(default=None)


def _text(value: str | None) -> str:
    return (value or "").strip()


def credit_code_taken(code: str, except_id: int | None = None) -> bool:
    query = select(Organisation.id).where(Organisation.credit_code == normalise_credit_code(code))
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.scalar(query) is not None


def district_of(pilot_id: int, district_id: int | None) -> District | None:
    """The district if it lies in that pilot city, else None."""
    district = db.session.get(District, district_id) if district_id else None
    return district if district is not None and district.pilot_id == pilot_id else None


def sub_industry_of(pilot_id: int, sub_industry_id: int | None) -> SubIndustry | None:
    sub = db.session.get(SubIndustry, sub_industry_id) if sub_industry_id else None
    return sub if sub is not None and sub.pilot_id == pilot_id else None


def served_sub_industries(pilot_ids, sub_industry_ids) -> list[SubIndustry]:
    """The chosen sub-industries; every one must belong to one of the served cities."""
    subs = list(db.session.scalars(select(SubIndustry).where(SubIndustry.id.in_(sub_industry_ids))))
    if len(subs) != len(set(sub_industry_ids)) or any(
        s.pilot_id not in set(pilot_ids) for s in subs
    ):
        raise InvalidInput("sub_industry_outside_served_pilots")
    return subs


def served_scope(pilot_ids: set, sub_industry_ids) -> tuple[list[PilotCity], list[SubIndustry]]:
    """The cities a provider serves and the sub-industries it picks among theirs."""
    served = list(db.session.scalars(select(PilotCity).where(PilotCity.id.in_(pilot_ids))))
    if len(served) != len(pilot_ids):
        raise InvalidInput("unknown_pilot")
    subs = served_sub_industries(pilot_ids, sub_industry_ids)
    if not subs:
        raise InvalidInput("sub_industries_required")
    return served, subs


def _common_columns(data) -> dict:
    """The columns both kinds of registration take as typed (names and contact)."""
    return {
        "name": _text(data.name),
        "credit_code": normalise_credit_code(data.credit_code),
        "contact_name": _text(data.contact_name),
        "contact_phone": _text(data.contact_phone),
        "address": _text(data.address),
        "introduction": _text(data.introduction),
    }


def _check_identity(credit_code: str, login: Login) -> None:
    problem = credit_code_problem(credit_code)
    if problem:
        raise InvalidInput("credit_code_invalid", problem=problem)
    require_not_blacklisted(credit_code)
    if credit_code_taken(credit_code):
        raise InvalidInput("credit_code_taken")
    if email_taken(login.email):
        raise InvalidInput("email_taken")
    if len(login.password or "") < 8:
        raise InvalidInput("password_too_short")


def _first_user(org: Organisation, role: str, login: Login) -> User:
    user = User(
        email=normalise_email(login.email),
        name=_text(login.name),
        role=role,
        organisation=org,
    )
    user.set_password(login.password)
    db.session.add(user)
    return user


def _add_registered(org: Organisation, role: str, login: Login) -> User:
    """Add the new organisation with its first user and log its first status."""
    db.session.add(org)
    user = _first_user(org, role, login)
    db.session.flush()
    record_event(org, None, org.status, user)
    return user


def register_enterprise(data: EnterpriseData, login: Login) -> User:
    _check_identity(data.credit_code, login)
    pilot = db.session.get(PilotCity, data.pilot_id)
    if pilot is None:
        raise InvalidInput("unknown_pilot")
    district = district_of(pilot.id, data.district_id)
    if district is None:
        raise InvalidInput("district_outside_pilot")
    sub_industry = sub_industry_of(pilot.id, data.sub_industry_id)
    if sub_industry is None:
        raise InvalidInput("sub_industry_outside_pilot")
    if data.specialised_status not in SPECIALISED_STATUSES:
        raise InvalidInput("specialised_status")
    if data.self_assessed_level not in (1, 2, 3, 4):
        raise InvalidInput("level")
    org = Organisation(
        kind=ENTERPRISE,
        pilot=pilot,
        district=district,
        sub_industry=sub_industry,
        is_above_scale=data.is_above_scale,
        specialised_status=data.specialised_status,
        self_assessed_level=data.self_assessed_level,
        status="approved",
        **_common_columns(data),
    )
    return _add_registered(org, ENTERPRISE, login)


def register_provider(data: ProviderData, login: Login) -> User:
    _check_identity(data.credit_code, login)
    if data.provider_type not in PROVIDER_TYPES:
        raise InvalidInput("provider_type")
    home = db.session.get(PilotCity, data.pilot_id)
    if home is None:
        raise InvalidInput("unknown_pilot")
    served, subs = served_scope({home.id, *data.served_pilot_ids}, data.sub_industry_ids)
    district = district_of(home.id, data.district_id) if data.district_id else None
    org = Organisation(
        kind=PROVIDER,
        pilot=home,
        district=district,
        provider_type=data.provider_type,
        served_pilots=served,
        served_sub_industries=subs,
        local_service=_text(data.local_service),
        status="pending",
        **_common_columns(data),
    )
    return _add_registered(org, PROVIDER, login)
