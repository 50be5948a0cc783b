"""Expert panels (福州, 珠海 review by panel): the panel's size, conflicts kept off it, only its
experts score and only on what they were given, the official decides with every score in
view, an objection upheld during 公示 blocks the listing; 厦门 keeps one official's review."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services import expert_panels as panels
from marketplace.services.errors import InvalidInput, InvalidTransition, NotAllowed
from marketplace.services.workflow import events_for
from models import Expert, ExpertReview, Product
from tests.conftest import first_user, pilot
from tests.expert_walk import pool, score_all

# 福州's product criteria as its data says them (key, weight), written out here
FUZHOU_PRODUCT_CRITERIA = [
    ("sub_industry_fit", 30),
    ("small_fast_light", 30),
    ("replicable", 20),
    ("results", 20),
]


@pytest.fixture
def fuzhou_official(reviewer):
    return reviewer(pilot("fuzhou"))


@pytest.fixture
def pending_product(make_organisation, make_product):
    """A 福州 product waiting for review (its provider went through a panel already)."""
    provider = make_organisation("provider", "fuzhou", name="榕城工业软件")
    return make_product(provider=provider, status="pending", name="榕城排产")


def expert_users(city, n):
    return [e.user for e in pool(city, n)]


def test_the_panel_is_three_to_five_experts(app, client, login, pending_product, fuzhou_official):
    pool(pilot("fuzhou"), 6)
    db.session.commit()
    login(fuzhou_official)
    url = f"/experts/panels/product/{pending_product.id}"
    for size in (2, 6):
        response = client.post(url, data={"size": size})
        assert response.status_code == 400
        assert "专家组须由3至5名专家组成" in response.get_data(as_text=True)
    picked = [e.id for e in db.session.scalars(select(Expert).limit(2))]
    response = client.post(url, data={"experts": picked})
    assert "专家组须由3至5名专家组成" in response.get_data(as_text=True)
    assert panels.reviews_of(pending_product) == []
    response = client.post(url, data={"size": 5})
    assert response.status_code == 302
    (review,) = panels.reviews_of(pending_product)
    assert len(review.seats) == 5
    assert review.status == "scoring"


def test_each_seated_expert_is_asked_to_score_and_nobody_else(
    app, client, login, pending_product, fuzhou_official
):
    from models import Notification

    pool(pilot("fuzhou"), 5)
    db.session.commit()
    login(fuzhou_official)
    response = client.post(f"/experts/panels/product/{pending_product.id}", data={"size": 3})
    assert response.status_code == 302
    (review,) = panels.reviews_of(pending_product)
    seated = review.expert_user_ids()
    told = db.session.scalars(
        select(Notification).where(
            Notification.kind == "panel_seated", Notification.subject_id == review.id
        )
    ).all()
    assert {n.user_id for n in told} == seated
    assert len(told) == 3
    assert all(n.subject_type == "expert_reviews" for n in told)
    assert all(n.read_at is None for n in told)
    # an expert's score keeps the panel scoring: nobody is told again, and the scorer's own
    # request to score is answered (read)
    first = review.seats[0].expert.user
    scores = {c["key"]: 8 for c in review.criteria}
    panels.score_application(review, first, scores, "材料完整")
    db.session.commit()
    assert {n.user_id for n in told if n.read_at is not None} == {first.id}
    score_all(review)
    db.session.commit()
    assert all(n.read_at is not None for n in told)
    again = db.session.scalars(
        select(Notification).where(
            Notification.kind == "panel_seated", Notification.subject_id == review.id
        )
    ).all()
    assert len(again) == 3
    # the expert's inbox names the product, and the notification opens the review page
    expert = login(db.session.get(Expert, review.seats[0].expert_id).user)
    inbox = client.get("/notifications/").get_data(as_text=True)
    assert "您已被选入“榕城排产”的评审专家组" in inbox
    mine = next(n for n in told if n.user_id == expert.id)
    opened = client.get(f"/notifications/{mine.id}/open")
    assert opened.headers["Location"].endswith(f"/experts/reviews/{review.id}")
    assert client.get(opened.headers["Location"]).status_code == 200


def test_an_expert_with_a_declared_conflict_is_never_seated(
    app, client, login, pending_product, fuzhou_official
):
    city = pilot("fuzhou")
    experts = pool(city, 4)
    db.session.commit()
    conflicted = experts[0]
    login(conflicted.user)
    response = client.post(
        "/experts/profile/conflicts",
        data={"credit_code": pending_product.provider.credit_code, "note": "曾任该公司技术顾问"},
    )
    assert response.status_code == 302
    assert "榕城工业软件" in client.get("/experts/profile").get_data(as_text=True)

    login(fuzhou_official)
    url = f"/experts/panels/product/{pending_product.id}"
    page = client.get(url).get_data(as_text=True)
    assert conflicted.name not in page
    response = client.post(url, data={"experts": [e.id for e in experts[:3]]})
    assert f"{conflicted.name} 已声明与申请单位存在利益冲突，须回避" in response.get_data(
        as_text=True
    )
    client.post(url, data={"size": 3})
    (review,) = panels.reviews_of(pending_product)
    assert {s.expert_id for s in review.seats} == {e.id for e in experts[1:]}


def test_a_pool_too_small_once_conflicts_are_out_is_said_with_its_figures(
    app, client, login, make_organisation, make_product, fuzhou_official
):
    provider = make_organisation("provider", "fuzhou")
    product = make_product(provider=provider, status="pending")
    experts = pool(pilot("fuzhou"), 3)
    experts[2].user  # noqa: B018 (loaded before the declaration)
    from marketplace.services.experts import declare_conflict

    declare_conflict(experts[2], provider.credit_code, "", experts[2].user)
    db.session.commit()
    login(fuzhou_official)
    response = client.post(f"/experts/panels/product/{product.id}", data={"size": 3})
    assert response.status_code == 400
    assert "无利益冲突的专家只有2名，组建专家组需要3名" in response.get_data(as_text=True)


def test_only_the_seated_experts_score_and_each_sees_only_their_own(
    app, client, login, pending_product, fuzhou_official
):
    city = pilot("fuzhou")
    experts = pool(city, 4)
    review = panels.form_panel(pending_product, fuzhou_official, [e.id for e in experts[:3]])
    db.session.commit()
    outsider, first, second = experts[3].user, experts[0].user, experts[1].user
    scores = {f"c_{key}": 7 for key, _ in FUZHOU_PRODUCT_CRITERIA}

    login(outsider)
    assert client.get(f"/experts/reviews/{review.id}").status_code == 404
    assert client.post(f"/experts/reviews/{review.id}/score", data=scores).status_code == 404
    assert "榕城排产" not in client.get("/experts/").get_data(as_text=True)
    with pytest.raises(NotAllowed):
        panels.score_application(review, outsider, dict.fromkeys(["results"], 7), "好")

    login(first)
    assert "榕城排产" in client.get("/experts/").get_data(as_text=True)
    response = client.post(
        f"/experts/reviews/{review.id}/score", data={**scores, "comment": "排产模型贴合纺织"}
    )
    assert response.status_code == 302
    login(second)
    bad = client.post(
        f"/experts/reviews/{review.id}/score", data={**scores, "c_results": 11, "comment": "x"}
    )
    assert bad.status_code == 400
    assert "每项评分须为1到10之间的整数" in bad.get_data(as_text=True)
    page = client.get(f"/experts/reviews/{review.id}").get_data(as_text=True)
    assert "排产模型贴合纺织" not in page  # the first expert's comment
    assert 'id="scores"' not in page  # the official's table of every score
    # an official's pages are not the expert's
    assert client.get("/experts/pool").status_code == 403


def test_weighted_total_follows_the_citys_weights(app, pending_product, fuzhou_official):
    review = panels.form_panel(
        pending_product, fuzhou_official, [e.id for e in pool(pilot("fuzhou"), 3)]
    )
    seat = review.seats[0]
    values = dict(zip([k for k, _ in FUZHOU_PRODUCT_CRITERIA], (8, 6, 10, 5), strict=True))
    panels.score_application(review, seat.expert.user, values, "意见")
    # (30×8 + 30×6 + 20×10 + 20×5) / 10 = 72
    assert seat.total == 72.0
    assert [(c["key"], c["weight"]) for c in review.criteria] == FUZHOU_PRODUCT_CRITERIA


def test_the_official_decides_after_every_score_with_them_in_view(
    app, client, login, pending_product, fuzhou_official
):
    experts = pool(pilot("fuzhou"), 3)
    review = panels.form_panel(pending_product, fuzhou_official, [e.id for e in experts])
    for n, expert in enumerate(experts[:2]):
        values = {key: 6 + n for key, _ in FUZHOU_PRODUCT_CRITERIA}
        panels.score_application(review, expert.user, values, f"专家意见{n}")
    db.session.commit()
    login(fuzhou_official)
    page = client.get(f"/experts/reviews/{review.id}").get_data(as_text=True)
    assert "专家意见0" in page
    assert "专家意见1" in page
    assert "全部专家评分后，才能在此作出审核决定" in page
    response = client.post(
        f"/experts/reviews/{review.id}/decide", data={"decision": "approve"}, follow_redirects=True
    )
    assert "还有1名专家未评分" in response.get_data(as_text=True)
    assert db.session.get(ExpertReview, review.id).status == "scoring"

    panels.score_application(
        review, experts[2].user, {k: 8 for k, _ in FUZHOU_PRODUCT_CRITERIA}, "专家意见2"
    )
    db.session.commit()
    page = client.get(f"/experts/reviews/{review.id}").get_data(as_text=True)
    decide_form = f'action="/experts/reviews/{review.id}/decide"'
    assert page.index("专家意见2") < page.index(decide_form)
    assert "data-confirm" in page
    assert "70.0" in page  # the average of 60, 70 and 80
    # the single-official buttons are gone: a direct approval is refused
    refused = client.post(
        f"/supervision/products/{pending_product.id}/approve", follow_redirects=True
    )
    assert "本市由专家评审" in refused.get_data(as_text=True)
    client.post(f"/experts/reviews/{review.id}/decide", data={"decision": "approve"})
    db.session.refresh(review)
    assert review.status == "publicity"  # 福州 gives 5 days' notice
    assert review.publicity_ends_on == date.today() + timedelta(days=5)
    assert db.session.get(Product, pending_product.id).status == "pending"
    steps = [(e.from_state, e.to_state, e.reason_code) for e in events_for(review)]
    assert steps[0] == (None, "scoring", "panel_formed")
    assert [s[2] for s in steps[1:4]] == ["expert_scored"] * 3
    assert steps[-1] == ("scoring", "publicity", "publicity_started")


def _in_publicity(product, official) -> ExpertReview:
    experts = pool(pilot("fuzhou"), 3)
    review = panels.form_panel(product, official, [e.id for e in experts])
    score_all(review)
    panels.decide_application(review, official, True)
    db.session.commit()
    return review


def test_an_objection_upheld_during_the_notice_blocks_the_listing(
    app, client, login, make_user, pending_product, fuzhou_official
):
    review = _in_publicity(pending_product, fuzhou_official)
    neighbour = make_user("enterprise", "fuzhou")
    db.session.commit()
    login(neighbour)
    assert "榕城工业软件" in client.get("/experts/publicity").get_data(as_text=True)
    page = client.get(f"/experts/reviews/{review.id}").get_data(as_text=True)
    assert 'id="scores"' not in page  # the public sees the notice, not the scores
    client.post(
        f"/experts/reviews/{review.id}/objections", data={"text": "该产品案例企业并未实际使用"}
    )
    (objection,) = review.objections

    login(fuzhou_official)
    response = client.post(f"/experts/reviews/{review.id}/close", follow_redirects=True)
    assert "公示期至" in response.get_data(as_text=True)
    with pytest.raises(InvalidInput, match="objections_open"):
        panels.close_publicity(review, fuzhou_official, review.publicity_ends_on + timedelta(1))
    db.session.rollback()
    no_reason = client.post(f"/experts/objections/{objection.id}/uphold", data={"reason": ""})
    assert no_reason.status_code == 302
    assert db.session.get(ExpertReview, review.id).status == "publicity"
    client.post(f"/experts/objections/{objection.id}/uphold", data={"reason": "经核实案例不实"})
    db.session.expire_all()
    assert db.session.get(ExpertReview, review.id).status == "rejected"
    product = db.session.get(Product, pending_product.id)
    assert product.status == "rejected"
    assert product.id not in set(db.session.scalars(select(Product.id).where(Product.is_visible)))
    with pytest.raises(InvalidTransition):
        panels.close_publicity(review, None, review.publicity_ends_on + timedelta(days=1))
    assert events_for(product)[-1].reason_code == "objection_upheld"
    assert product.status_reason == "经核实案例不实"  # what the provider is shown
    login(neighbour)
    assert client.get(f"/catalog/products/{product.id}").status_code == 404


def test_a_notice_without_objection_goes_live_after_its_last_day(
    app, runner, pending_product, fuzhou_official
):
    review = _in_publicity(pending_product, fuzhou_official)
    with pytest.raises(InvalidInput, match="publicity_running"):
        panels.close_publicity(review, fuzhou_official, review.publicity_ends_on)
    db.session.rollback()
    assert panels.close_due_publicity(review.publicity_ends_on) == 0
    assert panels.close_due_publicity(review.publicity_ends_on + timedelta(days=1)) == 1
    db.session.commit()
    assert db.session.get(Product, pending_product.id).status == "approved"
    assert events_for(pending_product)[-1].reason_code == "publicity_passed"


def test_an_objection_after_the_notice_or_by_the_applicant_is_refused(
    app, make_user, pending_product, fuzhou_official
):
    review = _in_publicity(pending_product, fuzhou_official)
    owner = first_user(pending_product.provider)
    with pytest.raises(NotAllowed, match="own_application"):
        panels.file_objection(review, owner, "我方无异议")
    other = make_user("provider", "fuzhou")
    later = review.publicity_ends_on + timedelta(days=1)
    with pytest.raises(InvalidInput, match="publicity_closed"):
        panels.file_objection(review, other, "迟到的异议", today=later)


def test_single_mode_city_keeps_one_officials_review(app, client, login, make_product, reviewer):
    product = make_product(status="pending")  # 厦门
    official = reviewer(pilot("xiamen"))
    db.session.commit()
    login(official)
    page = client.get("/supervision/review-queue?tab=products").get_data(as_text=True)
    assert f"/supervision/products/{product.id}/approve" in page
    assert "组建专家组" not in page
    client.post(f"/supervision/products/{product.id}/approve")
    assert db.session.get(Product, product.id).status == "approved"
    with pytest.raises(InvalidInput, match="city_reviews_single"):
        panels.form_panel(make_product(status="pending"), official)
    assert db.session.scalars(select(ExpertReview)).all() == []


def test_the_panel_city_queue_leads_to_the_panel(
    app, client, login, pending_product, fuzhou_official
):
    login(fuzhou_official)
    page = client.get("/supervision/review-queue?tab=products").get_data(as_text=True)
    assert f"/experts/panels/product/{pending_product.id}" in page
    assert f"/supervision/products/{pending_product.id}/approve" not in page


def test_officials_list_the_pool_with_conflicts(app, client, login, fuzhou_official, make_user):
    experts = pool(pilot("fuzhou"), 3)
    from marketplace.services.experts import declare_conflict

    declare_conflict(experts[0], "91350100000U4B61HD", "持股", fuzhou_official)
    db.session.commit()
    login(fuzhou_official)
    page = client.get("/experts/pool").get_data(as_text=True)
    assert all(e.name in page for e in experts)
    detail = client.get(f"/experts/pool/{experts[0].id}").get_data(as_text=True)
    assert "91350100000U4B61HD" in detail
    assert "持股" in detail
    login(make_user("official"))  # 厦门: another city's pool
    assert experts[0].name not in client.get("/experts/pool").get_data(as_text=True)
    assert client.get(f"/experts/pool/{experts[0].id}").status_code == 404


def test_flask_experts_add_makes_an_expert_account(app, runner, client, login):
    result = runner.invoke(
        args=[
            "experts", "add", "--email", "lin@zk.cn", "--name", "林工", "--pilot", "zhuhai",
            "--stage", "生产管控", "--sub-industry", "智能家电", "--password", "secret123",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    expert = db.session.scalar(select(Expert).join(Expert.user).where(Expert.affiliation == ""))
    assert expert.user.role == "expert"
    assert expert.pilot.code == "zhuhai"
    assert [s.name for s in expert.sub_industries] == ["智能家电"]
    bad = runner.invoke(
        args=["experts", "add", "--email", "x@zk.cn", "--name", "x", "--pilot", "zhuhai",
              "--stage", "炼丹", "--password", "secret123"]
    )  # fmt: skip
    assert bad.exit_code != 0
    assert "请选择列表中的环节" in bad.output
    login(expert.user)
    assert client.get("/").headers["Location"].endswith("/experts/")
