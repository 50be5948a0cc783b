"""The third-party assessment (第三方评估): the agency the city assigned drafts its findings on
the four dimensions (应用成效、数据贯通程度、投入产出比、企业管理体制配套改革), the assessed
digital level and its signed report, then submits them; only then do the enterprise, its
providers and the officials see them. Assignment is in marketplace/services/acceptance.py.

The draft report is kept as a loose file of the agency (no project yet), so the project's
document list, its download route and the API cannot show it before submission."""

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import attachments
from marketplace.services.accounts import MIN_PASSWORD_LENGTH, email_taken, normalise_email
from marketplace.services.credit_code import make_credit_code
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import (
    change_state,
    record_event,
    require_action,
    require_transition,
)
from models import ASSESSOR, Assessment, Organisation, PilotCity, Project, User, utcnow
from models.acceptance import ASSESSMENT_DIMENSIONS, ASSESSMENT_SCORE_MAX


def open_assessment(project: Project) -> Assessment | None:
    """The assignment the agency is working on (None once submitted or before assignment)."""
    current = project.current_assessment
    return current if current is not None and not current.is_submitted else None


def visible_assessment(project: Project, user) -> Assessment | None:
    """The latest assessment as `user` may see it: a submitted one for everyone who sees the
    project, the draft for the assigned agency only."""
    for assessment in reversed(project.assessments):
        if assessment.is_submitted:
            return assessment
        if getattr(user, "organisation_id", None) == assessment.assessor_id:
            return assessment
    return None


def save_draft(
    project: Project, actor, dimensions: dict, assessed_level, summary: str = "", report=None
) -> Assessment:
    """Keep the agency's findings so far. `dimensions` maps each dimension to
    {"score": 0..100 or None, "finding": text}; `report` an uploaded file (the signed report)."""
    require_action(project, "draft_assessment", actor)
    assessment = open_assessment(project)
    if project.status != "under_assessment" or assessment is None:
        raise InvalidInput("assessment_not_open")
    clean = {}
    for code in ASSESSMENT_DIMENSIONS:
        given = (dimensions or {}).get(code) or {}
        score = given.get("score")
        if score not in (None, ""):
            try:
                score = int(score)
            except (TypeError, ValueError):
                raise InvalidInput("bad_score", dimension=code) from None
            if not 0 <= score <= ASSESSMENT_SCORE_MAX:
                raise InvalidInput("bad_score", dimension=code)
        else:
            score = None
        clean[code] = {"score": score, "finding": str(given.get("finding") or "").strip()[:2000]}
    if assessed_level not in (None, "") and assessed_level not in (0, 1, 2, 3, 4):
        raise InvalidInput("bad_level")
    assessment.dimensions = clean
    assessment.assessed_level = None if assessed_level in (None, "") else assessed_level
    assessment.summary = (summary or "").strip()[:4000]
    if report is not None and getattr(report, "filename", ""):
        # a loose file of the agency until submission (see the module docstring)
        assessment.report = attachments.save_attachment(report, actor, purpose="acceptance_report")
    db.session.flush()
    return assessment


def submit_assessment(project: Project, actor) -> Assessment:
    """Sign off the draft: every dimension scored with a finding, the level and the signed
    report are required; the report becomes one of the project's documents."""
    require_transition(project, "assessed", actor)
    assessment = open_assessment(project)
    if assessment is None:
        raise InvalidInput("assessment_not_open")
    for code in ASSESSMENT_DIMENSIONS:
        if assessment.score(code) is None or not assessment.finding(code):
            raise InvalidInput("dimension_incomplete", dimension=code)
    if assessment.assessed_level is None:
        raise InvalidInput("assessed_level_required")
    if assessment.report is None:
        raise InvalidInput("assessment_report_required")
    change_state(
        project,
        "assessed",
        actor,
        reason_code="assessment_submitted",
        reason_args={"level": assessment.assessed_level},
    )
    assessment.report.project_id = project.id
    assessment.status = "submitted"
    assessment.submitted_by_id = actor.id
    assessment.submitted_at = utcnow()
    db.session.flush()
    return assessment


def assessors_for(project: Project) -> list[Organisation]:
    """The agencies the city may assign to `project`: approved, of its city, not a party."""
    taken = project.party_ids() | {project.enterprise_id}
    rows = db.session.scalars(
        select(Organisation)
        .where(
            Organisation.kind == ASSESSOR,
            Organisation.status == "approved",
            Organisation.pilot_id == project.pilot_id,
        )
        .order_by(Organisation.name)
    )
    return [org for org in rows if org.id not in taken]


def assigned_projects(user) -> list[Project]:
    """An assessor's home: the projects assigned to its agency, newest first."""
    if getattr(user, "role", None) != "assessor" or user.organisation_id is None:
        return []
    query = (
        select(Project)
        .where(Project.assessor_id == user.organisation_id, Project.visible_to(user))
        .order_by(Project.updated_at.desc(), Project.id.desc())
    )
    return list(db.session.scalars(query))


def create_assessor_user(
    *, email: str, name: str, password: str, pilot: PilotCity | None, organisation_name: str
) -> User:
    """An assessment agency's account (never by public sign-up): the agency is found by name
    in the city, or made there, approved."""
    if pilot is None:
        raise InvalidInput("pilot_required")
    if not (organisation_name or "").strip():
        raise InvalidInput("assessor_organisation_required")
    if email_taken(email):
        raise InvalidInput("email_taken")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short")
    name_given = organisation_name.strip()[:128]
    organisation = db.session.scalar(
        select(Organisation).where(
            Organisation.pilot_id == pilot.id, Organisation.name == name_given
        )
    )
    if organisation is not None and organisation.kind != ASSESSOR:
        raise NotAllowed("organisation_not_assessor")
    created = organisation is None
    if created:
        organisation = Organisation(
            kind=ASSESSOR,
            name=name_given,
            credit_code=_free_credit_code(),
            pilot=pilot,
            status="approved",
        )
        db.session.add(organisation)
        db.session.flush()
    user = User(email=normalise_email(email), name=name, role="assessor", organisation=organisation)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if created:  # its first user registered it, as with any organisation
        record_event(organisation, None, organisation.status, user)
    return user


def _free_credit_code() -> str:
    """A valid unused 统一社会信用代码 placeholder (the agency's real code is not needed here)."""
    serial = db.session.scalar(select(db.func.count(Organisation.id))) or 0
    while True:
        serial += 1
        code = make_credit_code(7_000_000 + serial)
        if (
            db.session.scalar(select(Organisation.id).where(Organisation.credit_code == code))
            is None
        ):
            return code
