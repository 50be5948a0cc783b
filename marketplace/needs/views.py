"""needs blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("needs", __name__, url_prefix="/needs")


@bp.get("/my-needs")
def my_needs():
    return render_template("under_construction.html")


@bp.get("/leads")
def leads():
    return render_template("under_construction.html")
