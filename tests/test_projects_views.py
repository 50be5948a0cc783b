"""The project pages through the test client: filing, reviews by the right officials, uploads
refused with a clear message, the subsidy estimate on a quote, the enterprise file and its
exports, the questionnaire."""

import io
import re
from datetime import date, timedelta

import pytest
from flask import render_template_string
from openpyxl import load_workbook

from marketplace.extensions import db
from marketplace.services import projects as svc
from models import Attachment, LevelAssessment, Project
from tests.conftest import pilot
from tests.test_projects_lifecycle import filed_project

PDF = b"%PDF-1.4\n%test\n"


def filing_data(request, **changes):
    data = {
        "contract_no": "HT-001",
        "contract_signed_on": date.today().isoformat(),
        "start_on": date.today().isoformat(),
        "end_on": (date.today() + timedelta(days=60)).isoformat(),
        "plan": "MES 上线，设备联网",
        "target_level": "2",
        "budget_0": "40000",
        "budget_3": "10000",
        "lead_id": "0",
        "integrator_id": str(request.provider_id),
        "submit": "file",
    }
    data.update(changes)
    return data


def test_enterprise_files_an_accepted_quote_as_a_project(client, login, make_user, accepted_quote):
    request = accepted_quote()
    owner = login(make_user("enterprise", organisation=request.need.enterprise))
    response = client.post(f"/projects/from-quote/{request.id}")
    project = db.session.get(Project, 1)
    assert response.headers["Location"].endswith(f"/projects/{project.id}/filing")
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    assert "40000.00" in page
    assert "补贴估算" in page
    response = client.post(f"/projects/{project.id}/filing", data=filing_data(request))
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.status == "filed"
    assert project.is_owned_by(owner)


def test_filing_with_end_before_start_shows_a_message_and_changes_nothing(
    client,
    login,
    make_user,
    accepted_quote,
):
    request = accepted_quote()
    login(make_user("enterprise", organisation=request.need.enterprise))
    client.post(f"/projects/from-quote/{request.id}")
    bad = filing_data(request, end_on=(date.today() - timedelta(days=5)).isoformat())
    page = client.post("/projects/1/filing", data=bad, follow_redirects=True).get_data(as_text=True)
    assert "结束日期不能早于开始日期" in page
    assert db.session.get(Project, 1).status == "draft"


@pytest.mark.parametrize(
    ("who", "endpoint", "expected"),
    [
        ("district", "district-review", "district_approved"),
        ("city", "district-review", "filed"),  # a city official cannot do the district review
        ("district", "city-review", "filed"),
    ],
)
def test_reviews_are_done_by_the_right_official(
    client,
    login,
    make_user,
    accepted_quote,
    who,
    endpoint,
    expected,
):
    project, _ = filed_project(make_user, accepted_quote)
    official = make_user(
        "official", district=project.enterprise.district if who == "district" else None
    )
    login(official)
    client.post(f"/projects/{project.id}/{endpoint}", data={"review-decision": "approve"})
    db.session.refresh(project)
    assert project.status == expected


def test_city_official_approves_after_district(client, login, make_user, accepted_quote):
    project, _ = filed_project(make_user, accepted_quote)
    svc.review_project_district(
        project, make_user("official", district=project.enterprise.district), True
    )
    db.session.commit()
    login(make_user("official"))
    client.post(f"/projects/{project.id}/city-review", data={"review-decision": "approve"})
    db.session.refresh(project)
    assert project.status == "in_progress"


def test_official_of_another_city_gets_404_on_project_and_file(
    client, login, make_user, accepted_quote
):
    project, _ = filed_project(make_user, accepted_quote, "fuzhou")
    login(make_user("official", pilot_code="xiamen"))
    assert client.get(f"/projects/{project.id}").status_code == 404
    assert client.get(f"/projects/enterprise/{project.enterprise_id}").status_code == 404
    response = client.post(
        f"/projects/{project.id}/district-review", data={"review-decision": "approve"}
    )
    assert response.status_code == 404


def test_provider_not_in_project_gets_404(client, login, make_user, accepted_quote):
    project, _ = filed_project(make_user, accepted_quote)
    login(make_user("provider"))
    assert client.get(f"/projects/{project.id}").status_code == 404


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("virus.exe", b"MZ....", "文件类型不支持"),
        ("fake.pdf", b"not a pdf at all", "文件类型不支持"),
        ("big.pdf", PDF + b"0" * (1024 * 1024 + 10), "文件过大"),
    ],
)
def test_upload_refused_with_a_clear_message(
    app,
    client,
    login,
    make_user,
    accepted_quote,
    filename,
    content,
    message,
):
    app.config["UPLOAD_MAX_BYTES"] = 1024 * 1024
    project, owner = filed_project(make_user, accepted_quote)
    login(owner)
    response = client.post(
        f"/projects/{project.id}/attachments",
        data={"att-purpose": "contract", "att-file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    assert db.session.query(Attachment).count() == 0


def test_upload_of_a_pdf_is_stored_and_downloadable(app, client, login, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    login(owner)
    client.post(
        f"/projects/{project.id}/attachments",
        data={"att-purpose": "contract", "att-file": (io.BytesIO(PDF), "合同.pdf")},
        content_type="multipart/form-data",
    )
    attachment = db.session.query(Attachment).one()
    assert attachment.size == len(PDF)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    # the documents list names the purpose in words, not by its code
    assert re.search(r'合同\.pdf</a>\s*<span class="muted small">改造合同 ·', page)
    assert ">contract ·" not in page
    response = client.get(f"/projects/attachments/{attachment.id}")
    assert response.data == PDF
    response.close()
    login(make_user("enterprise"))
    assert client.get(f"/projects/attachments/{attachment.id}").status_code == 404


def test_estimate_is_shown_on_a_quote(app, accepted_quote):
    request = accepted_quote(
        "shenyang", lines=(("软件", "MES", 1, 2000000), ("实施", "实施", 1, 500000))
    )
    with app.test_request_context():
        html = render_template_string(
            '{% include "projects/_subsidy_estimate.html" %}', quote=request.quote
        )
    assert "¥500,000" in html  # 沈阳 level 2: 50% × 200万 software → cap 50万
    assert "¥2,000,000" in html  # net cost 250万 − 50万


def test_fuzhou_quote_says_no_figures(app, accepted_quote):
    request = accepted_quote("fuzhou")
    with app.test_request_context():
        html = render_template_string(
            '{% include "projects/_subsidy_estimate.html" %}', quote=request.quote
        )
    assert "未给出补助比例" in html


def test_enterprise_file_shows_everything_and_exports(client, login, make_user, accepted_quote):
    project, owner = filed_project(make_user, accepted_quote)
    district = make_user("official", district=project.enterprise.district)
    login(district)
    page = client.get(f"/projects/enterprise/{project.enterprise_id}").get_data(as_text=True)
    for text in (project.enterprise.credit_code, project.title, "HT-2025-001"):
        assert text in page
    csv_text = client.get(f"/projects/enterprise/{project.enterprise_id}?format=csv").data.decode(
        "utf-8-sig"
    )
    assert "改造项目" in csv_text
    assert "HT-2025-001" in csv_text
    xlsx = client.get(f"/projects/enterprise/{project.enterprise_id}?format=xlsx").data
    book = load_workbook(io.BytesIO(xlsx))
    assert "改造项目" in book.sheetnames
    assert book["改造项目"]["E2"].value == "HT-2025-001"
    other_district = make_user("official", district=pilot("xiamen").districts[1])
    login(other_district)
    assert client.get(f"/projects/enterprise/{project.enterprise_id}").status_code == 404


def test_questionnaire_page_scores_and_saves(client, login, make_user):
    user = login(make_user("enterprise"))
    assert "16 个业务场景" in client.get("/projects/assessment").get_data(as_text=True)
    form = {f"q{i}": f"q{i}a" for i in range(1, 16)}
    form.update({"q12": "q12c", "q13": "q13c", "q14": "q14c", "q15": "q15c"})  # 成效 20
    response = client.post("/projects/assessment", data=form, follow_redirects=True)
    assert "得分 20" in response.get_data(as_text=True)
    assessment = db.session.query(LevelAssessment).one()
    assert (assessment.enterprise_id, assessment.level) == (user.organisation_id, 0)


def test_questionnaire_unanswered_is_refused(client, login, make_user):
    login(make_user("enterprise"))
    page = client.post("/projects/assessment", data={"q1": "q1a"}).get_data(as_text=True)
    assert "请回答全部题目" in page
    assert db.session.query(LevelAssessment).count() == 0


def test_official_publishes_a_new_policy_version(client, login, make_user):
    login(make_user("official", pilot_code="hohhot"))
    page = client.get("/projects/policy").get_data(as_text=True)
    assert "最高150万元" in page
    rules = '{"eligible_kinds": ["软件"], "items": [{"code": "x", "label": "新规则", "rate": 0.5, "cap": 100}]}'
    client.post("/projects/policy", data={"rules": rules, "change_note": "调整"})
    assert "第 2 版" in client.get("/projects/policy").get_data(as_text=True)


def test_district_official_cannot_edit_policy(client, login, make_user):
    login(make_user("official", pilot_code="hohhot", district=pilot("hohhot").districts[0]))
    response = client.post("/projects/policy", data={"rules": "{}", "change_note": "x"})
    assert response.status_code == 403
