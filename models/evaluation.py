"""Provider performance evaluation (服务商绩效评价): a city evaluates, per quarter or year, every
approved provider serving it from the platform's own records (the rubric is data:
marketplace/data/evaluation_rubric.json). The city-level official reviews the computed draft,
may adjust a grade with a reason, and publishes it; the provider sees its result and may
appeal within the window; the city decides the appeal; then the result is final, and a final
清退 removes the provider from the city."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity
from models.user import User

GRADES = ("excellent", "qualified", "needs_improvement", "removal")  # 优秀 合格 待改进 清退
APPEAL_DECISIONS = ("upheld", "dismissed")


class EvaluationPeriod(Lifecycle, Scoped, Base):
    __tablename__ = "evaluation_periods"
    __table_args__ = (UniqueConstraint("pilot_id", "code"),)

    TRANSITIONS = {
        "draft": {"published": Who.CITY},
        "published": {"final": Who.CITY},  # after the appeal window
        "final": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    code: Mapped[str] = mapped_column(String(8))  # 2026Q3 or 2026
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()  # the first day after the period
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime | None] = mapped_column()
    published_on: Mapped[date | None] = mapped_column()
    appeal_until: Mapped[date | None] = mapped_column()  # the last day to appeal, inclusive
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pilot: Mapped[PilotCity] = relationship()
    created_by: Mapped[User | None] = relationship()
    results: Mapped[list["ProviderEvaluation"]] = relationship(
        back_populates="period", order_by="ProviderEvaluation.id", viewonly=True
    )

    @property
    def last_day(self) -> date:
        return self.ends_on - timedelta(days=1)

    def appeal_open(self, today: date | None = None) -> bool:
        today = today or date.today()
        return (
            self.status == "published"
            and self.appeal_until is not None
            and (today <= self.appeal_until)
        )

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """City-level rows: every official of the city sees them (the city acts on them)."""
        return true() if jurisdiction.is_all_cities else cls.pilot_id == jurisdiction.pilot_id

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        return staff_clause(cls, user)

    def __repr__(self) -> str:
        return f"<EvaluationPeriod {self.id} {self.code} {self.status}>"


class ProviderEvaluation(Lifecycle, Scoped, Base):
    """One provider's result in a period: each indicator's raw figure and points (JSON, as
    computed), the score, the computed grade and the grade that stands (adjusted or decided on
    appeal), and the hard rule that set it, if one did."""

    __tablename__ = "provider_evaluations"
    __table_args__ = (UniqueConstraint("period_id", "provider_id"),)

    TRANSITIONS = {
        "draft": {"published": Who.CITY},
        "published": {"appealed": Who.OWNER, "final": Who.CITY},
        "appealed": {"final": Who.CITY},  # the decision on the appeal
        "final": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("evaluation_periods.id"), index=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    indicators: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    computed_grade: Mapped[str] = mapped_column(String(24))
    grade: Mapped[str] = mapped_column(String(24))
    hard_rule: Mapped[str | None] = mapped_column(String(40))
    adjust_reason: Mapped[str | None] = mapped_column(Text)
    appeal_text: Mapped[str | None] = mapped_column(Text)
    appealed_at: Mapped[datetime | None] = mapped_column()
    decision: Mapped[str | None] = mapped_column(String(16))  # APPEAL_DECISIONS
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()

    period: Mapped[EvaluationPeriod] = relationship(back_populates="results")
    provider: Mapped[Organisation] = relationship()
    decided_by: Mapped[User | None] = relationship()

    @property
    def owner_id(self) -> int:
        return self.provider_id

    @property
    def title(self) -> str:
        """What a notification names: the city and the period."""
        return f"{self.period.pilot.name} {self.period.code}"

    @property
    def is_adjusted(self) -> bool:
        return self.grade != self.computed_grade

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return true() if jurisdiction.is_all_cities else cls.pilot_id == jurisdiction.pilot_id

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The city's staff; the provider itself once the result is published."""
        return or_(
            staff_clause(cls, user),
            and_(own_clause(cls.provider_id, user), cls.status != "draft"),
        )

    def __repr__(self) -> str:
        return f"<ProviderEvaluation {self.id} {self.grade} {self.status}>"
