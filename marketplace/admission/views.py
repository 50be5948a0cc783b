"""admission blueprint: an enterprise's application to join the pilot (申报入库); the
officials' rounds (批次), application pages and the pilot list (试点名单) with its removal
action. Routes only; the work is in services/admission.py and services/rounds.py."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.admission import forms as f
from marketplace.auth.forms import chosen_city, offer_city
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.services import admission as svc
from marketplace.services import rounds as round_svc
from marketplace.services.workflow import allowed_transitions, events_for
from marketplace.submission import attempt, flash_form_errors
from marketplace.wording.admission import APPLICATION_STATUSES
from models import District, PilotApplication, PilotRound
from models.access import Jurisdiction

bp = Blueprint("admission", __name__, url_prefix="/admission")


@bp.app_context_processor
def admission_helpers():
    """`admission_status(org)` for the pages that mark what waits for admission (the
    subsidy estimate box says 入库后可申请 to an enterprise not admitted)."""
    return {"admission_status": svc.admission_status}


# --- the enterprise ----------------------------------------------------------------------


def _save(enterprise, data, submit: bool):
    application = svc.save_application(enterprise, current_user, data)
    if submit:
        svc.submit_application(application, current_user)
    return application


@bp.route("/apply", methods=["GET", "POST"])
@role_required("enterprise")
def apply():
    enterprise = current_user.organisation
    application = svc.application_of(enterprise)
    editable = application is None or application.status in (
        "draft",
        "returned",
        "rejected",
        "removed",
    )
    form = f.ApplicationForm(obj=application if request.method == "GET" else None)
    form.offer(svc.requirements(enterprise.pilot))
    if request.method == "GET" and application is None:
        form.digital_level.data = enterprise.self_assessed_level or 1
        form.employee_count.data = enterprise.employee_count
    submit = request.form.get("submit") == "submit"
    if form.validate_on_submit():
        saved = attempt(_save, enterprise, form.data_for_service(), submit)
        if saved is not None:
            flash(
                _("申报已提交，等待区县工信部门初审") if submit else _("申报草稿已保存"), "success"
            )
            return redirect(url_for("admission.apply"))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template(
        "admission/apply.html",
        form=form,
        application=application,
        editable=editable,
        open_round=round_svc.open_round(enterprise.pilot_id),
        asked=svc.requirements(enterprise.pilot),
        events=events_for(application) if application else [],
    )


# --- officials: applications and the pilot list ---------------------------------------------


def _filters(jurisdiction: Jurisdiction):
    form = f.PilotListFilter(request.args)
    statuses = [(s, APPLICATION_STATUSES[s]) for s in PilotApplication.STATUSES]
    pilot_rounds = round_svc.rounds_of(jurisdiction.pilot_id)
    districts = []
    if jurisdiction.pilot_id is not None:
        districts = db.session.scalars(
            select(District).where(District.pilot_id == jurisdiction.pilot_id).order_by(District.id)
        ).all()
    form.offer(statuses, pilot_rounds, districts)
    if "status" not in request.args:
        form.status.data = "admitted"
    return form


@bp.get("/applications")
@role_required("official")
def applications():
    jurisdiction = Jurisdiction.of(current_user)
    if jurisdiction is None:
        abort(403)
    form = _filters(jurisdiction)
    status = form.status.data if form.status.data in PilotApplication.STATUSES else None
    query = svc.official_applications(
        current_user, status, form.number("round_id"), form.number("district_id")
    )
    return render_template(
        "admission/applications.html",
        form=form,
        page=paginate(query),
        status=status,
        may_remove=not jurisdiction.is_district,
    )


@bp.get("/applications/<int:application_id>")
@role_required("official", "enterprise")
def application(application_id: int):
    item = get_visible_or_404(PilotApplication, application_id)
    return render_template(
        "admission/application.html",
        application=item,
        events=events_for(item),
        transitions=allowed_transitions(item, current_user),
        decision=f.DecisionForm(prefix="d"),
        removal=f.RemovalForm(prefix="rm"),
        asked=svc.requirements(item.enterprise.pilot),
    )


def _back(item) -> str:
    return url_for("admission.application", application_id=item.id)


@bp.post("/applications/<int:application_id>/check")
@role_required("official")
def check(application_id: int):
    item = get_visible_or_404(PilotApplication, application_id)
    form = f.DecisionForm(prefix="d")
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        svc.check_application, item, current_user, form.decision.data == "pass", form.reason.data
    ):
        flash(_("初审意见已提交"), "success")
    return redirect(_back(item))


@bp.post("/applications/<int:application_id>/decide")
@role_required("official")
def decide(application_id: int):
    item = get_visible_or_404(PilotApplication, application_id)
    form = f.DecisionForm(prefix="d")
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        svc.decide_application, item, current_user, form.decision.data == "pass", form.reason.data
    ):
        flash(_("复核结果已提交"), "success")
    return redirect(_back(item))


@bp.post("/applications/<int:application_id>/remove")
@role_required("official")
def remove(application_id: int):
    item = get_visible_or_404(PilotApplication, application_id)
    form = f.RemovalForm(prefix="rm")
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.remove_from_pilot, item, current_user, form.reason.data):
        flash(_("已将该企业移出试点名单"), "success")
    return redirect(_back(item))


# --- officials: rounds ---------------------------------------------------------------------


@bp.get("/rounds")
@role_required("official")
def rounds():
    jurisdiction = Jurisdiction.of(current_user)
    if jurisdiction is None:
        abort(403)
    return render_template(
        "admission/rounds.html",
        rounds=round_svc.rounds_of(jurisdiction.pilot_id),
        may_manage=round_svc.may_manage_rounds(current_user),
        today=date.today(),
    )


def _round_form(pilot_round: PilotRound | None):
    form = f.RoundForm(obj=pilot_round if request.method == "GET" else None)
    if pilot_round is None:
        offer_city(form, current_user)
    else:  # a round keeps its city
        del form.pilot_id
    return form


@bp.route("/rounds/new", methods=["GET", "POST"])
@role_required("official")
def new_round():
    if not round_svc.may_manage_rounds(current_user):
        abort(403)
    form = _round_form(None)
    if form.validate_on_submit():
        made = attempt(
            round_svc.create_round, chosen_city(form, current_user), current_user, form.round_data()
        )
        if made is not None:
            flash(_("批次已创建"), "success")
            return redirect(url_for("admission.rounds"))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("admission/round_form.html", form=form, pilot_round=None)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@role_required("official")
def edit_round(round_id: int):
    pilot_round = get_or_404(PilotRound, round_id)
    if not round_svc.may_manage_rounds(current_user, pilot_round.pilot_id):
        abort(404)
    form = _round_form(pilot_round)
    if form.validate_on_submit():
        if attempt(round_svc.update_round, pilot_round, current_user, form.round_data()):
            flash(_("批次已保存"), "success")
            return redirect(url_for("admission.rounds"))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("admission/round_form.html", form=form, pilot_round=pilot_round)
