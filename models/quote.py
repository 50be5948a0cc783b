"""Requests for quotation (询价) and the providers' itemised quotes (报价).

The state lives on the request: it is the thread between one enterprise need and one
provider, and the quote is the provider's answer inside it.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.need import Need
from models.organisation import Organisation
from models.product import Product

LINE_KINDS = ("软件", "云服务", "网关路由等数据采集设备", "实施", "培训", "其他")


class QuoteRequest(Lifecycle, Scoped, Base):
    __tablename__ = "quote_requests"
    __table_args__ = (
        # one request per need and provider, and at most one accepted per need: the database
        # keeps both even if two sessions race past the services' checks
        UniqueConstraint("need_id", "provider_id"),
        Index(
            "uq_quote_requests_one_accepted_per_need",
            "need_id",
            unique=True,
            sqlite_where=text("status = 'accepted'"),
            postgresql_where=text("status = 'accepted'"),
        ),
    )

    TRANSITIONS = {
        # not_selected from requested: the enterprise chose another before this one answered
        "requested": {
            "quoted": Who.COUNTERPARTY,
            "declined": Who.COUNTERPARTY,
            "withdrawn": Who.OWNER,
            "not_selected": Who.OWNER,
        },
        "quoted": {
            "accepted": Who.OWNER,
            "not_selected": Who.OWNER,
            "withdrawn": Who.OWNER,
            "quoted": Who.COUNTERPARTY,  # a revised quote
        },
        "declined": {},
        "accepted": {},
        "not_selected": {},
        "withdrawn": {},
    }
    OPEN_STATUSES = ("requested", "quoted")

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    responded_at: Mapped[datetime | None] = mapped_column()
    # when the provider was first shown the enterprise's decision (accepted / not selected)
    outcome_seen_at: Mapped[datetime | None] = mapped_column()

    need: Mapped[Need] = relationship()
    provider: Mapped[Organisation] = relationship()
    product: Mapped[Product | None] = relationship()
    quote: Mapped["Quote | None"] = relationship(
        back_populates="request", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def owner_id(self) -> int:
        return self.need.enterprise_id

    @property
    def counterparty_id(self) -> int:
        return self.provider_id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return cls.need.has(Need.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """Only the asking enterprise, the asked provider and staff of the need's place.

        A provider never sees another provider's request or quote.
        """
        return or_(
            cls.need.has(own_clause(Need.enterprise_id, user)),
            own_clause(cls.provider_id, user),
            staff_clause(cls, user),
        )


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("quote_requests.id"), unique=True)
    valid_until: Mapped[date] = mapped_column()
    delivery_days: Mapped[int] = mapped_column()
    discount_pct: Mapped[float] = mapped_column(Numeric(5, 2), default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version the enterprise sees and accepts: each revision by the provider adds one and
    # keeps the version it replaces in QuoteRevision. It is also the row's optimistic lock:
    # an acceptance of version n and a revision to n+1 cannot both be written.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    accepted_at: Mapped[datetime | None] = mapped_column()
    # which of the need's stages (models/stages.py) this quote covers: the comparison ranks
    # price only among quotes of the same coverage
    covered_stages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    request: Mapped[QuoteRequest] = relationship(back_populates="quote")
    lines: Mapped[list["QuoteLine"]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="QuoteLine.position"
    )
    earlier: Mapped[list["QuoteRevision"]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="QuoteRevision.revision"
    )

    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def total(self) -> Decimal:
        """Subtotal after the quote-wide discount, to the fen."""
        factor = Decimal(1) - Decimal(str(self.discount_pct or 0)) / Decimal(100)
        return (self.subtotal * factor).quantize(Decimal("0.01"))

    def missing_stages(self, need_stages) -> list[str]:
        """The need's stages this quote leaves out, in the need's order."""
        covered = set(self.covered_stages or ())
        return [stage for stage in need_stages if stage not in covered]

    def subtotal_by_kind(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.lines:
            totals[line.kind] = totals.get(line.kind, Decimal("0")) + line.amount
        return totals


class QuoteLine(Base):
    __tablename__ = "quote_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    unit: Mapped[str] = mapped_column(String(16), default="项")
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    quote: Mapped[Quote] = relationship(back_populates="lines")

    @property
    def amount(self) -> Decimal:
        return (Decimal(self.quantity) * Decimal(self.unit_price)).quantize(Decimal("0.01"))


class QuoteRevision(Base):
    """A version of a quote that a later revision replaced, kept as the enterprise saw it."""

    __tablename__ = "quote_revisions"
    __table_args__ = (UniqueConstraint("quote_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    revision: Mapped[int] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column()
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_until: Mapped[date] = mapped_column()
    delivery_days: Mapped[int] = mapped_column()
    discount_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    # [{kind, description, quantity, unit, unit_price}] as strings, exactly as quoted
    lines: Mapped[list] = mapped_column(JSON)
    covered_stages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    quote: Mapped[Quote] = relationship(back_populates="earlier")
