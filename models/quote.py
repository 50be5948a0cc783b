"""Requests for quotation (询价) and the providers' itemised quotes (报价).

The state lives on the request: it is the thread between one enterprise need and one
provider, and the quote is the provider's answer inside it.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.need import Need
from models.organisation import Organisation
from models.product import Product

LINE_KINDS = ("软件", "云服务", "网关路由等数据采集设备", "实施", "培训", "其他")


class QuoteRequest(Base):
    __tablename__ = "quote_requests"
    __table_args__ = (UniqueConstraint("need_id", "provider_id"),)

    TRANSITIONS = {
        # not_selected from requested: the enterprise chose another before this one answered
        "requested": {"quoted", "declined", "withdrawn", "not_selected"},
        "quoted": {"accepted", "not_selected", "withdrawn", "quoted"},  # quoted→quoted: revised
        "declined": set(),
        "accepted": set(),
        "not_selected": set(),
        "withdrawn": set(),
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

    def can_view(self, user) -> bool:
        """Only the asking enterprise, the asked provider and officials of the city.

        A provider never sees another provider's request or quote.
        """
        if user.organisation_id in (self.need.enterprise_id, self.provider_id):
            return True
        if user.role in ("official", "admin"):
            return user.is_official_of(self.need.pilot_id, self.need.enterprise.district_id)
        return False


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("quote_requests.id"), unique=True)
    valid_until: Mapped[date] = mapped_column()
    delivery_days: Mapped[int] = mapped_column()
    discount_pct: Mapped[float] = mapped_column(Numeric(5, 2), default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[QuoteRequest] = relationship(back_populates="quote")
    lines: Mapped[list["QuoteLine"]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="QuoteLine.position"
    )

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def total(self) -> Decimal:
        """Subtotal after the quote-wide discount, to the fen."""
        factor = Decimal(1) - Decimal(str(self.discount_pct or 0)) / Decimal(100)
        return (self.subtotal * factor).quantize(Decimal("0.01"))

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
