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
from marketplace.services import expert_panels, needs, products, quotes, review
from marketplace.services.accounts import create_staff_user
from marketplace.services.credit_code import make_credit_code
from marketplace.services.pilots import load_pilots
from marketplace.services.products import ProductData
from marketplace.services.registration import (
    EnterpriseData,
    Login,
    ProviderData,
    register_enterprise,
    register_provider,
)
from marketplace.services.subsidy import load_policies
from marketplace.services.workflow import change_state
from models import (
    ENTERPRISE,
    PROVIDER,
    Need,
    Organisation,
    PilotCity,
    Product,
    Quote,
    QuoteRequest,
    User,
)
from tests.admission_chain import admit
from tests.admission_chain import walk as admission_walk
from tests.expert_walk import panel_walk

PASSWORD = "password123"
_serial = itertools.count(1)


_postgres_schema_ready = False


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs two workers) each worker empties and fills its own
    PostgreSQL database: the server's test database with the worker's name appended."""
    url, worker = os.environ.get("TEST_DATABASE_URL"), os.environ.get("PYTEST_XDIST_WORKER")
    if not (url and worker and url.startswith("postgresql")):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("select 1 from pg_database where datname = :name"), {"name": own.database}
        )
        if not exists:
            connection.execute(text(f'create database "{own.database}"'))
    admin.dispose()
    os.environ["TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)


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


@pytest.fixture
def api_headers():
    """api_headers(user) → request headers carrying a fresh API token of `user`."""
    from marketplace.services.api_tokens import issue_token

    def make(user, name="测试对接"):
        _token, raw = issue_token(user, name)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def pilot(code: str) -> PilotCity:
    return db.session.scalar(select(PilotCity).where(PilotCity.code == code))


# The vetting steps a fixture walks to bring a provider or a product to the asked state,
# each a review action of an official of the provider's home city: (action, reason).
REVIEW_PATH = {
    "pending": [],
    "approved": [("approve", None)],
    "rejected": [("reject", "材料不完整，请补充")],
    "suspended": [("approve", None), ("suspend", "投诉核查中")],
    "removed": [("approve", None), ("remove", "严重违规，清退")],
}


@pytest.fixture
def reviewer():
    """reviewer(pilot_city) → the official of that city who vets what the fixtures make
    (created on first use, one per city and test)."""
    officials = {}

    def get(city: PilotCity) -> User:
        if city.code not in officials:
            officials[city.code] = create_staff_user(
                email=f"reviewer.{city.code}@example.cn",
                name=f"{city.name}审核员",
                role="official",
                password=PASSWORD,
                pilot=city,
            )
        return officials[city.code]

    return get


def first_user(org: Organisation) -> User:
    """The user who registered the organisation: the one who acts for it in the fixtures."""
    return db.session.scalar(
        select(User).where(User.organisation_id == org.id).order_by(User.id).limit(1)
    )


def _vet(subject: Organisation | Product, status: str, reviewer) -> None:
    provider = subject.provider if isinstance(subject, Product) else subject
    official = reviewer(provider.pilot)
    for action, reason in REVIEW_PATH[status]:
        if action in review.PANEL_ACTIONS and expert_panels.uses_panel(subject):
            panel_walk(subject, official, action == "approve", reason)  # 珠海, 福州
        else:
            review.review(subject, action, official, reason)


def _login_for(n: int) -> Login:
    return Login(email=f"user{n}@example.cn", password=PASSWORD, name=f"用户{n}")


def _register(kind, city, sub_industry, fields) -> User:
    n = next(_serial)
    kind_name = "企业" if kind == ENTERPRISE else "服务商"
    common = {
        "name": fields.pop("name", f"测试{kind_name}{n}"),
        "credit_code": make_credit_code(n),
        "pilot_id": city.id,
        "district_id": (fields.pop("district", None) or city.districts[0]).id,
        "contact_name": fields.pop("contact_name", "张三"),
        "contact_phone": fields.pop("contact_phone", "13800000000"),
        "address": fields.pop("address", ""),
        "introduction": fields.pop("introduction", ""),
    }
    if kind == ENTERPRISE:
        data = EnterpriseData(
            **common,
            sub_industry_id=(sub_industry or city.sub_industries[0]).id,
            is_above_scale=fields.pop("is_above_scale", True),
            specialised_status=fields.pop("specialised_status", "none"),
            self_assessed_level=fields.pop("self_assessed_level", 1),
        )
        return register_enterprise(data, _login_for(n))
    data = ProviderData(
        **common,
        provider_type=fields.pop("provider_type", None) or "专业服务商",
        served_pilot_ids=[city.id],
        sub_industry_ids=[s.id for s in city.sub_industries],
        local_service=fields.pop("local_service", "本地服务团队，24小时响应"),
    )
    return register_provider(data, _login_for(n))


@pytest.fixture
def make_organisation(reviewer):
    """make_organisation(kind, pilot_code, sub_industry=None, status=..., **fields) →
    an Organisation registered through the registration service (with its first user)
    and, for a provider, vetted by the city's official up to `status` (default approved);
    for an enterprise, `admission='admitted'` (or any application state) walks its pilot
    application there."""

    def make(kind="enterprise", pilot_code="xiamen", sub_industry=None, **fields):
        city = pilot(pilot_code)
        status = fields.pop("status", "approved")
        org = _register(kind, city, sub_industry, fields).organisation
        admission_status = fields.pop("admission", None)
        for name, value in fields.items():  # columns registration does not ask for
            setattr(org, name, value)
        if org.is_provider:
            _vet(org, status, reviewer)
        elif status != org.status:
            change_state(org, status, reviewer(city), "测试设定")
        if admission_status is not None:  # pilot admission (tests/admission_chain.py)
            admission_walk(org, admission_status, first_user(org), reviewer(city))
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(make_organisation):
    """make_user(role, pilot_code=..., organisation=..., district=..., **org_fields) → User.

    Enterprise and provider users without an organisation register a new one (and are its
    first user); with one they join it. Officials and admins are staff accounts."""

    def make(
        role="enterprise", pilot_code="xiamen", organisation=None, district=None, **org_fields
    ):
        if role in (ENTERPRISE, PROVIDER) and organisation is None:
            return first_user(make_organisation(role, pilot_code, **org_fields))
        n = next(_serial)
        if role in ("official", "admin"):
            user = create_staff_user(
                email=f"user{n}@example.cn",
                name=f"用户{n}",
                role=role,
                password=PASSWORD,
                pilot=pilot(pilot_code) if role == "official" else None,
                district_name=district.name if district is not None else None,
            )
        else:  # a colleague joining an existing organisation: users have no states
            user = User(
                email=f"user{n}@example.cn", name=f"用户{n}", role=role, organisation=organisation
            )
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_product(make_organisation, reviewer):
    """make_product(provider=None, status='approved', stages, sub_industries, **fields):
    drafted by the provider's user, submitted, and vetted by the city's official."""

    def make(provider=None, status="approved", stages=("生产管控",), sub_industries=None, **fields):
        provider = provider or make_organisation("provider")
        subs = list(sub_industries) if sub_industries is not None else None
        pilot_price = Decimal(str(fields.pop("pilot_price", "42000")))
        # the service refuses a pilot price above list price: default the list price above it
        list_price = Decimal(str(fields.pop("list_price", max(pilot_price, Decimal("60000")))))
        data = ProductData(
            name=fields.pop("name", "轻量化MES生产管控系统"),
            summary=fields.pop("summary", "工单下达、报工与设备数据采集，一周上线"),
            description=fields.pop(
                "description",
                "面向离散制造车间的轻量化MES，支持工单管理、扫码报工、设备联网与生产看板。",
            ),
            stages=list(stages),
            sub_industry_ids=[
                s.id for s in (provider.served_sub_industries if subs is None else subs)
            ],
            is_generic=fields.pop("is_generic", False),
            delivery_mode=fields.pop("delivery_mode", "SaaS"),
            list_price=list_price,
            pilot_price=pilot_price,
            price_unit=fields.pop("price_unit", "元/年"),
            deployment_days=fields.pop("deployment_days", 30),
            cases=fields.pop("cases", [("某电子器件厂", "上线后交期达成率提升12%")]),
        )
        owner = first_user(provider)
        product = products.create_product(provider, data, owner)
        for name, value in fields.items():
            setattr(product, name, value)
        if status != "draft":
            products.submit_product(product, owner)
            _vet(product, status, reviewer)
        db.session.commit()
        return product

    return make


@pytest.fixture
def make_need(make_organisation):
    """make_need(enterprise=None, stages, status='open', **fields): posted by the
    enterprise's user; closed by them when status='closed'."""

    def make(enterprise=None, stages=("生产管控",), **fields):
        enterprise = enterprise or make_organisation("enterprise")
        status = fields.pop("status", Need.OPEN_STATUS)
        owner = first_user(enterprise)
        need = needs.post_need(
            owner,
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
            stages=list(stages),
        )
        for name, value in fields.items():
            setattr(need, name, value)
        if status == "closed":
            needs.close_need(need, owner, "需求已取消")
        elif status != need.status:
            change_state(need, status, owner, "测试设定")
        db.session.commit()
        return need

    return make


DEFAULT_LINES = (("软件", "MES 年度订阅", 1, 40000), ("实施", "现场实施", 5, 2000))


def _submit_quote(request: QuoteRequest, lines=DEFAULT_LINES) -> Quote:
    return quotes.submit_quote(
        request,
        first_user(request.provider),
        lines=[
            quotes.LineInput(kind, desc, Decimal(qty), "项", Decimal(price))
            for kind, desc, qty, price in lines
        ],
        valid_until=date.today() + timedelta(days=30),
        delivery_days=30,
        discount_pct=Decimal("0"),
        note="",
    )


@pytest.fixture
def make_quote_request():
    """make_quote_request(need, provider, status='requested', product=None): asked by the
    need's enterprise user, then answered, declined, withdrawn or accepted by whoever
    does that in the product (accepted also awards the need and drafts the project)."""

    def make(need, provider, status="requested", product=None):
        owner = first_user(need.enterprise)
        request = quotes.request_quote_from(need, provider, owner, product, "请报价")
        if status in ("quoted", "accepted"):
            _submit_quote(request)
        if status == "accepted":
            quotes.accept_quote(request, owner, revision=request.quote.revision)
        elif status == "declined":
            quotes.decline_request(request, first_user(provider), "产能已满")
        elif status == "withdrawn":
            quotes.withdraw_request(request, owner)
        elif status not in ("requested", "quoted"):
            change_state(request, status, owner, quotes.NOT_SELECTED_REASON)
        db.session.commit()
        return request

    return make


@pytest.fixture
def make_quote():
    """make_quote(request, lines) → the provider's quote, submitted through the service."""

    def make(request, lines=DEFAULT_LINES):
        quote = _submit_quote(request, lines)
        db.session.commit()
        return quote

    return make


@pytest.fixture
def accepted_quote(make_organisation, make_need, make_quote_request, make_quote, reviewer):
    """make(pilot_code, lines) → a QuoteRequest the enterprise accepted (so the need is
    awarded and the project draft exists), with its quote."""

    def make(pilot_code="xiamen", lines=None, enterprise=None):
        enterprise = enterprise or make_organisation("enterprise", pilot_code)
        # only an admitted enterprise files its project: admitted through the services
        admit(enterprise, first_user(enterprise), reviewer(enterprise.pilot))
        provider = make_organisation("provider", pilot_code)
        need = make_need(enterprise=enterprise)
        request = make_quote_request(need, provider)
        make_quote(request, **({"lines": lines} if lines else {}))
        quotes.accept_quote(request, first_user(enterprise), revision=request.quote.revision)
        db.session.commit()
        return request

    return make


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes():
    """Every fixture organisation registers a user: a one-round hash keeps that fast
    (check_password_hash reads the method from the hash, so sign-in works unchanged)."""
    from werkzeug.security import generate_password_hash

    import models.user

    real = models.user.generate_password_hash
    models.user.generate_password_hash = lambda password: generate_password_hash(
        password, method="pbkdf2:sha256:1"
    )
    yield
    models.user.generate_password_hash = real


@pytest.fixture
def make_project(accepted_quote, reviewer):
    """make_project(status='draft', pilot_code='xiamen') → the project of an accepted quote,
    walked to `status` through the project and subsidy services (tests/project_chain.py)."""
    from marketplace.services.projects import project_for_quote_request
    from tests.project_chain import walk

    def make(status="draft", pilot_code="xiamen", **quote_args):
        request = accepted_quote(pilot_code, **quote_args)
        project = project_for_quote_request(request.id)
        walk(project, status, first_user(request.need.enterprise), reviewer(pilot(pilot_code)))
        db.session.commit()
        return project

    return make


class SmtpInbox:
    """What a real SMTP server (aiosmtpd) received; `refusing` makes it answer 451."""

    def __init__(self):
        self.messages = []
        self.refusing = False

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "451 4.3.0 Try again later"
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on a free local port, with the app configured to mail through it;
    yields its SmtpInbox."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_DEFAULT_SENDER="数转通 <noreply@example.cn>",
        SITE_URL="https://szt.example.cn",
    )
    yield inbox
    controller.stop()


@pytest.fixture
def every_page_drawn(app, monkeypatch):
    """Pages are not kept: for tests that move the clock by half an hour (a sitting over) by
    editing rows, where a real kept page would long have lived out its minute."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
