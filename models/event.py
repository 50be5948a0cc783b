"""The audit trail: every state change of a provider, product, need, quote request or
project, with who, when, from, to and why."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.user import User


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))  # table name of the subject
    subject_id: Mapped[int] = mapped_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    # why: a code the system gives (said through marketplace/wording, with its figures in
    # reason_args) and/or the words a person typed (reason), shown as typed
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason_args: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()
