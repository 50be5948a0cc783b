"""The quote flow through the test client: asking several providers, itemised answers whose
totals the server computes, declining, comparing, accepting one (the others are told), and
the confidentiality between competing providers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace import wording
from marketplace.extensions import db
from marketplace.services.workflow import events_for
from models import Need, Quote, QuoteRequest


@pytest.fixture
def market(make_user, make_organisation, make_product, make_need):
    """An enterprise with an open need and two providers with matching products."""
    enterprise = make_user("enterprise")
    need = make_need(enterprise=enterprise.organisation)
    providers, products = [], []
    for name in ("甲", "乙"):
        org = make_organisation("provider", name=f"服务商{name}")
        providers.append(make_user("provider", organisation=org))
        products.append(make_product(provider=org, name=f"{name}公司MES生产管控系统"))
    return enterprise, need, providers, products


def quote_form(**changes):
    data = {
        "lines-0-kind": "软件",
        "lines-0-description": "MES 年度订阅",
        "lines-0-quantity": "2",
        "lines-0-unit": "套",
        "lines-0-unit_price": "15000.50",
        "lines-1-kind": "实施",
        "lines-1-description": "现场实施",
        "lines-1-quantity": "5",
        "lines-1-unit": "人天",
        "lines-1-unit_price": "2000",
        "lines-2-kind": "软件",
        "lines-2-description": "",
        "lines-2-quantity": "",
        "lines-2-unit_price": "",
        "valid_until": (date.today() + timedelta(days=30)).isoformat(),
        "delivery_days": "45",
        "discount_pct": "10",
        "note": "含两次培训",
        "covered_stages": "生产管控",  # the need's one stage (make_need's default)
    }
    data.update(changes)
    return data


def ask_both(client, login, market):
    enterprise, need, providers, products = market
    login(enterprise)
    response = client.post(
        f"/quotes/need/{need.id}/request",
        data={"product_ids": [p.id for p in products], "message": "请按两条产线报价"},
    )
    assert response.status_code == 302
    return db.session.scalars(select(QuoteRequest).order_by(QuoteRequest.id)).all()


def test_enterprise_requests_quotes_from_two_providers(client, login, market):
    enterprise, need, providers, products = market
    requests = ask_both(client, login, market)
    assert [(r.provider_id, r.status, r.message) for r in requests] == [
        (providers[0].organisation_id, "requested", "请按两条产线报价"),
        (providers[1].organisation_id, "requested", "请按两条产线报价"),
    ]
    for r in requests:
        (event,) = events_for(r)
        assert (event.from_state, event.to_state, event.actor_id) == (
            None,
            "requested",
            enterprise.id,
        )
    # asking again does not duplicate the request (one per provider per need)
    client.post(f"/quotes/need/{need.id}/request", data={"product_ids": [products[0].id]})
    assert len(db.session.scalars(select(QuoteRequest)).all()) == 2


def test_request_from_product_page_chooses_an_open_need(client, login, market, make_need):
    enterprise, need, providers, products = market
    login(enterprise)
    page = client.get(f"/quotes/new?product_id={products[0].id}").get_data(as_text=True)
    assert need.title in page
    response = client.post(
        f"/quotes/new?product_id={products[0].id}", data={"need_id": need.id, "message": "你好"}
    )
    assert response.status_code == 302
    (request,) = db.session.scalars(select(QuoteRequest)).all()
    assert (request.need_id, request.product_id) == (need.id, products[0].id)


def test_request_needs_an_open_need_and_an_approved_product(client, login, market, make_product):
    enterprise, need, providers, products = market
    login(enterprise)
    draft = make_product(status="draft")
    assert client.get(f"/quotes/new?product_id={draft.id}").status_code == 404
    need.status = "closed"
    db.session.commit()
    page = client.get(f"/quotes/new?product_id={products[0].id}").get_data(as_text=True)
    assert "先发布需求" in page
    client.post(f"/quotes/need/{need.id}/request", data={"product_ids": [products[0].id]})
    assert db.session.scalars(select(QuoteRequest)).all() == []


def test_provider_quote_totals_are_computed_by_the_server(client, login, market):
    enterprise, need, providers, products = market
    first, _ = ask_both(client, login, market)
    login(providers[0])
    assert "待报价" in client.get("/quotes/inbox").get_data(as_text=True)
    response = client.post(
        f"/quotes/{first.id}/answer",
        data=quote_form(**{"total": "1", "subtotal": "1", "lines-0-amount": "1"}),
    )
    assert response.status_code == 302
    quote = db.session.scalar(select(Quote))
    assert [(line.kind, line.amount) for line in quote.lines] == [
        ("软件", Decimal("30001.00")),
        ("实施", Decimal("10000.00")),
    ]
    assert quote.subtotal == Decimal("40001.00")
    assert quote.total == Decimal("36000.90")
    db.session.refresh(first)
    assert first.status == "quoted"
    page = client.get(f"/quotes/{first.id}").get_data(as_text=True)
    assert "¥36,000.90" in page


def test_invalid_quote_lines_show_messages_and_save_nothing(client, login, market):
    first, _ = ask_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[0])
    bad = quote_form(**{"lines-0-quantity": "0", "lines-1-description": ""})
    page = client.post(f"/quotes/{first.id}/answer", data=bad).get_data(as_text=True)
    assert "数量须大于0" in page
    assert "请填写内容" in page
    past = quote_form(valid_until=date.today().isoformat())
    assert "有效期必须晚于今天" in client.post(f"/quotes/{first.id}/answer", data=past).get_data(
        as_text=True
    )
    empty = {k: v for k, v in quote_form().items() if not k.startswith("lines-")}
    empty.update({"lines-0-kind": "软件"})
    assert "请至少填写一行报价明细" in client.post(
        f"/quotes/{first.id}/answer", data=empty
    ).get_data(as_text=True)
    assert db.session.scalars(select(Quote)).all() == []
    db.session.refresh(first)
    assert first.status == "requested"


def test_provider_revises_a_quote_and_the_revision_is_logged(client, login, market):
    first, _ = ask_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[0])
    client.post(f"/quotes/{first.id}/answer", data=quote_form())
    client.post(f"/quotes/{first.id}/answer", data=quote_form(discount_pct="0"))
    quote = db.session.scalar(select(Quote))
    assert quote.total == Decimal("40001.00")
    # the reason is stored as a code and said through the wording catalogue (zh here)
    said = [(e.from_state, e.to_state, wording.event_reason(e) or None) for e in events_for(first)]
    assert [e.reason_code for e in events_for(first)][1:] == [None, "quote_revised"]
    assert said[1:] == [
        ("requested", "quoted", None),
        ("quoted", "quoted", "修订报价"),
    ]


def test_provider_declines_with_a_reason(client, login, market):
    first, _ = ask_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[0])
    client.post(f"/quotes/{first.id}/decline", data={"reason": ""})
    db.session.refresh(first)
    assert first.status == "requested"
    client.post(f"/quotes/{first.id}/decline", data={"reason": "超出我方交付能力"})
    db.session.refresh(first)
    assert first.status == "declined"
    event = events_for(first)[-1]
    assert (event.from_state, event.to_state, event.actor_id, event.reason) == (
        "requested",
        "declined",
        providers[0].id,
        "超出我方交付能力",
    )


def answer_both(client, login, market, second_valid_days=30):
    first, second = ask_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[0])
    client.post(f"/quotes/{first.id}/answer", data=quote_form())
    login(providers[1])
    client.post(
        f"/quotes/{second.id}/answer",
        data=quote_form(
            **{
                "lines-0-unit_price": "12000",
                "lines-1-kind": "培训",
                "lines-1-description": "操作培训",
                "discount_pct": "0",
                "delivery_days": "30",
            }
        ),
    )
    login(enterprise)
    return first, second


def test_compare_shows_both_quotes_line_by_line_with_the_best_marked(client, login, market):
    first, second = answer_both(client, login, market)
    page = client.get(f"/quotes/need/{market[1].id}/compare").get_data(as_text=True)
    assert "服务商甲" in page
    assert "服务商乙" in page
    assert "软件 小计" in page
    assert "培训 小计" in page
    assert "实施 小计" in page
    # 甲: 40001 × 0.9 = 36000.90; 乙: 24000 + 10000 = 34000 → 乙 is the best total
    assert 'class="num best">¥34,000<' in page.replace("  ", " ")
    assert "¥36,000.90" in page


def test_accepting_one_quote_closes_the_others_and_awards_the_need(client, login, market):
    first, second = answer_both(client, login, market)
    enterprise, need, providers, products = market
    response = client.post(
        f"/quotes/{second.id}/accept", data={"revision": 1}, follow_redirects=True
    )
    assert "已接受" in response.get_data(as_text=True)
    db.session.refresh(first)
    db.session.refresh(second)
    db.session.refresh(need)
    assert (first.status, second.status, need.status) == ("not_selected", "accepted", "awarded")
    assert events_for(first)[-1].reason_code == "other_provider_selected"
    assert wording.event_reason(events_for(first)[-1]) == "已选定其他服务商"
    assert [(e.from_state, e.to_state, e.actor_id) for e in events_for(first)][-1] == (
        "quoted",
        "not_selected",
        enterprise.id,
    )
    assert (events_for(second)[-1].from_state, events_for(second)[-1].to_state) == (
        "quoted",
        "accepted",
    )
    assert [(e.from_state, e.to_state) for e in events_for(need)] == [
        (None, "open"),
        ("open", "awarded"),
    ]
    # the loser is told in its inbox, with a one-time notice
    login(providers[0])
    inbox = client.get("/quotes/inbox").get_data(as_text=True)
    assert "未中选" in inbox
    assert "「车间生产过程透明化改造」未中选：企业已选定其他服务商" in inbox
    again = client.get("/quotes/inbox").get_data(as_text=True)
    assert "「车间生产过程透明化改造」未中选" not in again
    login(providers[1])
    assert "报价已被企业接受" in client.get("/quotes/inbox").get_data(as_text=True)


def test_accepting_an_expired_quote_is_refused(client, login, market):
    first, second = answer_both(client, login, market)
    enterprise, need, providers, products = market
    second.quote.valid_until = date.today() - timedelta(days=1)
    db.session.commit()
    response = client.post(
        f"/quotes/{second.id}/accept", data={"revision": 1}, follow_redirects=True
    )
    assert "该报价已过有效期，不能接受" in response.get_data(as_text=True)
    db.session.refresh(second)
    db.session.refresh(need)
    assert (second.status, need.status) == ("quoted", "open")


def test_enterprise_withdraws_an_unanswered_request(client, login, market):
    first, second = ask_both(client, login, market)
    enterprise, need, providers, products = market
    client.post(f"/quotes/{first.id}/withdraw")
    db.session.refresh(first)
    assert first.status == "withdrawn"
    assert events_for(first)[-1].actor_id == enterprise.id


def test_provider_cannot_see_competitor_quote(client, login, market):
    first, second = answer_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[1])
    assert client.get(f"/quotes/{first.id}").status_code == 404
    assert client.get(f"/quotes/{first.id}/answer").status_code == 404
    assert client.post(f"/quotes/{first.id}/decline", data={"reason": "x"}).status_code == 404
    assert client.get(f"/quotes/need/{need.id}/compare").status_code in (403, 404)
    own = client.get(f"/quotes/{second.id}").get_data(as_text=True)
    assert "服务商甲" not in own
    assert "36,000.90" not in own
    need_page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "服务商甲" not in need_page
    inbox = client.get("/quotes/inbox").get_data(as_text=True)
    assert "服务商甲" not in inbox


def test_official_of_the_city_reads_the_comparison(client, login, market, make_user):
    answer_both(client, login, market)
    need = market[1]
    login(make_user("official"))
    page = client.get(f"/quotes/need/{need.id}/compare").get_data(as_text=True)
    assert "监管查看（只读）" in page
    assert "接受此报价" not in page
    login(make_user("official", pilot_code="zhuhai"))
    assert client.get(f"/quotes/need/{need.id}/compare").status_code == 404


def test_closing_a_need_withdraws_its_open_requests(client, login, market):
    first, second = ask_both(client, login, market)
    need = market[1]
    client.post(f"/needs/{need.id}/close", data={"reason": "改为自研"})
    db.session.refresh(first)
    assert first.status == "withdrawn"
    assert events_for(first)[-1].reason == "改为自研"
    assert db.session.get(Need, need.id).status == "closed"


def test_accepting_a_quote_closes_requests_still_unanswered(client, login, market):
    first, second = ask_both(client, login, market)
    enterprise, need, providers, products = market
    login(providers[1])
    client.post(f"/quotes/{second.id}/answer", data=quote_form())
    login(enterprise)
    response = client.post(
        f"/quotes/{second.id}/accept", data={"revision": 1}, follow_redirects=True
    )
    assert response.status_code == 200
    db.session.refresh(first)
    assert first.status == "not_selected"
    assert (events_for(first)[-1].from_state, events_for(first)[-1].to_state) == (
        "requested",
        "not_selected",
    )


def test_accepted_quote_becomes_a_project_draft_with_its_budget(client, login, market):
    from models import Project

    first, second = answer_both(client, login, market)
    client.post(f"/quotes/{second.id}/accept", data={"revision": 1})
    project = db.session.scalar(select(Project).where(Project.quote_request_id == second.id))
    assert project is not None
    assert project.status == "draft"
    compare = client.get(f"/quotes/need/{market[1].id}/compare").get_data(as_text=True)
    assert "补贴后净成本" in compare
    assert "进入改造项目" in compare
