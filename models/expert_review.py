"""Expert review (专家评审): a city's pool of experts, the panels that score a provider's or a
product's application on the city's criteria, and the public notice (公示) after an
official's approval, with the objections filed during it.

珠海 publishes its product supply list "经专家评审后"; 福州 "委托国家级智库组织专家" to review
providers. Whether a city reviews by panel, its criteria and its notice period are data
(marketplace/data/expert_review.json); the subject stays `pending` until the listing goes live.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity, SubIndustry
from models.user import User

expert_sub_industries = Table(
    "expert_sub_industries",
    Base.metadata,
    Column("expert_id", ForeignKey("experts.id"), primary_key=True),
    Column("sub_industry_id", ForeignKey("sub_industries.id"), primary_key=True),
)


class Expert(Base):
    """An expert of a city's pool: a user with role `expert`, their fields (stages and
    sub-industries) and the conflicts of interest they declared."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    affiliation: Mapped[str] = mapped_column(String(120), default="")  # 所在单位 / 智库
    stages: Mapped[list] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    pilot: Mapped[PilotCity] = relationship()
    sub_industries: Mapped[list[SubIndustry]] = relationship(secondary=expert_sub_industries)
    conflicts: Mapped[list["ExpertConflict"]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", order_by="ExpertConflict.id"
    )

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def status(self) -> str:
        """The state the pool's events name (declaring a conflict keeps it)."""
        return "active" if self.is_active else "inactive"

    def conflicts_with(self, organisation: Organisation) -> bool:
        """A declared conflict names the organisation by id or by its credit code."""
        return any(
            c.organisation_id == organisation.id or c.credit_code == organisation.credit_code
            for c in self.conflicts
        )

    def __repr__(self) -> str:
        return f"<Expert {self.id} user={self.user_id}>"


class ExpertConflict(Base):
    """A declared conflict of interest (利益冲突/回避): an organisation the expert works for,
    advises or holds shares in. It keeps the expert off that organisation's panels."""

    __tablename__ = "expert_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    expert: Mapped[Expert] = relationship(back_populates="conflicts")
    organisation: Mapped[Organisation | None] = relationship()


class ExpertReview(Lifecycle, Scoped, Base):
    """One application under panel review: a provider's admission or a product's listing.
    Its place is the provider's seat, so the vetting official of the provider runs it."""

    __tablename__ = "expert_reviews"

    TRANSITIONS = {
        "scoring": {
            "publicity": Who.VETTER,
            "approved": Who.VETTER,
            "rejected": Who.VETTER,
            "cancelled": Who.VETTER,
        },
        # the end of the notice: live (approved) or blocked by an upheld objection (rejected)
        "publicity": {"approved": Who.VETTER, "rejected": Who.VETTER},
        "approved": {},
        "rejected": {},
        "cancelled": {},
    }
    ACTIONS = {"score": (Who.EXPERT,)}
    OPEN_STATUSES = ("scoring", "publicity")

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16))  # organisations | products
    subject_id: Mapped[int] = mapped_column(index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    status: Mapped[str] = mapped_column(String(16), default="scoring", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    # the city's criteria as they stood when the panel was formed: [{key, weight}]
    criteria: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    publicity_ends_on: Mapped[date | None] = mapped_column()  # the last day of the notice
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    provider: Mapped[Organisation] = relationship()
    seats: Mapped[list["PanelSeat"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="PanelSeat.id"
    )
    objections: Mapped[list["PublicityObjection"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="PublicityObjection.id"
    )
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def owner_id(self) -> int:
        return self.provider_id

    def expert_user_ids(self) -> set[int]:
        return {seat.expert.user_id for seat in self.seats}

    @property
    def is_fully_scored(self) -> bool:
        return bool(self.seats) and all(seat.scored_at is not None for seat in self.seats)

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return jurisdiction.covers(cls.pilot_id, cls.district_id)

    @classmethod
    def seated_clause(cls, user) -> ColumnElement[bool]:
        """The reviews the user sits on as an expert."""
        if not getattr(user, "is_authenticated", False) or user.role != "expert":
            return false()
        return cls.id.in_(select(PanelSeat.review_id).join(Expert).where(Expert.user_id == user.id))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The vetting staff of the provider's seat, and the experts seated on the panel;
        during the notice everyone signed in (the 公示 is public)."""
        signed_in = getattr(user, "is_authenticated", False)
        return or_(
            staff_clause(cls, user, vetting=True),
            cls.seated_clause(user),
            cls.status == "publicity" if signed_in else false(),
        )

    def __repr__(self) -> str:
        return f"<ExpertReview {self.id} {self.subject_type}:{self.subject_id} {self.status}>"


class PanelSeat(Base):
    """One expert on one panel, with their scores per criterion (1–10) and comment."""

    __tablename__ = "panel_seats"
    __table_args__ = (UniqueConstraint("review_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("expert_reviews.id"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # criterion key → 1..10
    total: Mapped[float | None] = mapped_column()  # weighted, out of 100
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime | None] = mapped_column()
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[ExpertReview] = relationship(back_populates="seats")
    expert: Mapped[Expert] = relationship()


class PublicityObjection(Lifecycle, Base):
    """An objection (异议) filed during the notice; the vetting official upholds it (the
    listing is blocked) or dismisses it, with reasons."""

    __tablename__ = "publicity_objections"

    TRANSITIONS = {
        "filed": {"upheld": Who.VETTER, "dismissed": Who.VETTER},
        "upheld": {},
        "dismissed": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("expert_reviews.id"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="filed", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    review: Mapped[ExpertReview] = relationship(back_populates="objections")
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])

    def is_within(self, jurisdiction) -> bool:
        """An objection lies where its review lies (who may resolve it: the review's vetter)."""
        return self.review.is_within(jurisdiction)
