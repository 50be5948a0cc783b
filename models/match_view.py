"""That an enterprise opened the matches of its own need: a recorded figure for the
supervision funnel (已看匹配), kept apart from the ranking log (MatchResult), which also
holds what providers and officials were shown."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class NeedMatchView(Base):
    __tablename__ = "need_match_views"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True)
    first_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    view_count: Mapped[int] = mapped_column(default=1)
