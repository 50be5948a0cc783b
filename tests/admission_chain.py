"""Walk an enterprise through pilot admission (入库) with the services, each step taken by
whoever takes it in the product: a city-level official opens the round, the enterprise
applies with eligible declarations, the district official checks, the city admits."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import admission, rounds
from marketplace.services.accounts import create_staff_user
from models import Organisation, PilotCity, User

# the states each target passes through, in order
PATHS = {
    "none": [],
    "draft": ["draft"],
    "submitted": ["draft", "submitted"],
    "returned": ["draft", "submitted", "returned"],
    "district_checked": ["draft", "submitted", "district_checked"],
    "admitted": ["draft", "submitted", "district_checked", "admitted"],
    "rejected": ["draft", "submitted", "district_checked", "rejected"],
    "removed": ["draft", "submitted", "district_checked", "admitted", "removed"],
}


def open_round_for(city: PilotCity, city_official: User, today: date | None = None):
    """The round open today in `city`, opened by `city_official` if there is none."""
    today = today or date.today()
    existing = rounds.open_round(city.id, today)
    if existing is not None:
        return existing
    return rounds.create_round(
        city,
        city_official,
        rounds.RoundData(
            name=f"{today.year}年测试批次",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=60),
            filing_deadline=today + timedelta(days=120),
            acceptance_deadline=today + timedelta(days=365),
        ),
    )


def district_official_of(enterprise: Organisation) -> User:
    email = f"district{enterprise.district_id}.admission@example.cn"
    user = db.session.scalar(select(User).where(User.email == email))
    return user or create_staff_user(
        email=email,
        name=f"{enterprise.district.name}初审员",
        role="official",
        password="password123",
        pilot=enterprise.pilot,
        district_name=enterprise.district.name,
    )


def eligible_data(enterprise: Organisation, **overrides) -> admission.ApplicationData:
    """Declarations that meet every condition of the enterprise's city."""
    asked = admission.requirements(enterprise.pilot)
    fields = {
        "employee_count": 120,
        "revenue_wan": Decimal("8000"),
        "is_independent_legal_person": True,
        "has_clean_credit": True,
        "exclusions": [],
        "digital_level": 1,
        "materials": list(asked["materials"]),
    }
    return admission.ApplicationData(**(fields | overrides))


def walk(enterprise: Organisation, status: str, owner: User, city_official: User):
    """Take `enterprise` (never applied) to `status`; the application, or None for 'none'."""
    application = None
    for step in PATHS[status]:
        if step == "draft":
            open_round_for(enterprise.pilot, city_official)
            application = admission.save_application(enterprise, owner, eligible_data(enterprise))
        elif step == "submitted":
            admission.submit_application(application, owner)
        elif step in ("district_checked", "returned"):
            passed = step == "district_checked"
            reason = "" if passed else "缺少上年度财务报表盖章页"
            admission.check_application(
                application, district_official_of(enterprise), passed, reason
            )
        elif step in ("admitted", "rejected"):
            admitted = step == "admitted"
            reason = "" if admitted else "不属于本市试点细分行业"
            admission.decide_application(application, city_official, admitted, reason)
        elif step == "removed":
            admission.remove_from_pilot(application, city_official, "改造进度严重滞后")
    return application


def admit(enterprise: Organisation, owner: User, city_official: User):
    """Admit `enterprise` unless it already is (fixtures call it for every project)."""
    if admission.is_admitted(enterprise):
        return admission.application_of(enterprise)
    return walk(enterprise, "admitted", owner, city_official)
