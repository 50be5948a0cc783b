"""/healthz for a load balancer: 200 when the database and this host's search index answer,
503 otherwise (`flask init-db` opens the empty indexes of a fresh host). JSON, no session, no
cookie, no login; cheap (no encoder is loaded)."""

import os

from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.services.indexing import INDEX_KINDS
from search_index import folders
from search_index.lexical import index_doc_count

bp = Blueprint("health", __name__)


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False


def _search_index_answers() -> bool:
    root = current_app.config["SEARCH_INDEX_DIR"]
    try:
        builds = [folders.existing_build(root, kind) for kind in INDEX_KINDS]
        return all(
            build is not None and index_doc_count(os.path.join(build, "lexical")) is not None
            for build in builds
        )
    except OSError:
        return False


@bp.get("/healthz")
def healthz():
    checks = {"database": _database_answers(), "search_index": _search_index_answers()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return body, 200 if healthy else 503, {"Cache-Control": "no-store"}
