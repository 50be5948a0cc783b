"""Reference data: the five pilot cities of the seeds, with districts and sub-industries."""

import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from models import District, PilotCity, SubIndustry


def pilot_definitions() -> list[dict]:
    return json.loads(
        resources.files("marketplace.data").joinpath("pilots.json").read_text("utf-8")
    )


def load_pilots() -> int:
    """Create the pilot cities that are missing (idempotent); returns how many were added."""
    existing = set(db.session.scalars(select(PilotCity.code)))
    added = 0
    for spec in pilot_definitions():
        if spec["code"] in existing:
            continue
        pilot = PilotCity(
            code=spec["code"],
            name=spec["name"],
            province=spec["province"],
            target_enterprises=spec.get("target_enterprises", 0),
            is_provider_vetting_city_level=spec.get("is_provider_vetting_city_level", False),
        )
        pilot.districts = [District(name=name) for name in spec["districts"]]
        pilot.sub_industries = [SubIndustry(name=n) for n in spec["sub_industries"]] + [
            SubIndustry(name=n, is_extension=True) for n in spec.get("extension_sub_industries", [])
        ]
        db.session.add(pilot)
        added += 1
    db.session.flush()
    return added


def all_pilots() -> list[PilotCity]:
    """Every pilot city with its sub-industries (the pages list them: one query, not one per
    city)."""
    return list(
        db.session.scalars(
            select(PilotCity).order_by(PilotCity.id).options(selectinload(PilotCity.sub_industries))
        )
    )


def pilot_by_code(code: str) -> PilotCity | None:
    return db.session.scalar(select(PilotCity).where(PilotCity.code == code))
