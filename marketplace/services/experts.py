"""A city's expert pool (专家库): expert accounts (made only by `flask experts add`, never by
sign-up), their fields of expertise and the conflicts of interest they declare. Who may sit on
which panel is `eligible_experts`; the panels themselves are services/expert_panels.py."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.services.accounts import MIN_PASSWORD_LENGTH, email_taken, normalise_email
from marketplace.services.credit_code import credit_code_problem, normalise_credit_code
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import record_event
from models import Expert, ExpertConflict, Organisation, PilotCity, SubIndustry, User
from models.access import Jurisdiction
from models.stages import STAGES

NOTE_LIMIT = 500


def create_expert_user(
    *,
    email: str,
    name: str,
    password: str,
    pilot: PilotCity | None,
    affiliation: str = "",
    stages: list[str] = (),
    sub_industry_names: list[str] = (),
) -> Expert:
    """An expert account of `pilot`'s pool with its fields; an event records the creation."""
    if pilot is None:
        raise InvalidInput("pilot_required")
    if email_taken(email):
        raise InvalidInput("email_taken")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short")
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise InvalidInput("unknown_stage", stage=unknown[0])
    by_name = {s.name: s for s in pilot.sub_industries}
    missing = [n for n in sub_industry_names if n not in by_name]
    if missing:
        raise InvalidInput("sub_industry_outside_pilot")
    user = User(email=normalise_email(email), name=name, role="expert", pilot=pilot)
    user.set_password(password)
    expert = Expert(
        user=user,
        pilot=pilot,
        affiliation=affiliation.strip(),
        stages=list(stages),
        sub_industries=[by_name[n] for n in sub_industry_names],
    )
    db.session.add(expert)
    db.session.flush()
    record_event(expert, None, "active", None, reason_code="expert_added")
    return expert


def expert_of(user) -> Expert | None:
    if not getattr(user, "is_authenticated", False) or user.role != "expert":
        return None
    return db.session.scalar(select(Expert).where(Expert.user_id == user.id))


def declare_conflict(expert: Expert, credit_code: str, note: str, actor) -> ExpertConflict:
    """An organisation the expert must not review, by credit code (it need not be registered
    yet); declared by the expert or by an official of the pool's city."""
    _require_may_manage(expert, actor)
    code = normalise_credit_code(credit_code or "")
    problem = credit_code_problem(code)
    if problem:
        raise InvalidInput("credit_code_invalid", problem=problem)
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput("text_too_long", limit=NOTE_LIMIT)
    if any(c.credit_code == code for c in expert.conflicts):
        raise InvalidInput("conflict_already_declared")
    organisation = db.session.scalar(select(Organisation).where(Organisation.credit_code == code))
    conflict = ExpertConflict(
        credit_code=code,
        organisation=organisation,
        note=note,
        declared_by_id=actor.id,
    )
    expert.conflicts.append(conflict)
    db.session.flush()
    record_event(
        expert,
        "active",
        "active",
        actor,
        note or None,
        reason_code="conflict_declared",
        reason_args={"name": organisation.name if organisation else code},
    )
    return conflict


def _require_may_manage(expert: Expert, actor) -> None:
    if getattr(actor, "id", None) == expert.user_id:
        return
    if not may_manage_pool(actor, expert.pilot_id):
        raise NotAllowed("not_pool_official")


def may_manage_pool(user, pilot_id: int) -> bool:
    """City-level staff of the pool's city (and admins) keep the pool."""
    jurisdiction = Jurisdiction.of(user)
    if jurisdiction is None or jurisdiction.is_district:
        return False
    return jurisdiction.is_all_cities or jurisdiction.pilot_id == pilot_id


def pool_of(jurisdiction: Jurisdiction | None) -> list[Expert]:
    """The experts of the jurisdiction's city (every city for an admin), by name."""
    if jurisdiction is None:
        return []
    query = (
        select(Expert)
        .join(Expert.user)
        .options(selectinload(Expert.conflicts), selectinload(Expert.sub_industries))
        .order_by(Expert.pilot_id, User.name)
    )
    if jurisdiction.pilot_id is not None:
        query = query.where(Expert.pilot_id == jurisdiction.pilot_id)
    return list(db.session.scalars(query))


def eligible_experts(pilot_id: int, applicant: Organisation) -> list[Expert]:
    """The active experts of the city with no declared conflict with the applicant."""
    experts = db.session.scalars(
        select(Expert)
        .join(Expert.user)
        .where(Expert.pilot_id == pilot_id, Expert.is_active, User.is_enabled)
        .options(selectinload(Expert.conflicts), selectinload(Expert.sub_industries))
        .order_by(Expert.id)
    )
    return [e for e in experts if not e.conflicts_with(applicant)]


def expertise_overlap(expert: Expert, stages, sub_industry_ids) -> int:
    """How many of the application's stages and sub-industries the expert covers."""
    own = {s.id for s in expert.sub_industries}
    return len(set(expert.stages) & set(stages)) + len(own & set(sub_industry_ids))


def sub_industries_named(pilot: PilotCity, names) -> list[SubIndustry]:
    return [s for s in pilot.sub_industries if s.name in set(names)]
