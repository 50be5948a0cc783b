"""Pilot cities with their districts and sub-industries (细分行业)."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class PilotCity(Base):
    __tablename__ = "pilot_cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    province: Mapped[str] = mapped_column(String(32))
    # 改造目标：试点期内计划改造的企业数，来自各市工作方案
    target_enterprises: Mapped[int] = mapped_column(default=0)
    subsidy_budget_wan: Mapped[float] = mapped_column(default=0)
    # Providers are vetted by the district of their seat unless the city vets them itself.
    is_provider_vetting_city_level: Mapped[bool] = mapped_column(default=False)

    districts: Mapped[list["District"]] = relationship(
        back_populates="pilot", order_by="District.id", cascade="all, delete-orphan"
    )
    sub_industries: Mapped[list["SubIndustry"]] = relationship(
        back_populates="pilot", order_by="SubIndustry.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<PilotCity {self.code}>"


class District(Base):
    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("pilot_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))

    pilot: Mapped[PilotCity] = relationship(back_populates="districts")


class SubIndustry(Base):
    __tablename__ = "sub_industries"
    __table_args__ = (UniqueConstraint("pilot_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    # 沈阳 "3+N": the N extension industries are marked so the 3 core ones stay visible
    is_extension: Mapped[bool] = mapped_column(default=False)

    pilot: Mapped[PilotCity] = relationship(back_populates="sub_industries")
