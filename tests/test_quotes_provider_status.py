"""A provider that is no longer approved (suspended or removed after it quoted) cannot answer
or revise quotes, and its open quote cannot be accepted: the service refuses with a worded
reason, the need stays open, no project is drafted, and the enterprise's pages show the quote
as unavailable without an accept button."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import current_app
from sqlalchemy import func, select

from marketplace import wording
from marketplace.extensions import db
from marketplace.services import quotes
from marketplace.services.errors import NotAllowed
from marketplace.services.review import review
from models import Project
from tests.conftest import first_user
from tests.test_i18n import switch_language

LINES = [quotes.LineInput("软件", "MES 年度订阅", Decimal("1"), "项", Decimal("30000"))]


@pytest.fixture
def quoted_market(app, make_organisation, make_need, make_quote_request, reviewer):
    """An open need quoted by two providers; the first is then taken off by its vetter."""

    def make(action="suspend"):
        need = make_need()
        dropped = make_organisation("provider", name="被暂停服务商")
        kept = make_organisation("provider", name="正常服务商")
        dropped_request = make_quote_request(need, dropped, status="quoted")
        kept_request = make_quote_request(need, kept, status="quoted")
        review(dropped, action, reviewer(dropped.pilot), "投诉核查中")
        db.session.commit()
        return need, dropped_request, kept_request

    return make


def _revise(quote_request):
    return quotes.submit_quote(
        quote_request,
        first_user(quote_request.provider),
        lines=LINES,
        valid_until=date.today() + timedelta(days=20),
        delivery_days=10,
    )


def said(error) -> str:
    """The Chinese message the user is shown for this error."""
    with current_app.test_request_context():
        return wording.error(error)


def project_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Project))


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("suspend", "该服务商资质已被暂停，其报价暂不能接受"),
        ("remove", "该服务商已被清退，其报价不能接受"),
    ],
)
def test_quote_of_a_provider_taken_off_cannot_be_accepted(quoted_market, action, message):
    need, dropped_request, kept_request = quoted_market(action)
    owner = first_user(need.enterprise)
    with pytest.raises(NotAllowed) as refused:
        quotes.accept_quote(dropped_request, owner, revision=1)
    db.session.rollback()
    assert refused.value.code == "quoted_provider_not_active"
    assert said(refused.value) == message
    db.session.refresh(need)
    assert need.status == "open"
    assert (dropped_request.status, kept_request.status) == ("quoted", "quoted")
    assert project_count() == 0
    # the other provider's quote is still acceptable
    quotes.accept_quote(kept_request, owner, revision=1)
    db.session.commit()
    assert (need.status, kept_request.status) == ("awarded", "accepted")
    assert project_count() == 1


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("suspend", "您的服务商资质已被暂停，暂不能报价或修改报价"),
        ("remove", "您的服务商已被清退，不能报价或修改报价"),
    ],
)
def test_provider_taken_off_cannot_revise_or_answer(
    quoted_market, make_need, make_quote_request, action, message
):
    need, dropped_request, _kept = quoted_market(action)
    before = dropped_request.quote.total
    with pytest.raises(NotAllowed) as refused:
        _revise(dropped_request)
    db.session.rollback()
    assert refused.value.code == "provider_not_active"
    assert said(refused.value) == message
    assert dropped_request.quote.total == before
    assert dropped_request.quote.lines[0].description == "MES 年度订阅"


def test_request_asked_before_a_suspension_cannot_be_answered(
    app, make_organisation, make_need, make_quote_request, reviewer
):
    provider = make_organisation("provider")
    asked = make_quote_request(make_need(), provider)
    review(provider, "suspend", reviewer(provider.pilot), "投诉核查中")
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        _revise(asked)
    db.session.rollback()
    assert refused.value.code == "provider_not_active"
    assert asked.status == "requested"
    assert asked.quote is None
    # reinstated, it can answer
    review(provider, "reinstate", reviewer(provider.pilot))
    _revise(asked)
    db.session.commit()
    assert asked.status == "quoted"


def test_enterprise_pages_show_the_quote_unavailable_without_accept(client, login, quoted_market):
    need, dropped_request, kept_request = quoted_market("suspend")
    login(first_user(need.enterprise))

    page = client.get(f"/quotes/{dropped_request.id}").get_data(as_text=True)
    assert "此报价暂不可接受：服务商资质已暂停" in page
    assert f"/quotes/{dropped_request.id}/accept" not in page
    kept_page = client.get(f"/quotes/{kept_request.id}").get_data(as_text=True)
    assert "此报价暂不可接受" not in kept_page
    assert f"/quotes/{kept_request.id}/accept" in kept_page

    compare = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)
    assert compare.count("此报价暂不可接受：服务商资质已暂停") == 1
    assert "不可选" in compare
    assert f"/quotes/{dropped_request.id}/accept" not in compare
    assert f"/quotes/{kept_request.id}/accept" in compare

    # posting the accept anyway is refused with the reason, changing nothing
    response = client.post(
        f"/quotes/{dropped_request.id}/accept", data={"revision": 1}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "该服务商资质已被暂停，其报价暂不能接受" in response.get_data(as_text=True)
    db.session.refresh(need)
    assert need.status == "open"
    assert project_count() == 0

    switch_language(client, "en")
    english = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)
    assert "This quote cannot be accepted for now: the provider" in english
    assert "status is Suspended" in english


def test_suspended_provider_sees_why_and_cannot_open_the_answer_form(client, login, quoted_market):
    need, dropped_request, _kept = quoted_market("suspend")
    login(first_user(dropped_request.provider))

    page = client.get(f"/quotes/{dropped_request.id}").get_data(as_text=True)
    assert "您的服务商资质已暂停，暂不能报价或修改报价" in page
    assert f"/quotes/{dropped_request.id}/answer" not in page

    response = client.get(f"/quotes/{dropped_request.id}/answer", follow_redirects=True)
    assert response.status_code == 200
    assert "您的服务商资质已被暂停，暂不能报价或修改报价" in response.get_data(as_text=True)

    before = dropped_request.quote.total
    response = client.post(
        f"/quotes/{dropped_request.id}/answer",
        data={
            "lines-0-kind": "软件",
            "lines-0-description": "降价版",
            "lines-0-quantity": "1",
            "lines-0-unit": "套",
            "lines-0-unit_price": "1",
            "valid_until": (date.today() + timedelta(days=20)).isoformat(),
            "delivery_days": "5",
            "discount_pct": "0",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert dropped_request.quote.total == before


def test_comparison_shows_a_removed_providers_quote_unavailable(client, login, quoted_market):
    need, dropped_request, kept_request = quoted_market("remove")
    login(first_user(need.enterprise))
    compare = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)
    assert compare.count("此报价暂不可接受：服务商资质已清退") == 1
    assert f"/quotes/{dropped_request.id}/accept" not in compare
    assert f"/quotes/{kept_request.id}/accept" in compare
    response = client.post(
        f"/quotes/{dropped_request.id}/accept", data={"revision": 1}, follow_redirects=True
    )
    assert "该服务商已被清退，其报价不能接受" in response.get_data(as_text=True)
    db.session.refresh(need)
    assert need.status == "open"
    assert project_count() == 0
