"""A complaint (投诉) an enterprise files against a provider about a quote request or a
project. The provider answers within the city's deadline; an official of the enterprise's
jurisdiction handles it (调解 / 投诉成立 / 不予支持) with a reason, also one left unanswered
past its deadline. 珠海 removes providers "受到投诉较多但未及时有效解决"."""

from datetime import date, datetime

from sqlalchemy import ColumnElement, ForeignKey, String, Text, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.project import Attachment
from models.user import User

HANDLED = ("mediated", "upheld", "dismissed")
_HANDLING = {outcome: Who.SUPERVISOR for outcome in HANDLED}


class Complaint(Lifecycle, Scoped, Base):
    __tablename__ = "complaints"

    # handling straight from 'filed' is for an overdue one (services/complaints.py says so)
    TRANSITIONS = {
        "filed": {"responded": Who.COUNTERPARTY, **_HANDLING},
        "responded": dict(_HANDLING),
        "mediated": {},
        "upheld": {},
        "dismissed": {},
    }
    STATUSES = ("filed", "responded", *HANDLED)
    OPEN_STATUSES = ("filed", "responded")

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    quote_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("quote_requests.id"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))  # data/answerable.json categories
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="filed", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    respond_by: Mapped[date] = mapped_column(index=True)  # the city's deadline, inclusive
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column()
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    enterprise: Mapped[Organisation] = relationship(foreign_keys=[enterprise_id])
    provider: Mapped[Organisation] = relationship(foreign_keys=[provider_id])
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
    files: Mapped[list["ComplaintFile"]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintFile.id"
    )

    @property
    def owner_id(self) -> int:
        return self.enterprise_id

    @property
    def counterparty_id(self) -> int:
        return self.provider_id

    def is_overdue(self, today: date | None = None) -> bool:
        """Unanswered after its deadline day."""
        return self.status == "filed" and self.respond_by < (today or date.today())

    @classmethod
    def overdue_clause(cls, today: date) -> ColumnElement[bool]:
        return (cls.status == "filed") & (cls.respond_by < today)

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return jurisdiction.covers(cls.pilot_id, cls.district_id)

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The enterprise that filed it, the provider it is against, and staff of the
        enterprise's city or district."""
        return or_(
            own_clause(cls.enterprise_id, user),
            own_clause(cls.provider_id, user),
            staff_clause(cls, user),
        )

    def __repr__(self) -> str:
        return f"<Complaint {self.id} {self.status}>"


class ComplaintFile(Base):
    """An uploaded file (services/attachments.py stores it) given with a complaint; it is
    seen by whoever sees the complaint."""

    __tablename__ = "complaint_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), unique=True)

    complaint: Mapped[Complaint] = relationship(back_populates="files")
    attachment: Mapped[Attachment] = relationship()
