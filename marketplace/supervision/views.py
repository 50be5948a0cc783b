"""supervision blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


@bp.get("/review-queue")
def review_queue():
    return render_template("under_construction.html")


@bp.get("/enterprises")
def enterprises():
    return render_template("under_construction.html")


@bp.get("/providers")
def providers():
    return render_template("under_construction.html")


@bp.get("/products")
def products():
    return render_template("under_construction.html")


@bp.get("/needs")
def needs():
    return render_template("under_construction.html")


@bp.get("/activity")
def activity():
    return render_template("under_construction.html")
