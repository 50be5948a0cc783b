"""projects blueprint: the project lifecycle, from an accepted quote to the last subsidy
payment. Routes only; the work is in marketplace/services. The level questionnaire, the
enterprise file (一企一档) and the subsidy policies have their own blueprints."""

from datetime import date
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.acceptance import forms as acceptance_forms
from marketplace.acceptance.views import page_context as acceptance_page
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.projects import forms as f
from marketplace.services import acceptance as acceptance_service
from marketplace.services import admission as admission_service
from marketplace.services import attachments as attachment_service
from marketplace.services import projects as svc
from marketplace.services import subsidy as subsidy_service
from marketplace.services import subsidy_confirmation
from marketplace.services.workflow import allowed_transitions, events_for, provider_may_act
from marketplace.submission import attempt, flash_form_errors
from models import Attachment, Milestone, Project, QuoteRequest, SubsidyPayment

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _section(project_id: int, anchor: str | None = None) -> str:
    return url_for("projects.detail", project_id=project_id, _anchor=anchor)


def _act(back: str, form, message: str, call, *args):
    """A POST from a section of a project page: the form checked, `call(...)` committed,
    and back to that section with the outcome flashed."""
    if form is not None and not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(call, *args) is not None:
        flash(message, "success")
    return redirect(back)


@bp.get("/")
@login_required
def index():
    status = request.args.get("status")
    status = status if status in Project.STATUSES else None
    page = paginate(svc.visible_projects(current_user, status))
    return render_template("projects/index.html", page=page, status=status)


@bp.post("/from-quote/<int:request_id>")
@role_required("enterprise")
def create_from_quote(request_id: int):
    quote_request = get_visible_or_404(QuoteRequest, request_id)
    project = attempt(svc.create_project_from_quote, quote_request, current_user)
    if project is None:
        return redirect(url_for("projects.index"))
    return redirect(url_for("projects.filing", project_id=project.id))


@bp.get("/<int:project_id>")
@login_required
def detail(project_id: int):
    project = get_visible_or_404(Project, project_id)
    estimate = subsidy_service.project_estimate(project)
    is_party, may_act = project.is_party(current_user), provider_may_act(current_user)
    forms = {
        "review": f.ReviewForm(prefix="review"),
        "milestone": f.MilestoneForm(prefix="ms"),
        "progress": f.ProgressForm(prefix="pg"),
        "spot": f.SpotCheckForm(prefix="sc", checked_on=date.today()),
        "result": f.AcceptanceResultForm(prefix="ar"),
        "confirm": f.ConfirmSubsidyForm(prefix="cs", amount=estimate.total),
        "payment": f.PaymentForm(prefix="pay", paid_on=date.today()),
        "benchmark": f.BenchmarkForm(prefix="bm", granted=not project.is_benchmark),
        "attachment": f.AttachmentForm(prefix="att"),
    }
    return render_template(
        "projects/detail.html",
        project=project,
        estimate=estimate,
        events=events_for(project),
        forms=forms,
        is_owner=project.is_owned_by(current_user),
        is_member=project.is_owned_by(current_user) or (is_party and may_act),
        blocked_status=None if may_act or not is_party else current_user.organisation.status,
        inactive_providers=svc.inactive_providers(project),
        is_supervisor=project.can_supervise(current_user),
        may_grant_benchmark=subsidy_service.may_grant_benchmark(project, current_user),
        transitions=allowed_transitions(project, current_user),
        **acceptance_page(project, current_user),
    )


def _save_filing(project: Project, filing: dict, submit: bool) -> Project:
    svc.update_filing(project, current_user, **filing)
    if submit:
        svc.file_project(project, current_user)
    return project


@bp.route("/<int:project_id>/filing", methods=["GET", "POST"])
@role_required("enterprise")
def filing(project_id: int):
    project = get_visible_or_404(Project, project_id, "is_owned_by")
    if project.status not in Project.EDITABLE_STATUSES:
        return redirect(_section(project.id))
    form = f.FilingForm(obj=project if request.method == "GET" else None)
    form.offer(svc.filing_providers(project.pilot_id))
    if request.method == "GET":
        form.fill_parties_and_budget(project)
    submit = request.form.get("submit") == "file"
    if form.validate_on_submit() and attempt(_save_filing, project, form.filing(), submit):
        if project.status == "filed":
            flash(_("立项申请已提交，等待区县工信部门初审"), "success")
            return redirect(_section(project.id))
        flash(_("立项草稿已保存"), "success")
        return redirect(url_for("projects.filing", project_id=project.id))
    estimate = subsidy_service.estimate_subsidy(
        project.enterprise,
        project,
        project.target_level,
        benchmark=project.is_benchmark,
        first_cloud=project.is_first_cloud,
        exclude_project_id=project.id,
    )
    return render_template(
        "projects/filing.html",
        project=project,
        form=form,
        estimate=estimate,
        budget_fields=form.budget_fields(),
        filing_refusal=admission_service.filing_refusal(project),
    )


def _review(project_id: int, service, message: str):
    project = get_visible_or_404(Project, project_id)
    form = f.ReviewForm(prefix="review")
    approve, reason = form.decision.data == "approve", form.reason.data or ""
    return _act(
        _section(project.id), form, message, service, project, current_user, approve, reason
    )


@bp.post("/<int:project_id>/district-review")
@role_required("official")
def district_review(project_id: int):
    return _review(project_id, svc.review_project_district, _("区县初审意见已记录"))


@bp.post("/<int:project_id>/city-review")
@role_required("official")
def city_review(project_id: int):
    return _review(project_id, svc.approve_project_city, _("市级复核意见已记录"))


@bp.post("/<int:project_id>/milestones")
@login_required
def add_milestone(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.MilestoneForm(prefix="ms")
    back, fields = _section(project.id, "progress"), (form.title.data, form.due_on.data)
    return _act(back, form, _("已添加实施节点"), svc.add_milestone, project, current_user, *fields)


@bp.post("/milestones/<int:milestone_id>/done")
@login_required
def complete_milestone(milestone_id: int):
    milestone = get_or_404(Milestone, milestone_id)
    if not milestone.project.can_view(current_user):
        abort(404)
    back = _section(milestone.project_id, "progress")
    return _act(back, None, _("节点已标记完成"), svc.complete_milestone, milestone, current_user)


@bp.post("/<int:project_id>/progress")
@login_required
def report_progress(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.ProgressForm(prefix="pg")
    back, fields = _section(project.id, "progress"), (form.content.data, form.percent_done.data)
    return _act(back, form, _("进展已报告"), svc.report_progress, project, current_user, *fields)


@bp.post("/<int:project_id>/spot-checks")
@role_required("official")
def spot_check(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.SpotCheckForm(prefix="sc")
    fields = (form.findings.data, form.outcome.data, form.checked_on.data)
    done = _("抽查记录已保存")
    back = _section(project.id, "checks")
    return _act(back, form, done, svc.record_spot_check, project, current_user, *fields)


@bp.post("/<int:project_id>/attachments")
@login_required
def upload(project_id: int):
    project = get_visible_or_404(Project, project_id)
    if not (project.is_owned_by(current_user) or project.is_party(current_user)) and not (
        project.can_supervise(current_user)
    ):
        abort(403)
    form = f.AttachmentForm(prefix="att")
    upload = partial(attachment_service.save_attachment, project=project, purpose=form.purpose.data)
    back = _section(project.id, "documents")
    return _act(back, form, _("文件已上传"), upload, form.file.data, current_user)


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = get_visible_or_404(Attachment, attachment_id)
    return send_file(
        attachment_service.attachment_path(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


@bp.route("/<int:project_id>/acceptance", methods=["GET", "POST"])
@role_required("enterprise")
def acceptance(project_id: int):
    project = get_visible_or_404(Project, project_id, "is_owned_by")
    if project.status not in ("in_progress", "rectifying", "materials_returned"):
        return redirect(_section(project.id))
    form = f.AcceptanceForm(
        prefix="acc",
        level_before=project.level_before or 0,
        level_after_self=project.target_level or 2,
        self_evaluation=project.self_evaluation or None,
    )
    fields = (form.self_evaluation.data, form.level_before.data, form.level_after_self.data)
    if form.validate_on_submit() and attempt(
        acceptance_service.request_acceptance, project, current_user, *fields
    ):
        flash(_("验收申请已提交"), "success")
        return redirect(_section(project.id))
    record_form = f.FinancialRecordForm(prefix="fr", on_date=date.today())
    return render_template(
        "projects/acceptance.html",
        project=project,
        form=form,
        record_form=record_form,
        missing_labels=acceptance_forms.MISSING_LABELS,
    )


def _record_financial(project: Project, form: f.FinancialRecordForm):
    attachment = None
    if form.file.data and form.file.data.filename:
        attachment = attachment_service.save_attachment(
            form.file.data, current_user, project=project, purpose=form.kind.data
        )
    return acceptance_service.add_financial_record(
        project,
        current_user,
        form.kind.data,
        form.amount.data,
        form.on_date.data,
        form.number.data or "",
        attachment,
    )


@bp.post("/<int:project_id>/financial-records")
@role_required("enterprise")
def add_financial_record(project_id: int):
    project = get_visible_or_404(Project, project_id, "is_owned_by")
    form = f.FinancialRecordForm(prefix="fr")
    back = url_for("projects.acceptance", project_id=project.id, _anchor="records")
    return _act(back, form, _("已登记"), _record_financial, project, form)


@bp.post("/<int:project_id>/acceptance-result")
@role_required("official")
def acceptance_result(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.AcceptanceResultForm(prefix="ar")
    verdict = (form.result.data, form.certified_level.data, form.rectify_deadline.data)
    record = partial(acceptance_service.record_acceptance_result, project, current_user, *verdict)
    back = _section(project.id, "acceptance")
    return _act(back, form, _("验收结论已记录"), record, form.reason.data or "")


@bp.post("/<int:project_id>/subsidy/confirm")
@role_required("official")
def confirm_subsidy(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.ConfirmSubsidyForm(prefix="cs")
    amount, reason = form.amount.data, form.reason.data or None
    done = _("补贴金额已核定，拨付计划已生成")
    back = _section(project.id, "subsidy")
    return _act(
        back,
        form,
        done,
        subsidy_confirmation.confirm_subsidy,
        project,
        current_user,
        amount,
        reason,
    )


@bp.post("/<int:project_id>/benchmark")
@role_required("official")
def set_benchmark(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.BenchmarkForm(prefix="bm")
    back = _section(project.id, "subsidy")
    call = partial(subsidy_service.set_benchmark, project, current_user, form.granted.data)
    return _act(back, form, _("标杆示范评定已记录"), call, form.reason.data or "")


@bp.post("/payments/<int:payment_id>/paid")
@role_required("official")
def record_payment(payment_id: int):
    payment = get_or_404(SubsidyPayment, payment_id)
    if not payment.project.can_view(current_user):
        abort(404)
    form = f.PaymentForm(prefix="pay")
    paid = (form.paid_on.data, form.voucher_no.data or "")
    back = _section(payment.project_id, "subsidy")
    return _act(
        back,
        form,
        _("拨付已登记"),
        subsidy_confirmation.record_payment,
        payment,
        current_user,
        *paid,
    )
