"""Accounts. Enterprise and provider users belong to an organisation; officials to a pilot
city (and optionally a district); admins to the platform."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ColumnElement, ForeignKey, String, and_, false, or_, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.access import Jurisdiction, manages_accounts
from models.base import Base, utcnow
from models.organisation import Organisation
from models.pilot import District, PilotCity

ROLES = ("enterprise", "provider", "official", "admin", "assessor", "expert")

_dummy_hash: str | None = None


def check_dummy_password(password: str) -> bool:
    """Check `password` against a hash made the way every user's is (once per process) and
    answer False: signing in with an unknown email then costs what a wrong password costs."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash(secrets.token_urlsafe(16))
    check_password_hash(_dummy_hash, password)
    return False


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
    # set with a temporary password: every page leads to the change-password form until done
    must_change_password: Mapped[bool] = mapped_column(default=False)
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

    @property
    def account_state(self) -> str:
        """The state account events move from and to (labels: wording STATUS_LABELS users)."""
        if not self.is_enabled:
            return "disabled"
        return "must_change_password" if self.must_change_password else "enabled"

    @classmethod
    def manageable_by(cls, actor) -> ColumnElement[bool]:
        """The accounts `actor` may disable, re-enable and give a temporary password: an
        admin every account; a city-level official the enterprise and provider users whose
        organisation is in the city and the city's officials. Never one's own account."""
        if not manages_accounts(actor):
            return false()
        jurisdiction = Jurisdiction.of(actor)
        not_self = cls.id != actor.id
        if jurisdiction.is_all_cities:
            return not_self
        city = jurisdiction.pilot_id
        in_city = or_(
            and_(cls.role == "official", cls.pilot_id == city),
            cls.organisation_id.in_(select(Organisation.id).where(Organisation.pilot_id == city)),
        )
        return and_(not_self, in_city)

    def can_be_managed_by(self, actor) -> bool:
        """`manageable_by` evaluated for this one account, so the list and the page agree."""
        session = object_session(self)
        if session is None or self.id is None:
            return False
        query = select(User.id).where(User.id == self.id, User.manageable_by(actor))
        return session.scalar(query) is not None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
