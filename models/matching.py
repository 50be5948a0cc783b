"""Every ranking shown to a user is stored, so officials can audit it and the re-ranker can
learn from what happened next (quote requested, accepted, project accepted)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class MatchResult(Base):
    __tablename__ = "match_results"
    __table_args__ = (Index("ix_match_results_need_product", "need_id", "product_id"),)

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
