"""Demo build, first act: the providers of every city and their catalogs (sub-industry
products, generic products, and products still in review or rejected)."""

from datetime import timedelta
from decimal import Decimal

from marketplace.demo.common import EMAIL_DOMAIN, DemoProvider, profile_fields
from marketplace.demo.fragments import (
    CASE_FRAGMENTS,
    INDUSTRY_STAGES,
    PRODUCT_TEMPLATES,
)
from marketplace.demo.generic import GENERIC_PRODUCTS
from marketplace.demo.industries import PROFILES, SUB_INDUSTRY_PROFILES
from marketplace.demo.organisations import (
    CASE_TRADE_NAMES,
    CITY_SLUGS,
    PROVIDERS,
)
from marketplace.demo.stories import (
    CASE_WHEN,
    PRODUCT_REJECTIONS,
    STREETS,
)
from marketplace.extensions import db
from models import (
    PROVIDER,
    CaseStudy,
    Organisation,
    PilotCity,
    Product,
    SubIndustry,
)

# Product reviews that did not (yet) end in approval, for the 6th product of the first
# sub-industries.
OTHER_PRODUCT_STATUSES = ("pending", "pending", "rejected", "draft", "pending", "rejected", "draft")


class CatalogSteps:
    """Mixed into the builder: needs its rng, clock, users and event helpers."""

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
            self.providers.append(
                DemoProvider(org, user, brand[:2], spec["profiles"], spec["city"])
            )

    @staticmethod
    def profile_key(pilot: PilotCity, sub: SubIndustry) -> str:
        return SUB_INDUSTRY_PROFILES[(pilot.code, sub.name)]

    @staticmethod
    def phone(n: int) -> str:
        return f"1{3 + n % 6}{(n * 7919 + 1234567) % 10**9:09d}"

    def serving(self, pilot: PilotCity, sub: SubIndustry, status="approved") -> list[DemoProvider]:
        return [
            p
            for p in self.providers
            if p.org.status == status
            and pilot in p.org.served_pilots
            and sub in p.org.served_sub_industries
        ]

    # --- products -------------------------------------------------------------------------

    def unique_name(self, name: str, provider: DemoProvider) -> str:
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
        provider: DemoProvider,
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
        if status == "pending":  # still in the queue: submitted in the last two weeks
            serial = len(self.products)
            created = self.moment(2 + serial % 12, serial * 37 % 420)
        product.created_at = product.updated_at = created
        actor = provider.user
        self.log(product, "draft", actor, created)
        if status != "draft":
            submitted = created + timedelta(minutes=40)
            self.move(product, "pending", actor, submitted)
            product.updated_at = submitted  # the review queue shows when it was submitted
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
            fields = profile_fields(profile)
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
                provider, spec, [], profile_fields(profile), pilot, profile["name_suffixes"]
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
                    profile_fields(profile),
                    pilot,
                    profile["name_suffixes"],
                    status,
                    price_range=prices,
                )

    # --- enterprises ----------------------------------------------------------------------
