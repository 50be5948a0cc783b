"""The data generation (models/generation.py): bumped inside every transaction that wrote
data, read by the kept pages (marketplace/page_cache.py) to know a page is still true.

It is kept at the connection, below every session: whatever writes through the app's engine
(a view, a service's own session, the index worker, a CLI command) marks its connection, and
the commit that ends the transaction adds one to the number in the same transaction, so no
reader can see the data without the new number. Writes that no kept page shows do not
count, or no page would stay kept while people use the site:
- throttle marks: every search and sign-in attempt writes one;
- view records (a ranking as shown, an enterprise opening its matches): a need page or a lead
  list drawn for someone writes them, and each of those used to throw away every page kept
  for every user. Only the dashboard's figures read them, and those are kept for their own
  short time (services/supervision/figures_cache.py); the audit pages that list them are
  always drawn.
"""

from sqlalchemy import event, select

from marketplace.extensions import db
from models import DataGeneration

WRITES = ("INSERT", "UPDATE", "DELETE")
NOT_SHOWN = (
    "throttle_marks",
    "alembic_version",
    "match_results",  # models/matching.py MatchResult
    "need_match_views",  # models/match_view.py NeedMatchView
)
_WROTE = "wrote_data"


def data_generation() -> int:
    return db.session.scalar(select(DataGeneration.number).where(DataGeneration.id == 1)) or 0


def watch(engine) -> None:
    """Count the engine's committed writes (once per engine)."""
    if not event.contains(engine, "before_cursor_execute", _mark_write):
        event.listen(engine, "before_cursor_execute", _mark_write)
        event.listen(engine, "commit", _bump)
        event.listen(engine, "rollback", _forget)


def _mark_write(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    head = statement.lstrip()[:80]
    if head[:6].upper() in WRITES and not any(name in head for name in NOT_SHOWN):
        conn.info[_WROTE] = True


def _bump(conn) -> None:
    """Just before the commit, on the same DBAPI connection (no engine events run again). A
    savepoint keeps a database without the table yet (mid-migration) from failing the
    commit it rides on; a table emptied by hand gets its row back."""
    if not conn.info.pop(_WROTE, False):
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute("SAVEPOINT data_generation")
        try:
            cursor.execute("UPDATE data_generation SET number = number + 1 WHERE id = 1")
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO data_generation (id, number) VALUES (1, 1)")
        except Exception:  # noqa: BLE001 - no table yet: nothing keeps pages either
            cursor.execute("ROLLBACK TO SAVEPOINT data_generation")
        cursor.execute("RELEASE SAVEPOINT data_generation")
    finally:
        cursor.close()


def _forget(conn) -> None:
    conn.info.pop(_WROTE, None)
