"""City subsidy policies (奖补政策) as versioned data rows, and the payments of a project's
confirmed subsidy.

A policy is never edited in place: an official's change is a new version, and a project keeps
the id of the version its subsidy was computed with.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.pilot import PilotCity
from models.user import User


class SubsidyPolicy(Base):
    __tablename__ = "subsidy_policies"
    __table_args__ = (UniqueConstraint("pilot_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    version: Mapped[int] = mapped_column()
    is_current: Mapped[bool] = mapped_column(default=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    # items, eligible kinds, instalments, notes: the shape is documented in
    # marketplace/data/subsidy_policies.json and read by marketplace/services/subsidy.py
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    change_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pilot: Mapped[PilotCity] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SubsidyPolicy {self.pilot_id} v{self.version}>"


class SubsidyPayment(Base):
    """One instalment (分期拨付) of a confirmed subsidy: scheduled, then paid."""

    __tablename__ = "subsidy_payments"
    __table_args__ = (UniqueConstraint("project_id", "instalment"),)

    STATUSES = ("scheduled", "paid")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    instalment: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(64), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(16), default="scheduled", index=True)
    scheduled_on: Mapped[date | None] = mapped_column()
    paid_on: Mapped[date | None] = mapped_column()
    voucher_no: Mapped[str] = mapped_column(String(64), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    project: Mapped["Project"] = relationship(back_populates="payments")  # noqa: F821
    recorded_by: Mapped[User | None] = relationship()
