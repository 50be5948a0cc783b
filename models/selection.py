"""Selection rounds (遴选): a city opens a round for one category (标杆企业, 链式案例, 优秀服务商,
优秀产品; targets as data in marketplace/data/expert_review.json), enterprises and providers
nominate themselves or officials nominate them, expert panels score each nomination (the same
ExpertReview and PanelSeat as provider and product review), and the city publishes the result
with the awards, each recorded against one of the city's subsidy items and capped by it."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, ForeignKey, Numeric, String, Text, UniqueConstraint, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity
from models.product import Product


class SelectionRound(Lifecycle, Scoped, Base):
    __tablename__ = "selection_rounds"

    TRANSITIONS = {
        "open": {"scoring": Who.CITY},  # nominations closed, panels score
        "scoring": {"published": Who.CITY},
        "published": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    target_count: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()

    pilot: Mapped[PilotCity] = relationship()
    nominations: Mapped[list["Nomination"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Nomination.id"
    )

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """A round is the city's: its district officials see it, only the city moves it."""
        if jurisdiction.pilot_id is None:
            return cls.id.is_not(None)
        return cls.pilot_id == jurisdiction.pilot_id

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """Every signed-in user sees the rounds (a call for nominations is public)."""
        return cls.id.is_not(None) if getattr(user, "is_authenticated", False) else cls.id < 0

    def __repr__(self) -> str:
        return f"<SelectionRound {self.id} {self.category} {self.status}>"


class Nomination(Lifecycle, Scoped, Base):
    """One nominee of a round: an organisation (enterprise or provider), with its product for
    优秀产品. After publication: selected (with its award, if any) or not selected."""

    __tablename__ = "nominations"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id", "product_id"),)

    TRANSITIONS = {
        "nominated": {"selected": Who.CITY, "not_selected": Who.CITY},
        "selected": {},
        "not_selected": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("selection_rounds.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    statement: Mapped[str] = mapped_column(Text, default="")  # 申报材料: measures and results
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="nominated", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    award_item: Mapped[str | None] = mapped_column(String(40))  # the city's subsidy item code
    award_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[SelectionRound] = relationship(back_populates="nominations")
    organisation: Mapped[Organisation] = relationship()
    product: Mapped[Product | None] = relationship()

    @property
    def name(self) -> str:
        return self.product.name if self.product is not None else self.organisation.name

    @property
    def owner_id(self) -> int:
        return self.organisation_id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        if jurisdiction.pilot_id is None:
            return cls.id.is_not(None)
        return cls.round.has(SelectionRound.pilot_id == jurisdiction.pilot_id)

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The nominee, the city's staff, and everyone once the round is published."""
        return or_(
            own_clause(cls.organisation_id, user),
            staff_clause(cls, user),
            cls.round.has(SelectionRound.status == "published"),
        )

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.status}>"
