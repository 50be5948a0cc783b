"""A project's enterprise rates each of the project's providers once after acceptance
(交付质量, 按期交付, 服务响应, 性价比, 1–5 each, with a comment); the provider may answer
publicly once. Ratings are public: the provider page, its product pages and the API show them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.organisation import Organisation
from models.user import User

# the four aspects rated, in the order the form and the pages show them
RATING_ASPECTS = ("quality", "timeliness", "responsiveness", "value")


class ProviderRating(Base):
    __tablename__ = "provider_ratings"
    __table_args__ = (
        UniqueConstraint("project_id", "provider_id"),
        *(CheckConstraint(f"{a} BETWEEN 1 AND 5", name=f"{a}_1_to_5") for a in RATING_ASPECTS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    quality: Mapped[int] = mapped_column()  # 交付质量
    timeliness: Mapped[int] = mapped_column()  # 按期交付
    responsiveness: Mapped[int] = mapped_column()  # 服务响应
    value: Mapped[int] = mapped_column()  # 性价比
    comment: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str | None] = mapped_column(Text)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replied_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    provider: Mapped[Organisation] = relationship(foreign_keys=[provider_id])
    enterprise: Mapped[Organisation] = relationship(foreign_keys=[enterprise_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def average(self) -> float:
        return sum(getattr(self, a) for a in RATING_ASPECTS) / len(RATING_ASPECTS)

    def __repr__(self) -> str:
        return f"<ProviderRating {self.id} project={self.project_id} provider={self.provider_id}>"
