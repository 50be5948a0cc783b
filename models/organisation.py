"""Organisations: enterprises (被改造企业) and digital service providers (服务商).

One table with a `kind`; the columns that only make sense for one kind are nullable
and checked by the registration services.
"""

from datetime import datetime

from sqlalchemy import Column, ColumnElement, ForeignKey, String, Table, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.pilot import District, PilotCity, SubIndustry

ENTERPRISE = "enterprise"
PROVIDER = "provider"
ASSESSOR = "assessor"  # 第三方评估机构: accounts made by `flask create-user`, never by sign-up

PROVIDER_TYPES = ("专业服务商", "平台服务商", "集成服务商", "链主企业", "牵引单位")
SPECIALISED_STATUSES = (
    "none",
    "innovative",
    "specialised",
    "little_giant",
)  # 创新型/专精特新/小巨人

provider_pilots = Table(
    "provider_pilots",
    Base.metadata,
    Column("provider_id", ForeignKey("organisations.id"), primary_key=True),
    Column("pilot_id", ForeignKey("pilot_cities.id"), primary_key=True),
)

provider_sub_industries = Table(
    "provider_sub_industries",
    Base.metadata,
    Column("provider_id", ForeignKey("organisations.id"), primary_key=True),
    Column("sub_industry_id", ForeignKey("sub_industries.id"), primary_key=True),
)


class Organisation(Lifecycle, Scoped, Base):
    __tablename__ = "organisations"

    # Vetting of providers; enterprises are 'approved' on registration (district review
    # of their pilot application is part of the project lifecycle).
    TRANSITIONS = {
        "pending": {"approved": Who.VETTER, "rejected": Who.VETTER},
        "rejected": {"pending": Who.OWNER},  # resubmitted after the reason was addressed
        "approved": {"suspended": Who.VETTER, "removed": Who.VETTER},
        "suspended": {"approved": Who.VETTER, "removed": Who.VETTER},
        "removed": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(128))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    contact_name: Mapped[str] = mapped_column(String(64), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # enterprise only
    sub_industry_id: Mapped[int | None] = mapped_column(ForeignKey("sub_industries.id"), index=True)
    is_above_scale: Mapped[bool | None] = mapped_column()  # 规上 / 规下
    specialised_status: Mapped[str | None] = mapped_column(String(16))
    self_assessed_level: Mapped[int | None] = mapped_column()
    employee_count: Mapped[int | None] = mapped_column()

    # provider only
    provider_type: Mapped[str | None] = mapped_column(String(16))
    local_service: Mapped[str | None] = mapped_column(Text)  # 本地化服务承诺

    pilot: Mapped[PilotCity] = relationship()
    district: Mapped[District | None] = relationship()
    sub_industry: Mapped[SubIndustry | None] = relationship()
    served_pilots: Mapped[list[PilotCity]] = relationship(secondary=provider_pilots)
    served_sub_industries: Mapped[list[SubIndustry]] = relationship(
        secondary=provider_sub_industries
    )
    # changes to the served scope asked for after approval (models/scope_change.py)
    scope_changes: Mapped[list["ProviderScopeChange"]] = relationship(  # noqa: F821
        viewonly=True, order_by="ProviderScopeChange.id"
    )

    @property
    def is_enterprise(self) -> bool:
        return self.kind == ENTERPRISE

    @property
    def is_provider(self) -> bool:
        return self.kind == PROVIDER

    @property
    def is_assessor(self) -> bool:
        return self.kind == ASSESSOR

    @property
    def is_active_provider(self) -> bool:
        return self.is_provider and self.status == "approved"

    @property
    def owner_id(self) -> int:
        return self.id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return jurisdiction.covers(cls.pilot_id, cls.district_id)

    @classmethod
    def is_public(cls) -> ColumnElement[bool]:
        """Approved providers are on the public supply list; enterprises never are."""
        return and_(cls.kind == PROVIDER, cls.status == "approved")

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The public supply list, one's own organisation, and for staff the enterprises and
        assessment agencies of their jurisdiction and the providers they vet."""
        return or_(
            cls.is_public(),
            own_clause(cls.id, user),
            and_(cls.kind == ENTERPRISE, staff_clause(cls, user)),
            and_(cls.kind == PROVIDER, staff_clause(cls, user, vetting=True)),
            and_(cls.kind == ASSESSOR, staff_clause(cls, user)),
        )

    @property
    def pending_scope_change(self):
        """The change of served cities or sub-industries waiting for review, if any."""
        return next((c for c in self.scope_changes if c.status == "pending"), None)

    @property
    def latest_scope_change(self):
        return self.scope_changes[-1] if self.scope_changes else None

    def serves_pilot(self, pilot_id: int) -> bool:
        return pilot_id == self.pilot_id or any(p.id == pilot_id for p in self.served_pilots)

    def __repr__(self) -> str:
        return f"<Organisation {self.kind} {self.name}>"
