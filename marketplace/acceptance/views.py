"""acceptance blueprint: the steps of the acceptance chain after the enterprise's request
(板块初审, the assessment agency's assignment and assessment, the second approval of an amount
above the estimate), an assessor's assigned projects, and the city's subsidy budget. Routes
only; the work is in marketplace/services (acceptance, assessments, subsidy_confirmation,
subsidy_budget). The decisions are drawn on the project page (templates/projects/detail.html)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.acceptance import forms as f
from marketplace.extensions import db
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.routing import id_arg
from marketplace.services import acceptance as acceptance_service
from marketplace.services import assessments as assessment_service
from marketplace.services import subsidy_budget as budget_service
from marketplace.services import subsidy_confirmation
from marketplace.services.pilots import all_pilots
from marketplace.submission import attempt, flash_form_errors
from models import Organisation, Project

bp = Blueprint("acceptance", __name__, url_prefix="/projects")


def page_context(project: Project, user) -> dict:
    """What the project page's acceptance steps need, for whoever is looking."""
    assessment = assessment_service.visible_assessment(project, user)
    assessment_form = f.AssessmentForm(prefix="as")
    if assessment is not None and request.method == "GET":
        for code in f.ASSESSMENT_DIMENSIONS:
            getattr(assessment_form, f"score_{code}").data = assessment.score(code)
            getattr(assessment_form, f"finding_{code}").data = assessment.finding(code)
        assessment_form.assessed_level.data = (
            -1 if assessment.assessed_level is None else assessment.assessed_level
        )
        assessment_form.summary.data = assessment.summary
    assign_form = f.AssignAssessorForm(prefix="aa")
    assign_form.offer(assessment_service.assessors_for(project))
    return {
        "assessment": assessment,
        "missing_documents": acceptance_service.missing_documents(project),
        "acceptance_forms": {
            "materials": f.MaterialsCheckForm(prefix="mc"),
            "assign": assign_form,
            "assessment": assessment_form,
            "approval": f.SubsidyApprovalForm(prefix="sa"),
        },
        "dimension_labels": f.DIMENSION_LABELS,
        "missing_labels": f.MISSING_LABELS,
    }


def _back(project: Project, anchor: str = "acceptance") -> str:
    return url_for("projects.detail", project_id=project.id, _anchor=anchor)


def _act(project: Project, form, message: str, call, *args, anchor: str = "acceptance"):
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(call, *args) is not None:
        flash(message, "success")
    return redirect(_back(project, anchor))


@bp.post("/<int:project_id>/materials-check")
@role_required("official")
def materials_check(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.MaterialsCheckForm(prefix="mc")
    complete = form.decision.data == "complete"
    fields = (complete, form.missing.data or (), form.note.data or "")
    done = _("初审意见已记录")
    return _act(
        project, form, done, acceptance_service.check_materials, project, current_user, *fields
    )


@bp.post("/<int:project_id>/assessor")
@role_required("official")
def assign_assessor(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.AssignAssessorForm(prefix="aa")
    form.offer(assessment_service.assessors_for(project))
    assessor = db.session.get(Organisation, form.assessor_id.data or 0)
    done = _("已指派第三方评估机构")
    return _act(
        project, form, done, acceptance_service.assign_assessor, project, current_user, assessor
    )


def _save_assessment(project: Project, form: f.AssessmentForm, submit: bool):
    assessment_service.save_draft(
        project,
        current_user,
        form.dimensions(),
        form.level(),
        form.summary.data or "",
        form.report.data,
    )
    if submit:
        assessment_service.submit_assessment(project, current_user)
    return project


@bp.post("/<int:project_id>/assessment")
@role_required("assessor")
def assessment(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.AssessmentForm(prefix="as")
    submit = request.form.get("submit") == "submit"
    done = _("评估已提交，市级工信部门将据此审定") if submit else _("评估草稿已保存")
    return _act(project, form, done, _save_assessment, project, form, submit)


@bp.post("/<int:project_id>/subsidy/approval")
@role_required("official")
def subsidy_approval(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.SubsidyApprovalForm(prefix="sa")
    approve = form.decision.data == "approve"
    done = _("复核意见已记录")
    call = subsidy_confirmation.decide_subsidy_approval
    return _act(
        project,
        form,
        done,
        call,
        project,
        current_user,
        approve,
        form.note.data or "",
        anchor="subsidy",
    )


@bp.get("/assigned")
@role_required("assessor")
def assigned():
    return render_template(
        "acceptance/assigned.html", projects=assessment_service.assigned_projects(current_user)
    )


def _budget_pilot_id() -> int:
    """The official's own city; an admin picks any (?pilot=), the first by default."""
    if current_user.role != "admin":
        if current_user.pilot_id is None:
            abort(403)
        return current_user.pilot_id
    pilots = all_pilots()
    pilot_id = id_arg("pilot") or pilots[0].id
    if pilot_id not in {p.id for p in pilots}:
        abort(404)
    return pilot_id


@bp.route("/budget", methods=["GET", "POST"])
@role_required("official")
def budget():
    pilot_id = _budget_pilot_id()
    can_set = budget_service.can_set_budget(current_user, pilot_id)
    form = f.BudgetForm(prefix="bg")
    if request.method == "POST":
        if not can_set:
            abort(403)
        call = (budget_service.set_budget, pilot_id, current_user, form.amount.data, form.note.data)
        if form.validate_on_submit() and attempt(*call) is not None:
            flash(_("已设定新版本预算"), "success")
            return redirect(url_for("acceptance.budget", pilot=pilot_id))
        flash_form_errors(form)
    return render_template(
        "acceptance/budget.html",
        form=form,
        can_set=can_set,
        use=budget_service.budget_use(pilot_id),
        versions=budget_service.budget_versions(pilot_id),
        pilots=all_pilots() if current_user.role == "admin" else [],
        pilot_id=pilot_id,
    )
