"""The project lifecycle (改造项目): accepted quote → draft → 立项 → district review → city
approval → milestones, progress, spot checks. Acceptance (验收) is in
marketplace/services/acceptance.py; subsidy confirmation and payments in
marketplace/services/subsidy_confirmation.py (confirm_subsidy, record_payment).

Every state change goes through workflow.change_state; services flush, callers commit.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.services import admission
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.subsidy import CENT, refresh_project_estimate
from marketplace.services.subsidy_confirmation import (  # noqa: F401  (re-exported for callers)
    confirm_subsidy,
    record_payment,
)
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_action,
    require_transition,
)
from models import (
    BudgetLine,
    Milestone,
    Organisation,
    ProgressReport,
    Project,
    ProjectParty,
    QuoteRequest,
    SpotCheck,
    utcnow,
)
from models.project import BUDGET_KINDS, SPOT_CHECK_OUTCOMES

CLOSED_STATUSES = ("failed", "paid", "cancelled")
# milestones are planned until the work is handed over for acceptance (or during rectification)
MILESTONE_STATUSES = (
    "draft",
    "returned",
    "filed",
    "district_approved",
    "in_progress",
    "rectifying",
)


# --- creation and filing ------------------------------------------------------------------


def create_project_from_quote(quote_request: QuoteRequest, actor) -> Project:
    """The project draft of an accepted quote; calling it again returns the same project."""
    existing = db.session.scalar(
        select(Project).where(Project.quote_request_id == quote_request.id)
    )
    if existing is not None:
        return existing
    need = quote_request.need
    if actor.organisation_id != need.enterprise_id and actor.role != "admin":
        raise NotAllowed("not_need_owner")
    if quote_request.status != "accepted" or quote_request.quote is None:
        raise InvalidInput("quote_not_accepted")
    quote = quote_request.quote
    enterprise = need.enterprise
    factor = quote.total / quote.subtotal if quote.subtotal else Decimal("1")
    project = Project(
        enterprise=enterprise,
        pilot_id=enterprise.pilot_id,
        district_id=enterprise.district_id,
        need=need,
        quote_request=quote_request,
        provider=quote_request.provider,
        title=need.title,
        target_level=need.target_level or 2,
        level_before=enterprise.self_assessed_level,
        plan=quote.note or "",
    )
    project.budget_lines = [
        BudgetLine(
            position=i,
            kind=line.kind if line.kind in BUDGET_KINDS else "其他",
            description=line.description,
            amount=(line.amount * factor).quantize(CENT),
        )
        for i, line in enumerate(quote.lines)
    ]
    role = "lead" if quote_request.provider.provider_type == "牵引单位" else "integrator"
    project.parties = [ProjectParty(organisation=quote_request.provider, role=role)]
    db.session.add(project)
    db.session.flush()
    record_event(project, None, "draft", actor, reason_code="project_created_from_quote")
    refresh_project_estimate(project)
    return project


def cents(value, **details) -> Decimal:
    """An amount in yuan to the fen; a bad one is an InvalidInput naming what it was for."""
    try:
        return Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        raise InvalidInput("bad_amount", **details) from None


def _provider(org_id) -> Organisation:
    org = db.session.get(Organisation, int(org_id)) if org_id else None
    if org is None or not org.is_active_provider:
        raise InvalidInput("party_not_registered_provider")
    return org


def update_filing(
    project: Project,
    actor,
    *,
    contract_no: str,
    contract_signed_on: date | None,
    start_on: date | None,
    end_on: date | None,
    plan: str,
    target_level: int,
    budget: dict[str, Decimal],
    lead_id: int | None = None,
    integrator_id: int | None = None,
    vendor_ids: list[int] | tuple = (),
    is_first_cloud: bool = False,
) -> Project:
    """Save the 立项 form on a draft or returned project: budget by kind, contract, plan,
    target level and the 1+1+N parties (each a registered, approved provider)."""
    require_action(project, "edit_filing", actor)
    if project.status not in Project.EDITABLE_STATUSES:
        raise InvalidInput("not_editable")
    if start_on and end_on and end_on < start_on:
        raise InvalidInput("end_before_start")
    if target_level not in (1, 2, 3, 4):
        raise InvalidInput("bad_level")
    described: dict[str, list[str]] = {}
    for line in project.budget_lines:  # keep the quote's wording for each kind
        if line.description and line.description != line.kind:
            described.setdefault(line.kind, []).append(line.description)
    lines = []
    for i, kind in enumerate(BUDGET_KINDS):
        amount = cents(budget.get(kind) or 0, kind=kind)
        if amount < 0:
            raise InvalidInput("bad_amount", kind=kind)
        if amount:
            description = "、".join(described.get(kind, []))[:200]
            lines.append(BudgetLine(position=i, kind=kind, description=description, amount=amount))
    parties = []
    if lead_id:
        parties.append(ProjectParty(organisation=_provider(lead_id), role="lead"))
    if integrator_id:
        parties.append(ProjectParty(organisation=_provider(integrator_id), role="integrator"))
    seen = {(p.organisation.id, p.role) for p in parties}
    for vendor_id in vendor_ids or ():
        org = _provider(vendor_id)
        if (org.id, "vendor") not in seen:
            parties.append(ProjectParty(organisation=org, role="vendor"))
            seen.add((org.id, "vendor"))
    project.contract_no = contract_no.strip()
    project.contract_signed_on = contract_signed_on
    project.start_on, project.end_on = start_on, end_on
    project.plan = plan
    project.target_level = target_level
    project.is_first_cloud = is_first_cloud  # 标杆 is the city's: subsidy.set_benchmark
    project.budget_lines.clear()
    project.parties.clear()
    db.session.flush()  # delete the old rows before the new ones meet the unique constraint
    project.budget_lines = lines
    project.parties = parties
    db.session.flush()
    refresh_project_estimate(project)
    return project


def file_project(
    project: Project, actor, reason: str | None = None, today: date | None = None
) -> Project:
    """立项: the enterprise submits the filing for district review; it must be complete, the
    enterprise admitted to the pilot, its round's 立项 deadline not passed and neither the
    enterprise nor a provider of the project on the blacklist (admission.require_filing_round)."""
    require_transition(project, "filed", actor)
    pilot_round = admission.require_filing_round(project, today)
    missing = [
        name
        for name, ok in (
            ("contract_no", project.contract_no),
            ("contract_signed_on", project.contract_signed_on),
            ("start_on", project.start_on),
            ("end_on", project.end_on),
            ("plan", project.plan.strip()),
            ("budget", project.budget_total > 0),
            ("parties", any(p.role in ("lead", "integrator") for p in project.parties)),
        )
        if not ok
    ]
    if missing:
        raise InvalidInput("filing_incomplete", missing=missing)
    change_state(project, "filed", actor, reason or None, reason_code="filing_submitted")
    project.filed_at = utcnow()
    admission.record_filing_round(project, pilot_round, today)
    refresh_project_estimate(project)
    return project


def review_project_district(project: Project, actor, approve: bool, reason: str = "") -> Project:
    """区县初审: pass, or return for changes with a reason."""
    require_transition(project, "district_approved" if approve else "returned", actor)
    if not approve and not reason.strip():
        raise InvalidInput("reason_required")
    change_state(project, "district_approved" if approve else "returned", actor, reason or None)
    return project


def approve_project_city(
    project: Project, actor, approve: bool = True, reason: str = ""
) -> Project:
    """市级复核: approve (the project starts) or return for changes with a reason."""
    require_transition(project, "in_progress" if approve else "returned", actor)
    if not approve and not reason.strip():
        raise InvalidInput("reason_required")
    change_state(project, "in_progress" if approve else "returned", actor, reason or None)
    if approve:
        project.approved_at = utcnow()
    return project


def cancel_project(project: Project, actor, reason: str = "") -> Project:
    change_state(project, "cancelled", actor, reason or None)
    return project


# --- in progress --------------------------------------------------------------------------


def add_milestone(project: Project, actor, title: str, due_on: date) -> Milestone:
    require_action(project, "plan_milestones", actor)
    if project.status not in MILESTONE_STATUSES:
        raise InvalidInput("project_closed")
    if not title.strip() or due_on is None:
        raise InvalidInput("milestone_incomplete")
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def complete_milestone(milestone: Milestone, actor, done_on: date | None = None) -> Milestone:
    require_action(milestone.project, "plan_milestones", actor)
    milestone.done_on = done_on or date.today()
    db.session.flush()
    return milestone


def report_progress(
    project: Project, actor, content: str, percent_done: int = 0, milestone: Milestone | None = None
) -> ProgressReport:
    """A progress report from the enterprise or one of its providers."""
    require_action(project, "report_progress", actor)
    if project.status not in ("in_progress", "rectifying"):
        raise InvalidInput("not_in_progress")
    if not content.strip() or not 0 <= int(percent_done) <= 100:
        raise InvalidInput("report_incomplete")
    report = ProgressReport(
        project=project,
        author_id=actor.id,
        organisation_id=actor.organisation_id,
        milestone=milestone,
        percent_done=int(percent_done),
        content=content.strip(),
    )
    db.session.add(report)
    db.session.flush()
    return report


def record_spot_check(
    project: Project, actor, findings: str, outcome: str = "normal", checked_on: date | None = None
) -> SpotCheck:
    """抽查: an official of the city or district records what was found on site."""
    require_action(project, "record_spot_check", actor)
    if project.status not in ("in_progress", "acceptance_requested", "rectifying"):
        raise InvalidInput("not_in_progress")
    if outcome not in SPOT_CHECK_OUTCOMES or not findings.strip():
        raise InvalidInput("spot_check_incomplete")
    check = SpotCheck(
        project=project,
        official_id=actor.id,
        checked_on=checked_on or date.today(),
        outcome=outcome,
        findings=findings.strip(),
    )
    db.session.add(check)
    db.session.flush()
    return check


# --- queries ------------------------------------------------------------------------------


def inactive_providers(project: Project) -> list[Organisation]:
    """The project's providers that may not act on it now (pending, suspended, removed)."""
    providers = {p.organisation.id: p.organisation for p in project.parties}
    if project.provider is not None:
        providers.setdefault(project.provider.id, project.provider)
    return [org for org in providers.values() if not org.is_active_provider]


def visible_projects(user, status: str | None = None, enterprise_id: int | None = None):
    """A select() of the projects `user` may see, newest first."""
    query = (
        select(Project)
        .where(Project.visible_to(user))
        .order_by(Project.created_at.desc(), Project.id.desc())
    )
    if status:
        query = query.where(Project.status == status)
    if enterprise_id:
        query = query.where(Project.enterprise_id == enterprise_id)
    return query


def project_for_quote_request(quote_request_id: int) -> Project | None:
    return db.session.scalar(select(Project).where(Project.quote_request_id == quote_request_id))


def filing_providers(pilot_id: int) -> list[Organisation]:
    """Approved providers that serve the pilot city: the choices for the 1+1+N parties."""
    from models.organisation import provider_pilots

    serving = select(provider_pilots.c.provider_id).where(provider_pilots.c.pilot_id == pilot_id)
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.is_public(),
                or_(Organisation.pilot_id == pilot_id, Organisation.id.in_(serving)),
            )
            .order_by(Organisation.name)
        )
    )
