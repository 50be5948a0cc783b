"""Rounds (批次) of a pilot city: created and edited by the city's city-level officials (or an
admin), one open at a time. The round open on a day is the one whose application window
holds it; a project filed on a day belongs to that round, or, between two windows, to the
latest round opened before it (its 立项 deadline decides whether filing is still possible)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from models import PilotCity, PilotRound
from models.access import Jurisdiction


@dataclass
class RoundData:
    name: str
    opens_on: date | None
    closes_on: date | None
    filing_deadline: date | None
    acceptance_deadline: date | None


def may_manage_rounds(user, pilot_id: int | None = None) -> bool:
    """City-level officials of the city and admins; district officials take part in rounds
    (初审) but do not set them."""
    jurisdiction = Jurisdiction.of(user)
    if jurisdiction is None or jurisdiction.is_district:
        return False
    return pilot_id is None or jurisdiction.is_all_cities or jurisdiction.pilot_id == pilot_id


def create_round(pilot: PilotCity | None, actor, data: RoundData) -> PilotRound:
    if pilot is None:
        raise InvalidInput("pilot_required_for_round")
    if not may_manage_rounds(actor, pilot.id):
        raise NotAllowed("not_round_manager")
    _check(pilot.id, data, None)
    pilot_round = PilotRound(pilot_id=pilot.id, created_by_id=actor.id, **_fields(data))
    db.session.add(pilot_round)
    db.session.flush()
    return pilot_round


def update_round(pilot_round: PilotRound, actor, data: RoundData) -> PilotRound:
    if not may_manage_rounds(actor, pilot_round.pilot_id):
        raise NotAllowed("not_round_manager")
    _check(pilot_round.pilot_id, data, pilot_round.id)
    for name, value in _fields(data).items():
        setattr(pilot_round, name, value)
    db.session.flush()
    return pilot_round


def _fields(data: RoundData) -> dict:
    return {
        "name": data.name.strip(),
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "filing_deadline": data.filing_deadline,
        "acceptance_deadline": data.acceptance_deadline,
    }


def _check(pilot_id: int, data: RoundData, round_id: int | None) -> None:
    name = (data.name or "").strip()
    if not name:
        raise InvalidInput("round_name_required")
    dates = (data.opens_on, data.closes_on, data.filing_deadline, data.acceptance_deadline)
    if any(d is None for d in dates):
        raise InvalidInput("round_dates_required")
    if not (dates[0] <= dates[1] <= dates[2] <= dates[3]):
        raise InvalidInput("round_dates_order")
    others = select(PilotRound).where(PilotRound.pilot_id == pilot_id)
    if round_id is not None:
        others = others.where(PilotRound.id != round_id)
    if db.session.scalar(others.where(PilotRound.name == name)) is not None:
        raise InvalidInput("round_name_taken")
    overlapping = others.where(
        and_(PilotRound.opens_on <= data.closes_on, PilotRound.closes_on >= data.opens_on)
    )
    if db.session.scalar(overlapping) is not None:
        raise InvalidInput("round_overlaps")


def rounds_of(pilot_id: int | None) -> list[PilotRound]:
    """A city's rounds, newest first (every city's for None)."""
    query = select(PilotRound).order_by(PilotRound.opens_on.desc(), PilotRound.id.desc())
    if pilot_id is not None:
        query = query.where(PilotRound.pilot_id == pilot_id)
    return list(db.session.scalars(query))


def open_round(pilot_id: int, today: date | None = None) -> PilotRound | None:
    """The round taking applications on `today` (windows of a city never overlap)."""
    today = today or date.today()
    return db.session.scalar(
        select(PilotRound).where(
            PilotRound.pilot_id == pilot_id,
            PilotRound.opens_on <= today,
            PilotRound.closes_on >= today,
        )
    )


def current_round(pilot_id: int, today: date | None = None) -> PilotRound | None:
    """The round open on `today`, else the latest one opened before it (None before any)."""
    today = today or date.today()
    return open_round(pilot_id, today) or db.session.scalar(
        select(PilotRound)
        .where(PilotRound.pilot_id == pilot_id, PilotRound.opens_on <= today)
        .order_by(PilotRound.opens_on.desc())
        .limit(1)
    )


def days_left(deadline: date, today: date | None = None) -> int:
    """Days from `today` to `deadline` (0 on the day, negative once past)."""
    return (deadline - (today or date.today())).days
