"""catalog blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("catalog", __name__, url_prefix="/catalog")


@bp.get("/browse")
def browse():
    return render_template("under_construction.html")


@bp.get("/my-products")
def my_products():
    return render_template("under_construction.html")
