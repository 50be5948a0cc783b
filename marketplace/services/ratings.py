"""Ratings of providers by the enterprises they served: one per project and provider, after
acceptance, by that project's enterprise; one public reply by the provider. The summaries
feed the provider page, the product pages, the API and the matcher's provider record."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.errors import InvalidInput, NotAllowed
from models import Organisation, ProviderRating, utcnow
from models.access import Who, may, organisation_id_of
from models.rating import RATING_ASPECTS

# Bayesian average: PRIOR_WEIGHT imaginary ratings of PRIOR_MEAN (the scale's midpoint, where
# an unrated provider stands) are counted with the real ones, so one review cannot dominate.
PRIOR_WEIGHT = 5
PRIOR_MEAN = 3.0
RECENT = 5
MAX_COMMENT = 2000


def shrunk_average(total: float, count: int) -> float:
    """(C·m + Σ ratings) / (C + n), on the 1–5 scale."""
    return (PRIOR_WEIGHT * PRIOR_MEAN + total) / (PRIOR_WEIGHT + count)


@dataclass
class RatingSummary:
    """A provider's ratings: how many, their plain average and per aspect, the recent ones."""

    count: int = 0
    total: float = 0.0  # the sum of each rating's average of its four aspects
    aspects: dict[str, float] = field(default_factory=dict)
    recent: list[ProviderRating] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return round(self.total / self.count, 2) if self.count else None

    @property
    def shrunk(self) -> float:
        return round(shrunk_average(self.total, self.count), 2)


def rateable_providers(project) -> list[Organisation]:
    """The project's providers (its contracted provider and its 1+1+N parties)."""
    ids = project.party_ids()
    if not ids:
        return []
    return list(
        db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by("id"))
    )


def ratings_of_project(project) -> dict[int, ProviderRating]:
    rows = db.session.scalars(select(ProviderRating).where(ProviderRating.project_id == project.id))
    return {rating.provider_id: rating for rating in rows}


def may_rate(project, user) -> bool:
    return project.has_passed_acceptance and may(user, project, Who.OWNER)


def _score(value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("rating_score_range") from None
    if not 1 <= score <= 5:
        raise InvalidInput("rating_score_range")
    return score


def rate_provider(project, provider_id: int, actor, scores: dict, comment: str = ""):
    """The enterprise's one rating of one of the project's providers. Raises NotAllowed
    (not_owner, rating_before_acceptance), InvalidInput (rating_not_a_party,
    rating_score_range, comment_too_long, already_rated)."""
    if not may(actor, project, Who.OWNER):
        raise NotAllowed("not_owner")
    if not project.has_passed_acceptance:
        raise NotAllowed("rating_before_acceptance")
    if provider_id not in project.party_ids():
        raise InvalidInput("rating_not_a_party")
    values = {aspect: _score(scores.get(aspect)) for aspect in RATING_ASPECTS}
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("comment_too_long", limit=MAX_COMMENT)
    if provider_id in ratings_of_project(project):
        raise InvalidInput("already_rated")
    rating = ProviderRating(
        project_id=project.id,
        provider_id=provider_id,
        enterprise_id=project.enterprise_id,
        author_id=actor.id,
        comment=comment,
        **values,
    )
    db.session.add(rating)
    db.session.flush()  # the unique key (project, provider) refuses a second one in a race
    return rating


def reply_to_rating(rating: ProviderRating, actor, text: str) -> ProviderRating:
    """The rated provider's one public reply."""
    if organisation_id_of(actor) != rating.provider_id:
        raise NotAllowed("not_rated_provider")
    if rating.reply is not None:
        raise InvalidInput("already_replied")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("reply_required")
    if len(text) > MAX_COMMENT:
        raise InvalidInput("comment_too_long", limit=MAX_COMMENT)
    rating.reply = text
    rating.replied_by_id = actor.id
    rating.replied_at = utcnow()
    db.session.flush()
    return rating


def _mean_of_aspects():
    return sum(getattr(ProviderRating, a) for a in RATING_ASPECTS) * 1.0 / len(RATING_ASPECTS)


def rating_totals(provider_ids, session=None) -> dict[int, tuple[int, float]]:
    """provider id → (count, sum of each rating's average), in one query (for the matcher)."""
    if not provider_ids:
        return {}
    rows = (session or db.session).execute(
        select(ProviderRating.provider_id, func.count(), func.sum(_mean_of_aspects()))
        .where(ProviderRating.provider_id.in_(set(provider_ids)))
        .group_by(ProviderRating.provider_id)
    )
    return {pid: (count, float(total or 0)) for pid, count, total in rows}


def rating_summary(provider_id: int, recent: int = RECENT) -> RatingSummary:
    row = db.session.execute(
        select(
            func.count(),
            func.sum(_mean_of_aspects()),
            *(func.avg(getattr(ProviderRating, a)) for a in RATING_ASPECTS),
        ).where(ProviderRating.provider_id == provider_id)
    ).one()
    count, total, *aspects = row
    if not count:
        return RatingSummary()
    latest = db.session.scalars(
        select(ProviderRating)
        .where(ProviderRating.provider_id == provider_id)
        .order_by(ProviderRating.created_at.desc(), ProviderRating.id.desc())
        .limit(recent)
    )
    return RatingSummary(
        count=count,
        total=float(total),
        aspects={a: round(float(v), 2) for a, v in zip(RATING_ASPECTS, aspects, strict=True)},
        recent=list(latest),
    )


def ratings_of_provider(provider_id: int):
    """Every rating of a provider, newest first (a select for paginate)."""
    return (
        select(ProviderRating)
        .where(ProviderRating.provider_id == provider_id)
        .order_by(ProviderRating.created_at.desc(), ProviderRating.id.desc())
    )
