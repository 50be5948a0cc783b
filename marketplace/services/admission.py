"""Pilot admission (入库): an enterprise applies in the round open at the time with its
eligibility declarations and the materials its city asks for
(marketplace/data/admission_requirements.json); the district official checks it (初审), a
city-level official admits or rejects it (复核) and may later remove an admitted enterprise
(动态调整). Who makes each move is PilotApplication.TRANSITIONS; every move is an event.

The gate lives here too: only an admitted enterprise files projects, in the round of the
day of filing, until that round's 立项 deadline (`require_filing_round`)."""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import rounds
from marketplace.services.blacklist import require_none_blacklisted
from marketplace.services.errors import DomainError, InvalidInput, NotAllowed
from marketplace.services.workflow import change_state, record_event, require_transition
from models import Organisation, PilotApplication, PilotRound, RoundFiling, utcnow

# 《中小企业划型标准规定》(工信部联企业〔2011〕300号), 工业: 从业人员1000人以下或营业收入40000万元
# 以下的为中小微型企业; 300人及以上且2000万元及以上为中型, 20人及以上且300万元及以上为小型,
# 20人以下或300万元以下为微型. "以下" excludes the figure, "及以上" includes it.
SME_EMPLOYEES_BELOW = 1000
SME_REVENUE_BELOW_WAN = Decimal(40000)
MEDIUM_FROM = (300, Decimal(2000))
SMALL_FROM = (20, Decimal(300))

# the error each exclusion a city names gives (literal codes, so each is worded)
EXCLUDED = {
    "little_giant_funded": lambda: InvalidInput("excluded_little_giant_funded"),
    "in_2022_pilot": lambda: InvalidInput("excluded_in_2022_pilot"),
    "other_violation": lambda: InvalidInput("excluded_other_violation"),
}


@dataclass
class ApplicationData:
    employee_count: int | None = None
    revenue_wan: Decimal | None = None
    is_independent_legal_person: bool = False
    has_clean_credit: bool = False
    exclusions: list[str] = field(default_factory=list)  # the exclusions declared to apply
    digital_level: int | None = None
    materials: list[str] = field(default_factory=list)
    materials_note: str = ""


@cache
def _requirements_file() -> dict:
    text = resources.files("marketplace.data").joinpath("admission_requirements.json")
    return json.loads(text.read_text("utf-8"))


def requirements(pilot) -> dict:
    """What the city asks: {'exclusions': [...], 'materials': [...], 'source': ...}."""
    data = _requirements_file()
    return data["default"] | data["cities"].get(pilot.code, {})


def size_class(employees: int, revenue_wan) -> str:
    """large / medium / small / micro under the industry rule of 工信部联企业〔2011〕300号."""
    revenue = Decimal(revenue_wan)
    if employees >= SME_EMPLOYEES_BELOW and revenue >= SME_REVENUE_BELOW_WAN:
        return "large"
    if employees >= MEDIUM_FROM[0] and revenue >= MEDIUM_FROM[1]:
        return "medium"
    if employees >= SMALL_FROM[0] and revenue >= SMALL_FROM[1]:
        return "small"
    return "micro"


# --- reading ----------------------------------------------------------------------------


def application_of(enterprise) -> PilotApplication | None:
    """The enterprise's latest application (the one that says where it stands)."""
    if enterprise is None or enterprise.id is None:
        return None
    return db.session.scalar(
        select(PilotApplication)
        .where(PilotApplication.enterprise_id == enterprise.id)
        .order_by(PilotApplication.id.desc())
        .limit(1)
    )


def admission_status(enterprise) -> str:
    application = application_of(enterprise)
    return application.status if application is not None else "none"


def is_admitted(enterprise) -> bool:
    return admission_status(enterprise) == "admitted"


# --- the enterprise applies ---------------------------------------------------------------


def save_application(
    enterprise: Organisation, actor, data: ApplicationData, today: date | None = None
) -> PilotApplication:
    """Create or update the enterprise's draft (or returned) application; a new one goes to
    the round open today. Declarations are checked when it is submitted."""
    today = today or date.today()
    if enterprise is None or not enterprise.is_enterprise:
        raise NotAllowed("not_an_enterprise")
    if getattr(actor, "organisation_id", None) != enterprise.id:
        raise NotAllowed("not_owner")
    require_none_blacklisted([enterprise], "application", today)
    application = _editable_application(enterprise, today)
    if application is None:
        application = _new_application(enterprise, actor, today)
    _set_declarations(application, data)
    db.session.flush()
    return application


def _editable_application(enterprise, today) -> PilotApplication | None:
    latest = application_of(enterprise)
    if latest is None:
        return None
    if latest.status == "returned" or (latest.status == "draft" and latest.round.is_open_on(today)):
        return latest
    if latest.status in ("submitted", "district_checked"):
        raise InvalidInput("application_in_progress")
    if latest.status == "admitted":
        raise InvalidInput("already_admitted")
    return None  # rejected, removed, or a draft of a round now closed: a new round's turn


def _new_application(enterprise, actor, today) -> PilotApplication:
    pilot_round = rounds.open_round(enterprise.pilot_id, today)
    if pilot_round is None:
        raise InvalidInput("no_open_round")
    earlier = db.session.scalar(
        select(PilotApplication).where(
            PilotApplication.enterprise_id == enterprise.id,
            PilotApplication.round_id == pilot_round.id,
        )
    )
    if earlier is not None:
        if earlier.status == "removed":
            raise InvalidInput("removed_from_pilot")
        if earlier.status == "draft":  # a stale draft of this very round
            return earlier
        raise InvalidInput("application_in_progress")
    application = PilotApplication(enterprise=enterprise, round=pilot_round, status="draft")
    db.session.add(application)
    db.session.flush()
    record_event(application, None, "draft", actor)
    return application


def _set_declarations(application: PilotApplication, data: ApplicationData) -> None:
    asked = requirements(application.enterprise.pilot)
    if any(code not in asked["exclusions"] for code in data.exclusions):
        raise InvalidInput("unknown_exclusion")
    if any(code not in asked["materials"] for code in data.materials):
        raise InvalidInput("unknown_material")
    if data.digital_level is not None and not 0 <= data.digital_level <= 4:
        raise InvalidInput("level")
    if data.employee_count is not None and data.employee_count < 0:
        raise InvalidInput("employee_count_required")
    if data.revenue_wan is not None and data.revenue_wan < 0:
        raise InvalidInput("revenue_required")
    application.employee_count = data.employee_count
    application.revenue_wan = data.revenue_wan
    application.is_independent_legal_person = bool(data.is_independent_legal_person)
    application.has_clean_credit = bool(data.has_clean_credit)
    application.exclusions = sorted(set(data.exclusions))
    application.digital_level = data.digital_level
    application.materials = [code for code in asked["materials"] if code in data.materials]
    application.materials_note = (data.materials_note or "").strip()
    known = data.employee_count is not None and data.revenue_wan is not None
    application.size_class = size_class(data.employee_count, data.revenue_wan) if known else None


def submit_application(
    application: PilotApplication, actor, today: date | None = None
) -> PilotApplication:
    """申报: checked against every condition, the first that fails named. A first
    submission needs the round's window open; a returned one may be completed later."""
    today = today or date.today()
    require_transition(application, "submitted", actor)
    require_none_blacklisted([application.enterprise], "application", today)
    pilot_round = application.round
    if application.status == "draft" and not pilot_round.is_open_on(today):
        raise InvalidInput(
            "round_not_open",
            round=pilot_round.name,
            opens=pilot_round.opens_on.isoformat(),
            closes=pilot_round.closes_on.isoformat(),
        )
    check_eligibility(application)
    code = "application_resubmitted" if application.status == "returned" else None
    change_state(application, "submitted", actor, reason_code=code or "application_submitted")
    application.submitted_at = utcnow()
    return application


def check_eligibility(application: PilotApplication) -> None:
    """Raise the InvalidInput of the first condition the declarations fail."""
    if application.employee_count is None:
        raise InvalidInput("employee_count_required")
    if application.revenue_wan is None:
        raise InvalidInput("revenue_required")
    if size_class(application.employee_count, application.revenue_wan) == "large":
        raise InvalidInput(
            "not_sme",
            employees=application.employee_count,
            revenue=f"{Decimal(application.revenue_wan):f}",
        )
    if not application.is_independent_legal_person:
        raise InvalidInput("not_independent_legal_person")
    if not application.has_clean_credit:
        raise InvalidInput("bad_credit_record")
    asked = requirements(application.enterprise.pilot)
    for code in asked["exclusions"]:
        if code in application.exclusions:
            raise EXCLUDED[code]()
    missing = [code for code in asked["materials"] if code not in application.materials]
    if missing:
        raise InvalidInput("materials_missing", missing=missing)


# --- the officials decide -------------------------------------------------------------------


def check_application(
    application: PilotApplication, actor, approve: bool, reason: str = ""
) -> PilotApplication:
    """区县初审: pass, or return saying what is missing (the reason is required)."""
    to_state = "district_checked" if approve else "returned"
    require_transition(application, to_state, actor)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput("reason_required")
    change_state(
        application,
        to_state,
        actor,
        reason or None,
        reason_code="district_check_passed" if approve else None,
    )
    return application


def decide_application(
    application: PilotApplication, actor, admit: bool, reason: str = ""
) -> PilotApplication:
    """市级复核: admit to the pilot list, or reject with a reason."""
    to_state = "admitted" if admit else "rejected"
    require_transition(application, to_state, actor)
    reason = (reason or "").strip()
    if not admit and not reason:
        raise InvalidInput("reason_required")
    change_state(
        application, to_state, actor, reason or None, reason_code="city_admitted" if admit else None
    )
    application.decided_at = utcnow()
    return application


def remove_from_pilot(application: PilotApplication, actor, reason: str) -> PilotApplication:
    """动态调整: the city takes an admitted enterprise off the pilot list, saying why."""
    require_transition(application, "removed", actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required")
    change_state(application, "removed", actor, reason)
    return application


# --- the gate on filing ------------------------------------------------------------------


def require_admitted(enterprise) -> None:
    """The one rule "this enterprise takes part": admitted and not removed."""
    if not is_admitted(enterprise):
        raise NotAllowed("not_admitted")


def require_filing_round(project, today: date | None = None) -> PilotRound:
    """The round a filing of `project` belongs to, refusing when the enterprise or a provider
    of the project is on the blacklist in force, the enterprise is not admitted, no round was
    ever opened, or the round's 立项 deadline has passed. A project filed before (and
    returned) stays in its round."""
    today = today or date.today()
    require_none_blacklisted(
        [project.enterprise, project.provider, *(p.organisation for p in project.parties)],
        "filing",
        today,
    )
    require_admitted(project.enterprise)
    filed = db.session.get(RoundFiling, project.id) if project.id is not None else None
    pilot_round = filed.round if filed else rounds.current_round(project.pilot_id, today)
    if pilot_round is None:
        raise InvalidInput("no_filing_round")
    if today > pilot_round.filing_deadline:
        raise InvalidInput(
            "filing_deadline_passed",
            round=pilot_round.name,
            deadline=pilot_round.filing_deadline.isoformat(),
        )
    return pilot_round


def filing_refusal(project, today: date | None = None) -> DomainError | None:
    """Why filing `project` would be refused today, for the filing form (None: it may)."""
    try:
        require_filing_round(project, today)
    except DomainError as error:
        return error
    return None


def record_filing_round(project, pilot_round: PilotRound, today: date | None = None) -> None:
    if db.session.get(RoundFiling, project.id) is None:
        db.session.add(
            RoundFiling(project_id=project.id, round=pilot_round, filed_on=today or date.today())
        )


def filing_round_of(project) -> PilotRound | None:
    filed = db.session.get(RoundFiling, project.id)
    return filed.round if filed else None


# --- lists for officials ---------------------------------------------------------------------


def official_applications(
    user, status: str | None = None, round_id: int | None = None, district_id: int | None = None
):
    """The select() of the applications `user` sees (latest first), filtered."""
    query = (
        select(PilotApplication)
        .join(PilotApplication.enterprise)
        .where(PilotApplication.visible_to(user))
        .order_by(PilotApplication.id.desc())
    )
    if status in PilotApplication.STATUSES:
        query = query.where(PilotApplication.status == status)
    if round_id is not None:
        query = query.where(PilotApplication.round_id == round_id)
    if district_id is not None:
        query = query.where(Organisation.district_id == district_id)
    return query
