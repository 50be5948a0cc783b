"""quotes blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("quotes", __name__, url_prefix="/quotes")


@bp.get("/inbox")
def inbox():
    return render_template("under_construction.html")


@bp.get("/enterprise-requests")
def enterprise_requests():
    return render_template("under_construction.html")
