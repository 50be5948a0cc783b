"""Uploaded documents (contracts, invoices, payment proofs, reports): type and size checked,
bytes stored under instance/uploads with a random name, metadata in Attachment rows.

A file on disk always has its committed row: the bytes are written when the row is flushed
and removed again if that transaction rolls back (`_remove_uncommitted_files`); a process
killed in between leaves a file no row names, which `sweep_orphan_files` (`flask uploads
sweep`) removes once it is older than any request could take."""

import secrets
import time
from pathlib import Path

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
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
# all the files of one project together (a full 立项-to-payment file runs to a few dozen MB)
DEFAULT_PROJECT_QUOTA_BYTES = 200 * 1024 * 1024
ORPHAN_AGE_SECONDS = 3600
_NEW_FILES_KEY = "uploads_not_yet_committed"


def max_upload_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def project_quota_bytes() -> int:
    return int(current_app.config.get("PROJECT_UPLOAD_QUOTA_BYTES", DEFAULT_PROJECT_QUOTA_BYTES))


def project_bytes_used(project) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(
            Attachment.project_id == project.id
        )
    )


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
        if project.is_closed:
            raise NotAllowed("project_closed")
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
    if project is not None and project_bytes_used(project) + len(data) > project_quota_bytes():
        raise InvalidInput("project_quota", limit_mb=project_quota_bytes() // (1024 * 1024))
    stored_name = f"{secrets.token_hex(16)}.{ext}"
    path = upload_dir() / stored_name
    path.write_bytes(data)
    db.session.info.setdefault(_NEW_FILES_KEY, []).append(path)
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


def _files_committed(session: Session) -> None:
    session.info.pop(_NEW_FILES_KEY, None)


def _remove_uncommitted_files(session: Session, previous_transaction=None) -> None:
    for path in session.info.pop(_NEW_FILES_KEY, []):
        path.unlink(missing_ok=True)


def register_upload_cleanup(app) -> None:
    if not event.contains(Session, "after_commit", _files_committed):
        event.listen(Session, "after_commit", _files_committed)
        event.listen(Session, "after_soft_rollback", _remove_uncommitted_files)


def sweep_orphan_files(min_age_seconds: int = ORPHAN_AGE_SECONDS) -> list[str]:
    """Remove files under the upload folder that no Attachment row names and that are older
    than `min_age_seconds` (younger ones may belong to a transaction still running)."""
    known = set(db.session.scalars(select(Attachment.stored_name)))
    cutoff = time.time() - min_age_seconds
    removed = []
    for path in upload_dir().iterdir():
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
