"""The blacklist (失信名单): a city-level official bars an organisation, by its 统一社会信用代码,
for a period under a rule (沈阳: 三年内不得申报试点资金) and records what paid subsidy is clawed
back. While an entry is in force the code cannot register again (services/blacklist.py)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, ForeignKey, Numeric, String, Text, and_, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, staff_clause
from models.base import Base, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity
from models.user import User


class BlacklistEntry(Scoped, Base):
    __tablename__ = "blacklist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    rule: Mapped[str] = mapped_column(String(32))  # data/answerable.json blacklist_rules
    reason: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()  # the first day it no longer applies
    clawback_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # lifted early by a city-level official (ends_on then becomes the day it was lifted)
    lifted_at: Mapped[datetime | None] = mapped_column()
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text)

    pilot: Mapped[PilotCity] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])

    def is_in_force(self, today: date | None = None) -> bool:
        today = today or date.today()
        return self.starts_on <= today < self.ends_on

    @classmethod
    def in_force_clause(cls, today: date) -> ColumnElement[bool]:
        return and_(cls.starts_on <= today, cls.ends_on > today)

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """A city's list, seen by every official of the city (entries are city-level)."""
        return true() if jurisdiction.is_all_cities else cls.pilot_id == jurisdiction.pilot_id

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        return staff_clause(cls, user)

    def __repr__(self) -> str:
        return f"<BlacklistEntry {self.id} {self.credit_code}>"
