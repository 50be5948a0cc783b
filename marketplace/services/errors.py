"""Typed domain errors. Services raise them; marketplace/errors.py turns them into responses
and the views into flash messages. The user-facing wording lives in marketplace/wording."""

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError


class DomainError(Exception):
    """Base class: `code` names the situation for the message catalogue."""

    code = "domain_error"

    def __init__(self, code: str | None = None, **details):
        self.code = code or self.code
        self.details = details
        super().__init__(self.code)


class InvalidTransition(DomainError):
    code = "invalid_transition"


class NotAllowed(DomainError):
    code = "not_allowed"


class InvalidInput(DomainError):
    code = "invalid_input"


class Conflict(DomainError):
    """Someone else changed the same thing first (a lost race, or a unique rule the database
    keeps); nothing of this request was saved."""

    code = "conflict"


def as_domain_error(error: Exception) -> DomainError | None:
    """The domain error an exception means, or None for a real fault. A unique or foreign
    key the database refused (two users creating the same thing at once) and an UPDATE that
    lost a race are conflicts: the user is told, nothing was saved, and it is never a 500."""
    if isinstance(error, DomainError):
        return error
    if isinstance(error, StaleDataError):
        return Conflict("moved_meanwhile")
    if isinstance(error, IntegrityError):
        return Conflict()
    if isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in LOST_RACES:
        return Conflict()
    return None


# PostgreSQL's deadlock_detected and serialization_failure: the database chose this
# transaction to lose; the other one's change stands
LOST_RACES = ("40P01", "40001")


class Throttled(DomainError):
    """Too many attempts: details `until` (aware datetime), `minutes` and `seconds` to wait."""

    code = "throttled"
