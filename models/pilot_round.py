"""Rounds (批次) of a pilot city: the application window in which enterprises apply to join
the pilot, the 立项 deadline for the projects filed in the round and the acceptance
deadline. A city opens them one after another; the round open on a day is the one whose
window holds that day."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.pilot import PilotCity
from models.user import User


class PilotRound(Base):
    __tablename__ = "pilot_rounds"
    __table_args__ = (UniqueConstraint("pilot_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))  # e.g. 2025年第2批
    opens_on: Mapped[date] = mapped_column()
    closes_on: Mapped[date] = mapped_column()  # the last day applications are taken
    filing_deadline: Mapped[date] = mapped_column()  # 立项截止: the last day to file
    acceptance_deadline: Mapped[date] = mapped_column()  # 验收截止
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pilot: Mapped[PilotCity] = relationship()
    created_by: Mapped[User | None] = relationship()

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def __repr__(self) -> str:
        return f"<PilotRound {self.pilot_id} {self.name}>"


class RoundFiling(Base):
    """The round a project was filed (立项) in: the round open on the day of its first
    filing (or the latest round opened before it). A refiling after a return keeps it."""

    __tablename__ = "round_filings"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pilot_rounds.id"), index=True)
    filed_on: Mapped[date] = mapped_column()

    round: Mapped[PilotRound] = relationship()
