"""The acceptance chain after the enterprise's request: the third-party assessment (第三方评估),
the four-eyes approval of a subsidy above the computed estimate, and each city's subsidy
budget (versioned like the policies).

The states themselves are on `Project` (models/project.py TRANSITIONS); these rows keep what
each step decided and who decided it.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.organisation import Organisation
from models.pilot import PilotCity
from models.user import User

# 沈阳/福州: 应用成效、数据贯通程度、投入产出比、企业管理体制配套改革
ASSESSMENT_DIMENSIONS = ("application_effect", "data_integration", "input_output", "management")
ASSESSMENT_SCORE_MAX = 100
# what the district's formal check (板块初审) may find missing
REQUIRED_DOCUMENTS = ("invoice", "payment", "self_evaluation")
MISSING_CHOICES = (*REQUIRED_DOCUMENTS, "contract", "plan", "other")


class Assessment(Base):
    """One assignment of a project to an assessment agency, and what it found.

    'assigned' while the agency drafts (only the agency sees the draft and its report file),
    'submitted' once signed off: then the project's parties and officials see it."""

    __tablename__ = "assessments"

    STATUSES = ("assigned", "submitted")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="assigned", index=True)
    # {dimension: {"score": int, "finding": str}} for ASSESSMENT_DIMENSIONS
    dimensions: Mapped[dict] = mapped_column(JSON, default=dict)
    assessed_level: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(Text, default="")
    report_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()

    project: Mapped["Project"] = relationship(back_populates="assessments")  # noqa: F821
    assessor: Mapped[Organisation] = relationship()
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    report: Mapped["Attachment | None"] = relationship()  # noqa: F821

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"

    def score(self, dimension: str) -> int | None:
        return (self.dimensions or {}).get(dimension, {}).get("score")

    def finding(self, dimension: str) -> str:
        return (self.dimensions or {}).get(dimension, {}).get("finding", "")


class SubsidyApproval(Base):
    """A confirmation above the computed estimate: proposed by one city official with a typed
    reason, approved or rejected by a different one (四眼原则)."""

    __tablename__ = "subsidy_approvals"

    STATUSES = ("pending", "approved", "rejected")

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    estimate: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reason: Mapped[str] = mapped_column(Text)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_note: Mapped[str] = mapped_column(Text, default="")

    project: Mapped["Project"] = relationship(back_populates="subsidy_approvals")  # noqa: F821
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class SubsidyBudget(Base):
    """A city's subsidy budget (奖补资金预算). Never edited in place: each change is a new
    version with who, when and why; the highest version is the one in force."""

    __tablename__ = "subsidy_budgets"
    __table_args__ = (UniqueConstraint("pilot_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    version: Mapped[int] = mapped_column()
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pilot: Mapped[PilotCity] = relationship()
    created_by: Mapped[User] = relationship()
