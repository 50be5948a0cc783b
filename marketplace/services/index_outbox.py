"""The search index follows the database through an outbox.

Every flush that touches what search shows (a product, its stages or cases, a need and its
stages, an organisation) writes index tasks in the same transaction (`note_changes`), so a
committed change always has its task and a rolled-back one never does. After the commit the
process applies what is pending (`apply_pending`); when that fails (the folder's lock held by
another writer, a full disk, a crash) the failure is logged and the user's request stands:
the next writer, or `flask index sync`, applies the tasks left behind. Applying is idempotent:
a task re-reads the row and indexes it as it is now, or drops it.

Each host's index folders keep their own cursor (search_index/folders.py), so a second web
host follows the same outbox with its own copy: point its SEARCH_INDEX_DIR at a local folder
and run `flask index sync` (or just serve: its first write catches up).
"""

import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from marketplace.extensions import db
from models import (
    CaseStudy,
    IndexTask,
    Need,
    NeedStage,
    Organisation,
    Product,
    ProductStage,
    ProviderRating,
    utcnow,
)
from search_index import folders

log = logging.getLogger(__name__)

_SEEN_KEY = "index_tasks_written"
DEFERRED_KEY = "search_deferred"
# which tasks each collection follows
FOLLOWS = {"products": ("product", "organisation"), "needs": ("need", "organisation")}
AFTER_COMMIT_WAIT = 2.0  # seconds a request waits for the lock before leaving it to others
BATCH = 2000
GAP_WAIT = timedelta(seconds=90)  # longer than any request (gunicorn's timeout is 60 s)
KEEP_TASKS = timedelta(days=14)  # a host further behind than this rebuilds (`flask reindex`)


def _changed(obj) -> tuple[str, int] | None:
    if isinstance(obj, Organisation):
        return ("organisation", obj.id)
    if isinstance(obj, Product):
        return ("product", obj.id)
    if isinstance(obj, ProductStage | CaseStudy):
        return ("product", obj.product_id)
    if isinstance(obj, Need):
        return ("need", obj.id)
    if isinstance(obj, NeedStage):
        return ("need", obj.need_id)
    if isinstance(obj, ProviderRating):  # the provider's record, its product pages, its rank
        return ("organisation", obj.provider_id)
    return None


def note_changes(session: Session, flush_context) -> None:
    """after_flush: one task per changed object, inserted in the flush's own transaction."""
    if session.info.get(DEFERRED_KEY):
        return
    seen = session.info.setdefault(_SEEN_KEY, set())
    changes = {_changed(obj) for obj in [*session.new, *session.dirty, *session.deleted]}
    fresh = {c for c in changes if c is not None and c[1] is not None} - seen
    if not fresh:
        return
    now = utcnow()
    rows = [{"kind": kind, "object_id": oid, "created_at": now} for kind, oid in sorted(fresh)]
    session.connection().execute(insert(IndexTask), rows)
    seen |= fresh


def tasks_written(session: Session) -> set[tuple[str, int]]:
    return session.info.get(_SEEN_KEY, set())


def forget_written(session: Session) -> set[tuple[str, int]]:
    return session.info.pop(_SEEN_KEY, set())


def apply_after_commit(changes: set[tuple[str, int]]) -> None:
    """Bring this host's indexes up to date after a commit; never fails the request."""
    try:
        apply_pending(timeout=AFTER_COMMIT_WAIT)
    except folders.LockTimeout as busy:
        log.warning("index %s busy: its pending tasks wait for the next writer", busy)
    except Exception:  # the change is committed and its task waits: say so, fail nothing
        log.exception("applying index tasks failed; they wait for the next writer")


def apply_pending(timeout: float = 60.0, kinds=("products", "needs")) -> dict[str, int]:
    """Apply the tasks each collection of this host has not applied yet; returns how many
    per collection. Raises folders.LockTimeout when a writer holds a folder too long."""
    from marketplace.services import indexing

    root = current_app.config["SEARCH_INDEX_DIR"]
    applied = {}
    for kind in kinds:
        with folders.writer_lock(root, kind, timeout):
            applied[kind] = _apply_kind(indexing, root, kind)
    return applied


def _apply_kind(indexing, root: str, kind: str) -> int:
    build = folders.live_build(root, kind)
    done = 0
    with Session(db.engine) as session:
        while True:
            state = folders.read_cursor(build)
            cursor, gaps = state["task_id"], open_gaps(state.get("gaps", []), time.time())
            tasks = session.execute(
                _task_columns().where(IndexTask.id > cursor).order_by(IndexTask.id).limit(BATCH)
            ).all()
            late = _late_tasks(session, gaps)
            if tasks or late:
                _apply(indexing, session, kind, [*late, *tasks])
                done += sum(1 for t in [*late, *tasks] if t.kind in FOLLOWS[kind])
            cursor, gaps = advance(cursor, gaps, tasks, late, time.time())
            if tasks or late or gaps != state.get("gaps", []):
                folders.write_cursor(build, cursor, gaps=gaps)
            if len(tasks) < BATCH:
                return done


def _task_columns():
    return select(IndexTask.id, IndexTask.kind, IndexTask.object_id, IndexTask.created_at)


def _late_tasks(session: Session, gaps: list) -> list:
    """Tasks committed after younger ones: their ids were gaps when the cursor passed."""
    if not gaps:
        return []
    ids = [gap_id for gap_id, _ in gaps]
    return session.execute(_task_columns().where(IndexTask.id.in_(ids))).all()


def _apply(indexing, session: Session, kind: str, tasks) -> None:
    ids = {k: {t.object_id for t in tasks if t.kind == k} for k in ("product", "need")}
    owners = {t.object_id for t in tasks if t.kind == "organisation"}
    if kind == "products" and (ids["product"] or owners):
        indexing.sync_products(ids["product"], owners, session=session)
    if kind == "needs" and (ids["need"] or owners):
        indexing.sync_needs(ids["need"], owners, session=session)


def open_gaps(gaps: list, now: float) -> list:
    """The gaps still worth waiting for. On PostgreSQL ids are handed out before commit, so
    a transaction that took id 10 can commit after the one that took 11; a gap older than
    GAP_WAIT is an id whose transaction rolled back."""
    return [[gap_id, seen] for gap_id, seen in gaps if now - seen < GAP_WAIT.total_seconds()]


def advance(cursor: int, gaps: list, tasks, late, now: float) -> tuple[int, list]:
    """The cursor past these tasks (ordered by id), and the gaps: the ones left open, less
    those now filled by late tasks, plus the ids missing between the tasks."""
    filled = {t.id for t in late}
    gaps = [gap for gap in gaps if gap[0] not in filled]
    expected = cursor + 1
    for task in tasks:
        gaps.extend([gap_id, now] for gap_id in range(expected, task.id))
        expected = task.id + 1
    return (tasks[-1].id if tasks else cursor), gaps


def enqueue(kind: str, object_ids) -> int:
    """Tasks for these objects (a repair); the caller commits, then applies."""
    rows = [{"kind": kind, "object_id": oid, "created_at": utcnow()} for oid in sorted(object_ids)]
    if rows:
        db.session.execute(insert(IndexTask), rows)
    return len(rows)


def latest_task_id(session=None) -> int:
    session = session or db.session
    return session.scalar(select(func.coalesce(func.max(IndexTask.id), 0)))


def pending(kind: str) -> tuple[int, object]:
    """How many tasks this host's `kind` collection has not applied, and the oldest's time."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    state = folders.read_cursor(folders.live_build(root, kind))
    gap_ids = [gap_id for gap_id, _ in state.get("gaps", [])]
    waiting = (
        or_(IndexTask.id > state["task_id"], IndexTask.id.in_(gap_ids)),
        IndexTask.kind.in_(FOLLOWS[kind]),
    )
    count = db.session.scalar(select(func.count(IndexTask.id)).where(*waiting))
    oldest = db.session.scalar(select(func.min(IndexTask.created_at)).where(*waiting))
    return count, oldest


def prune_old_tasks() -> int:
    """Forget tasks older than KEEP_TASKS (every host has long applied them)."""
    result = db.session.execute(
        delete(IndexTask).where(IndexTask.created_at < utcnow() - KEEP_TASKS)
    )
    return result.rowcount or 0
