"""projects blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.get("/index")
def index():
    return render_template("under_construction.html")
