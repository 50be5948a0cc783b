"""Pilot admission (入库): the eligibility rules of the seeds (工信部联企业〔2011〕300号 划型,
独立法人, 近三年无不良信用记录, 沈阳 第六条, each city's materials), 区县初审 and 市级复核,
removal, who may take each step, and the gate on filing projects. The expected codes and
words are written here by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import admission, rounds
from marketplace.services import projects as project_service
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.workflow import events_for
from models import Event, PilotApplication, RoundFiling
from tests.admission_chain import district_official_of, eligible_data, open_round_for
from tests.conftest import first_user, pilot
from tests.project_chain import file_project

TODAY = date.today()


@pytest.fixture
def city_official(make_user):
    officials = {}

    def get(code="xiamen"):
        if code not in officials:
            officials[code] = make_user("official", code)
        return officials[code]

    return get


@pytest.fixture
def applicant(make_organisation, city_official):
    """applicant(pilot_code) → (enterprise, its user) with the city's round open today."""

    def make(code="xiamen", **fields):
        enterprise = make_organisation("enterprise", code, **fields)
        open_round_for(enterprise.pilot, city_official(code))
        db.session.commit()
        return enterprise, first_user(enterprise)

    return make


def draft(enterprise, owner, **overrides):
    return admission.save_application(enterprise, owner, eligible_data(enterprise, **overrides))


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


# --- the 划型 rule as the standard words it --------------------------------------------------


@pytest.mark.parametrize(
    ("employees", "revenue", "size"),
    [
        (999, "90000", "medium"),  # under 1000 people: an SME whatever the revenue
        (5000, "39999.99", "medium"),  # under 40000万元: an SME whatever the staff
        (1000, "40000", "large"),  # 以下 excludes the figure: both at the limit is large
        (300, "2000", "medium"),  # 及以上 includes it
        (299, "50000", "small"),
        (20, "300", "small"),
        (19, "30000", "micro"),
        (500, "299.99", "micro"),
    ],
)
def test_size_class_follows_the_2011_standard_for_industry(employees, revenue, size):
    assert admission.size_class(employees, Decimal(revenue)) == size


# --- the enterprise applies ------------------------------------------------------------------


def test_an_eligible_enterprise_submits_its_application(app, applicant):
    enterprise, owner = applicant("fuzhou")
    application = draft(enterprise, owner, employee_count=300, revenue_wan=Decimal("2000"))
    admission.submit_application(application, owner)
    db.session.commit()
    assert application.status == "submitted"
    assert application.size_class == "medium"
    assert application.round == rounds.open_round(pilot("fuzhou").id)
    moves = [(e.from_state, e.to_state, e.actor_id) for e in events_for(application)]
    assert moves == [(None, "draft", owner.id), ("draft", "submitted", owner.id)]
    assert admission.admission_status(enterprise) == "submitted"
    assert not admission.is_admitted(enterprise)


@pytest.mark.parametrize(
    ("code", "overrides", "words"),
    [
        ("not_sme", {"employee_count": 1200, "revenue_wan": Decimal("50000")}, "属于大型企业"),
        ("not_independent_legal_person", {"is_independent_legal_person": False}, "独立法人"),
        ("bad_credit_record", {"has_clean_credit": False}, "近三年无不良信用记录"),
        ("employee_count_required", {"employee_count": None}, "从业人员"),
        ("revenue_required", {"revenue_wan": None}, "营业收入"),
        (
            "materials_missing",
            {"materials": ["application_form", "business_licence"]},
            "请补充：上年度财务报表（含从业人员和营业收入）、信用承诺书",
        ),
    ],
)
def test_an_ineligible_declaration_is_refused_naming_the_condition(
    app, client, login, applicant, code, overrides, words
):
    enterprise, owner = applicant("xiamen")
    login(owner)
    application = draft(enterprise, owner, **overrides)
    db.session.commit()
    before = event_count()
    with pytest.raises(InvalidInput) as refused:
        admission.submit_application(application, owner)
    assert refused.value.code == code
    db.session.rollback()
    assert application.status == "draft"
    assert event_count() == before
    # and the page says it in words
    fields = eligible_data(enterprise, **overrides)
    form = {
        "employee_count": "" if fields.employee_count is None else str(fields.employee_count),
        "revenue_wan": "" if fields.revenue_wan is None else str(fields.revenue_wan),
        "digital_level": "1",
        "materials": fields.materials,
        "submit": "submit",
    }
    if fields.is_independent_legal_person:
        form["is_independent_legal_person"] = "y"
    if fields.has_clean_credit:
        form["has_clean_credit"] = "y"
    page = client.post("/admission/apply", data=form, follow_redirects=True)
    assert words in page.get_data(as_text=True)
    db.session.expire_all()
    assert admission.admission_status(enterprise) == "draft"


@pytest.mark.parametrize(
    ("exclusion", "code"),
    [
        ("little_giant_funded", "excluded_little_giant_funded"),
        ("in_2022_pilot", "excluded_in_2022_pilot"),
        ("other_violation", "excluded_other_violation"),
    ],
)
def test_shenyang_article_six_excludes_each_of_its_cases(app, applicant, exclusion, code):
    enterprise, owner = applicant("shenyang")
    application = draft(enterprise, owner, exclusions=[exclusion])
    with pytest.raises(InvalidInput) as refused:
        admission.submit_application(application, owner)
    assert refused.value.code == code
    assert application.status == "draft"


def test_only_shenyang_asks_the_article_six_declarations(app, client, login, applicant):
    enterprise, owner = applicant("xiamen")
    with pytest.raises(InvalidInput, match="unknown_exclusion"):
        draft(enterprise, owner, exclusions=["in_2022_pilot"])
    login(owner)
    assert "小巨人" not in client.get("/admission/apply").get_data(as_text=True)
    shenyang_owner = applicant("shenyang")[1]
    login(shenyang_owner)
    page = client.get("/admission/apply").get_data(as_text=True)
    assert "已获得中央财政中小企业发展专项资金支持的专精特新“小巨人”企业" in page
    assert "不属于专项资金不予支持情形的承诺书（第六条）" in page  # 沈阳's own material


def test_returned_then_resubmitted_then_admitted(app, client, login, applicant, city_official):
    enterprise, owner = applicant("xiamen")
    application = draft(enterprise, owner)
    admission.submit_application(application, owner)
    district = district_official_of(enterprise)
    with pytest.raises(InvalidInput, match="reason_required"):
        admission.check_application(application, district, False, "  ")
    admission.check_application(application, district, False, "缺少营业执照副本盖章页")
    db.session.commit()
    login(owner)
    assert "缺少营业执照副本盖章页" in client.get("/admission/apply").get_data(as_text=True)
    again = draft(enterprise, owner, materials_note="已补充盖章页")
    assert again.id == application.id
    admission.submit_application(application, owner)
    admission.check_application(application, district, True)
    admission.decide_application(application, city_official("xiamen"), True)
    db.session.commit()
    assert admission.is_admitted(enterprise)
    moves = [(e.from_state, e.to_state, e.reason_code) for e in events_for(application)]
    assert moves[2:] == [
        ("submitted", "returned", None),
        ("returned", "submitted", "application_resubmitted"),
        ("submitted", "district_checked", "district_check_passed"),
        ("district_checked", "admitted", "city_admitted"),
    ]
    assert events_for(application)[2].reason == "缺少营业执照副本盖章页"
    with pytest.raises(InvalidInput, match="already_admitted"):
        draft(enterprise, owner)


def test_a_rejected_enterprise_hears_why(app, make_organisation, city_official):
    enterprise = make_organisation("enterprise", "xiamen", admission="district_checked")
    application = admission.application_of(enterprise)
    with pytest.raises(InvalidInput, match="reason_required"):
        admission.decide_application(application, city_official("xiamen"), False, "")
    admission.decide_application(application, city_official("xiamen"), False, "非试点细分行业")
    assert application.status == "rejected"
    assert application.status_reason == "非试点细分行业"


# --- who may take each step --------------------------------------------------------------------


def test_who_may_take_each_step(app, make_user, make_organisation, city_official):
    enterprise = make_organisation("enterprise", "xiamen", admission="submitted")
    application = admission.application_of(enterprise)
    city = pilot("xiamen")
    other_district = make_user("official", "xiamen", district=city.districts[3])
    own_district = district_official_of(enterprise)
    other_city = make_user("official", "zhuhai")
    owner = first_user(enterprise)
    before = event_count()
    for actor, code in (
        (owner, "not_district_official"),
        (other_district, "not_district_official"),
        (city_official("xiamen"), "not_district_official"),  # 初审 is the district's
        (other_city, "not_district_official"),
    ):
        with pytest.raises(NotAllowed) as refused:
            admission.check_application(application, actor, True)
        assert refused.value.code == code
    admission.check_application(application, own_district, True)
    for actor in (owner, own_district, other_city):
        with pytest.raises(NotAllowed, match="not_city_official"):
            admission.decide_application(application, actor, True)
    assert application.status == "district_checked"
    assert event_count() == before + 1
    admission.decide_application(application, city_official("xiamen"), True)
    for actor in (owner, own_district, other_city):
        with pytest.raises(NotAllowed, match="not_city_official"):
            admission.remove_from_pilot(application, actor, "测试")
    assert application.status == "admitted"


def test_another_enterprise_may_not_apply_for_one(app, applicant, make_organisation):
    enterprise, owner = applicant("xiamen")
    stranger = first_user(make_organisation("enterprise", "xiamen"))
    with pytest.raises(NotAllowed, match="not_owner"):
        admission.save_application(enterprise, stranger, eligible_data(enterprise))
    application = draft(enterprise, owner)
    with pytest.raises(NotAllowed, match="not_owner"):
        admission.submit_application(application, stranger)


def test_a_refused_step_through_the_page_changes_nothing(
    app, client, login, make_organisation, make_user
):
    enterprise = make_organisation("enterprise", "xiamen", admission="submitted")
    application = admission.application_of(enterprise)
    other_district = make_user("official", "xiamen", district=pilot("xiamen").districts[4])
    before = event_count()
    login(other_district)
    # outside the district the application is not even visible
    url = f"/admission/applications/{application.id}/check"
    assert client.post(url, data={"d-decision": "pass"}).status_code == 404
    login(make_user("official", "xiamen"))  # city-level: sees it, may not do 初审
    page = client.post(url, data={"d-decision": "pass"}, follow_redirects=True)
    assert "区县" in page.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "submitted"
    assert event_count() == before


# --- rounds' windows and deadlines -------------------------------------------------------------


def test_no_application_outside_a_window(app, make_organisation, city_official):
    enterprise = make_organisation("enterprise", "zhuhai")
    owner = first_user(enterprise)
    with pytest.raises(InvalidInput, match="no_open_round"):
        draft(enterprise, owner)
    closed = rounds.create_round(
        pilot("zhuhai"),
        city_official("zhuhai"),
        rounds.RoundData(
            "2025年第1季度",
            TODAY - timedelta(days=40),
            TODAY - timedelta(days=1),
            TODAY + timedelta(days=30),
            TODAY + timedelta(days=200),
        ),
    )
    with pytest.raises(InvalidInput, match="no_open_round"):
        draft(enterprise, owner)
    # a draft begun inside the window cannot be submitted once it has closed
    application = admission.save_application(
        enterprise, owner, eligible_data(enterprise), today=TODAY - timedelta(days=3)
    )
    assert application.round == closed
    with pytest.raises(InvalidInput) as refused:
        admission.submit_application(application, owner)
    assert refused.value.code == "round_not_open"
    assert application.status == "draft"


def test_a_returned_application_may_be_completed_after_the_window(app, make_organisation):
    enterprise = make_organisation("enterprise", "xiamen", admission="returned")
    application = admission.application_of(enterprise)
    later = application.round.closes_on + timedelta(days=5)
    admission.submit_application(application, first_user(enterprise), today=later)
    assert application.status == "submitted"


# --- the gate on filing -------------------------------------------------------------------------


def test_an_admitted_enterprise_files_in_the_round_open_at_the_time(app, make_project):
    project = make_project("filed")
    filing = db.session.get(RoundFiling, project.id)
    assert filing.round == rounds.open_round(project.pilot_id)
    assert filing.filed_on == TODAY


def test_a_removed_enterprise_cannot_file(app, client, login, make_project, city_official):
    project = make_project("draft")
    owner = first_user(project.enterprise)
    application = admission.application_of(project.enterprise)
    admission.remove_from_pilot(application, city_official("xiamen"), "改造进度严重滞后")
    db.session.commit()
    with pytest.raises(NotAllowed, match="not_admitted"):
        file_project(project, owner)
    db.session.rollback()
    assert project.status == "draft"
    login(owner)
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    assert "入库后才能提交立项" in page


def test_a_never_admitted_enterprise_cannot_file(app, make_project):
    project = make_project("draft")
    # a second enterprise's project, taken through the services without admission
    application = admission.application_of(project.enterprise)
    assert application.status == "admitted"
    db.session.delete(application)
    db.session.flush()
    with pytest.raises(NotAllowed, match="not_admitted"):
        project_service.file_project(project, first_user(project.enterprise))


def test_filing_after_the_filing_deadline_is_refused(
    app, client, login, make_project, city_official
):
    project = make_project("draft")
    current = rounds.open_round(project.pilot_id)
    rounds.update_round(
        current,
        city_official("xiamen"),
        rounds.RoundData(
            current.name,
            TODAY - timedelta(days=60),
            TODAY - timedelta(days=20),
            TODAY - timedelta(days=1),
            TODAY + timedelta(days=100),
        ),
    )
    db.session.commit()
    owner = first_user(project.enterprise)
    with pytest.raises(InvalidInput) as refused:
        file_project(project, owner)
    assert refused.value.code == "filing_deadline_passed"
    db.session.rollback()
    assert project.status == "draft"
    login(owner)
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    deadline = (TODAY - timedelta(days=1)).isoformat()
    assert f"立项已于{deadline}截止，不能再提交立项" in page


def test_a_returned_project_refiles_in_its_own_round(app, make_project, city_official):
    project = make_project("returned")
    first_round = db.session.get(RoundFiling, project.id).round
    project_service.file_project(project, first_user(project.enterprise), "已修改")
    assert db.session.get(RoundFiling, project.id).round == first_round


def test_a_not_admitted_enterprise_sees_estimates_marked(
    app, client, login, make_organisation, make_need, make_quote_request, make_quote
):
    enterprise = make_organisation("enterprise", "xiamen")
    request = make_quote_request(make_need(enterprise=enterprise), make_organisation("provider"))
    make_quote(request)
    login(first_user(enterprise))
    page = client.get(f"/quotes/{request.id}").get_data(as_text=True)
    assert "入库后可申请" in page


def test_an_admitted_enterprise_sees_no_mark(app, client, login, make_project):
    project = make_project("draft")
    login(first_user(project.enterprise))
    page = client.get(f"/projects/{project.id}/filing").get_data(as_text=True)
    assert "补贴估算" in page
    assert "入库后可申请" not in page


# --- the pilot list and removal ---------------------------------------------------------------


def test_the_pilot_list_shows_admitted_enterprises_with_their_round(
    app, client, login, make_organisation, make_user
):
    admitted = make_organisation("enterprise", "xiamen", admission="admitted", name="厦门入库企业")
    make_organisation("enterprise", "xiamen", admission="submitted", name="厦门待审企业")
    make_organisation("enterprise", "zhuhai", admission="admitted", name="珠海入库企业")
    login(make_user("official", "xiamen"))
    page = client.get("/admission/applications").get_data(as_text=True)
    assert "厦门入库企业" in page
    assert admission.application_of(admitted).round.name in page
    assert "厦门待审企业" not in page  # the list shows the admitted unless asked
    assert "珠海入库企业" not in page  # another city
    page = client.get("/admission/applications?status=submitted").get_data(as_text=True)
    assert "厦门待审企业" in page
    assert "厦门入库企业" not in page
    assert client.get("/admission/applications?status=nonsense&round_id=abc").status_code == 200


def test_removal_needs_confirmation_and_a_reason(app, client, login, make_organisation, make_user):
    enterprise = make_organisation("enterprise", "xiamen", admission="admitted")
    application = admission.application_of(enterprise)
    login(make_user("official", "xiamen"))
    url = f"/admission/applications/{application.id}/remove"
    page = client.post(url, data={"rm-reason": "改造成效不佳"}, follow_redirects=True)
    assert "请勾选确认后再移出" in page.get_data(as_text=True)
    page = client.post(url, data={"rm-confirm": "y"}, follow_redirects=True)
    assert "请填写移出原因" in page.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "admitted"
    page = client.post(
        url, data={"rm-confirm": "y", "rm-reason": "改造成效不佳"}, follow_redirects=True
    )
    assert "已将该企业移出试点名单" in page.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "removed"
    last = events_for(application)[-1]
    assert (last.to_state, last.reason) == ("removed", "改造成效不佳")
    assert not admission.is_admitted(enterprise)


def test_a_district_official_checks_through_the_page(app, client, login, make_organisation):
    enterprise = make_organisation("enterprise", "xiamen", admission="submitted")
    application = admission.application_of(enterprise)
    login(district_official_of(enterprise))
    db.session.commit()
    page = client.get(f"/admission/applications/{application.id}").get_data(as_text=True)
    assert "初审通过" in page
    assert "复核通过，入库" not in page
    url = f"/admission/applications/{application.id}/check"
    page = client.post(url, data={"d-decision": "refuse", "d-reason": ""}, follow_redirects=True)
    assert "请填写" in page.get_data(as_text=True)
    client.post(url, data={"d-decision": "refuse", "d-reason": "缺信用承诺书"})
    db.session.expire_all()
    assert application.status == "returned"


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("enterprise", "/admission/apply", 200),
        ("provider", "/admission/apply", 403),
        ("official", "/admission/apply", 403),
        ("enterprise", "/admission/applications", 403),
        ("provider", "/admission/applications", 403),
        ("official", "/admission/applications", 200),
        ("admin", "/admission/applications", 200),
    ],
)
def test_who_may_open_the_admission_pages(app, client, login, make_user, role, path, status):
    login(make_user(role, "xiamen"))
    assert client.get(path).status_code == status


def test_an_enterprise_sees_only_its_own_application(app, client, login, make_organisation):
    mine = make_organisation("enterprise", "xiamen", admission="submitted")
    theirs = make_organisation("enterprise", "xiamen", admission="submitted")
    login(first_user(mine))
    own = admission.application_of(mine).id
    assert client.get(f"/admission/applications/{own}").status_code == 200
    other = admission.application_of(theirs).id
    assert client.get(f"/admission/applications/{other}").status_code == 404


def test_every_status_is_in_the_table():
    assert set(PilotApplication.STATUSES) == set(PilotApplication.TRANSITIONS)
    assert PilotApplication.TRANSITIONS["admitted"] == {"removed": "city_official"}


def test_absurd_filter_ids_are_ignored(app, client, login, make_user, make_organisation):
    make_organisation("enterprise", "xiamen", admission="admitted", name="厦门入库企业")
    login(make_user("official", "xiamen"))
    for value in ("0", "-1", str(10**25), "abc", "数字"):
        response = client.get(f"/admission/applications?round_id={value}&district_id={value}")
        assert response.status_code == 200
        assert "厦门入库企业" in response.get_data(as_text=True)
