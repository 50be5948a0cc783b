"""The demo data set: five pilot cities brought to life with providers, products, enterprises,
needs, quote requests and quotes, in every state, with an event log that tells the story.

Deterministic: one seeded random generator, rows created in a fixed order. Dates are fixed
offsets from the load day (needs posted 1–90 days before it), so the site looks alive on the
day it is loaded and the same story is told every time.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.demo.admission import AdmissionStories
from marketplace.demo.answerable_steps import add_answerable_story
from marketplace.demo.catalog_steps import CatalogSteps
from marketplace.demo.common import DEMO_PASSWORD, EMAIL_DOMAIN, LOCAL_TZ, RANDOM_SEED, DemoProvider
from marketplace.demo.evaluation_steps import add_evaluation_story
from marketplace.demo.expert_steps import add_expert_story
from marketplace.demo.industries import PROFILES, SUB_INDUSTRY_PROFILES
from marketplace.demo.market_steps import MarketSteps
from marketplace.demo.message_steps import MessageSteps, date_notifications
from marketplace.demo.organisations import (
    CITY_SLUGS,
    DISTRICT_SLUGS,
    OFFICIALS,
    PEOPLE,
    REGION_CODES,
)
from marketplace.demo.projects import ProjectStories
from marketplace.extensions import db
from marketplace.services.credit_code import make_credit_code
from marketplace.services.pilots import load_pilots
from marketplace.services.workflow import change_state, record_event
from models import (
    Need,
    Organisation,
    PilotCity,
    Product,
    QuoteRequest,
    SubIndustry,
    User,
)

__all__ = ["DEMO_PASSWORD", "LOCAL_TZ", "seed_demo_data"]


class _DemoBuilder(CatalogSteps, MarketSteps):
    def __init__(self, today: date):
        self.today = today
        self.tz = LOCAL_TZ
        self.rng = random.Random(RANDOM_SEED)
        self.password_hash = ""
        self.pilots: dict[str, PilotCity] = {}
        self.officials: dict[str, User] = {}
        self.providers: list[DemoProvider] = []
        self.products: list[Product] = []
        self.enterprises: list[tuple[Organisation, User]] = []
        self.needs: list[Need] = []
        self.requests: list[QuoteRequest] = []
        self.users: list[User] = []
        self.product_names: set[str] = set()
        self.district_officials: dict[int, User] = {}
        self.awards: list[tuple[datetime, QuoteRequest, User]] = []
        self.projects: list = []
        self.case_serial = 0
        self.credit_serial = 0

    # --- time and logging ---------------------------------------------------------------

    def moment(self, days_ago: float, minute: int = 0) -> datetime:
        """A working-hours moment `days_ago` days before the load day, in UTC."""
        day = self.today - timedelta(days=int(days_ago))
        local = datetime.combine(day, time(9, 0), tzinfo=LOCAL_TZ) + timedelta(minutes=minute)
        return local.astimezone(UTC)

    def minute(self) -> int:
        return self.rng.randrange(0, 8 * 60)

    @staticmethod
    def log(subject, to_state, actor, at, reason=None):
        record_event(subject, None, to_state, actor, reason).at = at

    @staticmethod
    def move(subject, to_state, actor, at, reason=None, reason_code=None):
        change_state(subject, to_state, actor, reason, reason_code=reason_code).at = at

    def credit_code(self, city: str) -> str:
        self.credit_serial += 1
        return make_credit_code(7000 + self.credit_serial, REGION_CODES[city])

    def add_user(self, email, name, role, at, organisation=None, pilot=None, district=None):
        user = User(
            email=email,
            name=name,
            role=role,
            organisation=organisation,
            pilot=pilot,
            district=district,
            created_at=at,
        )
        if not self.password_hash:  # hashing is slow on purpose: once for all demo users
            user.set_password(DEMO_PASSWORD)
            self.password_hash = user.password_hash
        user.password_hash = self.password_hash
        db.session.add(user)
        self.users.append(user)
        return user

    # --- reference data -----------------------------------------------------------------

    def load_reference(self) -> None:
        load_pilots()
        for pilot in db.session.scalars(select(PilotCity).order_by(PilotCity.id)):
            self.pilots[pilot.code] = pilot
        self.sub_industries: list[tuple[PilotCity, SubIndustry, dict]] = []
        for code, pilot in self.pilots.items():
            for sub in pilot.sub_industries:
                profile = PROFILES[SUB_INDUSTRY_PROFILES[(code, sub.name)]]
                self.sub_industries.append((pilot, sub, profile))

    def district(self, pilot: PilotCity, name: str | None = None, index: int = 0):
        if name:
            return next(d for d in pilot.districts if d.name == name)
        return pilot.districts[index % len(pilot.districts)]

    # --- staff ----------------------------------------------------------------------------

    def create_staff(self) -> None:
        start = self.moment(100)
        self.add_user(f"admin@{EMAIL_DOMAIN}", "平台管理员", "admin", start)
        for code, pilot in self.pilots.items():
            self.officials[code] = self.add_user(
                f"official.{CITY_SLUGS[code]}@{EMAIL_DOMAIN}",
                OFFICIALS[code],
                "official",
                start,
                pilot=pilot,
            )
        serial = 0
        for code, slugs in DISTRICT_SLUGS.items():
            pilot = self.pilots[code]
            for district_name, slug in slugs.items():
                district = self.district(pilot, district_name)
                person = PEOPLE[(serial * 7 + 3) % len(PEOPLE)]
                self.district_officials[district.id] = self.add_user(
                    f"official.{slug}@{EMAIL_DOMAIN}",
                    f"{person}（{district_name}工信部门）",
                    "official",
                    start,
                    pilot=pilot,
                    district=district,
                )
                serial += 1

    # --- providers ------------------------------------------------------------------------

    def summary(self) -> dict:
        approved = [p for p in self.products if p.is_visible]  # as the home page and catalog count
        return {
            "服务商": len(self.providers),
            "已上架产品": len(approved),
            "产品合计": len(self.products),
            "企业": len(self.enterprises),
            "需求": len(self.needs),
            "询价": len(self.requests),
            "改造项目": len(self.projects),
            "账号": len(self.users),
        }


def seed_demo_data(today: date | None = None) -> dict:
    """Create the demo data set in the current session (flushes; the caller commits).

    `today` is the load day the dates are counted back from (default: today in China).
    Returns counts by kind, for the command line.
    """
    builder = _DemoBuilder(today or datetime.now(LOCAL_TZ).date())
    builder.load_reference()
    builder.create_staff()
    builder.create_providers()
    builder.create_products()
    builder.create_enterprises()
    builder.create_needs()
    AdmissionStories(builder).create()  # projects are filed only by admitted enterprises
    builder.projects = ProjectStories(builder).create_projects()
    db.session.flush()
    add_answerable_story(builder)  # ratings, complaints, a blacklist entry
    MessageSteps(builder).create()  # conversations, then the load day's deadline reminders
    add_expert_story(builder)  # 福州's expert pool, panels and 公示
    add_evaluation_story(builder)  # 厦门's quarter evaluated, published, two appeals
    date_notifications(builder)  # the stories' own notifications too, dated as their events
    return builder.summary()
