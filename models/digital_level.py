"""Digital-level assessments (数字化水平评测) of an enterprise: self-assessed, before and after
a project, and the level certified at acceptance. The questionnaire itself is data
(marketplace/data/digital_level_<edition>.json); a row keeps the answers and the result."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.organisation import Organisation
from models.user import User

# self: any time; before/after: the enterprise's own assessments around a project;
# certified: the level the official records at acceptance (现场评定).
ASSESSMENT_KINDS = ("self", "before", "after", "certified")


class LevelAssessment(Base):
    __tablename__ = "level_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="self")
    edition: Mapped[str] = mapped_column(String(8), default="2024")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # question id → option id(s)
    scenes: Mapped[dict] = mapped_column(JSON, default=dict)  # scene name → grade 0–4
    score: Mapped[Decimal | None] = mapped_column(Numeric(7, 3))  # Q9 options are 1.875
    level: Mapped[int] = mapped_column(default=0)  # 0: 无等级
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    enterprise: Mapped[Organisation] = relationship()
    assessed_by: Mapped[User | None] = relationship()
