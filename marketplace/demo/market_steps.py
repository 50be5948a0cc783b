"""Demo build, second act: enterprises, their needs, and each need's story of quote
requests, quotes, declines, withdrawals and awards."""

from datetime import timedelta
from decimal import Decimal

from marketplace.demo.common import EMAIL_DOMAIN, DemoProvider, profile_fields
from marketplace.demo.fragments import (
    NEED_CLOSINGS,
    NEED_FRAGMENTS,
    NEED_INTROS,
    PRODUCT_TEMPLATES,
)
from marketplace.demo.industries import PROFILES
from marketplace.demo.organisations import (
    CITY_SLUGS,
    PEOPLE,
    TRADE_NAMES,
)
from marketplace.demo.stories import (
    CLOSE_REASONS,
    DECLINE_REASONS,
    QUOTE_NOTES,
    REQUEST_MESSAGES,
    STREETS,
    WITHDRAW_REASONS,
)
from marketplace.extensions import db
from marketplace.services.quotes import NOT_SELECTED_REASON, REVISED_REASON, default_coverage
from models import (
    ENTERPRISE,
    Need,
    NeedMatchView,
    Organisation,
    Product,
    Quote,
    QuoteLine,
    QuoteRequest,
)

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
# What becomes of each quote request of a need, by scenario (one request per provider asked).
STORY_PLANS = {
    "requested": ("requested", "requested"),
    "quoted": ("quoted", "requested"),
    "revised": ("revised", "requested"),
    "declined": ("declined", "quoted"),
    "withdrawn": ("withdrawn", "quoted"),
    "awarded": ("accepted", "not_selected"),
    "awarded_declined": ("accepted", "not_selected", "declined"),
    "closed": ("withdrawn",),
}


class MarketSteps:
    """Mixed into the builder: needs its rng, clock, users, providers and event helpers."""

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
                # a story needs as many providers with a product for the need's stage as it
                # has quote requests: otherwise the owner writes of a stage the market covers
                wanted = len(STORY_PLANS.get(scenario, ()))
                if len(self.offers(org, stage)) < wanted:
                    pain = None
                    turn = [
                        need_stages[(serial + k) % len(need_stages)]
                        for k in range(len(need_stages))
                    ]
                    stage = max(turn, key=lambda s: min(wanted, len(self.offers(org, s))))
                self.create_need(org, user, profile, stage, pain, scenario, serial)
                serial += 1

    def create_need(self, org, user, profile, stage, pain, scenario, serial) -> Need:
        fragment = NEED_FRAGMENTS[stage]
        fields = profile_fields(profile) | {
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
        if serial % 9 == 4 and not scenario.startswith("awarded"):
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

    def offer_for(self, provider: DemoProvider, enterprise, stage: str) -> Product | None:
        """The provider's approved product for this stage of the enterprise's trade: one built
        for the stage first (its first stage), then one that also covers it; the trade's own
        before a generic one. None when it has none: nobody is offered a product of another
        stage (a payroll need is not answered with a vision station)."""
        sub = enterprise.sub_industry
        own = [
            p
            for p in self.products
            if p.provider is provider.org
            and p.status == "approved"
            and stage in p.stages
            and (p.is_generic or sub in p.sub_industries)
        ]
        ranked = sorted(own, key=lambda p: (p.stages[0] != stage, p.is_generic))
        return ranked[0] if ranked else None

    def offers(self, enterprise, stage: str) -> list[tuple[DemoProvider, Product]]:
        """Who can answer a need of this stage, with what (the providers serving the trade)."""
        found = [
            (p, self.offer_for(p, enterprise, stage))
            for p in self.serving(enterprise.pilot, enterprise.sub_industry)
        ]
        return [(p, product) for p, product in found if product is not None]

    def tell_story(self, need, user, stage, scenario, days_ago, serial, n_equip) -> None:
        if scenario == "fresh":
            return
        offers = self.offers(need.enterprise, stage)
        if not offers:
            return
        start = serial % len(offers)
        offers = offers[start:] + offers[:start]
        # the products built for the stage first: the one the owner accepts is the best fit
        offers.sort(key=lambda offer: offer[1].stages[0] != stage)
        plan = STORY_PLANS[scenario]
        asked = self.moment(days_ago - 1, self.minute())
        accepted_at = None
        made = []
        # the enterprise chose whom to ask from its need's matches: it opened them first
        db.session.flush()
        looked = asked - timedelta(minutes=30)
        db.session.add(
            NeedMatchView(
                need_id=need.id,
                first_viewed_at=looked,
                last_viewed_at=asked + timedelta(days=1),
                view_count=2 + serial % 3,
            )
        )
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
            # what the product covers of the need, as the quote form pre-ticks it
            covered_stages=default_coverage(need, product),
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
