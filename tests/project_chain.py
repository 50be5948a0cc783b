"""Walk a project from its accepted quote to any state of its lifecycle through the project
and subsidy services, each step taken by whoever takes it in the product: the enterprise
files, the district official reviews, the city official approves, accepts and pays."""

from datetime import date, timedelta

from marketplace.services import acceptance, subsidy
from marketplace.services import projects as svc
from marketplace.services.accounts import create_staff_user
from models import Project, User
from tests.admission_chain import admit

# the states each target passes through after the draft, in order
# the road to acceptance, and where the two endings of a passed acceptance lead
_TO_ACCEPTANCE = ["filed", "district_approved", "in_progress", "acceptance_requested"]
_PASSED = [*_TO_ACCEPTANCE, "passed"]

PATHS = {
    "draft": [],
    "cancelled": ["cancelled"],
    "filed": ["filed"],
    "returned": ["filed", "returned"],
    "district_approved": ["filed", "district_approved"],
    "in_progress": ["filed", "district_approved", "in_progress"],
    "acceptance_requested": _TO_ACCEPTANCE,
    "rectifying": [*_TO_ACCEPTANCE, "rectifying"],
    "failed": [*_TO_ACCEPTANCE, "failed"],
    "passed": _PASSED,
    "subsidy_confirmed": [*_PASSED, "subsidy_confirmed"],
    "paid": [*_PASSED, "subsidy_confirmed", "paid"],
}


def district_official(project: Project) -> User:
    return create_staff_user(
        email=f"district.{project.id}@example.cn",
        name=f"{project.enterprise.district.name}审核员",
        role="official",
        password="password123",
        pilot=project.enterprise.pilot,
        district_name=project.enterprise.district.name,
    )


def file_project(project: Project, owner: User, **filing) -> None:
    """Fill in the filing (contract, dates, plan, the quote's budget) and file it; `filing`
    overrides any field."""
    fields = {
        "contract_no": "HT-TEST-001",
        "contract_signed_on": date.today(),
        "start_on": date.today(),
        "end_on": date.today() + timedelta(days=90),
        "plan": project.plan or "上线MES，打通设备数据",
        "target_level": project.target_level or 2,
        "budget": {line.kind: line.amount for line in project.budget_lines},
        "integrator_id": project.provider_id,
    }
    svc.update_filing(project, owner, **(fields | filing))
    svc.file_project(project, owner)


def walk(project: Project, status: str, owner: User, city_official: User) -> Project:
    """Take `project` (a fresh draft) to `status`, one service call per step; an enterprise
    that files is first admitted to the pilot (tests/admission_chain.py)."""
    district = None
    if "filed" in PATHS[status]:
        admit(project.enterprise, owner, city_official)
    for step in PATHS[status]:
        if step == "cancelled":
            svc.cancel_project(project, owner, "企业决定暂缓")
        elif step == "filed":
            file_project(project, owner)
        elif step in ("returned", "district_approved"):
            district = district or district_official(project)
            approve = step == "district_approved"
            svc.review_project_district(project, district, approve, "" if approve else "预算不清")
        elif step == "in_progress":
            svc.approve_project_city(project, city_official)
        elif step == "acceptance_requested":
            for kind in ("invoice", "payment"):
                acceptance.add_financial_record(
                    project, owner, kind, project.budget_total, date.today()
                )
            acceptance.request_acceptance(project, owner, "已按计划上线", 1, 2)
        elif step == "rectifying":
            acceptance.record_acceptance_result(
                project,
                city_official,
                "rectify",
                rectify_deadline=date.today() + timedelta(30),
                reason="数据采集未覆盖全部设备",
            )
        elif step == "failed":
            acceptance.record_acceptance_result(
                project, city_official, "failed", reason="未完成改造"
            )
        elif step == "passed":
            acceptance.record_acceptance_result(project, city_official, "passed", certified_level=2)
        elif step == "subsidy_confirmed":
            subsidy.confirm_subsidy(project, city_official)
        elif step == "paid":
            for payment in list(project.payments):
                subsidy.record_payment(payment, city_official)
    return project
