"""auth blueprint: routes only; the work is in marketplace/services."""

from flask import Blueprint, render_template

bp = Blueprint("auth", __name__, url_prefix="/account")


@bp.get("/login")
def login():
    return render_template("under_construction.html")


@bp.get("/register")
def register():
    return render_template("under_construction.html")


@bp.get("/profile")
def profile():
    return render_template("under_construction.html")


@bp.post("/logout")
def logout():
    return render_template("under_construction.html")
