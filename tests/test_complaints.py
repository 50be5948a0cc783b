"""Complaints: filed by the enterprise about a quote request or a project, answered by the
provider by the city's deadline (5 calendar days), handled by an official of the enterprise's
jurisdiction with a reason, also when left unanswered past the deadline (then flagged on the
supervision dashboard). Every step is an event; only the two parties and the jurisdiction's
officials see a complaint."""

import io
from datetime import date, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.services.workflow import events_for
from models import Complaint
from tests.conftest import first_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


def _quoted_request(make_organisation, make_need, make_quote_request):
    provider = make_organisation("provider")
    need = make_need()
    return make_quote_request(need, provider, "quoted")


def _file(client, request, **overrides):
    data = {
        "provider_id": str(request.provider_id),
        "category": "service",
        "description": "报价后一直联系不上，答应的上门调研没有来",
        "files": (io.BytesIO(PDF), "聊天记录.pdf"),
    } | overrides
    return client.post(
        f"/complaints/new?request={request.id}",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _complaint():
    return db.session.scalar(select(Complaint))


def test_enterprise_files_a_complaint_with_the_citys_deadline_and_a_file(
    app, client, login, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    login(first_user(request.need.enterprise))
    page = _file(client, request).get_data(as_text=True)
    assert "投诉已提交" in page
    complaint = _complaint()
    assert complaint.status == "filed"
    assert complaint.respond_by == date.today() + timedelta(days=5)
    assert complaint.quote_request_id == request.id
    assert [f.attachment.filename for f in complaint.files] == ["聊天记录.pdf"]
    assert [(e.from_state, e.to_state) for e in events_for(complaint)] == [(None, "filed")]

    login(first_user(request.provider))
    download = client.get(f"/complaints/files/{complaint.files[0].id}")
    assert download.status_code == 200
    assert download.data == PDF
    download.close()


def test_a_complaint_needs_a_category_a_description_and_the_requests_provider(
    app, client, login, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    other = make_organisation("provider")
    login(first_user(request.need.enterprise))
    assert "只能投诉该询价或项目的服务商" in _file(
        client, request, provider_id=str(other.id)
    ).get_data(as_text=True)
    assert "请填写投诉内容" in _file(client, request, description="").get_data(as_text=True)
    assert _complaint() is None


def test_only_the_requests_enterprise_files(
    app, client, login, make_user, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    login(make_user("enterprise"))
    assert _file(client, request).status_code == 404
    login(first_user(request.provider))
    assert _file(client, request).status_code == 403
    assert _complaint() is None


def test_provider_answers_by_the_deadline(
    app, client, login, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    login(first_user(request.need.enterprise))
    _file(client, request)
    complaint = _complaint()

    login(first_user(request.provider))
    page = client.post(
        f"/complaints/{complaint.id}/respond",
        data={"response": "已电话致歉，本周五上门调研"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "答复已提交" in page
    db.session.refresh(complaint)
    assert complaint.status == "responded"
    assert complaint.response == "已电话致歉，本周五上门调研"
    assert [e.to_state for e in events_for(complaint)] == ["filed", "responded"]
    assert events_for(complaint)[-1].actor_id == first_user(request.provider).id


def test_unanswered_past_the_deadline_is_overdue_flagged_and_left_to_the_official(
    app, client, login, make_user, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    login(first_user(request.need.enterprise))
    _file(client, request)
    complaint = _complaint()
    official = make_user("official")

    login(official)
    early = client.post(
        f"/complaints/{complaint.id}/handle",
        data={"outcome": "upheld", "reason": "服务商未答复"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "服务商答复期限未到" in early
    board = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "逾期未答复的投诉 (0)" in board

    complaint.respond_by = date.today() - timedelta(days=1)  # six days later
    db.session.commit()
    login(first_user(request.provider))
    late = client.post(
        f"/complaints/{complaint.id}/respond",
        data={"response": "迟到的答复"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已超过答复期限" in late

    login(official)
    listed = client.get("/complaints/?status=overdue").get_data(as_text=True)
    assert f"#{complaint.id}" in listed
    app.extensions.pop("dashboard_figures", None)  # the figures are kept 60 s per scope
    board = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "逾期未答复的投诉 (1)" in board
    assert f"/complaints/{complaint.id}" in board

    page = client.post(
        f"/complaints/{complaint.id}/handle",
        data={"outcome": "upheld", "reason": "逾期未答复，投诉成立，记入服务商绩效"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "处理结果已记录" in page
    db.session.refresh(complaint)
    assert complaint.status == "upheld"
    assert complaint.status_reason == "逾期未答复，投诉成立，记入服务商绩效"
    assert [e.to_state for e in events_for(complaint)] == ["filed", "upheld"]


def test_official_handles_an_answered_complaint_with_a_reason(
    app, client, login, make_user, make_organisation, make_need, make_quote_request
):
    for outcome in ("mediated", "dismissed"):
        request = _quoted_request(make_organisation, make_need, make_quote_request)
        login(first_user(request.need.enterprise))
        _file(client, request)
        complaint = db.session.scalars(select(Complaint).order_by(Complaint.id.desc())).first()
        login(first_user(request.provider))
        client.post(f"/complaints/{complaint.id}/respond", data={"response": "已沟通"})

        login(make_user("official"))
        url = f"/complaints/{complaint.id}/handle"
        no_reason = client.post(url, data={"outcome": outcome, "reason": ""}, follow_redirects=True)
        assert "请填写处理意见" in no_reason.get_data(as_text=True)
        client.post(url, data={"outcome": outcome, "reason": "双方同意按合同补充调研"})
        db.session.refresh(complaint)
        assert complaint.status == outcome
        assert [e.to_state for e in events_for(complaint)] == ["filed", "responded", outcome]
        assert events_for(complaint)[-1].reason == "双方同意按合同补充调研"

    again = client.post(url, data={"outcome": "upheld", "reason": "改判"}, follow_redirects=True)
    assert "当前状态下不能执行此操作" in again.get_data(as_text=True)


def test_only_the_parties_and_the_jurisdictions_officials_see_a_complaint(
    app, client, login, make_user, make_organisation, make_need, make_quote_request
):
    request = _quoted_request(make_organisation, make_need, make_quote_request)
    login(first_user(request.need.enterprise))
    _file(client, request)
    complaint = _complaint()
    url = f"/complaints/{complaint.id}"

    seen = {
        "enterprise": first_user(request.need.enterprise),
        "provider": first_user(request.provider),
        "official": make_user("official"),
    }
    for user in seen.values():
        login(user)
        assert client.get(url).status_code == 200
        assert f"#{complaint.id}" in client.get("/complaints/").get_data(as_text=True)

    unseen = {
        "other enterprise": make_user("enterprise"),
        "other provider": make_user("provider"),
        "official elsewhere": make_user("official", pilot_code="shenyang"),
    }
    for user in unseen.values():
        login(user)
        assert client.get(url).status_code == 404
        refused = client.get(f"/complaints/files/{complaint.files[0].id}")
        assert refused.status_code == 404
        assert f"#{complaint.id}" not in client.get("/complaints/").get_data(as_text=True)


def test_a_project_complaint_names_one_of_the_projects_providers(app, client, login, make_project):
    project = make_project("in_progress")
    login(first_user(project.enterprise))
    assert "投诉服务商" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    page = client.post(
        f"/complaints/new?project={project.id}",
        data={
            "provider_id": str(project.provider_id),
            "category": "delay",
            "description": "节点延误两周",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "投诉已提交" in page
    assert _complaint().project_id == project.id
