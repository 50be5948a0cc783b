"""experts blueprint: an expert's assignments, fields and declared conflicts; a panel review's
page (the expert's scoring form, the official's scores and decision, the 公示 and its
objections); the city's pool; the public list of notices. Routes only; the work is in
services/experts.py and services/expert_panels.py."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from marketplace.experts.forms import (
    ConflictForm,
    DecisionForm,
    ObjectionForm,
    PanelForm,
    ResolveForm,
    score_form,
)
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.services import expert_panels as panels
from marketplace.services import experts as pool_svc
from marketplace.services.expert_rules import city_review, criterion_text
from marketplace.services.workflow import events_for
from marketplace.submission import attempt, flash_form_errors
from marketplace.wording.data_text import said
from models import Expert, ExpertReview, Organisation, Product, PublicityObjection
from models.access import Jurisdiction, Who, may

bp = Blueprint("experts", __name__, url_prefix="/experts")

expert_required = role_required("expert")
official_required = role_required("official")
SUBJECTS = {"provider": Organisation, "product": Product}


@bp.app_template_global()
def criterion_label(pilot_code: str, key: str) -> str:
    return said(criterion_text(pilot_code, key), "text")


@bp.app_template_global()
def panel_state(subject) -> dict:
    """For the review queue and the object pages: does the city review by panel, and the
    application's open (or latest) review."""
    if not panels.uses_panel(subject):
        return {"panel": False}
    reviews = panels.reviews_of(subject)
    latest = reviews[-1] if reviews else None
    is_open = latest is not None and latest.status in ExpertReview.OPEN_STATUSES
    may_form = subject.status == "pending" and not is_open
    return {
        "panel": True,
        "review": latest,
        "kind": "product" if isinstance(subject, Product) else "provider",
        "may_form": may_form and may(current_user, subject, Who.VETTER),
    }


@bp.app_template_global()
def review_subject_name(review: ExpertReview) -> str:
    subject = panels.subject_of(review)
    return subject.name if subject is not None else ""


# --- the expert's own pages ---------------------------------------------------------


@bp.get("/")
@expert_required
def assignments():
    return render_template(
        "experts/assignments.html",
        reviews=panels.assignments_of(current_user),
        expert=pool_svc.expert_of(current_user),
    )


@bp.get("/profile")
@expert_required
def profile():
    return _profile_page(ConflictForm())


def _profile_page(form):
    return render_template(
        "experts/profile.html", expert=pool_svc.expert_of(current_user), form=form
    )


@bp.post("/profile/conflicts")
@expert_required
def declare_conflict():
    form = ConflictForm()
    expert = pool_svc.expert_of(current_user)
    if expert is None:
        abort(404)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _profile_page(form), 400
    args = (expert, form.credit_code.data, form.note.data, current_user)
    if attempt(pool_svc.declare_conflict, *args) is not None:
        flash(_("已记录利益冲突声明：该单位的申请不会再分配给您"), "success")
    return redirect(url_for("experts.profile"))


# --- a panel review -----------------------------------------------------------------


def _labels(review: ExpertReview) -> dict:
    code = review.provider.pilot.code
    return {c["key"]: criterion_label(code, c["key"]) for c in review.criteria}


def _review_page(review: ExpertReview, score=None, decision=None, status=200):
    seat = panels.seat_of(review, current_user)
    is_vetter = may(current_user, review, Who.VETTER)
    labels = _labels(review)
    if seat is not None and score is None:
        score = score_form(review.criteria, labels)
        if seat.scored_at is not None and request.method == "GET":
            score.comment.data = seat.comment
            for key, value in seat.scores.items():
                score[f"c_{key}"].data = value
    page = render_template(
        "experts/review.html",
        review=review,
        subject=panels.subject_of(review),
        seat=seat,
        is_vetter=is_vetter,
        labels=labels,
        score_form=score,
        decision_form=decision or DecisionForm(),
        objection_form=ObjectionForm(),
        resolve_form=ResolveForm(),
        average=panels.average_total(review),
        events=events_for(review) if is_vetter else [],
    )
    return page, status


@bp.get("/reviews/<int:review_id>")
@login_required
def review(review_id: int):
    return _review_page(get_visible_or_404(ExpertReview, review_id))


@bp.post("/reviews/<int:review_id>/score")
@expert_required
def score(review_id: int):
    review = get_visible_or_404(ExpertReview, review_id)
    if panels.seat_of(review, current_user) is None:
        abort(404)
    form = score_form(review.criteria, _labels(review), formdata=request.form)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _review_page(review, score=form, status=400)
    if attempt(panels.score_application, review, current_user, form.scores(), form.comment.data):
        flash(_("评分已提交"), "success")
    return redirect(url_for("experts.review", review_id=review.id))


@bp.post("/reviews/<int:review_id>/decide")
@official_required
def decide(review_id: int):
    review = get_visible_or_404(ExpertReview, review_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _review_page(review, decision=form, status=400)
    approve = form.decision.data == "approve"
    if attempt(panels.decide_application, review, current_user, approve, form.reason.data):
        flash(
            _("审核决定已记录") if approve else _("已决定不通过，服务商会看到您填写的理由"),
            "success",
        )
    return redirect(url_for("experts.review", review_id=review.id))


@bp.post("/reviews/<int:review_id>/close")
@official_required
def close(review_id: int):
    review = get_visible_or_404(ExpertReview, review_id)
    if attempt(panels.close_publicity, review, current_user):
        flash(_("公示期满，已正式上线"), "success")
    return redirect(url_for("experts.review", review_id=review.id))


@bp.post("/reviews/<int:review_id>/objections")
@login_required
def object_to(review_id: int):
    review = get_visible_or_404(ExpertReview, review_id)
    form = ObjectionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(panels.file_objection, review, current_user, form.text.data):
        flash(_("异议已提交，工信部门将核实处理"), "success")
    return redirect(url_for("experts.review", review_id=review.id))


@bp.post("/objections/<int:objection_id>/<outcome>")
@official_required
def resolve(objection_id: int, outcome: str):
    objection = get_or_404(PublicityObjection, objection_id)
    if outcome not in ("uphold", "dismiss") or not objection.review.can_view(current_user):
        abort(404)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        panels.resolve_objection, objection, current_user, outcome == "uphold", form.reason.data
    ):
        flash(_("异议已处理"), "success")
    return redirect(url_for("experts.review", review_id=objection.review_id))


# --- forming a panel ----------------------------------------------------------------


def _subject_or_404(kind: str, object_id: int):
    model = SUBJECTS.get(kind)
    if model is None:
        abort(404)
    subject = get_visible_or_404(model, object_id)
    if not may(current_user, subject, Who.VETTER):
        abort(404)
    return subject


def _expert_choices(form, applicant) -> None:
    """Any expert of the city's pool may be named; the service refuses a conflicted one
    by name (the page lists only those eligible)."""
    experts = pool_svc.pool_of(Jurisdiction(applicant.pilot_id))
    form.experts.choices = [SelectChoice(e.id, e.name) for e in experts]


def _panel_page(kind, subject, form, status=200):
    applicant = panels.applicant_of(subject)
    _expert_choices(form, applicant)
    return (
        render_template(
            "experts/form_panel.html",
            kind=kind,
            subject=subject,
            applicant=applicant,
            form=form,
            rules=city_review(applicant.pilot.code),
            eligible=pool_svc.eligible_experts(applicant.pilot_id, applicant),
        ),
        status,
    )


@bp.get("/panels/<kind>/<int:object_id>")
@official_required
def form_panel(kind: str, object_id: int):
    subject = _subject_or_404(kind, object_id)
    return _panel_page(kind, subject, PanelForm())


@bp.post("/panels/<kind>/<int:object_id>")
@official_required
def create_panel(kind: str, object_id: int):
    subject = _subject_or_404(kind, object_id)
    form = PanelForm()
    _expert_choices(form, panels.applicant_of(subject))
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _panel_page(kind, subject, form, 400)
    made = attempt(panels.form_panel, subject, current_user, form.experts.data, form.size.data)
    if made is None:
        return _panel_page(kind, subject, form, 400)
    flash(_("专家组已组建，专家可在“我的评审”中评分"), "success")
    return redirect(url_for("experts.review", review_id=made.id))


# --- the pool and the notices -------------------------------------------------------


@bp.get("/pool")
@official_required
def pool():
    jurisdiction = Jurisdiction.of(current_user)
    return render_template(
        "experts/pool.html",
        experts=pool_svc.pool_of(jurisdiction),
        queue=panels.panel_queue(Jurisdiction.for_vetting(current_user)),
    )


@bp.get("/publicity")
@login_required
def publicity():
    return render_template("experts/publicity.html", reviews=panels.in_publicity())


@bp.get("/pool/<int:expert_id>")
@official_required
def expert(expert_id: int):
    found = get_or_404(Expert, expert_id)
    if not pool_svc.may_manage_pool(current_user, found.pilot_id):
        abort(404)
    return render_template("experts/expert.html", expert=found, events=events_for(found))
