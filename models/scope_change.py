"""A change an approved provider asks for to the cities and sub-industries it serves
(服务范围变更). It waits for the provider's vetting official; until approved, the served
scope on the organisation stays as it was."""

from datetime import datetime

from sqlalchemy import JSON, ColumnElement, ForeignKey, String, Text, or_, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity, SubIndustry
from models.user import User


class ProviderScopeChange(Scoped, Base):
    __tablename__ = "provider_scope_changes"

    TRANSITIONS = {
        "pending": {"approved": Who.VETTER, "rejected": Who.VETTER},
        "approved": {},
        "rejected": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # the whole requested scope (ids), not a difference: approving sets exactly these
    pilot_ids: Mapped[list] = mapped_column(JSON, default=list)
    sub_industry_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()

    provider: Mapped[Organisation] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def pilots(self) -> list[PilotCity]:
        """The requested cities (besides the provider's home city), for the pages."""
        return self._rows(PilotCity, self.pilot_ids)

    @property
    def sub_industries(self) -> list[SubIndustry]:
        return self._rows(SubIndustry, self.sub_industry_ids)

    def _rows(self, model, ids):
        session = object_session(self)
        if session is None or not ids:
            return []
        return list(session.scalars(select(model).where(model.id.in_(ids)).order_by(model.id)))

    @property
    def owner_id(self) -> int:
        return self.provider_id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return cls.provider.has(Organisation.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The provider itself and the staff who vet it."""
        return or_(
            own_clause(cls.provider_id, user),
            cls.provider.has(staff_clause(Organisation, user, vetting=True)),
        )

    def __repr__(self) -> str:
        return f"<ProviderScopeChange {self.id} {self.status}>"
