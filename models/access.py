"""Who may see what and who may act, decided once.

One jurisdiction rule for staff: an admin works everywhere, a city official in the city, a
district official in the district (rows without a district belong to the city level). Each
aggregate builds on it one SQL clause, `Model.visible_to(user)`, and its instance check,
`obj.can_view(user)`, evaluates that same clause for the one row, so what a list shows and
what a page lets through cannot disagree.

Who may make a transition is named in the aggregate's TRANSITIONS table (from → {to: who}),
and who may take an action that changes no state in its ACTIONS table (action → whos); the
names are the `Who` members below, decided by `may`.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, false, select, true
from sqlalchemy.orm import object_session

STAFF_ROLES = ("official", "admin")


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES


def organisation_id_of(user) -> int | None:
    """The organisation an enterprise or provider user acts for (None for everyone else)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return user.organisation_id


@dataclass(frozen=True)
class Jurisdiction:
    """The slice of the platform a staff user works in.

    pilot_id None: every city (an admin); district_id None: the whole city.
    """

    pilot_id: int | None = None
    district_id: int | None = None

    @classmethod
    def of(cls, user, pilot_id: int | None = None) -> "Jurisdiction | None":
        """The user's jurisdiction (None if not staff); an admin may narrow it to one city."""
        if not is_staff(user):
            return None
        if user.role == "admin":
            return cls(pilot_id or None)
        if user.pilot_id is None:
            return None
        return cls(user.pilot_id, user.district_id)

    @classmethod
    def for_vetting(cls, user) -> "Jurisdiction | None":
        """Whose providers and products the user vets: the district's, or the whole city's
        where the city vets providers at city level."""
        jurisdiction = cls.of(user)
        if jurisdiction is None or jurisdiction.district_id is None:
            return jurisdiction
        if user.pilot is not None and user.pilot.is_provider_vetting_city_level:
            return cls(jurisdiction.pilot_id)
        return jurisdiction

    @property
    def is_all_cities(self) -> bool:
        return self.pilot_id is None

    @property
    def is_district(self) -> bool:
        return self.district_id is not None

    def covers(self, pilot_column, district_column) -> ColumnElement[bool]:
        clauses = []
        if self.pilot_id is not None:
            clauses.append(pilot_column == self.pilot_id)
        if self.district_id is not None:
            clauses.append(district_column == self.district_id)
        return and_(true(), *clauses)


def own_clause(column, user) -> ColumnElement[bool]:
    """`column` holds the id of the organisation the user acts for."""
    organisation_id = organisation_id_of(user)
    return false() if organisation_id is None else column == organisation_id


def staff_clause(model, user, vetting: bool = False) -> ColumnElement[bool]:
    """The staff part of a visibility clause: false() for everyone who is not staff."""
    jurisdiction = Jurisdiction.for_vetting(user) if vetting else Jurisdiction.of(user)
    if jurisdiction is None:
        return false()
    return model.in_jurisdiction(jurisdiction)


def manages_accounts(user) -> bool:
    """Account administration (disable, re-enable, temporary password) is a city-level task:
    admins and city-level officials; a district official refers it to the city. Which
    accounts each may manage is `User.manageable_by`."""
    jurisdiction = Jurisdiction.of(user)
    return jurisdiction is not None and not jurisdiction.is_district


class Scoped:
    """Mixin for aggregates: two SQL clauses per model, and the instance checks that
    evaluate them for one row, so a list and a page cannot disagree."""

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """The rows whose place (city, district) lies inside `jurisdiction`."""
        raise NotImplementedError

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        raise NotImplementedError

    def can_view(self, user) -> bool:
        return self._matches(type(self).visible_to(user))

    def is_within(self, jurisdiction: Jurisdiction | None) -> bool:
        return jurisdiction is not None and self._matches(type(self).in_jurisdiction(jurisdiction))

    def _matches(self, clause) -> bool:
        session = object_session(self)
        if session is None or self.id is None:
            return False
        model = type(self)
        return session.scalar(select(model.id).where(model.id == self.id, clause)) is not None


class Who(StrEnum):
    """Who may make a transition (the values of the TRANSITIONS tables)."""

    OWNER = "owner"  # the organisation the aggregate belongs to (the enterprise of a need…)
    COUNTERPARTY = "counterparty"  # the provider a quote request was sent to
    PARTY = "party"  # any provider of a project's 1+1+N
    VETTER = "vetter"  # staff vetting the provider (district, or city where set so)
    DISTRICT = "district_official"  # 区县初审: a district official of the row's district
    CITY = "city_official"  # 市级复核 and the money: a city-level official or an admin
    SUPERVISOR = "supervisor"  # any staff whose jurisdiction covers the row
    ASSESSOR = "assessor"  # a user of the assessment agency assigned to the row (第三方评估机构)
    EXPERT = "expert"  # an expert seated on the row's review panel (models/expert_review.py)


def may(user, subject, who: Who) -> bool:
    """Whether `user` is the `who` of `subject` (which names its owner and places)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    organisation_id = organisation_id_of(user)
    if who is Who.OWNER:
        return organisation_id is not None and organisation_id == subject.owner_id
    if who is Who.COUNTERPARTY:
        return organisation_id is not None and organisation_id == subject.counterparty_id
    if who is Who.PARTY:
        return organisation_id is not None and organisation_id in subject.party_ids()
    if who is Who.ASSESSOR:
        assessor_id = getattr(subject, "assessor_id", None)
        return (
            user.role == "assessor" and assessor_id is not None and organisation_id == assessor_id
        )
    if who is Who.EXPERT:
        return user.role == "expert" and user.id in subject.expert_user_ids()
    jurisdiction = Jurisdiction.for_vetting(user) if who is Who.VETTER else Jurisdiction.of(user)
    if not subject.is_within(jurisdiction):
        return False
    if who is Who.DISTRICT:
        return user.role == "official" and jurisdiction.is_district
    if who is Who.CITY:
        return not jurisdiction.is_district
    return True  # VETTER, SUPERVISOR
