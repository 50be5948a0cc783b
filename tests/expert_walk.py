"""Walking an application through a city's expert panel the way the product does: a pool of
experts (made once per city and test), the drawn panel, every expert's scores, the official's
decision and, where the city has a notice period, its end without objection."""

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import expert_panels
from marketplace.services.expert_rules import city_review
from marketplace.services.experts import create_expert_user
from models import Expert

PASSWORD = "secret123"


def pool(city, size: int | None = None) -> list[Expert]:
    """At least `size` (the city's smallest panel) experts in the city's pool."""
    size = size or city_review(city.code).panel_min
    experts = list(db.session.scalars(select(Expert).where(Expert.pilot_id == city.id)))
    for n in range(len(experts), size):
        experts.append(
            create_expert_user(
                email=f"expert{n}.{city.code}@example.cn",
                name=f"{city.name}专家{n}",
                password=PASSWORD,
                pilot=city,
                affiliation="智库",
            )
        )
    return experts


def score_all(review, value: int = 8) -> None:
    for seat in review.seats:
        scores = {c["key"]: value for c in review.criteria}
        expert_panels.score_application(review, seat.expert.user, scores, "材料完整，能力较强")


def panel_walk(subject, official, approve: bool, reason: str | None = None) -> None:
    applicant = expert_panels.applicant_of(subject)
    pool(applicant.pilot)
    review = expert_panels.form_panel(subject, official)
    score_all(review)
    expert_panels.decide_application(review, official, approve, reason)
    if review.status == "publicity":
        after = review.publicity_ends_on + timedelta(days=1)
        expert_panels.close_publicity(review, official, today=after)
