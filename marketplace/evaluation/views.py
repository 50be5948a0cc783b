"""evaluation blueprint: the city's performance-evaluation periods (list, create and compute,
the review table, publish, finalise), a result's page (figures, adjust, appeal, decision) and
a provider's own results. Routes only; the work is in services/evaluation.py."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.auth.forms import chosen_city, offer_city
from marketplace.evaluation.forms import AdjustForm, AppealForm, DecisionForm, PeriodForm
from marketplace.pagination import paginate
from marketplace.permissions import get_visible_or_404, role_required
from marketplace.services import evaluation as svc
from marketplace.services.workflow import events_for
from marketplace.submission import attempt, flash_form_errors
from models import EvaluationPeriod, ProviderEvaluation
from models.access import Who, may

bp = Blueprint("evaluation", __name__, url_prefix="/evaluation")


def _period_form() -> PeriodForm:
    form = PeriodForm()
    offer_city(form, current_user)
    return form


@bp.get("/")
@role_required("official")
def periods():
    return render_template(
        "evaluation/periods.html",
        page=paginate(svc.visible_periods(current_user)),
        form=_period_form() if svc.may_manage(current_user) else None,
    )


@bp.post("/")
@role_required("official")
def create():
    if not svc.may_manage(current_user):
        abort(403)
    form = _period_form()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("evaluation.periods"))
    pilot = chosen_city(form, current_user)
    period = attempt(_create_and_compute, current_user, pilot, form.code.data)
    if period is None:
        return redirect(url_for("evaluation.periods"))
    flash(_("已计算绩效评价草稿，请审核后发布"), "success")
    return redirect(url_for("evaluation.period", period_id=period.id))


def _create_and_compute(actor, pilot, code):
    return svc.compute_period(svc.create_period(actor, pilot, code), actor)


@bp.get("/<int:period_id>")
@role_required("official")
def period(period_id: int):
    period = get_visible_or_404(EvaluationPeriod, period_id)
    return render_template(
        "evaluation/period.html",
        period=period,
        results=svc.period_results(period),
        buttons=svc.buttons(period, current_user),
        events=events_for(period),
    )


_PERIOD_STEPS = {
    "compute": (svc.compute_period, _l("已重新计算绩效评价草稿")),
    "publish": (svc.publish_period, _l("绩效评价已发布，服务商可在申诉期内申诉")),
    "finalise": (svc.finalise_period, _l("评价结果已确定")),
}


@bp.post("/<int:period_id>/<any(compute, publish, finalise):step>")
@role_required("official")
def period_step(period_id: int, step: str):
    period = get_visible_or_404(EvaluationPeriod, period_id)
    call, done = _PERIOD_STEPS[step]
    if attempt(call, period, current_user):
        flash(str(done), "success")
    return redirect(url_for("evaluation.period", period_id=period.id))


@bp.get("/results/<int:result_id>")
@login_required
def result(result_id: int):
    result = get_visible_or_404(ProviderEvaluation, result_id)
    period = result.period
    is_city = may(current_user, result, Who.CITY)
    return render_template(
        "evaluation/result.html",
        result=result,
        period=period,
        may_adjust=is_city and result.status == "draft",
        may_appeal=may(current_user, result, Who.OWNER)
        and result.status == "published"
        and period.appeal_open(),
        may_decide=is_city and result.status == "appealed",
        removal_rule=svc.removal_rule(result),
        adjust_form=AdjustForm(grade=result.grade),
        appeal_form=AppealForm(),
        decision_form=DecisionForm(),
        events=events_for(result),
    )


def _back(result: ProviderEvaluation):
    return redirect(url_for("evaluation.result", result_id=result.id))


@bp.post("/results/<int:result_id>/adjust")
@role_required("official")
def adjust(result_id: int):
    result = get_visible_or_404(ProviderEvaluation, result_id)
    form = AdjustForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.adjust_grade, result, current_user, form.grade.data, form.reason.data):
        flash(_("评价等级已调整"), "success")
    return _back(result)


@bp.post("/results/<int:result_id>/appeal")
@role_required("provider")
def appeal(result_id: int):
    result = get_visible_or_404(ProviderEvaluation, result_id)
    form = AppealForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.appeal, result, current_user, form.text.data):
        flash(_("申诉已提交，请等待主管部门处理"), "success")
    return _back(result)


@bp.post("/results/<int:result_id>/decide")
@role_required("official")
def decide(result_id: int):
    result = get_visible_or_404(ProviderEvaluation, result_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        svc.decide_appeal,
        result,
        current_user,
        form.decision.data,
        form.reason.data,
        form.grade.data or None,
    ):
        flash(_("申诉处理结果已记录"), "success")
    return _back(result)


@bp.get("/mine")
@role_required("provider")
def mine():
    return render_template("evaluation/mine.html", page=paginate(svc.own_results(current_user)))
