"""Provider performance evaluation, its steps: a city-level official creates a period and
computes the draft (every approved provider serving the city, figures from
services/evaluation_indicators.py, points and grade from services/evaluation_rules.py), may
adjust a grade with a reason, and publishes; the provider appeals within the window; the city
decides the appeal (upheld: the grade changes; dismissed) with a reason; after the window the
city finalises the rest. A final 清退 removes the provider from the city through
services/review.py, naming the rule. Every step is an event (change_state / record_event)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, or_, select

from marketplace.extensions import db
from marketplace.services import evaluation_rules as rules
from marketplace.services import review
from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.evaluation_indicators import Window, raw_figure
from marketplace.services.workflow import change_state, record_event, require_transition
from models import EvaluationPeriod, Organisation, PilotCity, ProviderEvaluation, utcnow
from models.access import Jurisdiction, Who, may
from models.evaluation import APPEAL_DECISIONS
from models.organisation import provider_pilots

TEXT_LIMIT = 4000


def may_manage(user) -> bool:
    """Evaluation is city-level work: admins and city-level officials."""
    jurisdiction = Jurisdiction.of(user)
    return jurisdiction is not None and not jurisdiction.is_district


def _require_city(actor, subject) -> None:
    if actor is not None and not may(actor, subject, Who.CITY):
        raise NotAllowed("not_city_official")


def _reason(text: str | None, missing=lambda: InvalidInput("reason_required")) -> str:
    text = (text or "").strip()
    if not text:
        raise missing()
    if len(text) > TEXT_LIMIT:
        raise InvalidInput("text_too_long", limit=TEXT_LIMIT)
    return text


# --- the period and its draft --------------------------------------------------------------


def create_period(actor, pilot: PilotCity | None, code: str, today: date | None = None):
    """A period of the actor's city (an admin names the city); None actor: the command line."""
    if actor is not None and not may_manage(actor):
        raise NotAllowed("not_city_official")
    pilot = pilot if actor is None or actor.pilot_id is None else actor.pilot
    if pilot is None:
        raise InvalidInput("pilot_required")
    code = rules.normalise_period_code(code)
    starts_on, ends_on = rules.period_dates(code)
    if starts_on > (today or date.today()):
        raise InvalidInput("evaluation_period_future")
    existing = db.session.scalar(
        select(EvaluationPeriod).where(
            EvaluationPeriod.pilot_id == pilot.id, EvaluationPeriod.code == code
        )
    )
    if existing is not None:
        raise InvalidInput("evaluation_period_exists", period=code)
    period = EvaluationPeriod(
        pilot_id=pilot.id,
        code=code,
        starts_on=starts_on,
        ends_on=ends_on,
        status="draft",
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(period)
    db.session.flush()
    record_event(period, None, "draft", actor, reason_code="evaluation_created")
    return period


def providers_serving(pilot_id: int) -> list[Organisation]:
    """Every approved provider seated in or serving the city."""
    served = select(provider_pilots.c.provider_id).where(provider_pilots.c.pilot_id == pilot_id)
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.kind == "provider",
                Organisation.status == "approved",
                or_(Organisation.pilot_id == pilot_id, Organisation.id.in_(served)),
            )
            .order_by(Organisation.id)
        )
    )


def evaluate(provider_id: int, pilot: PilotCity, starts_on: date, ends_on: date, as_of: date):
    """(indicator rows, score, grade, hard rule) of one provider: each row the indicator's
    code, raw figure, the records it rests on, its points and its weight."""
    window = Window(provider_id, pilot.id, starts_on, ends_on, as_of)
    rows, raw_by_code = [], {}
    for indicator in rules.indicators():
        raw, count = raw_figure(indicator, window)
        raw_by_code[indicator["code"]] = raw
        rows.append(
            {
                "code": indicator["code"],
                "raw": raw,
                "count": count,
                "points": str(rules.points(indicator, raw)),
                "weight": indicator["weight"],
            }
        )
    score = sum((Decimal(row["points"]) for row in rows), Decimal("0"))
    grade, hard_rule = rules.grade_for(score, raw_by_code, pilot.code)
    return rows, score, grade, hard_rule


def compute_period(period: EvaluationPeriod, actor, today: date | None = None):
    """(Re)compute the draft: one result per provider serving the city, adjustments undone."""
    if period.status != "draft":
        raise InvalidInput("evaluation_not_draft")
    _require_city(actor, period)
    as_of = min(today or date.today(), period.ends_on)
    existing = {r.provider_id: r for r in period_results(period)}
    providers = providers_serving(period.pilot_id)
    for provider in providers:
        rows, score, grade, hard_rule = evaluate(
            provider.id, period.pilot, period.starts_on, period.ends_on, as_of
        )
        result = existing.pop(provider.id, None)
        if result is None:
            result = ProviderEvaluation(
                period_id=period.id, pilot_id=period.pilot_id, provider_id=provider.id
            )
            db.session.add(result)
        result.status = result.status or "draft"
        result.indicators, result.score = rows, score
        result.computed_grade = result.grade = grade
        result.hard_rule, result.adjust_reason = hard_rule, None
    stale = [r.id for r in existing.values()]  # providers no longer serving: drafts only
    if stale:
        db.session.execute(delete(ProviderEvaluation).where(ProviderEvaluation.id.in_(stale)))
    period.computed_at = utcnow()
    db.session.flush()
    record_event(
        period,
        "draft",
        "draft",
        actor,
        reason_code="evaluation_computed",
        reason_args={"providers": len(providers), "as_of": as_of.isoformat()},
    )
    return period


def adjust_grade(result: ProviderEvaluation, actor, grade: str, reason: str):
    """The city changes a draft grade with a reason (back to the computed one undoes it)."""
    if result.status != "draft":
        raise InvalidInput("evaluation_not_draft")
    _require_city(actor, result)
    if grade not in rules.grades():
        raise InvalidInput("evaluation_grade")
    reason = _reason(reason)
    before = result.grade
    result.grade = grade
    result.adjust_reason = None if grade == result.computed_grade else reason
    db.session.flush()
    record_event(
        result,
        "draft",
        "draft",
        actor,
        reason,
        reason_code="evaluation_grade_adjusted",
        reason_args={"from": before, "to": grade},
    )
    return result


def publish_period(period: EvaluationPeriod, actor, today: date | None = None):
    """The draft goes to the providers; the appeal window runs from today."""
    require_transition(period, "published", actor)
    if period.computed_at is None:
        raise InvalidInput("evaluation_not_computed")
    today = today or date.today()
    period.published_on = today
    period.appeal_until = today + timedelta(days=rules.appeal_days(period.pilot.code))
    args = {"period": period.code, "until": period.appeal_until.isoformat()}
    change_state(period, "published", actor, reason_code="evaluation_published", reason_args=args)
    for result in period_results(period):
        change_state(
            result, "published", actor, reason_code="evaluation_published", reason_args=args
        )
    return period


# --- the provider appeals, the city decides -------------------------------------------------


def appeal(result: ProviderEvaluation, actor, text: str, today: date | None = None):
    require_transition(result, "appealed", actor)
    period = result.period
    if not period.appeal_open(today):
        raise InvalidInput("appeal_window_closed", until=period.appeal_until.isoformat())
    result.appeal_text = _reason(text, lambda: InvalidInput("appeal_text_required"))
    result.appealed_at = utcnow()
    change_state(result, "appealed", actor, result.appeal_text, reason_code="evaluation_appealed")
    return result


def decide_appeal(
    result: ProviderEvaluation, actor, decision: str, reason: str, grade: str | None = None
):
    """Upheld: the grade becomes `grade` (another one); dismissed: it stands. Either way the
    result is final, and a final 清退 removes the provider."""
    if result.status != "appealed":
        raise InvalidTransition(
            subject="ProviderEvaluation", from_state=result.status, to_state="final"
        )
    require_transition(result, "final", actor)
    if decision not in APPEAL_DECISIONS:
        raise InvalidInput("appeal_decision")
    reason = _reason(reason)
    before = result.grade
    if decision == "upheld":
        if grade not in rules.grades() or grade == before:
            raise InvalidInput("appeal_grade_required")
        result.grade = grade
    result.decision, result.decision_reason = decision, reason
    result.decided_by_id, result.decided_at = actor.id, utcnow()
    change_state(
        result,
        "final",
        actor,
        reason,
        reason_code=f"evaluation_appeal_{decision}",
        reason_args={"from": before, "to": result.grade},
    )
    _apply_final(result, actor)
    return result


def finalise_period(period: EvaluationPeriod, actor, today: date | None = None):
    """After the window: every result not under appeal becomes final (appealed ones become
    final when decided)."""
    require_transition(period, "final", actor)
    if period.appeal_open(today):
        raise InvalidInput("appeal_window_open", until=period.appeal_until.isoformat())
    for result in period_results(period):
        if result.status == "published":
            change_state(result, "final", actor, reason_code="evaluation_final")
            _apply_final(result, actor)
    change_state(period, "final", actor, reason_code="evaluation_final")
    return period


def removal_rule(result: ProviderEvaluation) -> str:
    """Which rule a 清退 rests on: the hard rule, the score's band, or the city's decision."""
    if result.grade == result.computed_grade:
        return result.hard_rule or rules.SCORE_RULE
    return rules.CITY_RULE


def _apply_final(result: ProviderEvaluation, actor) -> None:
    if result.grade != "removal":
        return
    period = result.period
    review.remove_from_city(
        result.provider,
        period.pilot,
        actor,
        reason_code="evaluation_removal",
        reason_args={
            "period": period.code,
            "rule": removal_rule(result),
            "score": str(result.score),
        },
    )


# --- reading --------------------------------------------------------------------------------


def period_results(period: EvaluationPeriod) -> list[ProviderEvaluation]:
    return list(
        db.session.scalars(
            select(ProviderEvaluation)
            .where(ProviderEvaluation.period_id == period.id)
            .order_by(ProviderEvaluation.score.desc(), ProviderEvaluation.id)
        )
    )


def visible_periods(user):
    return (
        select(EvaluationPeriod)
        .where(EvaluationPeriod.visible_to(user))
        .order_by(EvaluationPeriod.starts_on.desc(), EvaluationPeriod.id.desc())
    )


def own_results(user):
    """A provider's published results, newest period first."""
    return (
        select(ProviderEvaluation)
        .join(ProviderEvaluation.period)
        .where(
            ProviderEvaluation.visible_to(user),
            ProviderEvaluation.provider_id == user.organisation_id,
        )
        .order_by(EvaluationPeriod.starts_on.desc(), ProviderEvaluation.id.desc())
    )


@dataclass(frozen=True)
class Buttons:
    """What the viewer may do on a period's page now."""

    compute: bool = False
    adjust: bool = False
    publish: bool = False
    finalise: bool = False


def buttons(period: EvaluationPeriod, user, today: date | None = None) -> Buttons:
    if not may(user, period, Who.CITY):
        return Buttons()
    draft = period.status == "draft"
    return Buttons(
        compute=draft,
        adjust=draft and period.computed_at is not None,
        publish=draft and period.computed_at is not None,
        finalise=period.status == "published" and not period.appeal_open(today),
    )
