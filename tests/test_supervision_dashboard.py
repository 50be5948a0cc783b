"""The supervision dashboard: funnel figures, stale needs, slow providers, projects and
subsidies, all scoped to the official's city, and its tables exported with the filters."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from openpyxl import load_workbook

from marketplace.extensions import db
from marketplace.services import supervision as sv
from models import MatchResult, Project, SubsidyPayment
from models.project import Milestone
from tests.conftest import pilot

NOW = datetime.now(UTC)


def ago(days):
    return NOW - timedelta(days=days)


def quote_at(make_quote, request, when):
    quote = make_quote(request)
    quote.submitted_at = when
    request.responded_at = when
    db.session.commit()
    return quote


def test_funnel_counts_response_rate_and_median_time(
    app, make_organisation, make_need, make_product, make_quote_request, make_quote
):
    product = make_product()
    provider_a = make_organisation("provider")
    provider_b = make_organisation("provider")
    need_1 = make_need(title="一号需求")
    need_2 = make_need(title="二号需求")
    make_need(title="三号需求")
    for need, audience in ((need_1, "enterprise"), (need_2, "provider")):
        db.session.add(
            MatchResult(
                need_id=need.id,
                product_id=product.id,
                rank=1,
                score=0.5,
                parts={},
                model_version="t",
                audience=audience,
            )
        )
    r1 = make_quote_request(need_1, provider_a)
    r1.created_at = ago(10)
    r2 = make_quote_request(need_1, provider_b)
    r2.created_at = ago(9)
    r3 = make_quote_request(need_2, provider_a)
    r3.created_at = ago(5)
    db.session.commit()
    quote_at(make_quote, r1, ago(10) + timedelta(hours=6))
    quote_at(make_quote, r3, ago(5) + timedelta(hours=30))
    r1.status = "accepted"
    db.session.commit()
    # a 福州 need with a request must not count
    fuzhou = make_need(enterprise=make_organisation("enterprise", "fuzhou"))
    make_quote_request(fuzhou, make_organisation("provider", "fuzhou"))

    board = sv.dashboard(sv.Scope(sv.Jurisdiction(pilot("xiamen").id)))
    assert board.totals == {
        "needs": 3,
        "needs_viewed": 1,
        "requests": 3,
        "responded": 2,
        "response_rate": 66.7,
        "median_hours_to_first_quote": 18.0,  # need 1: 6 h, need 2: 30 h
        "accepted": 1,
    }
    served = {row["id"]: row for row in board.providers}
    assert served[provider_a.id]["enterprises"] == 1
    assert served[provider_b.id]["response_rate"] == 0.0


def test_stale_needs_and_slow_providers(app, make_organisation, make_need, make_quote_request):
    stale = make_need(title="无人问津的需求")
    stale.created_at = ago(20)
    fresh = make_need(title="新需求")
    fresh.created_at = ago(3)
    asked = make_need(title="已询价需求")
    asked.created_at = ago(30)
    slow = make_organisation("provider", name="迟迟不报价的服务商")
    quick = make_organisation("provider", name="刚收到询价的服务商")
    old_request = make_quote_request(asked, slow)
    old_request.created_at = ago(9)
    make_quote_request(fresh, quick)  # 0 days old: not slow
    fuzhou_need = make_need(
        enterprise=make_organisation("enterprise", "fuzhou"), title="福州旧需求"
    )
    fuzhou_need.created_at = ago(40)
    db.session.commit()

    scope = sv.Scope(sv.Jurisdiction(pilot("xiamen").id))
    assert [n.title for n in sv.stale_needs(scope)] == ["无人问津的需求"]
    rows = sv.slow_providers(scope)
    assert [(r["provider"].name, r["count"], r["days"]) for r in rows] == [
        ("迟迟不报价的服务商", 1, 9)
    ]


def make_project(enterprise, status, **fields):
    project = Project(
        enterprise=enterprise,
        pilot_id=enterprise.pilot_id,
        district_id=enterprise.district_id,
        title=fields.pop("title", "车间数字化改造项目"),
        status=status,
        **fields,
    )
    db.session.add(project)
    db.session.commit()
    return project


def test_projects_by_stage_subsidy_and_overdue(app, make_organisation):
    xiamen = pilot("xiamen")
    xiamen.subsidy_budget_wan = 100
    enterprise = make_organisation("enterprise")
    paid = make_project(enterprise, "paid", subsidy_confirmed=Decimal("200000"), certified_level=2)
    paid.payments = [
        SubsidyPayment(instalment=1, amount=Decimal("120000"), status="paid"),
        SubsidyPayment(instalment=2, amount=Decimal("80000"), status="scheduled"),
    ]
    late = make_project(make_organisation("enterprise"), "in_progress", title="逾期项目")
    late.milestones = [Milestone(title="设备联网", due_on=date.today() - timedelta(days=3))]
    make_project(make_organisation("enterprise"), "filed")
    make_project(
        make_organisation("enterprise", "fuzhou"), "paid", subsidy_confirmed=Decimal("999999")
    )
    db.session.commit()

    board = sv.dashboard(sv.Scope(sv.Jurisdiction(xiamen.id)))
    figures = board.projects
    assert figures["total"] == 3
    assert dict(figures["by_status"])["in_progress"] == 1
    assert (figures["committed"], figures["paid"], figures["budget"]) == (200000, 120000, 1000000)
    assert figures["paid_pct"] == 12.0
    assert [p.title for p in figures["overdue"]] == ["逾期项目"]
    assert board.levels["certified"] == 1
    assert board.levels["target"] == xiamen.target_enterprises


def test_dashboard_page_shows_the_figures(client, login, make_user, make_need):
    old = make_need(title="滞留三周的需求")
    old.created_at = ago(21)
    db.session.commit()
    login(make_user("official", "xiamen"))
    html = client.get("/supervision/dashboard").get_data(as_text=True)
    assert "数据看板" in html
    assert "滞留三周的需求" in html
    assert "<svg" in html


def test_dashboard_csv_exports_the_named_table_with_filters(
    client, login, make_user, make_organisation, make_need
):
    xiamen = pilot("xiamen")
    sub_a, sub_b = xiamen.sub_industries[0], xiamen.sub_industries[1]
    for title, sub in (("甲行业滞留需求", sub_a), ("乙行业滞留需求", sub_b)):
        need = make_need(enterprise=make_organisation("enterprise", sub_industry=sub), title=title)
        need.created_at = ago(15)
    fuzhou = make_need(enterprise=make_organisation("enterprise", "fuzhou"), title="福州滞留需求")
    fuzhou.created_at = ago(15)
    db.session.commit()
    login(make_user("official", "xiamen"))

    response = client.get(
        f"/supervision/dashboard?format=csv&table=stale_needs&sub_industry_id={sub_b.id}"
    )
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["乙行业滞留需求"]

    book = load_workbook(io.BytesIO(client.get("/supervision/dashboard?format=xlsx").data))
    assert "超14天无询价需求" in book.sheetnames
    stale = [row[1] for row in book["超14天无询价需求"].iter_rows(min_row=2, values_only=True)]
    assert sorted(stale) == ["乙行业滞留需求", "甲行业滞留需求"]


def test_nav_offers_the_dashboard_to_officials(client, login, make_user):
    login(make_user("official"))
    assert "数据看板" in client.get("/supervision/needs").get_data(as_text=True)
