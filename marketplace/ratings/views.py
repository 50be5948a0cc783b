"""ratings blueprint: the enterprise rates a project's providers after acceptance, the
provider replies once, and anyone reads a provider's ratings. Routes only."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.pagination import paginate
from marketplace.permissions import get_or_404, get_visible_or_404, role_required
from marketplace.ratings.forms import RatingForm, ReplyForm
from marketplace.services import ratings as svc
from marketplace.submission import attempt, flash_form_errors
from models import Organisation, Project, ProviderRating

bp = Blueprint("ratings", __name__, url_prefix="/ratings")


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@role_required("enterprise")
def rate(project_id: int):
    project = get_visible_or_404(Project, project_id)
    form = RatingForm()
    if form.is_submitted():
        if not form.validate():
            flash_form_errors(form)
        else:
            provider_id = int(form.provider_id.data) if form.provider_id.data.isdigit() else 0
            done = attempt(
                svc.rate_provider,
                project,
                provider_id,
                current_user,
                form.scores(),
                form.comment.data,
            )
            if done is not None:
                flash(_("评价已提交，将在服务商页面和产品页面公开展示"), "success")
        return redirect(url_for("ratings.rate", project_id=project.id))
    return render_template(
        "ratings/rate.html",
        project=project,
        form=form,
        providers=svc.rateable_providers(project),
        ratings=svc.ratings_of_project(project),
        may_rate=svc.may_rate(project, current_user),
    )


@bp.post("/<int:rating_id>/reply")
@role_required("provider")
def reply(rating_id: int):
    rating = get_or_404(ProviderRating, rating_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(svc.reply_to_rating, rating, current_user, form.reply.data) is not None:
        flash(_("回复已公开"), "success")
    return redirect(url_for("ratings.provider", provider_id=rating.provider_id))


@bp.get("/providers/<int:provider_id>")
def provider(provider_id: int):
    """A provider's ratings, public while the provider is approved (and to itself)."""
    org = get_or_404(Organisation, provider_id)
    is_self = current_user.is_authenticated and current_user.organisation_id == org.id
    if not org.is_provider or not (org.is_active_provider or is_self):
        abort(404)
    page = paginate(svc.ratings_of_provider(org.id))
    return render_template(
        "ratings/provider.html",
        provider=org,
        summary=svc.rating_summary(org.id),
        page=page,
        is_self=is_self,
        reply_form=ReplyForm(),
    )


@bp.get("/mine")
@role_required("provider")
def provider_self():
    """The signed-in provider's own ratings page (where it replies)."""
    return redirect(url_for("ratings.provider", provider_id=current_user.organisation_id))
