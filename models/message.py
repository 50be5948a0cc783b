"""Conversations: messages in the thread of a quote request or of a project, and a
provider's expression of interest in a need (表达意向) that the enterprise accepts or ignores."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Who
from models.base import Base, Lifecycle, utcnow
from models.need import Need
from models.organisation import Organisation
from models.product import Product
from models.project import Attachment
from models.user import User

THREAD_TYPES = ("quote_requests", "projects")


class Message(Base):
    """One message in the thread of the row `thread_type`/`thread_id` (a quote request or a
    project); who may read and write is the thread's rule (services/messages.py)."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread", "thread_type", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_type: Mapped[str] = mapped_column(String(32))
    thread_id: Mapped[int] = mapped_column()
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    body: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()


class LeadInterest(Lifecycle, Base):
    """A provider answering a lead: it asks the enterprise to be asked for a quote. Accepted,
    it becomes a quote request (with the provider's words as the thread's first message)."""

    __tablename__ = "lead_interests"
    __table_args__ = (UniqueConstraint("need_id", "provider_id"),)

    TRANSITIONS = {
        "pending": {"accepted": Who.OWNER, "ignored": Who.OWNER},
        "accepted": {},
        "ignored": {},
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    quote_request_id: Mapped[int | None] = mapped_column(ForeignKey("quote_requests.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    need: Mapped[Need] = relationship()
    provider: Mapped[Organisation] = relationship()
    product: Mapped[Product | None] = relationship()
    author: Mapped[User] = relationship()

    @property
    def owner_id(self) -> int:
        return self.need.enterprise_id

    @property
    def counterparty_id(self) -> int:
        return self.provider_id
