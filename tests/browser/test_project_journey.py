"""The pilot's whole process in a real browser, from the application to the subsidy paid
(厦门): the enterprise applies to the pilot in the open round (申报), the district official
checks it (初审) and the city admits it (复核); the enterprise files its project (立项) in
that round, the district official passes it, the city official approves it; the enterprise
records an invoice (with its scan) and a payment and applies for acceptance; the district
checks the materials (板块初审), the city assigns a third-party assessment agency, the agency
scores the four dimensions and uploads its signed report; the city records the acceptance at
level 2, confirms the subsidy and records both instalments paid. Any browser console error
fails the test."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from marketplace.extensions import db
from marketplace.services import assessments
from marketplace.services.quotes import accept_quote
from models import PilotApplication
from tests.admission_chain import open_round_for
from tests.browser.steps import click_and_load, sign_in, sign_out

pytestmark = pytest.mark.browser

PROJECT_TITLE = "SMT车间设备联网与生产管控改造"

# the accepted quote, by budget kind (元)
SOFTWARE = Decimal("280000")  # MES 授权
DEVICES = Decimal("120000")  # 12 台数据采集网关 × 10,000
IMPLEMENTATION = Decimal("60000")  # 20 人天 × 3,000
DIAGNOSIS = Decimal("20000")  # 数字化诊断
INVESTMENT = SOFTWARE + DEVICES + IMPLEMENTATION + DIAGNOSIS  # 480,000

# 厦门, certified level 2: 40% of the eligible investment, at most 25万 — diagnosis is not
# eligible for the retrofit item (it has its own: 60% of the diagnosis fee, at most 6万),
# and the two items are of different groups, so they add up.
RETROFIT = min((SOFTWARE + DEVICES + IMPLEMENTATION) * Decimal("0.4"), Decimal("250000"))
DIAGNOSIS_SUBSIDY = min(DIAGNOSIS * Decimal("0.6"), Decimal("60000"))
SUBSIDY = RETROFIT + DIAGNOSIS_SUBSIDY  # 184,000 + 12,000 = 196,000
INSTALMENT = SUBSIDY / 2  # 厦门 pays in two instalments of 50%


def money(amount: Decimal) -> str:
    """As pages show money: to the 元 when whole (¥196,000), to the 分 otherwise."""
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def open_project_as(page, base, user):
    sign_in(page, base, user)
    page.goto(f"{base}/projects/")
    click_and_load(page, f"a:has-text('{PROJECT_TITLE}')")


def status(page) -> str:
    return page.locator("h1 .badge").inner_text().strip()


def flashes(page) -> str:
    return page.locator(".flashes").inner_text()


def approve(page, reason: str, button: str) -> None:
    """An official's review of the open project: approve, with `reason`, sent by `button`."""
    page.check("input[name='review-decision'][value=approve]")
    page.fill("textarea[name='review-reason']", reason)
    click_and_load(page, f"button:has-text('{button}')")


def record_financial(page, kind: str, number: str, amount: Decimal, on: date, scan=None) -> None:
    """Register one financial record (invoice or payment) on the acceptance page."""
    page.select_option("select[name='fr-kind']", kind)
    page.fill("input[name='fr-number']", number)
    page.fill("input[name='fr-amount']", str(amount))
    page.fill("input[name='fr-on_date']", on.isoformat())
    if scan is not None:
        page.set_input_files("input[name='fr-file']", str(scan))
    click_and_load(page, "button:text-is('登记')")


def test_accepted_quote_is_filed_approved_accepted_and_its_subsidy_paid(
    page, live_server, tmp_path, make_user, make_need, make_quote_request, make_quote
):
    # arrange: an enterprise of 厦门 accepted a provider's itemised quote (the project draft)
    enterprise = make_user("enterprise", pilot_code="xiamen", name="厦门鹭岛电子元件有限公司")
    provider = make_user("provider", pilot_code="xiamen", name="厦门智造云科技有限公司")
    need = make_need(
        enterprise=enterprise.organisation,
        title=PROJECT_TITLE,
        budget_min=Decimal("300000"),
        budget_max=Decimal("600000"),
    )
    quote_request = make_quote_request(need, provider.organisation)
    make_quote(
        quote_request,
        lines=(
            ("软件", "MES生产管控系统（3条SMT产线授权）", 1, SOFTWARE),
            ("网关路由等数据采集设备", "贴片机、回流焊数据采集网关", 12, DEVICES / 12),
            ("实施", "现场实施与设备联网调试（人天）", 20, IMPLEMENTATION / 20),
            ("诊断", "数字化转型诊断评估", 1, DIAGNOSIS),
        ),
    )
    accept_quote(quote_request, enterprise, revision=quote_request.quote.revision)
    db.session.commit()
    district = enterprise.organisation.district
    district_official = make_user("official", pilot_code="xiamen", district=district)
    city_official = make_user("official", pilot_code="xiamen")
    the_round = open_round_for(enterprise.organisation.pilot, city_official)
    agency = assessments.create_assessor_user(
        email="pinggu@example.cn",
        name="鹭江评估中心评估员",
        password="password123",
        pilot=enterprise.organisation.pilot,
        organisation_name="厦门鹭江数字化评估中心",
    )
    db.session.commit()
    page.on("dialog", lambda dialog: dialog.accept())

    # 0. the enterprise applies to the pilot in the open round; district 初审, city 复核
    sign_in(page, live_server, enterprise)
    page.goto(f"{live_server}/admission/apply")
    assert the_round.name in page.content()
    page.fill("input[name=employee_count]", "180")
    page.fill("input[name=revenue_wan]", "8600")
    page.check("input[name=is_independent_legal_person]")
    page.check("input[name=has_clean_credit]")
    page.select_option("select[name=digital_level]", "1")
    for box in page.locator("input[name=materials]").all():
        box.check()
    click_and_load(page, "button:has-text('提交申报')")
    assert "已申报待初审" in page.content()
    sign_out(page)
    application = db.session.query(PilotApplication).one()
    for official, button, reached in (
        (district_official, "初审通过", "初审通过待复核"),
        (city_official, "复核通过，入库", "已入库"),
    ):
        sign_in(page, live_server, official)
        page.goto(f"{live_server}/admission/applications/{application.id}")
        click_and_load(page, f"button:has-text('{button}')")
        assert reached in page.content()
        sign_out(page)

    # 1. the enterprise opens its project draft and files it (立项); the budget is prefilled
    open_project_as(page, live_server, enterprise)
    assert status(page) == "草稿"
    click_and_load(page, "a:has-text('填写立项材料')")
    assert Decimal(page.input_value("input[name=budget_0]")) == SOFTWARE
    assert page.input_value("select[name=integrator_id]") == str(provider.organisation.id)
    today = date.today()
    page.fill("input[name=contract_no]", "XMSZ-2025-0386")
    page.fill("input[name=contract_signed_on]", today.isoformat())
    page.fill("input[name=start_on]", (today + timedelta(days=7)).isoformat())
    page.fill("input[name=end_on]", (today + timedelta(days=120)).isoformat())
    page.select_option("select[name=target_level]", "2")
    page.fill(
        "textarea[name=plan]",
        "一、3条SMT产线的贴片机、回流焊加装数据采集网关，设备状态与产量实时上云；\n"
        "二、上线MES：工单下达、扫码报工、质量追溯；\n"
        "三、车间与管理层生产看板。目标：改造后达到数字化水平二级。",
    )
    click_and_load(page, "button:has-text('提交立项')")
    assert "立项申请已提交" in flashes(page)
    assert status(page) == "已立项待初审"
    assert "XMSZ-2025-0386" in page.content()
    sign_out(page)

    # 2. the district official passes it
    open_project_as(page, live_server, district_official)
    approve(page, "立项材料齐全，合同与预算一致，同意报市工信局复核。", "提交初审意见")
    assert "区县初审意见已记录" in flashes(page)
    assert status(page) == "初审通过待复核"
    sign_out(page)

    # 3. the city official approves it: the project is in progress
    open_project_as(page, live_server, city_official)
    approve(page, "同意立项，请按计划实施。", "提交复核意见")
    assert "市级复核意见已记录" in flashes(page)
    assert status(page) == "实施中"
    sign_out(page)

    # 4. the enterprise records the invoice (with its scan) and the payment, then applies
    open_project_as(page, live_server, enterprise)
    click_and_load(page, "a:has-text('申请验收')")
    scan = tmp_path / "增值税发票.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    record_financial(page, "invoice", "35020241100012345", INVESTMENT, today, scan)
    assert "已登记" in flashes(page)
    assert "增值税发票.pdf" in page.locator("#records").inner_text()
    record_financial(page, "payment", "ICBC20241108000521", INVESTMENT, today)
    assert "付款凭证" in page.locator("#records table").inner_text()
    page.select_option("select[name='acc-level_before']", "1")
    page.select_option("select[name='acc-level_after_self']", "2")
    page.fill(
        "textarea[name='acc-self_evaluation']",
        "设备联网率由0提升到92%，工单和报工全部线上流转，交期达成率提升15%，"
        "生产数据每日自动汇总，管理层可随时查看产线进度。",
    )
    click_and_load(page, "button:has-text('提交验收申请')")
    assert "验收申请已提交" in flashes(page)
    assert status(page) == "待验收"
    assert "一级 → 二级" in page.locator("#acceptance").inner_text()
    assert "增值税发票.pdf 发票 ·" in page.locator("#documents .doc-list").inner_text()
    sign_out(page)

    # 5. the district checks the materials; the city assigns the agency
    open_project_as(page, live_server, district_official)
    page.check("input[name='mc-decision'][value=complete]")
    click_and_load(page, "#materials-check button:has-text('提交初审意见')")
    assert status(page) == "初审通过待评估"
    assert page.locator("button:has-text('记录验收结论')").count() == 0  # not the district's
    sign_out(page)
    open_project_as(page, live_server, city_official)
    page.select_option("select[name='aa-assessor_id']", str(agency.organisation_id))
    click_and_load(page, "button:has-text('指派')")
    assert status(page) == "第三方评估中"
    sign_out(page)

    # 6. the agency scores the four dimensions, states the level and uploads its signed report
    open_project_as(page, live_server, agency)
    for field in page.locator("input[name^='as-score_']").all():
        field.fill("85")
    for field in page.locator("textarea[name^='as-finding_']").all():
        field.fill("设备联网与报工上线，数据日清日结，达到改造方案目标。")
    page.select_option("select[name='as-assessed_level']", "2")
    report = tmp_path / "评估报告（签章）.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    page.set_input_files("input[name='as-report']", str(report))
    click_and_load(page, "button:has-text('提交评估')")
    assert status(page) == "评估完成待审定"
    sign_out(page)

    # 7. the city official records the acceptance at level 2, confirms the subsidy the
    #    policy gives and records both instalments paid
    open_project_as(page, live_server, city_official)
    assert "评估报告（签章）.pdf" in page.content()
    page.check("input[name='ar-result'][value=passed]")
    page.select_option("select[name='ar-certified_level']", "2")
    page.fill("textarea[name='ar-reason']", "现场核验通过，认定数字化水平二级。")
    click_and_load(page, "button:has-text('记录验收结论')")
    assert "验收结论已记录" in flashes(page)
    assert status(page) == "验收通过"
    assert "认定等级 二级" in page.locator("#acceptance").inner_text()
    assert Decimal(page.input_value("input[name='cs-amount']")) == SUBSIDY
    click_and_load(page, "button:has-text('核定补贴')")
    assert "补贴金额已核定" in flashes(page)
    assert status(page) == "补贴已核定"
    subsidy_box = page.locator("#subsidy")
    assert subsidy_box.locator(".badge-scheduled").count() == 2
    for voucher in ("XMCZ-2025-1101", "XMCZ-2026-0315"):
        page.locator("#subsidy input[name='pay-voucher_no']").first.fill(voucher)
        page.locator("#subsidy button:has-text('登记拨付')").first.click()
        page.wait_for_load_state()
        assert "拨付已登记" in flashes(page)
    assert status(page) == "补贴已拨付"
    box = subsidy_box.inner_text()
    assert money(SUBSIDY) in box
    assert f"已拨付 {money(SUBSIDY)}" in box
    assert box.count(money(INSTALMENT)) == 2
    assert subsidy_box.locator(".badge-paid").count() == 2
    assert "XMCZ-2026-0315" in box
