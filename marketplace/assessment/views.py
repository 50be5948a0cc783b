"""assessment blueprint: the digital-level self-assessment questionnaire (数字化水平评测),
under /projects like the rest of an enterprise's transformation pages."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.assessment.forms import AssessmentForm, LegacyScoreForm
from marketplace.permissions import role_required
from marketplace.services import digital_level as level_service
from marketplace.services import level_reasons
from marketplace.submission import attempt
from marketplace.wording.levels import level_explanation, level_label, score_text

bp = Blueprint("assessment", __name__, url_prefix="/projects")


def _answers(data: dict, edition: str) -> tuple[dict, dict]:
    """The questionnaire's answers and scene grades as posted (empty on GET)."""
    if request.method != "POST":
        return {}, {}
    answers = {
        q["id"]: request.form.getlist(q["id"])
        if q["type"] == "multi"
        else request.form.get(q["id"])
        for q in data["questions"]
    }
    scenes = {
        s: request.form.get(f"scene_{i}", 0)
        for i, s in enumerate(level_service.all_scenes(edition))
    }
    return answers, scenes


@bp.route("/assessment", methods=["GET", "POST"])
@role_required("enterprise")
def questionnaire():
    enterprise = current_user.organisation
    if enterprise is None:  # admins pass role checks but have no enterprise
        abort(403)
    edition = request.args.get("edition", level_service.CURRENT_EDITION)
    if edition not in level_service.EDITIONS:
        abort(404)
    data = level_service.questionnaire(edition)
    form = LegacyScoreForm() if edition == "2022" else AssessmentForm()
    answers, scenes = _answers(data, edition)
    score = getattr(form, "score", None) and form.score.data
    if form.validate_on_submit() and (
        result := attempt(
            level_service.record_assessment,
            enterprise,
            current_user,
            edition=edition,
            answers=answers,
            scenes=scenes,
            score=score,
        )
    ):
        explained = level_reasons.explain_level(
            level_service.compute_level(edition, answers, scenes, score)
        )
        saved = _(
            "评测已保存：得分 %(s)s，%(level)s。",
            s=score_text(result.score),
            level=level_label(result.level),
        )
        flash(f"{saved} {level_explanation(explained)}", "success")
        return redirect(url_for("enterprise_file.show", org_id=enterprise.id, _anchor="levels"))
    return render_template(
        "assessment/questionnaire.html",
        data=data,
        form=form,
        edition=edition,
        answers=answers,
        scenes=scenes,
        history=level_service.level_history(enterprise),
    )
