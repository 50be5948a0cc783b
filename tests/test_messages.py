"""Messages: a thread on a quote request (its enterprise and provider) and one on a project
(its enterprise, providers and supervising officials), files in them, every message an
event that tells the other side; and a provider's interest in a lead, accepted or ignored."""

import io

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from models import Event, LeadInterest, Message, Notification, QuoteRequest
from tests.conftest import first_user

PDF = b"%PDF-1.4\n% test file\n"


@pytest.fixture
def world(app, make_project, make_organisation, make_user, reviewer):
    """A project (from an accepted quote) and the people around it."""
    project = make_project("in_progress")
    return {
        "project": project,
        "request": project.quote_request,
        "enterprise": first_user(project.enterprise),
        "provider": first_user(project.provider),
        "city_official": reviewer(project.enterprise.pilot),
        "other_enterprise": make_user("enterprise"),
        "other_provider": make_user("provider"),
        "unrelated_official": make_user("official", pilot_code="zhuhai"),
    }


QUOTE_THREAD = {
    "enterprise": 200,
    "provider": 200,
    "city_official": 404,  # a quote conversation is between the two sides only
    "other_enterprise": 404,
    "other_provider": 404,
    "unrelated_official": 404,
}
PROJECT_THREAD = QUOTE_THREAD | {"city_official": 200}


@pytest.mark.parametrize("who", sorted(QUOTE_THREAD))
def test_who_sees_the_quote_thread(client, login, world, who):
    login(world[who])
    response = client.get(f"/messages/quote/{world['request'].id}")
    assert response.status_code == QUOTE_THREAD[who]
    posted = client.post(f"/messages/quote/{world['request'].id}", data={"body": "你好"})
    assert posted.status_code == (302 if QUOTE_THREAD[who] == 200 else 404)


@pytest.mark.parametrize("who", sorted(PROJECT_THREAD))
def test_who_sees_the_project_thread(client, login, world, who):
    login(world[who])
    response = client.get(f"/messages/project/{world['project'].id}")
    assert response.status_code == PROJECT_THREAD[who]


def test_a_message_is_an_event_and_tells_the_other_side(client, login, world):
    login(world["enterprise"])
    response = client.post(
        f"/messages/quote/{world['request'].id}", data={"body": "请问能否下周上门调研？"}
    )
    assert response.status_code == 302

    message = db.session.scalar(select(Message))
    assert message.body == "请问能否下周上门调研？"
    event = db.session.scalar(
        select(Event).where(Event.subject_type == "messages", Event.subject_id == message.id)
    )
    assert event.actor_id == world["enterprise"].id
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "message"))
    assert list(told) == [world["provider"].id]

    login(world["provider"])
    page = client.get(f"/messages/quote/{world['request'].id}").get_data(as_text=True)
    assert "请问能否下周上门调研？" in page


def test_a_project_message_tells_the_parties_and_officials_who_wrote(client, login, world):
    project_url = f"/messages/project/{world['project'].id}"
    login(world["city_official"])
    client.post(project_url, data={"body": "请按期提交进展报告"})
    told = set(
        db.session.scalars(select(Notification.user_id).where(Notification.kind == "message"))
    )
    assert told == {world["enterprise"].id, world["provider"].id}

    login(world["provider"])
    client.post(project_url, data={"body": "已收到"})
    latest = db.session.scalars(
        select(Notification.user_id)
        .where(Notification.kind == "message")
        .order_by(Notification.id.desc())
        .limit(2)
    )
    assert set(latest) == {world["enterprise"].id, world["city_official"].id}


def test_a_file_in_a_thread_is_for_its_parties_only(client, login, world):
    url = f"/messages/quote/{world['request'].id}"
    login(world["provider"])
    response = client.post(
        url,
        data={"body": "方案见附件", "file": (io.BytesIO(PDF), "方案.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attachment_id = db.session.scalar(select(Message.attachment_id))
    assert attachment_id is not None

    login(world["enterprise"])
    download = client.get(f"{url}/files/{attachment_id}")
    assert download.status_code == 200
    assert download.data == PDF
    download.close()

    login(world["other_enterprise"])
    assert client.get(f"{url}/files/{attachment_id}").status_code == 404
    # the file is not reachable through another thread the user is in either
    login(world["enterprise"])
    project_url = f"/messages/project/{world['project'].id}"
    assert client.get(f"{project_url}/files/{attachment_id}").status_code == 404


def test_a_wrong_file_or_an_empty_message_is_said_not_a_500(client, login, world):
    url = f"/messages/quote/{world['request'].id}"
    login(world["provider"])
    wrong = client.post(
        url,
        data={"body": "", "file": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 400
    assert "pdf/jpg/png/xlsx/docx" in wrong.get_data(as_text=True)
    empty = client.post(url, data={"body": "   "})
    assert empty.status_code == 400
    assert "请填写消息内容或选择文件" in empty.get_data(as_text=True)
    assert db.session.scalar(select(Message.id)) is None


def test_an_unknown_thread_kind_is_404(client, login, world):
    login(world["enterprise"])
    assert client.get(f"/messages/need/{world['request'].id}").status_code == 404


@pytest.fixture
def lead(app, make_need, make_product):
    need = make_need(title="仓库扫码出入库")
    product = make_product(name="云WMS")
    return need, product, first_user(product.provider)


def express(client, login, need, product, user, text="我们做过十余家同类仓库，可上门演示"):
    login(user)
    return client.post(
        f"/messages/interest/new?need_id={need.id}&product_id={product.id}",
        data={"message": text},
    )


def test_the_leads_page_offers_expressing_interest(client, login, lead):
    need, product, provider_user = lead
    login(provider_user)
    page = client.get("/needs/leads").get_data(as_text=True)
    assert f"/messages/interest/new?need_id={need.id}" in page


def test_accepted_interest_becomes_a_quote_request_with_its_words_in_the_thread(
    client, login, lead
):
    need, product, provider_user = lead
    response = express(client, login, need, product, provider_user)
    assert response.status_code == 302
    owner = first_user(need.enterprise)
    told = db.session.scalar(select(Notification).where(Notification.user_id == owner.id))
    assert told.kind == "interest_expressed"
    interest = db.session.scalar(select(LeadInterest))

    login(owner)
    listed = client.get("/messages/interests").get_data(as_text=True)
    assert f"/messages/interest/{interest.id}" in listed
    response = client.post(f"/messages/interest/{interest.id}/accept")
    assert response.status_code == 302

    request = db.session.scalar(select(QuoteRequest).where(QuoteRequest.need_id == need.id))
    assert request.provider_id == product.provider_id
    assert request.product_id == product.id
    assert request.status == "requested"
    db.session.refresh(interest)
    assert interest.status == "accepted"
    assert interest.quote_request_id == request.id
    first = db.session.scalar(select(Message).where(Message.thread_id == request.id))
    assert first.body == "我们做过十余家同类仓库，可上门演示"
    assert first.author_id == provider_user.id
    provider_kinds = set(
        db.session.scalars(
            select(Notification.kind).where(Notification.user_id == provider_user.id)
        )
    )
    assert "quote_requested" in provider_kinds


def test_ignored_interest_asks_for_nothing(client, login, lead):
    need, product, provider_user = lead
    express(client, login, need, product, provider_user)
    interest = db.session.scalar(select(LeadInterest))
    login(first_user(need.enterprise))

    client.post(f"/messages/interest/{interest.id}/ignore")

    db.session.refresh(interest)
    assert interest.status == "ignored"
    assert db.session.scalar(select(QuoteRequest.id)) is None
    assert client.get("/messages/interests").get_data(as_text=True).count("查看并回复") == 0


def test_interest_is_expressed_once_and_only_its_parties_see_it(client, login, lead, make_user):
    need, product, provider_user = lead
    express(client, login, need, product, provider_user)
    again = express(client, login, need, product, provider_user)
    assert again.status_code == 400
    assert db.session.scalar(select(LeadInterest.id).where(LeadInterest.id > 1)) is None
    interest = db.session.scalar(select(LeadInterest))

    login(make_user("enterprise"))
    assert client.get(f"/messages/interest/{interest.id}").status_code == 404
    assert client.post(f"/messages/interest/{interest.id}/accept").status_code == 404
    login(make_user("provider"))
    assert client.get(f"/messages/interest/{interest.id}").status_code == 404
    login(provider_user)
    assert client.get(f"/messages/interest/{interest.id}").status_code == 200
    assert client.post(f"/messages/interest/{interest.id}/accept").status_code == 403


def test_an_empty_interest_is_said(client, login, lead):
    need, product, provider_user = lead
    response = express(client, login, need, product, provider_user, text="  ")
    assert response.status_code == 400
    assert "请填写消息内容或选择文件" in response.get_data(as_text=True)


def test_a_provider_cannot_express_interest_in_a_need_it_cannot_see(client, login, lead, make_user):
    need, product, _provider_user = lead
    outsider = make_user("provider", pilot_code="zhuhai")
    login(outsider)
    response = client.post(
        f"/messages/interest/new?need_id={need.id}", data={"message": "我们也能做"}
    )
    assert response.status_code == 404
