"""Accounts. Enterprise and provider users belong to an organisation; officials to a pilot
city (and optionally a district); admins to the platform."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import Base, utcnow
from models.organisation import Organisation
from models.pilot import District, PilotCity

ROLES = ("enterprise", "provider", "official", "admin")


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    pilot_id: Mapped[int | None] = mapped_column(ForeignKey("pilot_cities.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    locale: Mapped[str | None] = mapped_column(String(8))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation | None] = relationship()
    pilot: Mapped[PilotCity | None] = relationship()
    district: Mapped[District | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled accounts
        return self.is_enabled

    @property
    def home_pilot_id(self) -> int | None:
        """The pilot city whose data this user works in."""
        if self.organisation is not None:
            return self.organisation.pilot_id
        return self.pilot_id

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
