"""A quote cannot change under the enterprise comparing it: each revision is a new version,
the replaced one is kept, and accepting names the version the enterprise saw."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import quotes
from models import Project, QuoteRequest, User
from tests.conftest import _submit_quote, first_user
from tests.test_one_winner import race

CHEAPER = (("软件", "MES 年度订阅（优惠）", 1, 30000),)


def revise(request, lines=CHEAPER):
    quote = quotes.submit_quote(
        request,
        first_user(request.provider),
        lines=[
            quotes.LineInput(kind, desc, Decimal(qty), "项", Decimal(price))
            for kind, desc, qty, price in lines
        ],
        valid_until=date.today() + timedelta(days=20),
        delivery_days=45,
    )
    db.session.commit()
    return quote


def test_a_revision_is_a_new_version_and_the_replaced_one_is_kept(
    app, make_organisation, make_need, make_quote_request, make_quote
):
    request = make_quote_request(make_need(), make_organisation("provider"))
    make_quote(request)  # 40000 + 5 × 2000 = 50000
    revise(request)

    quote = request.quote
    assert quote.revision == 2
    assert quote.total == Decimal("30000.00")
    [first] = quote.earlier
    assert (first.revision, first.total, first.delivery_days) == (1, Decimal("50000.00"), 30)
    assert [line["description"] for line in first.lines] == ["MES 年度订阅", "现场实施"]
    assert first.lines[1]["unit_price"] == "2000.00"


def test_accepting_a_version_revised_since_is_refused_and_changes_nothing(
    client, login, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    need = make_need(enterprise=enterprise)
    request = make_quote_request(need, make_organisation("provider"))
    make_quote(request)
    login(first_user(enterprise))
    compare = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)
    assert 'name="revision" value="1"' in compare  # the version on the enterprise's screen
    revise(request)  # meanwhile the provider lowers the price

    response = client.post(
        f"/quotes/{request.id}/accept", data={"revision": "1"}, follow_redirects=True
    )

    page = response.get_data(as_text=True)
    assert "服务商刚刚修改了这份报价（现为第 2 版），请先查看新版本再决定是否接受" in page
    db.session.expire_all()
    assert db.session.get(QuoteRequest, request.id).status == "quoted"
    assert need.status == "open"
    assert db.session.scalar(select(func.count(Project.id))) == 0
    detail = client.get(f"/quotes/{request.id}").get_data(as_text=True)
    assert "第 2 版" in detail
    assert "此前的版本（1）" in detail


def test_an_acceptance_that_names_no_version_is_refused_clearly(
    client, login, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    request = make_quote_request(make_need(enterprise=enterprise), make_organisation("provider"))
    make_quote(request)
    login(first_user(enterprise))
    response = client.post(f"/quotes/{request.id}/accept", follow_redirects=True)
    assert "以确认您看到的报价版本" in response.get_data(as_text=True)
    assert db.session.get(QuoteRequest, request.id).status == "quoted"


def test_a_revision_racing_an_acceptance_never_accepts_unseen_terms(
    app, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise")
    request = make_quote_request(make_need(enterprise=enterprise), make_organisation("provider"))
    make_quote(request)
    owner_id, request_id = first_user(enterprise).id, request.id

    def load():
        return db.session.get(QuoteRequest, request_id)

    winners, losers = race(
        app,
        [
            (load, lambda r: quotes.accept_quote(r, db.session.get(User, owner_id), revision=1)),
            (load, lambda r: _submit_quote(r, CHEAPER)),
        ],
    )

    assert len(winners) == 1
    assert len(losers) == 1
    db.session.expire_all()
    request = db.session.get(QuoteRequest, request_id)
    if request.status == "accepted":  # the acceptance won: the terms it saw stand
        assert (request.quote.revision, request.quote.total) == (1, Decimal("50000.00"))
        assert request.quote.accepted_at is not None
    else:  # the revision won: nothing was accepted, the new version waits
        assert (request.status, request.quote.revision) == ("quoted", 2)
        assert request.quote.accepted_at is None
        assert db.session.scalar(select(func.count(Project.id))) == 0
