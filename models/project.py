"""Transformation projects (改造项目): from an accepted quote to the subsidy paid.

Filing (立项) → district review → city approval → in progress (milestones, progress reports,
spot checks) → acceptance (验收) → subsidy confirmed → paid. The state lives on `Project`;
the documents and records of each stage hang off it.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.access import Jurisdiction, Scoped, Who, own_clause, staff_clause
from models.base import Base, Lifecycle, utcnow
from models.need import Need
from models.organisation import Organisation
from models.quote import QuoteRequest
from models.user import User

# Budget kinds: the quote line kinds plus 诊断 (diagnosis is bought separately in most pilots).
BUDGET_KINDS = ("软件", "云服务", "网关路由等数据采集设备", "实施", "培训", "诊断", "其他")

# "1+1+N": one lead unit (牵引单位), one integrator, N other vendors.
PARTY_ROLES = ("lead", "integrator", "vendor")

ACCEPTANCE_RESULTS = ("passed", "rectify", "failed")
SPOT_CHECK_OUTCOMES = ("normal", "warning", "serious")
ATTACHMENT_PURPOSES = (
    "contract",
    "plan",
    "budget",
    "self_evaluation",
    "invoice",
    "payment",
    "assessment",
    "acceptance_report",
    "other",
)


class Project(Lifecycle, Scoped, Base):
    __tablename__ = "projects"

    # The one table of allowed moves. 'returned' is the "退回修改" path of both reviews.
    TRANSITIONS = {
        "draft": {"filed": Who.OWNER, "cancelled": Who.OWNER},
        "filed": {"district_approved": Who.DISTRICT, "returned": Who.DISTRICT},
        "returned": {"filed": Who.OWNER, "cancelled": Who.OWNER},
        # in_progress = approved by the city
        "district_approved": {"in_progress": Who.CITY, "returned": Who.CITY},
        "in_progress": {"acceptance_requested": Who.OWNER},
        # 板块初审: the district checks the materials are complete, or returns them
        "acceptance_requested": {
            "materials_checked": Who.DISTRICT,
            "materials_returned": Who.DISTRICT,
        },
        "materials_returned": {"acceptance_requested": Who.OWNER},
        # the city assigns a third-party assessment agency, which submits its assessment
        "materials_checked": {"under_assessment": Who.CITY},
        "under_assessment": {"assessed": Who.ASSESSOR},
        # the verdict, the money and its four eyes are the city's (never the district's)
        "assessed": {"passed": Who.CITY, "rectifying": Who.CITY, "failed": Who.CITY},
        "rectifying": {"acceptance_requested": Who.OWNER, "failed": Who.CITY},
        "passed": {"subsidy_confirmed": Who.CITY, "subsidy_pending": Who.CITY},  # 验收通过
        # above the estimate: a second city official approves (→ confirmed) or rejects (→ passed)
        "subsidy_pending": {"subsidy_confirmed": Who.CITY, "passed": Who.CITY},
        "subsidy_confirmed": {"paid": Who.CITY},
        "failed": {},
        "paid": {},
        "cancelled": {},
    }
    # Who may do what besides moving the state (the moves are in TRANSITIONS). A provider
    # named here acts only while approved (workflow.require_action).
    ACTIONS = {
        "edit_filing": (Who.OWNER,),
        "plan_milestones": (Who.OWNER, Who.PARTY),
        "report_progress": (Who.OWNER, Who.PARTY),
        "upload_document": (Who.OWNER, Who.PARTY, Who.SUPERVISOR),
        "add_financial_record": (Who.OWNER,),
        "record_spot_check": (Who.SUPERVISOR,),
        "record_payment": (Who.CITY,),
        "draft_assessment": (Who.ASSESSOR,),
    }
    # Stage order for dashboards (H4): every status once, in lifecycle order.
    STATUSES = (
        "draft",
        "filed",
        "returned",
        "district_approved",
        "in_progress",
        "acceptance_requested",
        "materials_returned",
        "materials_checked",
        "under_assessment",
        "assessed",
        "rectifying",
        "passed",
        "failed",
        "subsidy_pending",
        "subsidy_confirmed",
        "paid",
        "cancelled",
    )
    ACTIVE_STATUSES = (
        "filed",
        "district_approved",
        "in_progress",
        "acceptance_requested",
        "materials_returned",
        "materials_checked",
        "under_assessment",
        "assessed",
        "rectifying",
    )
    EDITABLE_STATUSES = ("draft", "returned")

    @property
    def has_passed_acceptance(self) -> bool:
        """验收通过, whatever came after (the subsidy confirmed or paid): the one test of
        "after acceptance" (ratings wait for it)."""
        return self.status in ("passed", "subsidy_confirmed", "paid")

    @property
    def is_closed(self) -> bool:
        """Nothing more happens to it (paid, failed or cancelled): no more moves, no files."""
        return not self.TRANSITIONS[self.status]

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot_cities.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"))
    quote_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("quote_requests.id"), unique=True
    )
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # the third-party assessment agency the city assigned (models/acceptance.py Assessment)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)

    # 立项
    contract_no: Mapped[str] = mapped_column(String(64), default="")
    contract_signed_on: Mapped[date | None] = mapped_column()
    start_on: Mapped[date | None] = mapped_column()
    end_on: Mapped[date | None] = mapped_column()
    plan: Mapped[str] = mapped_column(Text, default="")
    target_level: Mapped[int | None] = mapped_column()
    is_benchmark: Mapped[bool] = mapped_column(default=False)  # 珠海 标杆项目
    is_first_cloud: Mapped[bool] = mapped_column(default=False)  # 厦门 首次上云
    filed_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()  # city approval

    # 验收
    self_evaluation: Mapped[str] = mapped_column(Text, default="")
    level_before: Mapped[int | None] = mapped_column()
    level_after_self: Mapped[int | None] = mapped_column()
    acceptance_requested_at: Mapped[datetime | None] = mapped_column()
    acceptance_result: Mapped[str | None] = mapped_column(String(16))
    rectify_deadline: Mapped[date | None] = mapped_column()
    certified_level: Mapped[int | None] = mapped_column()
    accepted_at: Mapped[datetime | None] = mapped_column()
    # what the district's formal check found missing (codes of acceptance.MISSING_CHOICES)
    materials_missing: Mapped[list | None] = mapped_column(JSON)

    # 补贴: amounts in 元. The estimate is refreshed until the official confirms; the policy
    # version used is kept, so a new policy version never changes an old project.
    subsidy_policy_id: Mapped[int | None] = mapped_column(ForeignKey("subsidy_policies.id"))
    subsidy_estimate: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    subsidy_confirmed: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    subsidy_detail: Mapped[dict] = mapped_column(JSON, default=dict)
    subsidy_confirmed_at: Mapped[datetime | None] = mapped_column()

    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Organisation] = relationship(foreign_keys=[enterprise_id])
    provider: Mapped[Organisation | None] = relationship(foreign_keys=[provider_id])
    assessor: Mapped[Organisation | None] = relationship(foreign_keys=[assessor_id])
    need: Mapped[Need | None] = relationship()
    quote_request: Mapped[QuoteRequest | None] = relationship()
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    parties: Mapped[list["ProjectParty"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectParty.id"
    )
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    progress_reports: Mapped[list["ProgressReport"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProgressReport.id"
    )
    spot_checks: Mapped[list["SpotCheck"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="SpotCheck.id"
    )
    financial_records: Mapped[list["FinancialRecord"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="FinancialRecord.id"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    payments: Mapped[list["SubsidyPayment"]] = relationship(  # noqa: F821
        back_populates="project", cascade="all, delete-orphan", order_by="SubsidyPayment.instalment"
    )

    assessments: Mapped[list["Assessment"]] = relationship(  # noqa: F821
        back_populates="project", cascade="all, delete-orphan", order_by="Assessment.id"
    )
    subsidy_approvals: Mapped[list["SubsidyApproval"]] = relationship(  # noqa: F821
        back_populates="project", cascade="all, delete-orphan", order_by="SubsidyApproval.id"
    )

    @property
    def budget_total(self) -> Decimal:
        return sum((Decimal(line.amount) for line in self.budget_lines), Decimal("0"))

    def budget_by_kind(self) -> dict[str, Decimal]:
        totals = {kind: Decimal("0") for kind in BUDGET_KINDS}
        for line in self.budget_lines:
            totals[line.kind] = totals.get(line.kind, Decimal("0")) + Decimal(line.amount)
        return totals

    @property
    def subsidy_paid(self) -> Decimal:
        return sum((Decimal(p.amount) for p in self.payments if p.status == "paid"), Decimal("0"))

    @property
    def overdue_milestones(self) -> list["Milestone"]:
        return [m for m in self.milestones if m.is_overdue]

    @property
    def is_overdue(self) -> bool:
        return self.status == "in_progress" and bool(self.overdue_milestones)

    def party_ids(self) -> set[int]:
        ids = {p.organisation_id for p in self.parties}
        if self.provider_id:
            ids.add(self.provider_id)
        return ids

    @property
    def is_rectify_overdue(self) -> bool:
        return (
            self.status == "rectifying"
            and self.rectify_deadline is not None
            and self.rectify_deadline < date.today()
        )

    @property
    def current_assessment(self) -> "Assessment | None":  # noqa: F821
        return self.assessments[-1] if self.assessments else None

    @property
    def pending_subsidy_approval(self) -> "SubsidyApproval | None":  # noqa: F821
        return next((a for a in self.subsidy_approvals if a.status == "pending"), None)

    @property
    def owner_id(self) -> int:
        return self.enterprise_id

    @property
    def counterparty_id(self) -> int | None:
        return self.provider_id

    def is_owned_by(self, user) -> bool:
        return getattr(user, "organisation_id", None) == self.enterprise_id

    def is_party(self, user) -> bool:
        organisation_id = getattr(user, "organisation_id", None)
        return organisation_id is not None and organisation_id in self.party_ids()

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return jurisdiction.covers(cls.pilot_id, cls.district_id)

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """The enterprise, its 1+1+N providers, the assessment agency assigned to it, and
        staff of its city/district."""
        return or_(
            own_clause(cls.enterprise_id, user),
            own_clause(cls.provider_id, user),
            own_clause(cls.assessor_id, user),
            cls.parties.any(own_clause(ProjectParty.organisation_id, user)),
            staff_clause(cls, user),
        )

    def can_supervise(self, user) -> bool:
        """Staff of its city or district (spot checks, acceptance, subsidy)."""
        return self.is_within(Jurisdiction.of(user))

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.status}>"


class BudgetLine(Base):
    __tablename__ = "project_budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    project: Mapped[Project] = relationship(back_populates="budget_lines")


class ProjectParty(Base):
    __tablename__ = "project_parties"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # PARTY_ROLES

    project: Mapped[Project] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship()


class Milestone(Base):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="milestones")

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < date.today()


class ProgressReport(Base):
    __tablename__ = "project_progress_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("project_milestones.id"))
    percent_done: Mapped[int] = mapped_column(default=0)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="progress_reports")
    author: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    milestone: Mapped[Milestone | None] = relationship()


class SpotCheck(Base):
    __tablename__ = "project_spot_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_on: Mapped[date] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(16), default="normal")  # SPOT_CHECK_OUTCOMES
    findings: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="spot_checks")
    official: Mapped[User] = relationship()


class FinancialRecord(Base):
    """An invoice (发票) or a payment record (银行付款凭证) given with the acceptance request."""

    __tablename__ = "project_financial_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # 'invoice' | 'payment'
    number: Mapped[str] = mapped_column(String(64), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    on_date: Mapped[date] = mapped_column()
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="financial_records")
    attachment: Mapped["Attachment | None"] = relationship()


class Attachment(Scoped, Base):
    """An uploaded file; the bytes live under instance/uploads/<stored_name>."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(String(24), default="other")  # ATTACHMENT_PURPOSES
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project | None] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()

    @classmethod
    def in_jurisdiction(cls, jurisdiction: Jurisdiction) -> ColumnElement[bool]:
        return cls.project.has(Project.in_jurisdiction(jurisdiction))

    @classmethod
    def visible_to(cls, user) -> ColumnElement[bool]:
        """A project's documents go with the project; a loose file with its organisation."""
        return or_(
            cls.project.has(Project.visible_to(user)),
            and_(cls.project_id.is_(None), own_clause(cls.organisation_id, user)),
        )
