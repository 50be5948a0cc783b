"""enterprise_file blueprint: the 一企一档 page of one enterprise and its CSV/Excel export,
under /projects where the enterprise and its officials find it."""

from urllib.parse import quote

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from marketplace.enterprise_file.sheets import enterprise_file_sheets
from marketplace.permissions import get_or_404, role_required
from marketplace.services import enterprise_file as svc
from marketplace.services.exports import csv_bytes, xlsx_bytes
from models import Organisation

bp = Blueprint("enterprise_file", __name__, url_prefix="/projects")

BOM = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _csv(sheets) -> bytes:
    """Every sheet under its 【title】 in one CSV, with a single byte-order mark."""
    body = b"".join(
        csv_bytes([f"【{title}】"], []) + csv_bytes(headers, rows)
        for title, headers, rows in sheets
    )
    return BOM + body.replace(BOM, b"")


@bp.get("/enterprise/<int:org_id>")
@login_required
def show(org_id: int):
    enterprise = get_or_404(Organisation, org_id)
    if not svc.can_view_enterprise_file(current_user, enterprise):
        abort(404)
    data = svc.enterprise_file(enterprise)
    name = f"一企一档-{enterprise.id}"
    export = request.args.get("format")
    if export == "csv":
        sheets = enterprise_file_sheets(data)
        return _download(_csv(sheets), f"{name}.csv", "text/csv; charset=utf-8")
    if export == "xlsx":
        return _download(xlsx_bytes(enterprise_file_sheets(data)), f"{name}.xlsx", XLSX)
    return render_template("enterprise_file/show.html", **data)


@bp.get("/my-file")
@role_required("enterprise")
def my_file():
    if current_user.organisation is None:
        abort(403)
    return redirect(url_for("enterprise_file.show", org_id=current_user.organisation_id))
