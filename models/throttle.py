"""Throttle marks: the failed sign-ins, bad API tokens and catalog searches counted per
account or client address, kept in the database so every worker on every host sees the
same counts. A lock mark closes a key for a while once its failures reach the limit.

Keys are stored as SHA-256 digests: what someone typed into the email field (or an
address) is counted, never kept."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ThrottleMark(Base):
    __tablename__ = "throttle_marks"
    __table_args__ = (Index("ix_throttle_marks_bucket_key", "bucket", "key_digest", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(24))  # which limit (services/throttle.py LIMITS)
    key_digest: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    is_lock: Mapped[bool] = mapped_column(default=False)
