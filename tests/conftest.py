"""Fixtures: the app built by the factory on a fresh database and index folder per test,
the test client and CLI runner, `login`, and make_* factories with sensible defaults."""

import itertools
import os
import shutil
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from marketplace import create_app
from marketplace.extensions import db
from marketplace.services.credit_code import make_credit_code
from marketplace.services.pilots import load_pilots
from marketplace.services.subsidy import load_policies
from models import (
    CaseStudy,
    Need,
    Organisation,
    PilotCity,
    Product,
    Quote,
    QuoteLine,
    QuoteRequest,
    User,
)

PASSWORD = "password123"
_serial = itertools.count(1)


_postgres_schema_ready = False


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file with the schema, the pilot cities and their subsidy policies (what
    `flask init-db` loads), built once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    template_app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
    )
    with template_app.app_context():
        db.create_all()
        load_pilots()
        load_policies()
        db.session.commit()
        db.engine.dispose()
    return path


def _reset_postgres() -> None:
    """PostgreSQL keeps its schema for the session and is emptied between tests (fast)."""
    global _postgres_schema_ready
    if not _postgres_schema_ready:
        db.drop_all()
        db.create_all()
        _postgres_schema_ready = True
    else:
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    load_pilots()
    load_policies()
    db.session.commit()


@pytest.fixture
def app(tmp_path, sqlite_template):
    database_url = os.environ.get("TEST_DATABASE_URL")
    if not database_url:
        shutil.copyfile(sqlite_template, tmp_path / "test.sqlite")
        database_url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "search"),
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    with app.app_context():
        if database_url.startswith("postgresql"):
            _reset_postgres()
        else:
            # a test database need not survive a power cut: skip the fsyncs
            event.listen(db.engine, "connect", _fast_sqlite)
        yield app
        db.session.remove()
        db.engine.dispose()


def _fast_sqlite(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """login(user): the client is signed in as `user` for the following requests."""

    def do_login(user):
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        # the test's app context (and its `g`) outlives requests: forget the cached user
        # so a test can switch users
        from flask import g

        g.pop("_login_user", None)
        return user

    return do_login


def pilot(code: str) -> PilotCity:
    return db.session.scalar(select(PilotCity).where(PilotCity.code == code))


@pytest.fixture
def make_organisation():
    def make(kind="enterprise", pilot_code="xiamen", sub_industry=None, **fields):
        n = next(_serial)
        city = pilot(pilot_code)
        org = Organisation(
            kind=kind,
            name=fields.pop("name", f"测试{'企业' if kind == 'enterprise' else '服务商'}{n}"),
            credit_code=make_credit_code(n),
            pilot=city,
            district=city.districts[0],
            status=fields.pop("status", "approved"),
            contact_name="张三",
            contact_phone="13800000000",
            **fields,
        )
        if kind == "enterprise":
            org.sub_industry = sub_industry or city.sub_industries[0]
            org.is_above_scale = True
            org.specialised_status = "none"
            org.self_assessed_level = 1
        else:
            org.provider_type = org.provider_type or "专业服务商"
            org.served_pilots = [city]
            org.served_sub_industries = list(city.sub_industries)
            org.local_service = "本地服务团队，24小时响应"
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(make_organisation):
    """make_user(role, pilot_code=..., organisation=..., **org_fields) → User."""

    def make(
        role="enterprise", pilot_code="xiamen", organisation=None, district=None, **org_fields
    ):
        n = next(_serial)
        if role in ("enterprise", "provider") and organisation is None:
            organisation = make_organisation(role, pilot_code, **org_fields)
        user = User(
            email=f"user{n}@example.cn", name=f"用户{n}", role=role, organisation=organisation
        )
        if role == "official":
            user.pilot = pilot(pilot_code)
            user.district = district
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_product(make_organisation):
    def make(provider=None, status="approved", stages=("生产管控",), sub_industries=None, **fields):
        provider = provider or make_organisation("provider")
        product = Product(
            provider=provider,
            name=fields.pop("name", "轻量化MES生产管控系统"),
            summary=fields.pop("summary", "工单下达、报工与设备数据采集，一周上线"),
            description=fields.pop(
                "description",
                "面向离散制造车间的轻量化MES，支持工单管理、扫码报工、设备联网与生产看板。",
            ),
            delivery_mode=fields.pop("delivery_mode", "SaaS"),
            list_price=fields.pop("list_price", Decimal("60000")),
            pilot_price=fields.pop("pilot_price", Decimal("42000")),
            price_unit=fields.pop("price_unit", "元/年"),
            deployment_days=fields.pop("deployment_days", 30),
            status=status,
            **fields,
        )
        product.stages = list(stages)
        product.sub_industries = (
            list(sub_industries)
            if sub_industries is not None
            else list(provider.served_sub_industries)
        )
        product.cases = [CaseStudy(customer="某电子器件厂", content="上线后交期达成率提升12%")]
        db.session.add(product)
        db.session.commit()
        return product

    return make


@pytest.fixture
def make_need(make_organisation):
    def make(enterprise=None, stages=("生产管控",), **fields):
        enterprise = enterprise or make_organisation("enterprise")
        need = Need(
            enterprise=enterprise,
            title=fields.pop("title", "车间生产过程透明化改造"),
            description=fields.pop(
                "description",
                "希望实现工单下达、扫码报工和设备数据采集，管理层能实时看到生产进度。",
            ),
            budget_min=fields.pop("budget_min", Decimal("30000")),
            budget_max=fields.pop("budget_max", Decimal("80000")),
            expected_start=fields.pop("expected_start", date.today() + timedelta(days=14)),
            duration_days=fields.pop("duration_days", 60),
            target_level=fields.pop("target_level", 2),
            **fields,
        )
        need.stages = list(stages)
        db.session.add(need)
        db.session.commit()
        return need

    return make


@pytest.fixture
def make_quote_request():
    def make(need, provider, status="requested", product=None):
        request = QuoteRequest(
            need=need, provider=provider, product=product, status=status, message="请报价"
        )
        db.session.add(request)
        db.session.commit()
        return request

    return make


@pytest.fixture
def make_quote():
    def make(request, lines=(("软件", "MES 年度订阅", 1, 40000), ("实施", "现场实施", 5, 2000))):
        quote = Quote(
            request=request,
            valid_until=date.today() + timedelta(days=30),
            delivery_days=30,
            discount_pct=Decimal("0"),
            note="",
        )
        quote.lines = [
            QuoteLine(
                position=i,
                kind=kind,
                description=desc,
                quantity=Decimal(qty),
                unit="项",
                unit_price=Decimal(price),
            )
            for i, (kind, desc, qty, price) in enumerate(lines)
        ]
        request.status = "quoted"
        db.session.add(quote)
        db.session.commit()
        return quote

    return make


@pytest.fixture
def api_headers():
    """api_headers(user) → request headers carrying a fresh API token of `user`."""
    from marketplace.services.api_tokens import issue_token

    def make(user, name="测试对接"):
        _token, raw = issue_token(user, name)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def accepted_quote(make_organisation, make_need, make_quote_request, make_quote):
    """make(pilot_code, lines) → an accepted QuoteRequest with its quote."""

    def make(pilot_code="xiamen", lines=None, enterprise=None):
        enterprise = enterprise or make_organisation("enterprise", pilot_code)
        provider = make_organisation("provider", pilot_code)
        need = make_need(enterprise=enterprise)
        request = make_quote_request(need, provider)
        make_quote(request, **({"lines": lines} if lines else {}))
        request.status = "accepted"
        db.session.commit()
        return request

    return make
