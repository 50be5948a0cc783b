"""The home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.page_cache import render_public
from marketplace.services import catalog
from marketplace.services.pilots import all_pilots
from models import Need, Organisation

bp = Blueprint("main", __name__)

ROLE_HOMES = {
    "enterprise": "needs.my_needs",
    "provider": "needs.leads",
    "official": "supervision.review_queue",
    "admin": "supervision.review_queue",
    "assessor": "acceptance.assigned",
    "expert": "experts.assignments",
}


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(ROLE_HOMES[current_user.role]))

    def draw():
        counts = {
            "products": catalog.visible_count(),
            "providers": db.session.scalar(
                select(func.count(Organisation.id)).where(Organisation.is_public())
            ),
            "needs": db.session.scalar(select(func.count(Need.id))),
        }
        return render_template("main/index.html", pilots=all_pilots(), counts=counts)

    return render_public(draw)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    referrer = request.referrer or ""
    target = referrer if referrer.startswith(request.host_url) else url_for("main.index")
    return redirect(target)
