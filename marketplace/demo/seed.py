"""The demo data set: five pilot cities brought to life with providers, products, enterprises,
needs, quote requests and quotes, in every state, with an event log that tells the story.

Deterministic: one seeded random generator, rows created in a fixed order. Dates are fixed
offsets from the load day (needs posted 1–90 days before it), so the site looks alive on the
day it is loaded and the same story is told every time.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from marketplace.demo.fragments import (
    CASE_FRAGMENTS,
    INDUSTRY_STAGES,
    NEED_CLOSINGS,
    NEED_FRAGMENTS,
    NEED_INTROS,
    PRODUCT_TEMPLATES,
)
from marketplace.demo.generic import GENERIC_PRODUCTS
from marketplace.demo.industries import PROFILES, SUB_INDUSTRY_PROFILES
from marketplace.demo.organisations import (
    CASE_TRADE_NAMES,
    CITY_SLUGS,
    DISTRICT_SLUGS,
    OFFICIALS,
    PEOPLE,
    PROVIDERS,
    REGION_CODES,
    TRADE_NAMES,
)
from marketplace.demo.projects import ProjectStories
from marketplace.demo.stories import (
    CASE_WHEN,
    CLOSE_REASONS,
    DECLINE_REASONS,
    PRODUCT_REJECTIONS,
    QUOTE_NOTES,
    REQUEST_MESSAGES,
    STREETS,
    WITHDRAW_REASONS,
)
from marketplace.extensions import db
from marketplace.services.credit_code import make_credit_code
from marketplace.services.pilots import load_pilots
from marketplace.services.quotes import NOT_SELECTED_REASON, REVISED_REASON
from marketplace.services.workflow import change_state, record_event
from models import (
    ENTERPRISE,
    PROVIDER,
    CaseStudy,
    Need,
    Organisation,
    PilotCity,
    Product,
    Quote,
    QuoteLine,
    QuoteRequest,
    SubIndustry,
    User,
)

DEMO_PASSWORD = "demo12345"
EMAIL_DOMAIN = "demo.cn"
RANDOM_SEED = 20240228  # the day 厦门 published its pilot work plan
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

# What happens to a need, by its position among its city's needs: the first enterprise of
# each city (the demo account) gets an awarded and a quoted one.
SCENARIOS = (
    "awarded",
    "quoted",
    "fresh",
    "requested",
    "awarded_declined",
    "declined",
    "withdrawn",
    "closed",
    "revised",
    "fresh",
)
# How many days before the load day a need of each scenario is posted (its story fits).
SCENARIO_AGE = {
    "fresh": (1, 30),
    "requested": (3, 25),
    "quoted": (8, 40),
    "revised": (12, 50),
    "declined": (10, 50),
    "withdrawn": (10, 60),
    "awarded": (20, 84),
    "awarded_declined": (20, 84),
    "closed": (25, 84),
}
# Product reviews that did not (yet) end in approval, for the 6th product of the first
# sub-industries.
OTHER_PRODUCT_STATUSES = ("pending", "pending", "rejected", "draft", "pending", "rejected", "draft")


def _profile_fields(profile: dict) -> dict:
    e, p, q, m = (
        profile["equipment"],
        profile["processes"],
        profile["quality"],
        profile["materials"],
    )
    label = profile["label"]
    return {
        "label": label + " " if label.isascii() else label,  # "PCB 质量追溯系统"
        "goods": profile["goods"],
        "e1": e[0],
        "e2": e[1],
        "e3": e[2],
        "p1": p[0],
        "p2": p[1],
        "p3": p[2],
        "p4": p[3],
        "q1": q[0],
        "q2": q[1],
        "m1": m[0],
        "m2": m[1],
        "energy": profile["energy"],
        "hazard": profile["hazard"],
        "customers": profile["customers"],
    }


@dataclass
class _Provider:
    org: Organisation
    user: User
    brand: str
    profiles: tuple | None
    city: str


class _DemoBuilder:
    def __init__(self, today: date):
        self.today = today
        self.tz = LOCAL_TZ
        self.rng = random.Random(RANDOM_SEED)
        self.password_hash = ""
        self.pilots: dict[str, PilotCity] = {}
        self.officials: dict[str, User] = {}
        self.providers: list[_Provider] = []
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

    def create_providers(self) -> None:
        per_city: dict[str, int] = {}
        for i, spec in enumerate(PROVIDERS):
            pilot = self.pilots[spec["city"]]
            district = self.district(pilot, spec["district"])
            served = [self.pilots[c] for c in spec["served"]]
            org = Organisation(
                kind=PROVIDER,
                name=spec["name"],
                credit_code=self.credit_code(spec["city"]),
                pilot=pilot,
                district=district,
                status="pending",
                contact_name=spec["contact"],
                contact_phone=self.phone(i + 100),
                address=f"{pilot.name}市{district.name}{STREETS[i % len(STREETS)]}{18 + i * 7}号",
                introduction=spec["intro"],
                provider_type=spec["type"],
                local_service=spec["local"],
                served_pilots=served,
                served_sub_industries=[
                    sub
                    for p, sub, profile in self.sub_industries
                    if p in served
                    and (spec["profiles"] is None or self.profile_key(p, sub) in spec["profiles"])
                ],
            )
            registered = self.moment(95 - i % 6, self.minute())
            org.created_at = registered
            db.session.add(org)
            slug = CITY_SLUGS[spec["city"]]
            n = per_city[slug] = per_city.get(slug, 0) + 1
            email = f"prov.{slug}@{EMAIL_DOMAIN}" if n == 1 else f"prov.{slug}.{n}@{EMAIL_DOMAIN}"
            user = self.add_user(email, spec["contact"], "provider", registered, organisation=org)
            self.log(org, "pending", user, registered)
            official = self.officials[spec["city"]]
            reviewed = self.moment(93 - i % 6, self.minute())
            if spec["status"] == "rejected":
                self.move(org, "rejected", official, reviewed, spec["reason"])
            elif spec["status"] in ("approved", "suspended"):
                self.move(org, "approved", official, reviewed)
            if spec["status"] == "suspended":
                self.move(org, "suspended", official, self.moment(12, 120), spec["reason"])
            brand = spec["name"]
            for prefix in ("呼和浩特", "内蒙古", *(p.name for p in self.pilots.values())):
                brand = brand.removeprefix(prefix)
            self.providers.append(_Provider(org, user, brand[:2], spec["profiles"], spec["city"]))

    @staticmethod
    def profile_key(pilot: PilotCity, sub: SubIndustry) -> str:
        return SUB_INDUSTRY_PROFILES[(pilot.code, sub.name)]

    @staticmethod
    def phone(n: int) -> str:
        return f"1{3 + n % 6}{(n * 7919 + 1234567) % 10**9:09d}"

    def serving(self, pilot: PilotCity, sub: SubIndustry, status="approved") -> list[_Provider]:
        return [
            p
            for p in self.providers
            if p.org.status == status
            and pilot in p.org.served_pilots
            and sub in p.org.served_sub_industries
        ]

    # --- products -------------------------------------------------------------------------

    def unique_name(self, name: str, provider: _Provider) -> str:
        if name in self.product_names:
            name = f"{provider.brand}{name}"
        self.product_names.add(name)
        return name

    def price(self, low: int, high: int, unit: str) -> tuple[Decimal, Decimal]:
        step = 10 if high < 5000 else 100
        listed = self.rng.randrange(low, high + 1, step) if high > low else low
        rate = self.rng.choice((0.6, 0.65, 0.7, 0.75, 0.8, 0.85))
        pilot = round(listed * rate / step) * step
        return Decimal(listed), Decimal(pilot)

    def cases(self, stage: str, fields: dict, city: PilotCity, suffixes) -> list[CaseStudy]:
        scope, results = CASE_FRAGMENTS.get(stage, CASE_FRAGMENTS["决策支持"])
        cases = []
        for k in range(1 + self.case_serial % 3):
            self.case_serial += 1
            trade = CASE_TRADE_NAMES[self.case_serial % len(CASE_TRADE_NAMES)]
            customer = f"{city.name}{trade}{suffixes[self.case_serial % len(suffixes)]}"
            template, (a_lo, a_hi), (b_lo, b_hi) = results[(self.case_serial + k) % len(results)]
            result = template.format(a=self.rng.randint(a_lo, a_hi), b=self.rng.randint(b_lo, b_hi))
            n = self.rng.choice((12, 16, 24, 30, 36, 48, 60, 85))
            months = self.rng.choice(("两", "三", "四", "六"))
            when = CASE_WHEN[self.case_serial % len(CASE_WHEN)]
            content = f"{when}上线，{scope.format(n=n, **fields)}，{months}个月后{result}。"
            cases.append(CaseStudy(customer=customer, content=content))
        return cases

    def add_product(
        self,
        provider: _Provider,
        spec: tuple,
        subs: list[SubIndustry],
        fields: dict,
        city: PilotCity,
        suffixes,
        status: str = "approved",
        price_range: tuple[int, int] | None = None,
    ) -> Product:
        name, summary, description, stages, mode, unit, price, days = spec
        low, high = price_range or (price, price)
        list_price, pilot_price = self.price(low, high, unit)
        product = Product(
            provider=provider.org,
            name=self.unique_name(name.format(**fields), provider),
            summary=summary.format(**fields),
            description=description.format(**fields),
            is_generic=not subs,
            delivery_mode=mode,
            list_price=list_price,
            pilot_price=pilot_price,
            price_unit=unit,
            deployment_days=max(3, days + self.rng.choice((-5, 0, 0, 5, 10))),
            status="draft",
        )
        product.stages = list(dict.fromkeys(stages))
        product.sub_industries = list(subs)
        product.cases = self.cases(stages[0], fields, city, suffixes)
        db.session.add(product)
        created = self.moment(self.rng.randint(70, 88), self.minute())
        product.created_at = product.updated_at = created
        actor = provider.user
        self.log(product, "draft", actor, created)
        if status != "draft":
            self.move(product, "pending", actor, created + timedelta(minutes=40))
        official = self.officials[provider.city]
        reviewed = created + timedelta(days=self.rng.randint(1, 4), hours=2)
        if status in ("approved", "rejected"):
            reason = PRODUCT_REJECTIONS[len(self.products) % 2] if status == "rejected" else None
            self.move(product, status, official, reviewed, reason)
            product.updated_at = reviewed
        self.products.append(product)
        return product

    def create_products(self) -> None:
        done_profiles: set[str] = set()
        for index, (pilot, sub, profile) in enumerate(self.sub_industries):
            key = self.profile_key(pilot, sub)
            fields = _profile_fields(profile)
            suffixes = profile["name_suffixes"]
            candidates = self.serving(pilot, sub)
            specialists = [p for p in candidates if p.profiles and key in p.profiles]
            for k in range(6):
                stage = INDUSTRY_STAGES[(index * 5 + k) % len(INDUSTRY_STAGES)]
                variant = (index + k) % 2
                if stage == "售后服务":
                    variant = 0 if profile["makes_equipment"] else 1
                name, summary, desc, extra, mode, unit, prices, days = PRODUCT_TEMPLATES[stage][
                    variant
                ]
                spec = (name, summary, desc, (stage, *extra), mode, unit, 0, days)
                provider = candidates[(index + k) % len(candidates)]
                status = "approved"
                if k == 5 and index < len(OTHER_PRODUCT_STATUSES):
                    status = OTHER_PRODUCT_STATUSES[index]
                self.add_product(
                    provider, spec, [sub], fields, pilot, suffixes, status, price_range=prices
                )
            if key in done_profiles:
                continue
            done_profiles.add(key)
            for j, special in enumerate(profile["specials"]):
                provider = (specialists or candidates)[j % len(specialists or candidates)]
                subs = [
                    s
                    for p, s, _ in self.sub_industries
                    if self.profile_key(p, s) == key and s in provider.org.served_sub_industries
                ]
                self.add_product(provider, special, subs, fields, pilot, suffixes)
        self.create_generic_products()
        self.create_off_catalog_products()

    def create_generic_products(self) -> None:
        sellers = [
            p
            for p in self.providers
            if p.org.status == "approved" and p.org.provider_type in ("平台服务商", "集成服务商")
        ]
        for i, spec in enumerate(GENERIC_PRODUCTS):
            provider = sellers[i % len(sellers)]
            pilot = self.pilots[provider.city]
            local = [(p, s, prof) for p, s, prof in self.sub_industries if p == pilot]
            _, _, profile = local[i % len(local)]
            self.add_product(
                provider, spec, [], _profile_fields(profile), pilot, profile["name_suffixes"]
            )

    def create_off_catalog_products(self) -> None:
        """Products of providers that are not (or no longer) approved: out of the catalog."""
        for provider in self.providers:
            if provider.org.status not in ("pending", "suspended"):
                continue
            subs = list(provider.org.served_sub_industries)
            pilot = self.pilots[provider.city]
            profile = PROFILES[provider.profiles[0]]
            stages = ("质量管理", "仓储物流") if provider.org.status == "pending" else ("生产管控",)
            for stage in stages:
                name, summary, desc, extra, mode, unit, prices, days = PRODUCT_TEMPLATES[stage][0]
                spec = (name, summary, desc, (stage, *extra), mode, unit, 0, days)
                status = "pending" if provider.org.status == "pending" else "approved"
                self.add_product(
                    provider,
                    spec,
                    subs,
                    _profile_fields(profile),
                    pilot,
                    profile["name_suffixes"],
                    status,
                    price_range=prices,
                )

    # --- enterprises ----------------------------------------------------------------------

    def create_enterprises(self) -> None:
        per_city: dict[str, int] = {}
        serial = 0
        for index, (pilot, sub, profile) in enumerate(self.sub_industries):
            for j in range(3):
                trade = TRADE_NAMES[serial % len(TRADE_NAMES)]
                suffix = profile["name_suffixes"][j]
                employees = self.rng.randrange(40, 420, 10)
                contact = PEOPLE[serial % len(PEOPLE)]
                org = Organisation(
                    kind=ENTERPRISE,
                    name=f"{pilot.name}{trade}{suffix}",
                    credit_code=self.credit_code(pilot.code),
                    pilot=pilot,
                    district=self.district(pilot, index=index * 3 + j),
                    status="approved",
                    contact_name=contact,
                    contact_phone=self.phone(serial),
                    introduction=f"主要生产{profile['goods']}，员工 {employees} 人，"
                    f"客户以{profile['customers']}为主。",
                    sub_industry=sub,
                    is_above_scale=j != 2,
                    specialised_status=(
                        "none",
                        "specialised",
                        "none",
                        "innovative",
                        "little_giant",
                        "none",
                    )[serial % 6],
                    self_assessed_level=1 + serial % 3,
                    employee_count=employees,
                )
                org.address = (
                    f"{pilot.name}市{org.district.name}{STREETS[serial % 6]}{8 + serial}号"
                )
                registered = self.moment(96 - serial % 8, self.minute())
                org.created_at = registered
                db.session.add(org)
                slug = CITY_SLUGS[pilot.code]
                n = per_city[slug] = per_city.get(slug, 0) + 1
                email = f"ent.{slug}@{EMAIL_DOMAIN}" if n == 1 else f"ent.{slug}.{n}@{EMAIL_DOMAIN}"
                user = self.add_user(email, contact, "enterprise", registered, organisation=org)
                self.log(org, "approved", user, registered)
                self.enterprises.append((org, user))
                serial += 1

    # --- needs and quotes -----------------------------------------------------------------

    def create_needs(self) -> None:
        need_stages = list(NEED_FRAGMENTS)
        per_city: dict[str, int] = {}
        serial = 0
        for e_index, (org, user) in enumerate(self.enterprises):
            profile = PROFILES[self.profile_key(org.pilot, org.sub_industry)]
            for _ in range(1 if e_index % 3 == 2 else 2):
                # every other need starts from one of the trade's own pains, in its stage
                pain = None
                stage = need_stages[(serial * 5 + 3) % len(need_stages)]
                if serial % 2 == 0:
                    stage, pain = profile["pains"][serial // 2 % len(profile["pains"])]
                city_n = per_city[org.pilot.code] = per_city.get(org.pilot.code, 0) + 1
                scenario = SCENARIOS[(city_n - 1) % len(SCENARIOS)]
                self.create_need(org, user, profile, stage, pain, scenario, serial)
                serial += 1

    def create_need(self, org, user, profile, stage, pain, scenario, serial) -> Need:
        fragment = NEED_FRAGMENTS[stage]
        fields = _profile_fields(profile) | {
            "district": org.district.name,
            "workers": org.employee_count,
            "n_equip": self.rng.randrange(6, 61),
            "orders": self.rng.randrange(30, 401, 10),
        }
        parts = [NEED_INTROS[serial % len(NEED_INTROS)], pain or "", fragment["now"]]
        parts += [fragment["want"], NEED_CLOSINGS[serial % len(NEED_CLOSINGS)]]
        low, high = fragment["budget"]
        budget_min = round(self.rng.uniform(low, (low + high) / 2), -3)
        budget_max = budget_min + round(self.rng.uniform(0.3, 1.0) * (high - low), -3)
        days_ago = self.rng.randint(*SCENARIO_AGE[scenario])
        posted = self.moment(days_ago, self.minute())
        stages = [stage]
        if serial % 3 == 0:
            extra = PRODUCT_TEMPLATES.get(stage, ((None, None, None, ()),))[0][3]
            stages += list(extra[:1])
        if serial % 9 == 4:
            stages = []  # some owners do not know which scene their problem belongs to
        need = Need(
            enterprise=org,
            title=fragment["titles"][serial % 2].format(**fields),
            description="".join(parts).format(**fields),
            budget_min=Decimal(budget_min),
            budget_max=Decimal(budget_max),
            expected_start=(posted + timedelta(days=self.rng.randrange(14, 46))).date(),
            duration_days=self.rng.choice((30, 45, 60, 90, 120)),
            target_level=min(3, (org.self_assessed_level or 1) + 1),
            status="open",
            created_at=posted,
            updated_at=posted,
        )
        need.stages = stages
        db.session.add(need)
        self.log(need, "open", user, posted)
        self.needs.append(need)
        self.tell_story(need, user, stage, scenario, days_ago, serial, fields["n_equip"])
        return need

    def offer_for(self, provider: _Provider, need: Need, stage: str) -> Product | None:
        """The provider's approved product that best fits this need."""
        sub = need.enterprise.sub_industry
        own = [p for p in self.products if p.provider is provider.org and p.status == "approved"]
        ranked = [p for p in own if sub in p.sub_industries and stage in p.stages]
        ranked += [p for p in own if sub in p.sub_industries]
        ranked += [p for p in own if p.is_generic and stage in p.stages]
        return ranked[0] if ranked else None

    def tell_story(self, need, user, stage, scenario, days_ago, serial, n_equip) -> None:
        if scenario == "fresh":
            return
        pilot, sub = need.enterprise.pilot, need.enterprise.sub_industry
        offers = [(p, self.offer_for(p, need, stage)) for p in self.serving(pilot, sub)]
        offers = [(p, product) for p, product in offers if product is not None]
        if not offers:
            return
        start = serial % len(offers)
        offers = offers[start:] + offers[:start]
        plan = {
            "requested": ("requested", "requested"),
            "quoted": ("quoted", "requested"),
            "revised": ("revised", "requested"),
            "declined": ("declined", "quoted"),
            "withdrawn": ("withdrawn", "quoted"),
            "awarded": ("accepted", "not_selected"),
            "awarded_declined": ("accepted", "not_selected", "declined"),
            "closed": ("withdrawn",),
        }[scenario]
        asked = self.moment(days_ago - 1, self.minute())
        accepted_at = None
        made = []
        for k, (outcome, (provider, product)) in enumerate(zip(plan, offers, strict=False)):
            request = QuoteRequest(
                need=need,
                provider=provider.org,
                product=product,
                message=REQUEST_MESSAGES[(serial + k) % len(REQUEST_MESSAGES)].format(
                    product=product.name
                ),
                status="requested",
                created_at=asked + timedelta(minutes=5 * k),
            )
            db.session.add(request)
            self.log(request, "requested", user, request.created_at)
            answered = asked + timedelta(days=1 + (serial + k) % 4, hours=2 + k)
            if outcome in ("quoted", "revised", "accepted", "not_selected"):
                self.quote(request, provider, product, need, answered, n_equip)
                if outcome == "revised":
                    revised = answered + timedelta(days=2)
                    request.quote.discount_pct = Decimal(5)
                    request.quote.submitted_at = request.responded_at = revised
                    self.move(request, "quoted", provider.user, revised, reason_code=REVISED_REASON)
            elif outcome == "declined":
                request.responded_at = answered
                reason = DECLINE_REASONS[(serial + k) % len(DECLINE_REASONS)]
                self.move(request, "declined", provider.user, answered, reason)
            elif outcome == "withdrawn":
                withdrawn = asked + timedelta(hours=20)
                reason = WITHDRAW_REASONS[serial % len(WITHDRAW_REASONS)]
                self.move(request, "withdrawn", user, withdrawn, reason)
            made.append((outcome, request, answered))
            self.requests.append(request)
        if scenario.startswith("awarded"):
            accepted_at = max(at for _, _, at in made) + timedelta(days=2 + serial % 4)
            for outcome, request, _ in made:
                if outcome == "accepted":
                    self.move(request, "accepted", user, accepted_at)
                    self.awards.append((accepted_at, request, user))
            for outcome, request, _ in made:
                if outcome == "not_selected":
                    self.move(
                        request, "not_selected", user, accepted_at, reason_code=NOT_SELECTED_REASON
                    )
            self.move(need, "awarded", user, accepted_at)
            need.updated_at = accepted_at
        if scenario == "closed":
            closed_at = asked + timedelta(days=6)
            self.move(need, "closed", user, closed_at, CLOSE_REASONS[serial % 2])
            need.updated_at = closed_at

    def quote(self, request, provider, product, need, at, n_equip) -> Quote:
        lines = self.quote_lines(product, need, n_equip, provider)
        quote = Quote(
            request=request,
            # valid for 30 days, and still valid on the load day: a visitor can accept it
            valid_until=max((at + timedelta(days=30)).date(), self.today + timedelta(days=14)),
            delivery_days=product.deployment_days + self.rng.choice((5, 10, 15, 20)),
            discount_pct=Decimal(self.rng.choice((0, 0, 3, 5))),
            note=QUOTE_NOTES[len(self.requests) % len(QUOTE_NOTES)],
            submitted_at=at,
        )
        quote.lines = [
            QuoteLine(
                position=i,
                kind=kind,
                description=text,
                quantity=Decimal(qty),
                unit=unit,
                unit_price=Decimal(price),
            )
            for i, (kind, text, qty, unit, price) in enumerate(lines)
        ]
        db.session.add(quote)
        request.responded_at = at
        self.move(request, "quoted", provider.user, at)
        return quote

    def quote_lines(self, product, need, n_equip, provider) -> list[tuple]:
        price = int(product.pilot_price)
        unit = product.price_unit
        lines = []
        if product.delivery_mode == "SaaS":
            if unit == "元/用户/年":
                lines.append(
                    (
                        "云服务",
                        f"{product.name} 订阅",
                        self.rng.randrange(10, 41, 5),
                        "用户/年",
                        price,
                    )
                )
            elif unit == "元/月":
                lines.append(("云服务", f"{product.name} 订阅", 12, "月", price))
            else:
                lines.append(("云服务", f"{product.name} 年度订阅", 1, "年", price))
            if set(product.stages) & {"设备管理", "能耗管理", "生产管控"}:
                lines.append(
                    (
                        "网关路由等数据采集设备",
                        "工业网关（含安装辅材）",
                        max(2, n_equip // 6),
                        "台",
                        self.rng.randrange(1800, 3601, 200),
                    )
                )
        elif product.delivery_mode == "私有部署":
            if unit == "元/项目":
                lines.append(("实施", product.name, 1, "项", price))
            else:
                lines.append(("软件", f"{product.name} 软件许可", 1, "套", price))
        elif unit == "元/台":
            lines.append(
                (
                    "网关路由等数据采集设备",
                    f"{product.name} 采集终端",
                    min(n_equip, 40),
                    "台",
                    price,
                )
            )
            lines.append(("软件", "数据平台软件", 1, "套", self.rng.randrange(8000, 20001, 1000)))
        else:
            software = round(price * 0.6, -2)
            lines.append(("软件", f"{product.name} 软件", 1, "套", software))
            devices = self.rng.randrange(4, 17)
            lines.append(
                (
                    "网关路由等数据采集设备",
                    "边缘网关与传感器",
                    devices,
                    "台",
                    round((price - software) / devices, -1),
                )
            )
        for kind, spec, quantities, unit, prices in (
            ("实施", "现场调研、部署与上线支持", (4, 21), "人天", (1000, 1601, 100)),
            ("培训", "管理员与一线员工培训", (1, 4), "场", (1500, 3001, 500)),
        ):
            quantity = self.rng.randrange(*quantities)
            lines.append((kind, spec, quantity, unit, self.rng.randrange(*prices)))
        if provider.city != need.enterprise.pilot.code:
            lines.append(
                ("其他", "异地差旅及驻场费用", 1, "项", self.rng.randrange(2000, 6001, 500))
            )
        return lines

    def summary(self) -> dict:
        approved = [p for p in self.products if p.status == "approved"]
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
    builder.projects = ProjectStories(builder).create_projects()
    db.session.flush()
    return builder.summary()
