"""验收 (acceptance): the enterprise files its invoices and payment records and requests
acceptance with a self-evaluation; an official records the verdict and the certified level.
The rest of the lifecycle is in marketplace/services/projects.py."""

from datetime import date

from marketplace.extensions import db
from marketplace.services import digital_level
from marketplace.services.errors import InvalidInput
from marketplace.services.projects import cents
from marketplace.services.subsidy import refresh_project_estimate
from marketplace.services.workflow import change_state, require_action, require_transition
from models import FinancialRecord, Project, utcnow
from models.project import ACCEPTANCE_RESULTS


def add_financial_record(
    project: Project, actor, kind: str, amount, on_date: date, number: str = "", attachment=None
) -> FinancialRecord:
    """An invoice or payment record for the acceptance file."""
    require_action(project, "add_financial_record", actor)
    if kind not in ("invoice", "payment"):
        raise InvalidInput("bad_record_kind")
    if project.status not in ("in_progress", "rectifying"):
        raise InvalidInput("not_in_progress")
    amount = cents(amount)
    if amount <= 0 or on_date is None:
        raise InvalidInput("bad_amount")
    record = FinancialRecord(
        project=project,
        kind=kind,
        number=number.strip(),
        amount=amount,
        on_date=on_date,
        attachment=attachment,
    )
    db.session.add(record)
    db.session.flush()
    return record


def request_acceptance(
    project: Project, actor, self_evaluation: str, level_before: int, level_after_self: int
) -> Project:
    """申请验收: self-evaluation, the level before and after, with at least one invoice and one
    payment record already attached."""
    require_transition(project, "acceptance_requested", actor)
    kinds = {r.kind for r in project.financial_records}
    if not self_evaluation.strip():
        raise InvalidInput("self_evaluation_required")
    if not {"invoice", "payment"} <= kinds:
        raise InvalidInput("invoice_and_payment_required")
    for level in (level_before, level_after_self):
        if level not in (0, 1, 2, 3, 4):
            raise InvalidInput("bad_level")
    change_state(project, "acceptance_requested", actor, reason_code="acceptance_requested")
    project.self_evaluation = self_evaluation.strip()
    project.level_before, project.level_after_self = level_before, level_after_self
    project.acceptance_requested_at = utcnow()
    digital_level.record_level(project.enterprise, actor, level_before, "before", project)
    digital_level.record_level(project.enterprise, actor, level_after_self, "after", project)
    refresh_project_estimate(project)
    return project


def record_acceptance_result(
    project: Project,
    actor,
    result: str,
    certified_level: int | None = None,
    rectify_deadline: date | None = None,
    reason: str = "",
) -> Project:
    """The official's verdict: passed (with the certified level), rectify (with a deadline)
    or failed (with a reason)."""
    if result not in ACCEPTANCE_RESULTS:
        raise InvalidInput("bad_result")
    to_state = {"passed": "passed", "rectify": "rectifying", "failed": "failed"}[result]
    require_transition(project, to_state, actor)
    if result == "passed" and certified_level not in (1, 2, 3, 4):
        raise InvalidInput("certified_level_required")
    if result == "rectify" and (rectify_deadline is None or rectify_deadline <= date.today()):
        raise InvalidInput("rectify_deadline_required")
    if result in ("rectify", "failed") and not reason.strip():
        raise InvalidInput("reason_required")
    change_state(project, to_state, actor, reason or None)
    project.acceptance_result = result
    project.rectify_deadline = rectify_deadline if result == "rectify" else None
    if result == "passed":
        project.certified_level = certified_level
        project.accepted_at = utcnow()
        digital_level.record_level(project.enterprise, actor, certified_level, "certified", project)
    refresh_project_estimate(project)
    return project
