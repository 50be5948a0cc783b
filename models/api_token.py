"""API tokens: how machine clients (a provincial or national platform) sign in to the JSON API.

Only a SHA-256 digest of the token is stored; the token itself is shown once, when issued.
A token acts with its owner's role and scope.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.user import User


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    # the first characters of the token, to recognise it in a list without revealing it
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    is_revoked: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()

    user: Mapped[User] = relationship()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= utcnow()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired and self.user.is_enabled

    @property
    def state(self) -> str:
        """active, expired or revoked (revoked wins: it was a person's decision)."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired else "active"

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… {self.name}>"
