"""Uploaded documents (contracts, invoices, payment proofs, reports): type and size checked,
bytes stored under instance/uploads with a random name, metadata in Attachment rows."""

import secrets
from pathlib import Path

from flask import current_app

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput
from marketplace.services.workflow import require_action
from models import Attachment
from models.project import ATTACHMENT_PURPOSES

# extension → (content type, accepted leading bytes): the name alone is not trusted.
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_dir() -> Path:
    path = Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_attachment(file, actor, *, project=None, purpose: str = "other") -> Attachment:
    """Store an uploaded file (a werkzeug FileStorage or anything with .filename and .stream).

    A project's file comes from those its ACTIONS table names for "upload_document".
    Raises NotAllowed, InvalidInput 'file_missing', 'file_type' (with allowed=...) or 'file_too_large'
    (with limit_mb=...); nothing is written then.
    """
    if project is not None:
        require_action(project, "upload_document", actor)
    if file is None or not getattr(file, "filename", ""):
        raise InvalidInput("file_missing")
    if purpose not in ATTACHMENT_PURPOSES:
        raise InvalidInput("bad_purpose")
    name = Path(file.filename).name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES:
        raise InvalidInput("file_type", allowed="pdf/jpg/png/xlsx/docx")
    limit = max_upload_bytes()
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput("file_too_large", limit_mb=limit // (1024 * 1024))
    if not data:
        raise InvalidInput("file_empty")
    content_type, magics = ALLOWED_TYPES[ext]
    if not any(data.startswith(m) for m in magics):
        raise InvalidInput("file_type", allowed="pdf/jpg/png/xlsx/docx")
    stored_name = f"{secrets.token_hex(16)}.{ext}"
    (upload_dir() / stored_name).write_bytes(data)
    attachment = Attachment(
        project=project,
        organisation_id=actor.organisation_id,
        uploaded_by_id=actor.id,
        purpose=purpose,
        filename=name[:200],
        stored_name=stored_name,
        content_type=content_type,
        size=len(data),
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    return upload_dir() / attachment.stored_name
