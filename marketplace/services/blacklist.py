"""The blacklist: a city-level official bars a 统一社会信用代码 under a rule for a period
(沈阳: 三年内不得申报试点资金, so three years by default) and records the paid subsidy clawed
back. While an entry is in force the code cannot register (require_not_blacklisted, called by
services/registration.py), file a project or apply to a pilot round (require_none_blacklisted,
called by services/admission.py); a blacklisted approved provider is suspended through the
review service, so "this provider may act" refuses it everywhere, and is reinstated only once
the entry has ended or a city-level official lifted it early (lift)."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import review
from marketplace.services.answerable_rules import add_years, blacklist_rules
from marketplace.services.credit_code import credit_code_problem, normalise_credit_code
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import record_event
from models import BlacklistEntry, Organisation, Project, utcnow
from models.access import Jurisdiction


def entry_in_force(credit_code: str, today: date | None = None) -> BlacklistEntry | None:
    code = normalise_credit_code(credit_code or "")
    return db.session.scalar(
        select(BlacklistEntry)
        .where(
            BlacklistEntry.credit_code == code,
            BlacklistEntry.in_force_clause(today or date.today()),
        )
        .limit(1)
    )


def require_not_blacklisted(credit_code: str, today: date | None = None) -> None:
    """The one check: a code with an entry in force may not register (any city)."""
    entry = entry_in_force(credit_code, today)
    if entry is not None:
        raise InvalidInput("credit_code_blacklisted", until=entry.ends_on.isoformat())


# what a barred organisation was trying to do → the code it is refused with
BARRED = {
    "filing": lambda **details: InvalidInput("blacklisted_filing", **details),
    "application": lambda **details: InvalidInput("blacklisted_application", **details),
    "nomination": lambda **details: InvalidInput("blacklisted_nomination", **details),
}


def require_none_blacklisted(organisations, attempt: str, today: date | None = None) -> None:
    """The one check beyond registration: while an entry is in force for the credit code of
    any of `organisations` (the enterprise, its project's providers), it files no project,
    applies to no pilot round and is nominated in no selection round (an award is pilot
    funding); the error names the organisation and the last day."""
    for organisation in organisations:
        if organisation is None:
            continue
        entry = entry_in_force(organisation.credit_code, today)
        if entry is not None:
            last_day = entry.ends_on - timedelta(days=1)
            raise BARRED[attempt](name=organisation.name, until=last_day.isoformat())


def may_blacklist(user) -> bool:
    """City-level work: admins and city-level officials (a district refers it to the city)."""
    jurisdiction = Jurisdiction.of(user)
    return jurisdiction is not None and not jurisdiction.is_district


def paid_subsidies(organisation: Organisation | None) -> Decimal:
    """What the platform recorded as paid to the enterprise's projects (the clawback)."""
    if organisation is None or organisation.is_provider:
        return Decimal("0")
    projects = db.session.scalars(select(Project).where(Project.enterprise_id == organisation.id))
    return sum((p.subsidy_paid for p in projects), Decimal("0"))


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput("clawback_amount") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise InvalidInput("clawback_amount")
    return amount.quantize(Decimal("0.01"))


def blacklist(
    actor,
    credit_code: str,
    rule: str,
    reason: str,
    *,
    name: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    clawback_amount=None,
) -> BlacklistEntry:
    """Put a code on the city's list. The organisation registered with it, if any, is named
    and, when it is an approved provider the actor vets, suspended. Without an amount, the
    clawback is what was paid to the enterprise's projects (None when nothing was)."""
    if not may_blacklist(actor):
        raise NotAllowed("not_city_official")
    problem = credit_code_problem(credit_code or "")
    if problem:
        raise InvalidInput("credit_code_invalid", problem=problem)
    code = normalise_credit_code(credit_code)
    rules = blacklist_rules()
    if rule not in rules:
        raise InvalidInput("blacklist_rule")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required")
    organisation = db.session.scalar(select(Organisation).where(Organisation.credit_code == code))
    pilot_id = actor.pilot_id or getattr(organisation, "pilot_id", None)
    if pilot_id is None:
        raise InvalidInput("pilot_required")
    name = organisation.name if organisation is not None else (name or "").strip()[:120]
    if not name:
        raise InvalidInput("blacklist_name_required")
    starts_on = starts_on or date.today()
    ends_on = ends_on or add_years(starts_on, int(rules[rule]["years"]))
    if ends_on <= starts_on:
        raise InvalidInput("blacklist_period")
    amount = _amount(clawback_amount)
    if amount is None:
        paid = paid_subsidies(organisation)
        amount = paid if paid > 0 else None
    entry = BlacklistEntry(
        pilot_id=pilot_id,
        credit_code=code,
        name=name,
        organisation_id=getattr(organisation, "id", None),
        rule=rule,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        clawback_amount=amount,
        created_by_id=actor.id,
    )
    db.session.add(entry)
    db.session.flush()
    record_event(entry, None, "in_force", actor, reason, reason_code="blacklisted")
    if (
        organisation is not None
        and organisation.is_provider
        and entry.is_in_force()
        and "suspend" in review.available_actions(actor, organisation)
    ):
        review.review(organisation, "suspend", actor, reason)
    return entry


def may_lift(user, entry: BlacklistEntry) -> bool:
    return may_blacklist(user) and entry.is_within(Jurisdiction.of(user))


def lift(entry: BlacklistEntry, actor, reason: str, today: date | None = None):
    """A city-level official of the entry's city ends it early, with a reason: from today the
    code may register, file and apply again, and a suspended provider may be reinstated
    through the review service."""
    today = today or date.today()
    if not may_lift(actor, entry):
        raise NotAllowed("not_city_official")
    if not entry.is_in_force(today):
        raise InvalidInput("blacklist_not_in_force")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required")
    entry.ends_on = max(today, entry.starts_on)
    entry.lifted_at, entry.lifted_by_id, entry.lift_reason = utcnow(), actor.id, reason
    db.session.flush()
    record_event(entry, "in_force", "lifted", actor, reason, reason_code="blacklist_lifted")
    return entry


def visible_entries(user):
    return (
        select(BlacklistEntry)
        .where(BlacklistEntry.visible_to(user))
        .order_by(BlacklistEntry.starts_on.desc(), BlacklistEntry.id.desc())
    )
