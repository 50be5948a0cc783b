"""The demo data set: big enough, complete, consistent with its event log, and the same
every time. One seeded database serves the whole module (seeding takes a few seconds)."""

import hashlib
from datetime import UTC, datetime, time, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from marketplace import create_app
from marketplace.demo.seed import DEMO_PASSWORD, LOCAL_TZ, seed_demo_data
from marketplace.extensions import db
from marketplace.services.credit_code import credit_code_problem
from marketplace.services.indexing import search_product_ids
from models import (
    Event,
    Need,
    Notification,
    Organisation,
    PilotCity,
    Product,
    Project,
    QuoteRequest,
    SubIndustry,
    User,
)
from models.organisation import PROVIDER_TYPES
from models.quote import LINE_KINDS
from models.stages import STAGES

LOAD_DAY = datetime.now(LOCAL_TZ).date()  # the dates count back from the load day


def build_app(folder, auto_index=True):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
            "SEARCH_INDEX_DIR": str(folder / "search"),
            "WTF_CSRF_ENABLED": False,
            "SEARCH_AUTO_INDEX": auto_index,
        }
    )


def digest() -> str:
    """A fingerprint of what a visitor sees: names, statuses, stages, prices, who asked whom."""
    rows = []
    for org in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        rows.append(("org", org.name, org.credit_code, org.status, org.status_reason))
    for product in db.session.scalars(select(Product).order_by(Product.id)):
        rows.append(
            (
                "product",
                product.name,
                product.status,
                tuple(product.stages),
                str(product.pilot_price),
                tuple(c.customer + c.content for c in product.cases),
            )
        )
    for need in db.session.scalars(select(Need).order_by(Need.id)):
        rows.append(("need", need.title, need.description, need.status, tuple(need.stages)))
    for request in db.session.scalars(select(QuoteRequest).order_by(QuoteRequest.id)):
        total = str(request.quote.total) if request.quote else ""
        rows.append(("rfq", request.need_id, request.provider.name, request.status, total))
    for project in db.session.scalars(select(Project).order_by(Project.id)):
        rows.append(("project", project.title, project.status, str(project.subsidy_estimate)))
    for user in db.session.scalars(select(User).order_by(User.id)):
        rows.append(("user", user.email, user.role))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    app = build_app(tmp_path_factory.mktemp("demo"))
    with app.app_context():
        db.create_all()
        summary = seed_demo_data(today=LOAD_DAY)
        db.session.commit()
        yield summary
        db.session.remove()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seeding_twice_from_empty_gives_identical_data(seeded, tmp_path):
    first = digest()
    other = build_app(tmp_path, auto_index=False)
    with other.app_context():
        db.create_all()
        result = other.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
        assert result.exit_code == 0, result.output
        assert "演示数据已载入" in result.output
        second = digest()
        # the command builds the index once at the end, even with per-commit syncing off
        assert "索引已建立：185 个产品" in result.output
        assert search_product_ids("钻孔机 稼动率")
        again = other.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
        assert "跳过" in again.output
        db.session.remove()
        db.engine.dispose()
    assert first == second


def test_seed_meets_the_minimum_counts(seeded):
    approved_providers = Organisation.kind == "provider", Organisation.status == "approved"
    assert count(Organisation, Organisation.kind == "provider") >= 20
    assert set(db.session.scalars(select(Organisation.provider_type).where(*approved_providers)))
    assert set(PROVIDER_TYPES) <= set(
        db.session.scalars(select(Organisation.provider_type).where(*approved_providers))
    )
    visible = (
        select(Product)
        .join(Product.provider)
        .where(Product.status == "approved", Organisation.status == "approved")
    )
    assert len(db.session.scalars(visible).all()) >= 150
    assert count(Organisation, Organisation.kind == "enterprise") >= 60
    assert count(Need) >= 100
    assert seeded["企业"] == count(Organisation, Organisation.kind == "enterprise")


def test_every_organisation_has_an_account_and_every_city_its_demo_accounts(seeded):
    with_user = select(User.organisation_id).where(User.organisation_id.is_not(None))
    assert count(Organisation, Organisation.id.not_in(with_user)) == 0
    for code in ("xiamen", "zhuhai", "fuzhou", "shenyang", "hohhot"):
        pilot = db.session.scalar(select(PilotCity).where(PilotCity.code == code))
        enterprise = db.session.scalar(select(User).where(User.email == f"ent.{code}@demo.cn"))
        provider = db.session.scalar(select(User).where(User.email == f"prov.{code}@demo.cn"))
        official = db.session.scalar(select(User).where(User.email == f"official.{code}@demo.cn"))
        assert enterprise.organisation.pilot_id == pilot.id
        assert provider.organisation.pilot_id == pilot.id
        assert provider.organisation.status == "approved"
        assert official.role == "official"
        assert official.pilot_id == pilot.id
        assert official.district_id is None
    district_official = db.session.scalar(select(User).where(User.email == "official.huli@demo.cn"))
    assert district_official.district.name == "湖里区"
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.cn"))
    assert admin.role == "admin"
    assert admin.check_password(DEMO_PASSWORD)


def test_demo_account_signs_in_with_the_demo_password(seeded):
    client = current_app.test_client()
    response = client.post(
        "/account/login", data={"email": "ent.xiamen@demo.cn", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "/account/login" not in response.headers["Location"]


def test_approved_products_cover_every_stage_and_every_sub_industry(seeded):
    products = db.session.scalars(
        select(Product)
        .join(Product.provider)
        .where(Product.status == "approved", Organisation.status == "approved")
    ).all()
    assert {stage for p in products for stage in p.stages} == set(STAGES)
    covered = {sub.id for p in products for sub in p.sub_industries}
    assert covered == set(db.session.scalars(select(SubIndustry.id)))
    assert any(p.is_generic for p in products)
    for product in products:
        assert 60 <= len(product.description) <= 200, product.name
        assert 1 <= len(product.cases) <= 3
        assert product.pilot_price < product.list_price
    assert len({p.name for p in products}) == len(products)


def test_products_of_every_review_outcome_and_providers_of_every_status(seeded):
    statuses = set(db.session.scalars(select(Product.status)))
    assert {"approved", "pending", "rejected", "draft"} <= statuses
    for product in db.session.scalars(select(Product).where(Product.status == "rejected")):
        assert product.status_reason
    providers = Organisation.kind == "provider"
    assert count(Organisation, providers, Organisation.status == "pending") == 2
    for status in ("rejected", "suspended"):
        org = db.session.scalar(
            select(Organisation).where(providers, Organisation.status == status)
        )
        assert org.status_reason
    hidden = db.session.scalars(
        select(Product).join(Product.provider).where(Organisation.status == "suspended")
    ).all()
    assert hidden
    assert not any(p.is_visible for p in hidden)


def test_quote_requests_exist_in_every_state_and_awards_are_consistent(seeded):
    states = set(db.session.scalars(select(QuoteRequest.status)))
    assert states == set(QuoteRequest.TRANSITIONS)
    assert {"open", "awarded", "closed"} <= set(db.session.scalars(select(Need.status)))
    for need in db.session.scalars(select(Need).where(Need.status == "awarded")):
        requests = db.session.scalars(select(QuoteRequest).where(QuoteRequest.need_id == need.id))
        outcome = sorted(r.status for r in requests)
        assert outcome.count("accepted") == 1
        assert "not_selected" in outcome
        assert not set(outcome) & set(QuoteRequest.OPEN_STATUSES)
    for request in db.session.scalars(select(QuoteRequest)):
        provider = request.provider
        assert provider.status == "approved"
        assert provider.serves_pilot(request.need.pilot_id)
        assert request.product.provider_id == provider.id
        if request.status in ("declined", "withdrawn", "not_selected"):
            assert request.status_reason
        if request.status in ("quoted", "accepted", "not_selected"):
            quote = request.quote
            assert quote.total > 0
            assert quote.delivery_days > 0
            assert quote.valid_until > quote.submitted_at.date()
            if request.status == "quoted":  # a visitor can still accept it
                assert quote.valid_until > LOAD_DAY
            assert {line.kind for line in quote.lines} <= set(LINE_KINDS)
            assert len(quote.lines) >= 3


def test_every_credit_code_is_valid_and_unique(seeded):
    codes = db.session.scalars(select(Organisation.credit_code)).all()
    assert [c for c in codes if credit_code_problem(c)] == []
    assert len(set(codes)) == len(codes)


def test_every_non_initial_status_has_an_event_by_a_person(seeded):
    first_status = {
        "provider": "pending",  # a provider waits for review; an enterprise is approved at once
        "enterprise": "approved",
        "assessor": "approved",  # an assessment agency is made approved by `flask create-user`
        "products": "draft",
        "needs": "open",
        "quote_requests": "requested",
    }
    first_status["projects"] = "draft"
    for model in (Organisation, Product, Need, QuoteRequest, Project):
        for obj in db.session.scalars(select(model)):
            initial = first_status[getattr(obj, "kind", model.__tablename__)]
            events = db.session.scalars(
                select(Event)
                .where(Event.subject_type == model.__tablename__, Event.subject_id == obj.id)
                .order_by(Event.at, Event.id)
            ).all()
            assert events, obj
            assert events[0].from_state is None
            assert events[0].to_state == initial
            assert all(e.actor_id is not None for e in events)
            assert events[-1].to_state == obj.status, obj
            if obj.status != initial:
                assert any(e.to_state == obj.status and e.from_state for e in events), obj


def test_the_story_happened_in_the_past_twelve_weeks_in_order(seeded):
    load_start = datetime.combine(LOAD_DAY, time(0, 0), tzinfo=LOCAL_TZ).astimezone(UTC)
    needs = db.session.scalars(select(Need)).all()
    for need in needs:
        age = load_start - need.created_at
        assert timedelta(hours=0) < age < timedelta(days=91)
    # activity is spread over the weeks the officials' chart shows
    weeks = {(load_start - n.created_at).days // 7 for n in needs}
    assert len(weeks) >= 10
    assert db.session.scalar(select(func.max(Event.at))) < load_start
    # what an event told is dated as the event (an expert's seat, an evaluation published …)
    told = db.session.execute(
        select(Notification.created_at, Event.at).join(Event, Notification.event_id == Event.id)
    ).all()
    assert told
    assert all(created == at for created, at in told)
    for request in db.session.scalars(select(QuoteRequest)):
        assert request.created_at > request.need.created_at
        times = db.session.scalars(
            select(Event.at)
            .where(Event.subject_type == "quote_requests", Event.subject_id == request.id)
            .order_by(Event.id)
        ).all()
        assert times == sorted(times)


def test_seeded_products_are_found_by_industry_words(seeded):
    hits = search_product_ids("钻孔机 稼动率")
    names = [db.session.get(Product, pid).name for pid, _ in hits[:10]]
    assert any("PCB" in name for name in names), names


def test_accepted_quotes_became_projects_in_every_lifecycle_status(seeded):
    projects = db.session.scalars(select(Project)).all()
    assert {p.status for p in projects} == set(Project.TRANSITIONS)
    accepted = db.session.scalars(select(QuoteRequest).where(QuoteRequest.status == "accepted"))
    assert {r.id for r in accepted} == {p.quote_request_id for p in projects}
    for project in projects:
        assert project.budget_total > 0
        if project.status not in ("draft", "cancelled"):
            assert project.contract_no
            assert any(party.role in ("lead", "integrator") for party in project.parties)
        if project.status in ("in_progress", "acceptance_requested", "rectifying", "failed"):
            assert len(project.milestones) >= 3
        if project.certified_level is not None:
            assert project.certified_level >= 2
        if project.status == "paid":
            assert project.subsidy_confirmed > 0
            assert project.subsidy_paid == project.subsidy_confirmed
    assert any(p.is_overdue for p in projects)
    assert any(p.spot_checks for p in projects)
    assert any(len(p.parties) >= 3 for p in projects)  # a 1+1+N project


def test_every_city_has_an_open_round_and_enterprises_at_every_admission_step(seeded):
    from marketplace.services import admission, rounds
    from models import PilotApplication, PilotCity, RoundFiling

    for city in db.session.scalars(select(PilotCity)):
        assert rounds.open_round(city.id, LOAD_DAY) is not None, city.code
    statuses = set(db.session.scalars(select(PilotApplication.status)))
    assert statuses >= {
        "submitted",
        "returned",
        "district_checked",
        "admitted",
        "rejected",
        "removed",
    }
    # the enterprises whose quotes became projects were admitted before filing
    for project in db.session.scalars(select(Project)):
        assert admission.is_admitted(project.enterprise), project.enterprise.name
        if project.filed_at is not None:
            filing = db.session.get(RoundFiling, project.id)
            assert filing.round.opens_on <= filing.filed_on <= filing.round.filing_deadline
    for application in db.session.scalars(select(PilotApplication)):
        events = db.session.scalars(
            select(Event)
            .where(Event.subject_type == "pilot_applications", Event.subject_id == application.id)
            .order_by(Event.at, Event.id)
        ).all()
        assert events[0].from_state is None
        assert events[-1].to_state == application.status
        assert all(e.actor_id is not None for e in events)


def test_xiamen_has_a_published_evaluation_with_a_decided_and_a_pending_appeal(seeded):
    from models import EvaluationPeriod, ProviderEvaluation

    period = db.session.scalar(select(EvaluationPeriod))
    assert period.pilot.code == "xiamen"
    assert period.status == "published"
    assert period.appeal_open(LOAD_DAY)
    results = db.session.scalars(
        select(ProviderEvaluation).where(ProviderEvaluation.period_id == period.id)
    ).all()
    assert len(results) >= 5
    statuses = sorted(r.status for r in results if r.appeal_text)
    assert statuses == ["appealed", "final"]
    decided = next(r for r in results if r.status == "final")
    assert decided.decision == "dismissed"
    assert decided.decision_reason
