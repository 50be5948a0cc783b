"""An enterprise's digital-transformation need (需求)."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ForeignKey, Numeric, String, Text, and_, false, or_
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow

if TYPE_CHECKING:  # quote requests hang off needs; models/quote.py imports this module
    from models.quote import QuoteRequest
from models.organisation import Organisation


class NeedStage(Base):
    __tablename__ = "need_stages"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class Need(Lifecycle, Scoped, Base):
    __tablename__ = "needs"

    # open: matchable and quotable; awarded: a quote was accepted; closed: withdrawn or done
    TRANSITIONS = {
        "open": {"awarded": Who.OWNER, "closed": Who.OWNER},
        "awarded": {"closed": Who.OWNER, "open": Who.OWNER},
        "closed": {"open": Who.OWNER},
    }
    OPEN_STATUS = "open"
    STRUCTURE_MAX = 1000  # characters of each of pain_points, transformation_plan, support_wanted

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    # the structure 福州 asks a need to state, each optional; pain points and the support
    # wanted also feed matching (services/matching.py need_text)
    pain_points: Mapped[str | None] = mapped_column(Text)  # 转型难点
    transformation_plan: Mapped[str | None] = mapped_column(Text)  # 转型计划
    support_wanted: Mapped[str | None] = mapped_column(Text)  # 期待得到支持
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
    quote_requests: Mapped[list["QuoteRequest"]] = relationship(viewonly=True)
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

    @property
    def owner_id(self) -> int:
        return self.enterprise_id

    def is_owned_by(self, user) -> bool:
        return getattr(user, "organisation_id", None) == self.enterprise_id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """A need's place is its enterprise's city and district."""
        return cls.enterprise.has(Organisation.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The enterprise, staff of its jurisdiction, and providers: an approved provider
        sees the open needs of the cities it serves (its leads) and any need it was asked to
        quote for."""
        return or_(
            own_clause(cls.enterprise_id, user),
            staff_clause(cls, user),
            cls._lead_of(user),
        )

    @classmethod
    def _lead_of(cls, user) -> ColumnElement[bool]:
        organisation = getattr(user, "organisation", None) if user.is_authenticated else None
        if organisation is None or not organisation.is_provider:
            return false()
        asked = cls.quote_requests.any(provider_id=organisation.id)
        if not organisation.is_active_provider:
            return asked
        served = [organisation.pilot_id, *(p.id for p in organisation.served_pilots)]
        return or_(
            asked,
            and_(
                cls.status == cls.OPEN_STATUS, cls.enterprise.has(Organisation.pilot_id.in_(served))
            ),
        )

    def can_compare_quotes(self, user) -> bool:
        """The quotes side by side: the owner, and staff of its jurisdiction (read-only);
        never a provider."""
        return self.is_owned_by(user) or self.is_within(Jurisdiction.of(user))

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.title}>"
