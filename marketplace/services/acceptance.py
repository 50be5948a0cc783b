"""验收 (acceptance), duties kept apart: the enterprise files its invoices and payment records
and requests acceptance with a self-evaluation; the district checks the materials are complete
(板块初审) or returns them saying what is missing; the city assigns a third-party assessment
agency (marketplace/services/assessments.py), and on its submitted assessment the city records
the verdict and the certified level. The subsidy is confirmed and paid by the city
(marketplace/services/subsidy_confirmation.py). The rest of the lifecycle is in
marketplace/services/projects.py."""

from datetime import date

from marketplace.extensions import db
from marketplace.services import digital_level
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.projects import cents
from marketplace.services.subsidy import refresh_project_estimate
from marketplace.services.workflow import change_state, require_action, require_transition
from models import ASSESSOR, Assessment, FinancialRecord, Organisation, Project, utcnow
from models.acceptance import MISSING_CHOICES, REQUIRED_DOCUMENTS
from models.project import ACCEPTANCE_RESULTS


def missing_documents(project: Project) -> list[str]:
    """The required documents (REQUIRED_DOCUMENTS) the project's file lacks: an invoice, a
    payment proof (financial records of those kinds) and the self-evaluation."""
    kinds = {r.kind for r in project.financial_records}
    present = {
        "invoice": "invoice" in kinds,
        "payment": "payment" in kinds,
        "self_evaluation": bool((project.self_evaluation or "").strip()),
    }
    return [code for code in REQUIRED_DOCUMENTS if not present[code]]


def check_materials(project: Project, actor, complete: bool, missing=(), note: str = "") -> Project:
    """板块初审, the district's formal check: complete (on to the city's assessment) or returned
    naming what is missing (codes of MISSING_CHOICES, 'other' explained in `note`). Complete
    is refused while a required document is missing."""
    to_state = "materials_checked" if complete else "materials_returned"
    require_transition(project, to_state, actor)
    missing = [code for code in MISSING_CHOICES if code in set(missing or ())]
    if complete:
        if missing_documents(project):
            raise InvalidInput("documents_missing", missing=",".join(missing_documents(project)))
        change_state(
            project, to_state, actor, note.strip() or None, reason_code="materials_complete"
        )
        project.materials_missing = []
        return project
    if not missing:
        raise InvalidInput("missing_items_required")
    if "other" in missing and not note.strip():
        raise InvalidInput("missing_other_explained")
    change_state(
        project,
        to_state,
        actor,
        note.strip() or None,
        reason_code="materials_returned",
        reason_args={"missing": ",".join(missing)},
    )
    project.materials_missing = missing
    return project


def assign_assessor(project: Project, actor, assessor: Organisation | None) -> Project:
    """The city assigns an assessment agency of the project's city. An organisation that is a
    party to the project (its enterprise or one of its providers) is never its assessor."""
    require_transition(project, "under_assessment", actor)
    if assessor is None:
        raise InvalidInput("assessor_required")
    if assessor.id == project.enterprise_id or assessor.id in project.party_ids():
        raise NotAllowed("assessor_is_party")
    if assessor.kind != ASSESSOR or assessor.status != "approved":
        raise InvalidInput("not_an_assessor")
    if assessor.pilot_id != project.pilot_id:
        raise InvalidInput("assessor_outside_pilot")
    project.assessor = assessor
    db.session.add(Assessment(project=project, assessor=assessor, assigned_by_id=actor.id))
    change_state(
        project,
        "under_assessment",
        actor,
        reason_code="assessor_assigned",
        reason_args={"assessor": assessor.name},
    )
    return project


def add_financial_record(
    project: Project, actor, kind: str, amount, on_date: date, number: str = "", attachment=None
) -> FinancialRecord:
    """An invoice or payment record for the acceptance file."""
    require_action(project, "add_financial_record", actor)
    if kind not in ("invoice", "payment"):
        raise InvalidInput("bad_record_kind")
    if project.status not in ("in_progress", "rectifying", "materials_returned"):
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
    """The city's verdict on the submitted assessment: passed (with the certified level),
    rectify (with a deadline) or failed (with a reason). Never while a required document is
    missing."""
    if result not in ACCEPTANCE_RESULTS:
        raise InvalidInput("bad_result")
    to_state = {"passed": "passed", "rectify": "rectifying", "failed": "failed"}[result]
    require_transition(project, to_state, actor)
    if missing_documents(project):
        raise InvalidInput("documents_missing", missing=",".join(missing_documents(project)))
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
