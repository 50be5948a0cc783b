"""An enterprise's application (申报) to join the pilot (入库) in one round: its eligibility
declarations, the materials the city asks for, and the steps 区县初审 → 市级复核. An
admitted enterprise may later be removed by the city (福州 动态调整)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ColumnElement, ForeignKey, Numeric, String, Text, UniqueConstraint, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.pilot_round import PilotRound


class PilotApplication(Lifecycle, Scoped, Base):
    __tablename__ = "pilot_applications"
    __table_args__ = (UniqueConstraint("enterprise_id", "round_id"),)

    TRANSITIONS = {
        "draft": {"submitted": Who.OWNER},
        # 区县初审: pass, or return saying what is missing
        "submitted": {"district_checked": Who.DISTRICT, "returned": Who.DISTRICT},
        "returned": {"submitted": Who.OWNER},
        # 市级复核
        "district_checked": {"admitted": Who.CITY, "rejected": Who.CITY},
        "admitted": {"removed": Who.CITY},  # 动态调整: taken off the pilot list
        "rejected": {},
        "removed": {},
    }
    # lifecycle order, for the dashboard and the filters
    STATUSES = (
        "draft",
        "submitted",
        "returned",
        "district_checked",
        "admitted",
        "rejected",
        "removed",
    )
    # the states in which the application still waits for someone
    OPEN_STATUSES = ("draft", "submitted", "returned", "district_checked")

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pilot_rounds.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)

    # the declarations (申报承诺), checked against the rules when submitted
    employee_count: Mapped[int | None] = mapped_column()
    revenue_wan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 营业收入, 万元
    size_class: Mapped[str | None] = mapped_column(String(8))  # medium / small / micro
    is_independent_legal_person: Mapped[bool] = mapped_column(default=False)
    has_clean_credit: Mapped[bool] = mapped_column(default=False)  # 近三年无不良信用记录
    exclusions: Mapped[list] = mapped_column(JSON, default=list)  # codes declared to apply
    digital_level: Mapped[int | None] = mapped_column()  # self-assessed, 0–4
    materials: Mapped[list] = mapped_column(JSON, default=list)  # codes of materials given
    materials_note: Mapped[str] = mapped_column(Text, default="")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()  # admitted or rejected

    enterprise: Mapped[Organisation] = relationship()
    round: Mapped[PilotRound] = relationship()

    @property
    def owner_id(self) -> int:
        return self.enterprise_id

    @property
    def is_admitted(self) -> bool:
        return self.status == "admitted"

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return cls.enterprise.has(Organisation.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The enterprise itself and the staff whose jurisdiction holds it."""
        return or_(
            own_clause(cls.enterprise_id, user),
            cls.enterprise.has(staff_clause(Organisation, user)),
        )

    def __repr__(self) -> str:
        return f"<PilotApplication {self.id} {self.status}>"
