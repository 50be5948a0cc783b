"""The search index's outbox: one row per committed change that search must follow, written
in the same transaction as the change (marketplace/services/index_outbox.py). Rows are
never updated: each host's index folder keeps its own cursor (the last id it applied)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

# what changed: a product, a need, or an organisation (its products and needs follow it)
TASK_KINDS = ("product", "need", "organisation")


class IndexTask(Base):
    __tablename__ = "index_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<IndexTask {self.id} {self.kind} {self.object_id}>"
