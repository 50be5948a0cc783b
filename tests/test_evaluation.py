"""Provider performance evaluation: each indicator's raw figure and points on records built by
hand (the expected numbers worked out below, never read from the rubric code), the grade
bands and 珠海's hard rule, publishing, the appeal window, appeal decisions, a final 清退
through the review service naming its rule, and who sees and acts."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.services import complaints, ratings
from marketplace.services import evaluation as svc
from marketplace.services.errors import InvalidInput, NotAllowed
from marketplace.services.evaluation_rules import grade_for, period_dates
from marketplace.services.workflow import events_for
from models import (
    EvaluationPeriod,
    Event,
    ProjectParty,
    ProviderEvaluation,
    SpotCheck,
)
from tests.conftest import first_user, pilot


def current_quarter() -> str:
    today = date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _at(day: date, hours: float = 0) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hours)


def _row(result: ProviderEvaluation, code: str) -> dict:
    return next(r for r in result.indicators if r["code"] == code)


def _result(period, provider) -> ProviderEvaluation:
    return db.session.scalar(
        select(ProviderEvaluation).where(
            ProviderEvaluation.period_id == period.id,
            ProviderEvaluation.provider_id == provider.id,
        )
    )


# --- the period codes and the bands -----------------------------------------------------------


def test_period_codes_cover_a_quarter_or_a_year(app):
    assert period_dates("2026Q3") == (date(2026, 7, 1), date(2026, 10, 1))
    assert period_dates("2026q4") == (date(2026, 10, 1), date(2027, 1, 1))
    assert period_dates("2026") == (date(2026, 1, 1), date(2027, 1, 1))
    for bad in ("2026Q5", "26Q1", "2026-Q1", "", "Q3"):
        with pytest.raises(InvalidInput):
            period_dates(bad)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "qualified"),
        ("70", "qualified"),
        ("69.99", "needs_improvement"),
        ("60", "needs_improvement"),
        ("59.99", "removal"),
        ("0", "removal"),
    ],
)
def test_grade_bands(app, score, grade):
    assert grade_for(Decimal(score), {"upheld_complaints": 0}, "xiamen") == (grade, None)


def test_zhuhai_removes_a_provider_with_three_upheld_complaints_whatever_its_score(app):
    assert grade_for(Decimal("95"), {"upheld_complaints": 3}, "zhuhai") == (
        "removal",
        "zhuhai_unresolved_complaints",
    )
    assert grade_for(Decimal("95"), {"upheld_complaints": 2}, "zhuhai") == ("excellent", None)
    # the rule is 珠海's: elsewhere the score decides
    assert grade_for(Decimal("95"), {"upheld_complaints": 3}, "xiamen") == ("excellent", None)


# --- the figures, on records built by hand ------------------------------------------------------


@pytest.fixture
def last_years_q2():
    """A past quarter the hand-built records are dated into."""
    year = date.today().year - 1
    return f"{year}Q2", date(year, 4, 1)


def test_indicator_figures_and_points_on_hand_built_records(
    app, make_project, make_need, make_quote_request, make_organisation, reviewer, last_years_q2
):
    code, start = last_years_q2
    xiamen = pilot("xiamen")
    official = reviewer(xiamen)
    rectified = make_project("rectifying")
    provider, enterprise = rectified.provider, rectified.enterprise
    owner = first_user(enterprise)
    passed = make_project("passed")
    db.session.add(ProjectParty(project=passed, organisation_id=provider.id, role="vendor"))
    db.session.flush()
    # the two verdicts of the period: 整改 on one project, 通过 on the other → 1 of 2 passed
    for project, verdict in ((rectified, "rectifying"), (passed, "passed")):
        event = db.session.scalar(
            select(Event).where(
                Event.subject_type == "projects",
                Event.subject_id == project.id,
                Event.to_state == verdict,
            )
        )
        event.at = _at(start, 24 * 20)

    # quote requests: two quoted (after 10 h and 50 h), one declined, one unanswered, one
    # withdrawn unanswered (not counted) → 3 answered of 4; median of 10 and 50 = 30 h
    for status, hours in (
        ("quoted", 10),
        ("quoted", 50),
        ("declined", 5),
        ("requested", None),
        ("withdrawn", None),
    ):
        request = make_quote_request(make_need(enterprise=enterprise), provider, status)
        request.created_at = _at(start, 24 * 3)
        if request.quote is not None:
            request.quote.submitted_at = _at(start, 24 * 3 + hours)
        if request.responded_at is not None:
            request.responded_at = _at(start, 24 * 3 + hours)

    # one rating of 5, 4, 5, 4 (average 4.5): (5 × 3 + 4.5) / (5 + 1) = 3.25
    rating = ratings.rate_provider(
        passed,
        provider.id,
        first_user(passed.enterprise),
        {"quality": 5, "timeliness": 4, "responsiveness": 5, "value": 4},
    )
    rating.created_at = _at(start, 24 * 30)

    # complaints: one upheld (answered in time), one answered two days late, one never
    # answered, one answered in time and still open → 1 upheld, 2 overdue
    made = []
    for _ in range(4):
        made.append(
            complaints.file_complaint(rectified, provider.id, owner, "delay", "交付延期两周")
        )
    upheld, late, silent, answered = made
    for complaint in made:
        complaint.created_at = _at(start, 24 * 40)
    for complaint in (upheld, late, answered):
        complaints.respond_to_complaint(complaint, first_user(provider), "已安排补救")
    complaints.handle_complaint(upheld, official, "upheld", "投诉属实")
    for complaint in made:
        complaint.respond_by = start + timedelta(days=45)
    for complaint in (upheld, answered):
        complaint.responded_at = _at(start, 24 * 42)
    late.responded_at = _at(start, 24 * 47)

    # spot checks on the provider's project: one warning, one normal → 1 finding
    for outcome in ("warning", "normal"):
        db.session.add(
            SpotCheck(
                project_id=rectified.id,
                official_id=official.id,
                checked_on=start + timedelta(days=50),
                outcome=outcome,
                findings="现场核查",
            )
        )
    quiet = make_organisation("provider")  # nothing in the period
    db.session.commit()

    period = svc.compute_period(svc.create_period(official, xiamen, code), official)
    db.session.commit()
    result = _result(period, provider)
    figures = {r["code"]: (r["raw"], r["count"], r["points"]) for r in result.indicators}
    assert figures == {
        "quote_response_rate": (0.75, 4, "11.25"),  # 15 × 0.75
        "median_first_quote_hours": (30.0, 2, "10.50"),  # ≤ 72 h: 15 × 0.7
        "acceptance_pass_rate": (0.5, 2, "10.00"),  # 20 × 0.5
        "bayesian_rating": (3.25, 1, "11.25"),  # 20 × (3.25 − 1) / 4
        "upheld_complaints": (1, 4, "10.00"),  # 15 − 5
        "overdue_complaint_responses": (2, 4, "0.00"),  # 10 − 2 × 5
        "spot_check_findings": (1, 2, "2.50"),  # 5 − 2.5
    }
    # 11.25 + 10.50 + 10 + 11.25 + 10 + 0 + 2.50 = 55.50, under the 待改进 band's 60
    assert result.score == Decimal("55.50")
    assert result.grade == result.computed_grade == "removal"
    assert result.hard_rule is None
    assert svc.removal_rule(result) == "score_below_band"

    # a provider with no records: rates and times at 0.8 of their weight, the prior rating
    # 3 (half the rating's weight), no deductions: 12 + 12 + 16 + 10 + 15 + 10 + 5 = 80
    empty = _result(period, quiet)
    assert [r["raw"] for r in empty.indicators] == [None, None, None, 3.0, 0, 0, 0]
    assert empty.score == Decimal("80.00")
    assert empty.grade == "qualified"


# --- the steps ---------------------------------------------------------------------------------


@pytest.fixture
def published(app, make_organisation, reviewer):
    return publish_this_quarter(make_organisation, reviewer)


def publish_this_quarter(make_organisation, reviewer):
    """A period of this quarter for 厦门, computed and published, with two providers:
    (period, the first's result, the second's result, the city's official)."""
    xiamen = pilot("xiamen")
    official = reviewer(xiamen)
    mine, other = make_organisation("provider"), make_organisation("provider")
    period = svc.compute_period(svc.create_period(official, xiamen, current_quarter()), official)
    svc.publish_period(period, official)
    db.session.commit()
    return period, _result(period, mine), _result(period, other), official


def test_the_provider_sees_its_published_figures_and_a_competitor_does_not(
    app, client, login, published
):
    period, mine, other, _official = published
    assert period.appeal_until == date.today() + timedelta(days=10)
    assert [e.to_state for e in events_for(mine)] == ["published"]
    login(first_user(mine.provider))
    listing = client.get("/evaluation/mine").get_data(as_text=True)
    assert period.code in listing
    assert "可申诉" in listing
    page = client.get(f"/evaluation/results/{mine.id}").get_data(as_text=True)
    assert "询价响应率" in page
    assert "无记录" in page
    assert "提出申诉" in page
    assert client.get(f"/evaluation/results/{other.id}").status_code == 404
    assert client.get(f"/evaluation/{period.id}").status_code == 403  # officials' page


def test_a_draft_is_not_shown_to_the_provider(app, client, login, make_organisation, reviewer):
    xiamen = pilot("xiamen")
    official = reviewer(xiamen)
    provider = make_organisation("provider")
    period = svc.compute_period(svc.create_period(official, xiamen, current_quarter()), official)
    db.session.commit()
    login(first_user(provider))
    assert client.get(f"/evaluation/results/{_result(period, provider).id}").status_code == 404


def test_an_official_of_another_city_neither_sees_nor_acts(
    app, client, login, make_user, published
):
    period, mine, _other, _official = published
    fuzhou = make_user("official", pilot_code="fuzhou")
    login(fuzhou)
    assert client.get(f"/evaluation/{period.id}").status_code == 404
    assert client.post(f"/evaluation/{period.id}/finalise").status_code == 404
    assert client.get(f"/evaluation/results/{mine.id}").status_code == 404
    with pytest.raises(NotAllowed):
        svc.finalise_period(period, fuzhou, today=period.appeal_until + timedelta(days=1))


def test_a_district_official_sees_the_period_but_the_city_decides(
    app, client, login, make_user, make_organisation, reviewer
):
    xiamen = pilot("xiamen")
    period = svc.create_period(reviewer(xiamen), xiamen, current_quarter())
    db.session.commit()
    district = make_user("official", district=xiamen.districts[0])
    login(district)
    assert client.get(f"/evaluation/{period.id}").status_code == 200
    page = client.post(f"/evaluation/{period.id}/compute", follow_redirects=True)
    assert "市级" in page.get_data(as_text=True)
    assert db.session.get(EvaluationPeriod, period.id).computed_at is None


def test_the_appeal_window_is_open_to_its_last_day_and_closed_after(app, published):
    period, mine, other, _official = published
    last_day = period.appeal_until
    svc.appeal(mine, first_user(mine.provider), "询价响应率统计有误", today=last_day)
    assert mine.status == "appealed"
    assert events_for(mine)[-1].reason == "询价响应率统计有误"
    with pytest.raises(InvalidInput) as closed:
        svc.appeal(other, first_user(other.provider), "有异议", today=last_day + timedelta(days=1))
    assert closed.value.code == "appeal_window_closed"
    with pytest.raises(NotAllowed):  # only the evaluated provider appeals
        svc.appeal(other, first_user(mine.provider), "代为申诉", today=last_day)


def test_an_appeal_after_the_window_is_refused_with_a_message(app, client, login, published):
    period, mine, _other, _official = published
    period.appeal_until = date.today() - timedelta(days=1)
    db.session.commit()
    login(first_user(mine.provider))
    page = client.get(f"/evaluation/results/{mine.id}").get_data(as_text=True)
    assert "提出申诉" not in page
    assert "申诉期已结束" in page
    response = client.post(
        f"/evaluation/results/{mine.id}/appeal", data={"text": "有异议"}, follow_redirects=True
    )
    assert "申诉期已于" in response.get_data(as_text=True)
    assert db.session.get(ProviderEvaluation, mine.id).status == "published"


def test_appeal_decisions_upheld_changes_the_grade_dismissed_keeps_it(
    app, client, login, published
):
    period, mine, other, official = published
    for result in (mine, other):
        svc.appeal(result, first_user(result.provider), "数据有误")
    db.session.commit()
    assert mine.grade == "qualified"  # 80 with no records (see the figures test)

    login(official)
    page = client.get(f"/evaluation/results/{mine.id}").get_data(as_text=True)
    assert page.index("各项指标") < page.index("处理申诉")  # the decision after the evidence
    assert "data-confirm" in page[page.index("处理申诉") :]
    missing = client.post(
        f"/evaluation/results/{mine.id}/decide",
        data={"decision": "upheld", "reason": "核实有误"},
        follow_redirects=True,
    )
    assert "申诉成立时请选择调整后的等级" in missing.get_data(as_text=True)
    client.post(
        f"/evaluation/results/{mine.id}/decide",
        data={"decision": "upheld", "grade": "excellent", "reason": "核实有两条询价统计有误"},
    )
    client.post(
        f"/evaluation/results/{other.id}/decide",
        data={"decision": "dismissed", "reason": "数据与平台记录一致"},
    )
    mine, other = (db.session.get(ProviderEvaluation, r.id) for r in (mine, other))
    assert (mine.status, mine.grade, mine.decision) == ("final", "excellent", "upheld")
    assert (other.status, other.grade, other.decision) == ("final", "qualified", "dismissed")
    decided = events_for(mine)[-1]
    assert (decided.from_state, decided.to_state, decided.actor_id) == (
        "appealed",
        "final",
        official.id,
    )
    assert decided.reason_code == "evaluation_appeal_upheld"
    assert decided.reason_args == {"from": "qualified", "to": "excellent"}
    page = client.get(f"/evaluation/results/{mine.id}").get_data(as_text=True)
    assert "申诉成立，等级由合格调整为优秀" in page


def test_finalising_waits_for_the_window(app, published):
    period, mine, _other, official = published
    with pytest.raises(InvalidInput) as early:
        svc.finalise_period(period, official, today=period.appeal_until)
    assert early.value.code == "appeal_window_open"
    svc.finalise_period(period, official, today=period.appeal_until + timedelta(days=1))
    assert period.status == "final"
    assert mine.status == "final"
    assert events_for(mine)[-1].reason_code == "evaluation_final"


def test_a_final_removal_goes_through_the_review_service_and_names_its_rule(
    app, client, login, make_organisation, reviewer
):
    xiamen = pilot("xiamen")
    official = reviewer(xiamen)
    provider = make_organisation("provider")
    period = svc.compute_period(svc.create_period(official, xiamen, current_quarter()), official)
    result = _result(period, provider)
    svc.adjust_grade(result, official, "removal", "线下核查发现转包且拒不整改")
    svc.publish_period(period, official)
    period.appeal_until = date.today() - timedelta(days=1)
    db.session.commit()
    assert provider.status == "approved"  # not before the result is final

    login(official)
    client.post(f"/evaluation/{period.id}/finalise")
    db.session.refresh(provider)
    assert provider.status == "removed"
    removal = events_for(provider)[-1]
    assert (removal.from_state, removal.to_state, removal.actor_id) == (
        "approved",
        "removed",
        official.id,
    )
    assert removal.reason_code == "evaluation_removal"
    assert removal.reason_args["rule"] == "grade_set_by_city"
    adjusted = events_for(_result(period, provider))[0]
    assert adjusted.reason == "线下核查发现转包且拒不整改"
    assert adjusted.reason_args == {"from": "qualified", "to": "removal"}
    page = client.get(f"/supervision/providers/{provider.id}").get_data(as_text=True)
    assert f"{period.code} 绩效评价清退（依据：市级主管部门审定" in page
    login(first_user(provider))
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "绩效评价清退" in profile
    assert (
        "?" not in profile[profile.index("绩效评价清退") - 40 : profile.index("绩效评价清退") + 40]
    )


def test_zhuhai_removes_after_three_upheld_complaints(
    app, make_organisation, make_need, make_quote_request, reviewer
):
    zhuhai = pilot("zhuhai")
    official = reviewer(zhuhai)
    provider = make_organisation("provider", "zhuhai")
    enterprise = make_organisation("enterprise", "zhuhai")
    request = make_quote_request(make_need(enterprise=enterprise), provider, "quoted")
    for _ in range(3):
        complaint = complaints.file_complaint(
            request, provider.id, first_user(enterprise), "service", "多次承诺上门未到"
        )
        complaints.respond_to_complaint(complaint, first_user(provider), "人手不足")
        complaints.handle_complaint(complaint, official, "upheld", "投诉属实，未解决")
    period = svc.compute_period(svc.create_period(official, zhuhai, current_quarter()), official)
    result = _result(period, provider)
    assert _row(result, "upheld_complaints")["raw"] == 3
    assert (result.grade, result.hard_rule) == ("removal", "zhuhai_unresolved_complaints")
    svc.publish_period(period, official)
    svc.finalise_period(period, official, today=period.appeal_until + timedelta(days=1))
    assert provider.status == "removed"
    assert events_for(provider)[-1].reason_args["rule"] == "zhuhai_unresolved_complaints"


def test_a_provider_seated_elsewhere_stops_serving_the_city(app, make_organisation, reviewer):
    xiamen, fuzhou = pilot("xiamen"), pilot("fuzhou")
    provider = make_organisation("provider", "fuzhou")
    provider.served_pilots.append(xiamen)
    db.session.commit()
    official = reviewer(xiamen)
    period = svc.compute_period(svc.create_period(official, xiamen, current_quarter()), official)
    svc.adjust_grade(_result(period, provider), official, "removal", "长期不响应询价")
    svc.publish_period(period, official)
    svc.finalise_period(period, official, today=period.appeal_until + timedelta(days=1))
    assert provider.status == "approved"
    assert provider.served_pilots == [fuzhou]
    assert events_for(provider)[-1].reason_code == "removed_from_city"


def test_bad_input_is_explained(app, client, login, make_user, published):
    period, mine, _other, official = published
    login(official)
    for code, said in (
        ("2026Q9", "期间格式应为年份加季度"),
        (f"{date.today().year + 1}Q1", "该期间尚未开始"),
        (period.code, f"本市 {period.code} 的绩效评价已存在"),
    ):
        page = client.post("/evaluation/", data={"code": code}, follow_redirects=True)
        assert page.status_code == 200
        assert said in page.get_data(as_text=True)
    page = client.post(f"/evaluation/{period.id}/compute", follow_redirects=True)
    assert "绩效评价已发布，不能再计算或调整" in page.get_data(as_text=True)


def test_the_official_creates_computes_and_publishes_through_the_pages(
    app, client, login, make_organisation, reviewer
):
    provider = make_organisation("provider")
    official = reviewer(pilot("xiamen"))
    login(official)
    page = client.post("/evaluation/", data={"code": current_quarter()}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "已计算绩效评价草稿" in text
    assert provider.name in text
    period = db.session.scalar(select(EvaluationPeriod))
    assert [e.reason_code for e in events_for(period)] == [
        "evaluation_created",
        "evaluation_computed",
    ]
    client.post(f"/evaluation/{period.id}/publish")
    db.session.refresh(period)
    assert period.status == "published"
    listing = client.get("/evaluation/").get_data(as_text=True)
    assert period.code in listing
    assert "已发布，申诉期" in listing


def test_an_admin_names_the_city_of_a_new_period_and_an_official_does_not(
    app, client, login, make_organisation, make_user, reviewer
):
    provider = make_organisation("provider", "zhuhai")
    admin = make_user("admin")
    login(admin)
    form = client.get("/evaluation/").get_data(as_text=True)
    assert 'name="pilot_id"' in form
    zhuhai = pilot("zhuhai")
    page = client.post(
        "/evaluation/",
        data={"code": current_quarter(), "pilot_id": zhuhai.id},
        follow_redirects=True,
    )
    assert "已计算绩效评价草稿" in page.get_data(as_text=True)
    period = db.session.scalar(select(EvaluationPeriod))
    assert period.pilot_id == zhuhai.id
    assert provider.name in page.get_data(as_text=True)
    # a city that is not one, or none chosen: said, nothing made
    for data in ({"code": "2026Q1", "pilot_id": 999999}, {"code": "2026Q1"}):
        page = client.post("/evaluation/", data=data, follow_redirects=True)
        assert "请选择试点城市" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(EvaluationPeriod.id))) == 1
    # an official's period is their own city's: the form has no city to choose
    login(reviewer(pilot("xiamen")))
    assert 'name="pilot_id"' not in client.get("/evaluation/").get_data(as_text=True)
