"""Every ranking shown to a user is stored, so officials can audit it and the re-ranker can
learn from what happened next (quote requested, accepted, project accepted)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class MatchResult(Base):
    __tablename__ = "match_results"
    __table_args__ = (
        Index("ix_match_results_need_product", "need_id", "product_id"),
        # a viewer's recent impressions (services/matching.py record_rankings)
        Index("ix_match_results_viewer_need", "viewer_id", "need_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    audience: Mapped[str] = mapped_column(String(16), default="enterprise")  # or 'provider'
    rank: Mapped[int] = mapped_column()
    score: Mapped[float] = mapped_column()
    parts: Mapped[dict] = mapped_column(JSON, default=dict)  # feature name → value
    model_version: Mapped[str] = mapped_column(String(32))
    shown_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RankedMatch(Base):
    """A product's standing for a need, computed when the need, the product or its provider
    changed (marketplace/services/ranked_matches.py) and read back by the need page and the
    provider's leads. `rank` orders the enterprise's list (None: outside the candidate pool
    the enterprise sees, kept for the provider's leads); `parts` are the ranker's features;
    `reasons` the data match_reasons shows."""

    __tablename__ = "ranked_matches"
    __table_args__ = (Index("ix_ranked_matches_need_rank", "need_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    rank: Mapped[int | None] = mapped_column()
    pool_position: Mapped[int] = mapped_column()  # retrieval order among the need's candidates
    score: Mapped[float] = mapped_column()
    parts: Mapped[dict] = mapped_column(JSON, default=dict)
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    model_version: Mapped[str] = mapped_column(String(32))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class NeedRanking(Base):
    """When a need's ranked matches were last computed, and by which ranker (a need with no
    match at all has this row and no RankedMatch)."""

    __tablename__ = "need_rankings"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(32))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadCandidate(Base):
    """A need found near one of the provider's products in the need index (dense or BM25
    neighbours); the provider's leads are drawn from these and the needs sharing a stage with
    its products. Recomputed when the provider's products or the needs of its cities change."""

    __tablename__ = "lead_candidates"

    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True, index=True)


class LeadCandidateSet(Base):
    """When a provider's lead candidates were computed; `is_stale` once a need of its cities
    changed since (recomputing every provider of a city on each need change would cost the
    request seconds; the provider's next leads view recomputes its own, once)."""

    __tablename__ = "lead_candidate_sets"

    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    is_stale: Mapped[bool] = mapped_column(default=False)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
