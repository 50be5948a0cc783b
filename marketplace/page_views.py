"""Recording that a page was viewed (matches shown, outcomes seen) without letting it touch
the page: the reads are done, the record is written and committed on its own, and if that
fails the viewer still gets the page and the failure goes to the log."""

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db


def record_view(write, *args) -> None:
    """Run `write(*args)` (a service that adds view records) in its own transaction.

    Called by GET views after their reads, which leave nothing pending in the session, so
    the commit holds the view record alone.
    """
    try:
        write(*args)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception(
            "page view not recorded: %s", getattr(write, "__name__", write)
        )
