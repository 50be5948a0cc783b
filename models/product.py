"""Catalog: a provider's "小快轻准" products and solutions, with their case studies."""

from datetime import datetime

from sqlalchemy import Column, ColumnElement, ForeignKey, Numeric, String, Table, Text, and_, or_
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.organisation import Organisation
from models.pilot import SubIndustry

DELIVERY_MODES = ("SaaS", "私有部署", "软硬一体")
PRICE_UNITS = ("元/年", "元/套", "元/月", "元/用户/年", "元/项目", "元/台")

product_sub_industries = Table(
    "product_sub_industries",
    Base.metadata,
    Column("product_id", ForeignKey("products.id"), primary_key=True),
    Column("sub_industry_id", ForeignKey("sub_industries.id"), primary_key=True),
)


class ProductStage(Base):
    __tablename__ = "product_stages"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class Product(Lifecycle, Scoped, Base):
    __tablename__ = "products"

    TRANSITIONS = {
        "draft": {"pending": Who.OWNER},
        "pending": {"approved": Who.VETTER, "rejected": Who.VETTER},
        "rejected": {"pending": Who.OWNER},
        "approved": {"suspended": Who.VETTER, "removed": Who.VETTER, "pending": Who.OWNER},
        "suspended": {"approved": Who.VETTER, "removed": Who.VETTER},
        "removed": {},
    }
    # only these are searchable and matchable
    VISIBLE_STATUS = "approved"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    is_generic: Mapped[bool] = mapped_column(default=False)  # 通用: cross-industry (ERP, OA…)
    delivery_mode: Mapped[str] = mapped_column(String(16))
    list_price: Mapped[float] = mapped_column(Numeric(12, 2))
    pilot_price: Mapped[float] = mapped_column(Numeric(12, 2))
    price_unit: Mapped[str] = mapped_column(String(16), default="元/年")
    deployment_days: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    provider: Mapped[Organisation] = relationship()
    sub_industries: Mapped[list[SubIndustry]] = relationship(secondary=product_sub_industries)
    stage_links: Mapped[list[ProductStage]] = relationship(cascade="all, delete-orphan")
    stages: AssociationProxy[list[str]] = association_proxy(
        "stage_links", "stage", creator=lambda stage: ProductStage(stage=stage)
    )
    cases: Mapped[list["CaseStudy"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="CaseStudy.id"
    )

    @hybrid_property
    def is_visible(self) -> bool:
        """Searchable, matchable and public: approved, from an approved provider."""
        return self.status == self.VISIBLE_STATUS and self.provider.status == "approved"

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls) -> ColumnElement[bool]:
        return and_(
            cls.status == cls.VISIBLE_STATUS, cls.provider.has(Organisation.status == "approved")
        )

    @property
    def owner_id(self) -> int:
        return self.provider_id

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        """A product's place is its provider's seat."""
        return cls.provider.has(Organisation.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """Everyone sees a visible product; its provider and the staff vetting the provider
        also see it while it is a draft, under review, rejected or suspended."""
        return or_(
            cls.is_visible, own_clause(cls.provider_id, user), staff_clause(cls, user, vetting=True)
        )

    @property
    def discount_pct(self) -> int:
        """How far the pilot price is below list price, in whole percent."""
        if not self.list_price:
            return 0
        return round(100 * (1 - float(self.pilot_price) / float(self.list_price)))

    def can_edit(self, user) -> bool:
        return user.organisation_id == self.provider_id and self.status != "removed"

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.name}>"


class CaseStudy(Base):
    __tablename__ = "case_studies"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    customer: Mapped[str] = mapped_column(String(120))
    content: Mapped[str] = mapped_column(Text)  # what was done and what it achieved

    product: Mapped[Product] = relationship(back_populates="cases")
