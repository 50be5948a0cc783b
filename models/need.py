"""An enterprise's digital-transformation need (需求)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.organisation import Organisation


class NeedStage(Base):
    __tablename__ = "need_stages"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class Need(Base):
    __tablename__ = "needs"

    # open: matchable and quotable; awarded: a quote was accepted; closed: withdrawn or done
    TRANSITIONS = {
        "open": {"awarded", "closed"},
        "awarded": {"closed", "open"},
        "closed": {"open"},
    }
    OPEN_STATUS = "open"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    budget_min: Mapped[float | None] = mapped_column(Numeric(12, 2))  # 元
    budget_max: Mapped[float | None] = mapped_column(Numeric(12, 2))
    expected_start: Mapped[date | None] = mapped_column()
    duration_days: Mapped[int | None] = mapped_column()
    target_level: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Organisation] = relationship()
    stage_links: Mapped[list[NeedStage]] = relationship(cascade="all, delete-orphan")
    stages: AssociationProxy[list[str]] = association_proxy(
        "stage_links", "stage", creator=lambda stage: NeedStage(stage=stage)
    )

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN_STATUS

    @property
    def pilot_id(self) -> int:
        return self.enterprise.pilot_id

    def is_owned_by(self, user) -> bool:
        return user.organisation_id == self.enterprise_id

    def can_view(self, user) -> bool:
        """Owner, officials of its city/district, and approved providers serving its city."""
        if self.is_owned_by(user):
            return True
        if user.role in ("official", "admin"):
            return user.is_official_of(self.pilot_id, self.enterprise.district_id)
        if user.role == "provider" and user.organisation is not None:
            org = user.organisation
            return org.is_active_provider and org.serves_pilot(self.pilot_id)
        return False

    def can_compare_quotes(self, user) -> bool:
        """The quotes side by side: the owner, and officials of its city (read-only); never
        a provider."""
        if self.is_owned_by(user):
            return True
        if user.role in ("official", "admin"):
            return user.is_official_of(self.pilot_id, self.enterprise.district_id)
        return False

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.title}>"
