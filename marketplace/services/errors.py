"""Typed domain errors. Services raise them; marketplace/errors.py turns them into responses
and the views into flash messages. The user-facing wording lives in the templates."""


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


class Throttled(DomainError):
    """Too many attempts: details `until` (aware datetime), `minutes` and `seconds` to wait."""

    code = "throttled"
