"""Selection rounds: a city opens one for a category of its data, enterprises and providers
nominate themselves, expert panels score each nomination, the city publishes at most its
target with awards capped by the city's subsidy item (沈阳's 链式案例: up to 50万)."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import selection_rounds as svc
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for
from models import Nomination, SelectionRound
from tests.conftest import first_user, pilot
from tests.expert_walk import pool, score_all


def _open(client, login, official, category):
    login(official)
    response = client.post("/selection/", data={"category": category, "title": "2025年第一批"})
    assert response.status_code == 302
    return db.session.scalar(select(SelectionRound).order_by(SelectionRound.id.desc()))


def test_a_round_from_nomination_to_published_awards(
    app, client, login, reviewer, make_organisation
):
    city = pilot("shenyang")
    official = reviewer(city)
    selection_round = _open(client, login, official, "chain_case")
    assert selection_round.target_count is None  # 沈阳 names no target
    enterprises = [make_organisation("enterprise", "shenyang") for _ in range(2)]
    db.session.commit()
    for n, enterprise in enumerate(enterprises):
        login(first_user(enterprise))
        client.post(
            f"/selection/{selection_round.id}/nominations",
            data={"statement": f"带动上下游{n + 3}家配套企业上云，订单协同"},
        )
    assert len(selection_round.nominations) == 2
    # a provider elsewhere, or a second nomination of the same enterprise, is refused
    again = client.post(
        f"/selection/{selection_round.id}/nominations",
        data={"statement": "再次申报"},
        follow_redirects=True,
    )
    assert "该单位已在本次遴选中申报" in again.get_data(as_text=True)

    login(official)
    client.post(f"/selection/{selection_round.id}/close")
    db.session.refresh(selection_round)
    assert selection_round.status == "scoring"
    pool(city, 3)
    db.session.commit()
    for nomination in selection_round.nominations:
        response = client.post(f"/selection/nominations/{nomination.id}/panel", data={})
        assert response.status_code == 302
    early = client.post(
        f"/selection/{selection_round.id}/publish", data={"selected": []}, follow_redirects=True
    )
    assert "尚未完成专家评分" in early.get_data(as_text=True)
    reviews = [svc.ranked(selection_round)[i][1] for i in range(2)]
    for review in reviews:
        score_all(review)
    db.session.commit()

    first, second = selection_round.nominations
    too_much = client.post(
        f"/selection/{selection_round.id}/publish",
        data={"selected": [first.id], f"award_{first.id}": "500001"},
        follow_redirects=True,
    )
    assert "奖励金额超过该奖励项目的上限（500,000 元）" in too_much.get_data(as_text=True)
    client.post(
        f"/selection/{selection_round.id}/publish",
        data={"selected": [first.id], f"award_{first.id}": "500000"},
    )
    db.session.expire_all()
    first, second = db.session.get(Nomination, first.id), db.session.get(Nomination, second.id)
    assert (first.status, first.award_item, first.award_amount) == (
        "selected",
        "chain_case",
        Decimal("500000.00"),
    )
    assert second.status == "not_selected"
    assert db.session.get(SelectionRound, selection_round.id).status == "published"
    assert [e.to_state for e in events_for(first)] == ["nominated", "selected"]
    # published: everyone signed in sees the result
    login(first_user(enterprises[1]))
    page = client.get(f"/selection/{selection_round.id}").get_data(as_text=True)
    assert enterprises[0].name in page
    assert "¥500,000" in page


def test_the_target_caps_how_many_are_selected(app, reviewer, make_organisation):
    city = pilot("fuzhou")
    official = reviewer(city)
    selection_round = svc.open_round(city, "benchmark_enterprise", official)
    assert selection_round.target_count == 20  # 福州: 20 标杆 firms
    selection_round.target_count = 1
    nominations = []
    for _ in range(2):
        enterprise = make_organisation("enterprise", "fuzhou")
        nominations.append(svc.nominate(selection_round, official, enterprise, "应用成效显著"))
    svc.close_nominations(selection_round, official)
    pool(city, 3)
    for nomination in nominations:
        score_all(svc.form_nomination_panel(nomination, official))
    with pytest.raises(InvalidInput, match="over_target"):
        svc.publish_round(selection_round, official, [n.id for n in nominations], {})
    with pytest.raises(InvalidInput, match="no_award_item"):  # 福州's policy names no award
        svc.publish_round(selection_round, official, [nominations[0].id], {nominations[0].id: "1"})


def test_nominees_must_fit_the_category_and_the_city(app, reviewer, make_organisation, make_user):
    city = pilot("fuzhou")
    official = reviewer(city)
    providers_round = svc.open_round(city, "excellent_provider", official)
    enterprise = make_organisation("enterprise", "fuzhou")
    with pytest.raises(InvalidInput, match="nominee_not_provider"):
        svc.nominate(providers_round, first_user(enterprise), enterprise, "自荐")
    elsewhere = make_organisation("provider", "xiamen")
    with pytest.raises(InvalidInput, match="nominee_outside_city"):
        svc.nominate(providers_round, official, elsewhere, "推荐")
    other = make_organisation("provider", "fuzhou")
    with pytest.raises(NotAllowed, match="not_nominee"):
        svc.nominate(providers_round, first_user(enterprise), other, "替别人申报")
    with pytest.raises(NotAllowed):
        svc.open_round(city, "excellent_provider", make_user("official"))  # 厦门's official


def test_a_round_of_another_city_category_is_refused(app, client, login, reviewer):
    login(reviewer(pilot("xiamen")))  # 厦门 runs no selection rounds in its data
    page = client.get("/selection/").get_data(as_text=True)
    assert 'action="/selection/"' not in page
    response = client.post("/selection/", data={"category": "chain_case"}, follow_redirects=True)
    assert db.session.scalars(select(SelectionRound)).all() == []
    assert response.status_code == 200


def test_a_blacklisted_firm_is_not_nominated_while_its_entry_is_in_force(
    app, reviewer, make_organisation
):
    from marketplace.services import blacklist

    city = pilot("fuzhou")
    official = reviewer(city)
    selection_round = svc.open_round(city, "benchmark_enterprise", official)
    barred = make_organisation("enterprise", "fuzhou")
    blacklist.blacklist(official, barred.credit_code, "fraud_pilot_funds", "虚报改造投入")
    db.session.commit()
    with pytest.raises(InvalidInput, match="blacklisted_nomination"):
        svc.nominate(selection_round, official, barred, "应用成效显著")
    with pytest.raises(InvalidInput, match="blacklisted_nomination"):
        svc.nominate(selection_round, first_user(barred), barred, "自荐")
    assert selection_round.nominations == []
    clean = make_organisation("enterprise", "fuzhou")
    assert svc.nominate(selection_round, official, clean, "应用成效显著").organisation == clean
