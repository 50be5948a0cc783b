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


# Raised when the actor is not the one a transition or action table names (models/access.Who).
class NotOwner(NotAllowed):
    code = "not_owner"


class NotCounterparty(NotAllowed):
    code = "not_provider"


class NotProjectMember(NotAllowed):
    code = "not_project_member"


class NotVetter(NotAllowed):
    code = "not_vetter"


class NotDistrictOfficial(NotAllowed):
    code = "not_district_official"


class NotCityOfficial(NotAllowed):
    code = "not_city_official"


class NotSupervisor(NotAllowed):
    code = "not_official_of_project"
