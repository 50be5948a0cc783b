"""projects blueprint: the project lifecycle, the level questionnaire, subsidy policies and
the enterprise file (一企一档). Routes only; the work is in marketplace/services."""

import json
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.projects import forms as f
from marketplace.projects.exports import enterprise_file_sheets
from marketplace.routing import id_arg
from marketplace.services import attachments as attachment_service
from marketplace.services import digital_level as level_service
from marketplace.services import projects as svc
from marketplace.services import subsidy as subsidy_service
from marketplace.services.errors import DomainError
from marketplace.services.exports import csv_bytes, xlsx_bytes
from marketplace.services.pilots import all_pilots
from marketplace.services.workflow import allowed_transitions, events_for
from models import Attachment, Milestone, Organisation, Project, QuoteRequest, SubsidyPayment
from models.project import BUDGET_KINDS

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _fail(error: DomainError, endpoint="projects.detail", **values):
    db.session.rollback()
    flash(f.error_message(error), "danger")
    return redirect(url_for(endpoint, **values))


def _done(message: str, project: Project, anchor: str | None = None):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("projects.detail", project_id=project.id, _anchor=anchor))


def _form_errors(form) -> None:
    for field_errors in form.errors.values():
        for error in field_errors:
            flash(error, "danger")


def _invalid(form, project_id: int, anchor: str | None = None):
    """Back to the project section the form sits in, with its errors flashed."""
    _form_errors(form)
    return redirect(url_for("projects.detail", project_id=project_id, _anchor=anchor))


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
    try:
        project = svc.create_project_from_quote(quote_request, current_user)
    except DomainError as error:
        return _fail(error, "projects.index")
    db.session.commit()
    return redirect(url_for("projects.filing", project_id=project.id))


@bp.get("/<int:project_id>")
@login_required
def detail(project_id: int):
    project = get_visible_or_404(Project, project_id)
    estimate = subsidy_service.project_estimate(project)
    forms = {
        "review": f.ReviewForm(prefix="review"),
        "milestone": f.MilestoneForm(prefix="ms"),
        "progress": f.ProgressForm(prefix="pg"),
        "spot": f.SpotCheckForm(prefix="sc", checked_on=date.today()),
        "result": f.AcceptanceResultForm(prefix="ar"),
        "confirm": f.ConfirmSubsidyForm(prefix="cs", amount=estimate.total),
        "payment": f.PaymentForm(prefix="pay", paid_on=date.today()),
        "attachment": f.AttachmentForm(prefix="att"),
    }
    return render_template(
        "projects/detail.html",
        project=project,
        estimate=estimate,
        events=events_for(project),
        forms=forms,
        is_owner=project.is_owned_by(current_user),
        is_member=project.is_owned_by(current_user) or project.is_party(current_user),
        is_supervisor=project.can_supervise(current_user),
        transitions=allowed_transitions(project, current_user),
    )


@bp.route("/<int:project_id>/filing", methods=["GET", "POST"])
@role_required("enterprise")
def filing(project_id: int):
    project = get_visible_or_404(Project, project_id, "is_owned_by")
    if project.status not in Project.EDITABLE_STATUSES:
        return redirect(url_for("projects.detail", project_id=project.id))
    form = f.FilingForm(obj=project if request.method == "GET" else None)
    providers = svc.filing_providers(project.pilot_id)
    choices = f.provider_choices(providers)
    form.lead_id.choices = form.integrator_id.choices = choices
    form.vendor_ids.choices = choices[1:]
    if request.method == "GET":
        for kind, amount in project.budget_by_kind().items():
            getattr(form, f.BUDGET_FIELD_NAMES[kind]).data = amount
        roles = {p.role: p.organisation_id for p in project.parties}
        form.lead_id.data = roles.get("lead", 0)
        form.integrator_id.data = roles.get("integrator", 0)
        form.vendor_ids.data = [p.organisation_id for p in project.parties if p.role == "vendor"]
    if form.validate_on_submit():
        budget = {k: getattr(form, n).data for k, n in f.BUDGET_FIELD_NAMES.items()}
        try:
            svc.update_filing(
                project,
                current_user,
                contract_no=form.contract_no.data,
                contract_signed_on=form.contract_signed_on.data,
                start_on=form.start_on.data,
                end_on=form.end_on.data,
                plan=form.plan.data,
                target_level=form.target_level.data,
                budget=budget,
                lead_id=form.lead_id.data or None,
                integrator_id=form.integrator_id.data or None,
                vendor_ids=form.vendor_ids.data,
                is_benchmark=form.is_benchmark.data,
                is_first_cloud=form.is_first_cloud.data,
            )
            if request.form.get("submit") == "file":
                svc.file_project(project, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(f.error_message(error), "danger")
        else:
            db.session.commit()
            if project.status == "filed":
                flash(_("立项申请已提交，等待区县工信部门初审"), "success")
                return redirect(url_for("projects.detail", project_id=project.id))
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
        budget_fields=[(k, getattr(form, n)) for k, n in f.BUDGET_FIELD_NAMES.items()],
    )


def _review(project_id: int, service, endpoint_label):
    project = get_visible_or_404(Project, project_id)
    form = f.ReviewForm(prefix="review")
    if not form.validate_on_submit():
        return _invalid(form, project.id)
    try:
        service(project, current_user, form.decision.data == "approve", form.reason.data or "")
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(endpoint_label, project)


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
    if not form.validate_on_submit():
        return _invalid(form, project.id, "progress")
    try:
        svc.add_milestone(project, current_user, form.title.data, form.due_on.data)
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(_("已添加实施节点"), project, "progress")


@bp.post("/milestones/<int:milestone_id>/done")
@login_required
def complete_milestone(milestone_id: int):
    milestone = get_or_404(Milestone, milestone_id)
    if not milestone.project.can_view(current_user):
        abort(404)
    try:
        svc.complete_milestone(milestone, current_user)
    except DomainError as error:
        return _fail(error, project_id=milestone.project_id)
    return _done(_("节点已标记完成"), milestone.project, "progress")


@bp.post("/<int:project_id>/progress")
@login_required
def report_progress(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.ProgressForm(prefix="pg")
    if not form.validate_on_submit():
        return _invalid(form, project.id, "progress")
    try:
        svc.report_progress(project, current_user, form.content.data, form.percent_done.data)
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(_("进展已报告"), project, "progress")


@bp.post("/<int:project_id>/spot-checks")
@role_required("official")
def spot_check(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.SpotCheckForm(prefix="sc")
    if not form.validate_on_submit():
        return _invalid(form, project.id, "checks")
    try:
        svc.record_spot_check(
            project, current_user, form.findings.data, form.outcome.data, form.checked_on.data
        )
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(_("抽查记录已保存"), project, "checks")


@bp.post("/<int:project_id>/attachments")
@login_required
def upload(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.AttachmentForm(prefix="att")
    if not (
        project.is_owned_by(current_user)
        or project.is_party(current_user)
        or project.can_supervise(current_user)
    ):
        abort(403)
    if not form.validate_on_submit():
        return _invalid(form, project.id, "documents")
    try:
        attachment_service.save_attachment(
            form.file.data, current_user, project=project, purpose=form.purpose.data
        )
    except DomainError as error:
        return _fail(error, project_id=project.id, _anchor="documents")
    return _done(_("文件已上传"), project, "documents")


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
    if project.status not in ("in_progress", "rectifying"):
        return redirect(url_for("projects.detail", project_id=project.id))
    form = f.AcceptanceForm(
        prefix="acc",
        level_before=project.level_before or 0,
        level_after_self=project.target_level or 2,
        self_evaluation=project.self_evaluation or None,
    )
    record_form = f.FinancialRecordForm(prefix="fr", on_date=date.today())
    if form.validate_on_submit():
        try:
            svc.request_acceptance(
                project,
                current_user,
                form.self_evaluation.data,
                form.level_before.data,
                form.level_after_self.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(f.error_message(error), "danger")
        else:
            return _done(_("验收申请已提交"), project)
    return render_template(
        "projects/acceptance.html", project=project, form=form, record_form=record_form
    )


@bp.post("/<int:project_id>/financial-records")
@role_required("enterprise")
def add_financial_record(project_id: int):
    project = get_visible_or_404(Project, project_id, "is_owned_by")
    form = f.FinancialRecordForm(prefix="fr")
    back = url_for("projects.acceptance", project_id=project.id, _anchor="records")
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(back)
    try:
        attachment = None
        if form.file.data and form.file.data.filename:
            attachment = attachment_service.save_attachment(
                form.file.data, current_user, project=project, purpose=form.kind.data
            )
        svc.add_financial_record(
            project,
            current_user,
            form.kind.data,
            form.amount.data,
            form.on_date.data,
            form.number.data or "",
            attachment,
        )
    except DomainError as error:
        db.session.rollback()
        flash(f.error_message(error), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("已登记"), "success")
    return redirect(back)


@bp.post("/<int:project_id>/acceptance-result")
@role_required("official")
def acceptance_result(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.AcceptanceResultForm(prefix="ar")
    if not form.validate_on_submit():
        return _invalid(form, project.id, "acceptance")
    try:
        svc.record_acceptance_result(
            project,
            current_user,
            form.result.data,
            form.certified_level.data,
            form.rectify_deadline.data,
            form.reason.data or "",
        )
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(_("验收结论已记录"), project, "acceptance")


@bp.post("/<int:project_id>/subsidy/confirm")
@role_required("official")
def confirm_subsidy(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = f.ConfirmSubsidyForm(prefix="cs")
    if not form.validate_on_submit():
        return _invalid(form, project.id, "subsidy")
    try:
        subsidy_service.confirm_subsidy(
            project, current_user, form.amount.data, form.reason.data or None
        )
    except DomainError as error:
        return _fail(error, project_id=project.id)
    return _done(_("补贴金额已核定，拨付计划已生成"), project, "subsidy")


@bp.post("/payments/<int:payment_id>/paid")
@role_required("official")
def record_payment(payment_id: int):
    payment = get_or_404(SubsidyPayment, payment_id)
    if not payment.project.can_view(current_user):
        abort(404)
    form = f.PaymentForm(prefix="pay")
    if not form.validate_on_submit():
        return _invalid(form, payment.project_id)
    try:
        subsidy_service.record_payment(
            payment, current_user, form.paid_on.data, form.voucher_no.data or ""
        )
    except DomainError as error:
        return _fail(error, project_id=payment.project_id)
    return _done(_("拨付已登记"), payment.project, "subsidy")


# --- 数字化水平评测 ---------------------------------------------------------------------------


@bp.route("/assessment", methods=["GET", "POST"])
@role_required("enterprise")
def assessment():
    if current_user.organisation is None:  # admins pass role checks but have no enterprise
        abort(403)
    edition = request.args.get("edition", level_service.CURRENT_EDITION)
    if edition not in level_service.EDITIONS:
        abort(404)
    data = level_service.questionnaire(edition)
    form = f.LegacyScoreForm() if edition == "2022" else f.AssessmentForm()
    answers, scenes = {}, {}
    if request.method == "POST":
        answers = {
            q["id"]: (
                request.form.getlist(q["id"]) if q["type"] == "multi" else request.form.get(q["id"])
            )
            for q in data["questions"]
        }
        scenes = {
            s: request.form.get(f"scene_{i}", 0)
            for i, s in enumerate(level_service.all_scenes(edition))
        }
    if form.validate_on_submit():
        try:
            result = level_service.record_assessment(
                current_user.organisation,
                current_user,
                edition=edition,
                answers=answers,
                scenes=scenes,
                score=getattr(form, "score", None) and form.score.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(f.error_message(error), "danger")
        else:
            db.session.commit()
            flash(
                _(
                    "评测已保存：得分 %(s)s，等级 %(l)s",
                    s=result.score,
                    l=result.level or _("无等级"),
                ),
                "success",
            )
            return redirect(
                url_for(
                    "projects.enterprise_file",
                    org_id=current_user.organisation_id,
                    _anchor="levels",
                )
            )
    return render_template(
        "projects/assessment.html",
        data=data,
        form=form,
        edition=edition,
        answers=answers,
        scenes=scenes,
        history=level_service.level_history(current_user.organisation),
    )


# --- 一企一档 ----------------------------------------------------------------------------------


@bp.get("/enterprise/<int:org_id>")
@login_required
def enterprise_file(org_id: int):
    enterprise = get_or_404(Organisation, org_id)
    if not enterprise.is_enterprise or not svc.can_view_enterprise_file(current_user, enterprise):
        abort(404)
    data = svc.enterprise_file(enterprise)
    export = request.args.get("format")
    if export == "csv":
        body = b"".join(
            csv_bytes([f"【{title}】"], []) + csv_bytes(headers, rows)
            for title, headers, rows in enterprise_file_sheets(data)
        ).replace(b"\xef\xbb\xbf", b"")
        return _download(
            b"\xef\xbb\xbf" + body, f"一企一档-{enterprise.id}.csv", "text/csv; charset=utf-8"
        )
    if export == "xlsx":
        return _download(
            xlsx_bytes(enterprise_file_sheets(data)),
            f"一企一档-{enterprise.id}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render_template("projects/enterprise_file.html", **data)


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    from urllib.parse import quote

    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@bp.get("/my-file")
@role_required("enterprise")
def my_file():
    if current_user.organisation is None:
        abort(403)
    return redirect(url_for("projects.enterprise_file", org_id=current_user.organisation_id))


# --- 奖补政策 -----------------------------------------------------------------------------------


@bp.route("/policy", methods=["GET", "POST"])
@login_required
def policy():
    pilot_id = current_user.home_pilot_id
    if pilot_id is None:  # admins: any city, the first by default
        pilots = all_pilots()
        pilot_id = id_arg("pilot") or pilots[0].id
        if pilot_id not in {p.id for p in pilots}:
            abort(404)
    versions = subsidy_service.policy_versions(pilot_id)
    current = versions[0] if versions else None
    can_edit = current_user.role in ("official", "admin") and current_user.district_id is None
    form = f.PolicyVersionForm(
        rules=json.dumps(current.rules, ensure_ascii=False, indent=2) if current else "{}"
    )
    if request.method == "POST":
        if not can_edit:
            abort(403)
        if form.validate_on_submit():
            try:
                rules = json.loads(form.rules.data)
                subsidy_service.create_policy_version(
                    pilot_id, rules, current_user, form.change_note.data
                )
            except ValueError:
                form.rules.errors.append(_("不是有效的 JSON"))
            except DomainError as error:
                db.session.rollback()
                form.rules.errors.append(f.error_message(error))
            else:
                db.session.commit()
                flash(_("已发布新版本政策；已立项的项目仍按原版本计算"), "success")
                return redirect(url_for("projects.policy"))
    return render_template(
        "projects/policy.html",
        versions=versions,
        current=current,
        form=form,
        can_edit=can_edit,
        budget_kinds=BUDGET_KINDS,
        pilots=all_pilots() if current_user.home_pilot_id is None else [],
        pilot_id=pilot_id,
    )


@bp.app_context_processor
def subsidy_helpers():
    """`subsidy_estimate_for(quote)` for the estimate box on quote pages (H3's templates)."""

    def subsidy_estimate_for(quote, level=None):
        return subsidy_service.estimate_subsidy(quote.request.need.enterprise, quote, level)

    return {"subsidy_estimate_for": subsidy_estimate_for}
