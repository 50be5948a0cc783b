"""Every error of /api/v1 is one JSON shape (ErrorSchema), whoever raised it: a view, the
query-string schema, the auth check, or the router (unknown path, id out of range)."""

from flask_babel import gettext as _
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from marketplace.extensions import db


class ErrorSchema(Schema):
    """错误（所有 4xx / 5xx 响应）"""

    error = fields.String(required=True, metadata={"description": "错误名称，如 Bad Request"})
    status = fields.Integer(required=True, metadata={"description": "HTTP 状态码"})
    message = fields.String(metadata={"description": "说明（如哪些参数不合法）"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "参数名 → 不合法的原因（仅参数错误时出现）"},
    )


def parameter_errors(error: HTTPException) -> dict[str, list[str]]:
    """The per-parameter messages webargs attaches to a failed query-string validation."""
    by_location = (getattr(error, "data", None) or {}).get("messages") or {}
    return {
        name: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        for location in by_location.values()
        for name, messages in location.items()
    }


def json_error(error: HTTPException):
    if error.code >= 500:
        db.session.rollback()
    body = {"error": error.name, "status": error.code, "message": error.description}
    problems = parameter_errors(error)
    if problems:
        body["message"] = _("参数不合法：%(names)s", names="、".join(sorted(problems)))
        body["errors"] = problems
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return body, error.code, headers
