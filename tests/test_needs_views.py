"""Enterprise needs through the browser's eyes: posting (and refusing bad input), the ranked
matches with their reasons, closing and reopening, and the provider's leads."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services.workflow import events_for
from models import Event, MatchResult, Need


def need_form(**changes):
    data = {
        "title": "注塑车间设备联网与生产看板",
        "description": "二十台注塑机需要联网采集开机率和产量，车间大屏实时显示生产进度。",
        "stages": ["生产管控", "设备管理"],
        "budget_min": "30000",
        "budget_max": "80000",
        "expected_start": (date.today() + timedelta(days=10)).isoformat(),
        "duration_days": "60",
        "target_level": "2",
    }
    data.update(changes)
    return data


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_enterprise_posts_a_need_and_its_creation_is_logged(client, login, make_user):
    user = login(make_user("enterprise"))
    response = client.post("/needs/new", data=need_form())
    need = db.session.scalar(select(Need))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{need.id}")
    assert need.status == "open"
    assert sorted(need.stages) == ["生产管控", "设备管理"]
    assert need.enterprise_id == user.organisation_id
    (event,) = events_for(need)
    assert (event.from_state, event.to_state, event.actor_id) == (None, "open", user.id)


def test_a_need_without_stages_is_accepted(client, login, make_user):
    login(make_user("enterprise"))
    client.post("/needs/new", data=need_form(stages=[]))
    assert db.session.scalar(select(Need)).stages == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写需求标题"),
        ({"description": ""}, "请描述现状"),
        ({"budget_min": "-1"}, "预算不能为负数"),
        ({"budget_min": "90000", "budget_max": "50000"}, "预算上限不能低于下限"),
        (
            {"expected_start": (date.today() - timedelta(days=1)).isoformat()},
            "开始日期不能早于今天",
        ),
        ({"duration_days": "0"}, "工期应在1到1000天之间"),
        ({"target_level": "1"}, "不是有效的选择"),
        ({"stages": ["造火箭"]}, "请选择列表中的环节"),
    ],
)
def test_invalid_need_shows_its_message_and_creates_nothing(
    client, login, make_user, changes, message
):
    login(make_user("enterprise"))
    events_before = count(Event)  # the registration's
    response = client.post("/needs/new", data=need_form(**changes))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "has-error" in page
    assert message in page
    assert count(Need) == 0
    assert count(Event) == events_before


def test_need_page_ranks_matches_with_reasons_and_stores_each_shown_match(
    client, login, make_user, make_product, make_need, make_organisation
):
    user = login(make_user("enterprise"))
    need = make_need(enterprise=user.organisation, stages=("生产管控",))
    mes = make_product(name="轻量化MES生产管控系统", pilot_price=42000, deployment_days=30)
    erp = make_product(
        name="云ERP财务进销存",
        summary="通用进销存与财务一体化",
        description="适用各行业的ERP，覆盖采购、库存、财务，也支持生产工单和报工。",
        stages=("财务管理", "生产管控"),
        sub_industries=[],
        is_generic=True,
        pilot_price=120000,
        deployment_days=90,
    )
    make_product(name="医疗耗材追溯平台", stages=("质量管理",), status="rejected")
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "轻量化MES生产管控系统" in page
    assert "云ERP财务进销存" in page
    assert "医疗耗材追溯平台" not in page
    assert "共同环节" in page
    assert "在预算" in page  # MES price within the budget
    assert "高于预算上限" in page  # ERP above it
    assert "工期偏紧" in page  # ERP 90 days vs 60
    assert "跨行业通用产品" in page
    assert page.index("轻量化MES生产管控系统") < page.index("云ERP财务进销存")
    rows = db.session.scalars(select(MatchResult).order_by(MatchResult.rank)).all()
    assert [(r.product_id, r.rank, r.viewer_id, r.audience) for r in rows] == [
        (mes.id, 1, user.id, "enterprise"),
        (erp.id, 2, user.id, "enterprise"),
    ]


def test_close_with_reason_then_reopen_are_logged(client, login, make_user, make_need):
    user = login(make_user("enterprise"))
    need = make_need(enterprise=user.organisation)
    response = client.post(f"/needs/{need.id}/close", data={"reason": ""})
    assert db.session.get(Need, need.id).status == "open"
    client.post(f"/needs/{need.id}/close", data={"reason": "项目推迟到明年"})
    db.session.refresh(need)
    assert need.status == "closed"
    response = client.post(f"/needs/{need.id}/reopen", data={"reason": "预算已落实"})
    assert response.status_code == 302
    db.session.refresh(need)
    assert need.status == "open"
    assert [(e.from_state, e.to_state, e.reason, e.actor_id) for e in events_for(need)] == [
        (None, "open", None, user.id),  # posted by the fixture through post_need
        ("open", "closed", "项目推迟到明年", user.id),
        ("closed", "open", "预算已落实", user.id),
    ]


def test_edit_need_keeps_owner_only(client, login, make_user, make_need):
    need = make_need()
    login(make_user("enterprise"))
    assert client.get(f"/needs/{need.id}/edit").status_code == 404
    assert client.get(f"/needs/{need.id}").status_code == 404


def test_owner_edits_an_open_need(client, login, make_user, make_need):
    user = login(make_user("enterprise"))
    need = make_need(enterprise=user.organisation)
    response = client.post(f"/needs/{need.id}/edit", data=need_form(title="改名后的需求"))
    assert response.status_code == 302
    assert db.session.get(Need, need.id).title == "改名后的需求"


def test_my_needs_lists_needs_with_counts(client, login, make_user, make_need, make_product):
    user = login(make_user("enterprise"))
    make_need(enterprise=user.organisation, title="车间透明化")
    make_product()
    page = client.get("/needs/my-needs").get_data(as_text=True)
    assert "车间透明化" in page
    assert "征集中" in page


def test_my_needs_empty_state(client, login, make_user):
    login(make_user("enterprise"))
    assert "还没有需求" in client.get("/needs/my-needs").get_data(as_text=True)


def test_provider_leads_list_open_needs_ranked_for_its_products(
    client, login, make_user, make_need, make_product
):
    user = login(make_user("provider"))
    make_product(provider=user.organisation, name="轻量化MES生产管控系统")
    need = make_need(title="车间生产过程透明化改造")
    closed = make_need(title="已关闭的需求", status="closed")
    page = client.get("/needs/leads").get_data(as_text=True)
    assert "车间生产过程透明化改造" in page
    assert closed.title not in page
    assert "共同环节" in page
    row = db.session.scalar(select(MatchResult))
    assert (row.need_id, row.audience, row.viewer_id) == (need.id, "provider", user.id)
    # the provider may open the need itself (it serves that city)
    assert client.get(f"/needs/{need.id}").status_code == 200


def test_provider_cannot_open_a_closed_need_it_was_never_asked_about(
    client, login, make_user, make_need
):
    login(make_user("provider"))
    need = make_need(status="closed")
    assert client.get(f"/needs/{need.id}").status_code == 404


def test_provider_of_another_city_cannot_open_the_need(client, login, make_user, make_need):
    login(make_user("provider", pilot_code="zhuhai"))
    need = make_need()
    assert client.get(f"/needs/{need.id}").status_code == 404


def test_reloading_the_matches_stores_one_impression_until_the_window_passes(
    every_page_drawn, client, login, make_user, make_need, make_product
):
    user = login(make_user("enterprise"))
    need = make_need(enterprise=user.organisation, stages=("生产管控",))
    make_product(name="轻量化MES生产管控系统", stages=("生产管控",))
    for _ in range(3):
        assert client.get(f"/needs/{need.id}").status_code == 200
    rows = db.session.scalars(select(MatchResult)).all()
    assert len(rows) == 1  # three views of one ranking: one impression
    rows[0].shown_at -= timedelta(minutes=31)  # the sitting is over
    db.session.commit()
    client.get(f"/needs/{need.id}")
    assert db.session.scalar(select(func.count(MatchResult.id))) == 2
