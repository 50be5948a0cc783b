"""The marketplace's key journey in a real browser: an enterprise posts a need, sees its
matches, requests a quote; the provider answers with an itemised quote; the enterprise
compares and accepts it. Any browser console error fails the test."""

from decimal import Decimal

import pytest

from tests.browser.steps import click_and_load, sign_in, sign_out

pytestmark = pytest.mark.browser

NEED_TITLE = "SMT车间生产过程透明化"


def fill_quote_line(page, i: int, kind: str, description: str, quantity: str, price: str):
    page.select_option(f"select[name='lines-{i}-kind']", kind)
    page.fill(f"input[name='lines-{i}-description']", description)
    page.fill(f"input[name='lines-{i}-quantity']", quantity)
    page.fill(f"input[name='lines-{i}-unit_price']", price)


def test_enterprise_posts_need_requests_quote_provider_answers_enterprise_accepts(
    page, live_server, make_user, make_product
):
    enterprise = make_user("enterprise", pilot_code="xiamen")
    provider = make_user("provider", pilot_code="xiamen", name="厦门智造云科技有限公司")
    product = make_product(
        provider=provider.organisation,
        name="SMT产线MES与设备数据采集",
        summary="贴片机、回流焊设备联网，工单报工与生产看板",
        description="面向电子器件SMT车间：贴片机与回流焊设备数据采集，工单下达、扫码报工、生产进度看板。",
        stages=("生产管控", "设备管理"),
        pilot_price=Decimal("45000"),
    )

    # 1. the enterprise posts a need and sees the product among its matches
    sign_in(page, live_server, enterprise)
    page.goto(f"{live_server}/needs/new")
    page.fill("input[name=title]", NEED_TITLE)
    page.fill(
        "textarea[name=description]",
        "我们有3条SMT贴片线，想把贴片机和回流焊的设备数据采集起来，工单和报工不再靠纸质单据，老板能实时看到生产进度。",
    )
    page.check("input[name=stages][value=生产管控]")
    page.fill("input[name=budget_min]", "30000")
    page.fill("input[name=budget_max]", "80000")
    page.fill("input[name=duration_days]", "60")
    click_and_load(page, "form button[type=submit]:has-text('发布需求')")
    assert NEED_TITLE in page.content()
    assert page.locator(f"text={product.name}").first.is_visible()

    # 2. it asks that provider for a quote
    page.check(f"input[name=product_ids][value='{product.id}']")
    click_and_load(page, "button:has-text('向勾选的服务商询价')")
    assert "待报价" in page.content()
    sign_out(page)

    # 3. the provider answers with an itemised quote
    sign_in(page, live_server, provider)
    page.goto(f"{live_server}/quotes/inbox")
    click_and_load(page, "a[href$='/answer']")
    fill_quote_line(page, 0, "软件", "MES 年度订阅（3条产线）", "1", "36000")
    page.click("#add-line")
    fill_quote_line(page, 1, "实施", "现场实施与设备联网调试", "4", "2000")
    page.fill("input[name=delivery_days]", "30")
    click_and_load(page, "form button[type=submit]:has-text('提交报价')")
    assert "已报价" in page.content()
    sign_out(page)

    # 4. the enterprise compares and accepts; the total was computed by the server
    sign_in(page, live_server, enterprise)
    page.goto(f"{live_server}/needs/my-needs")
    page.click(f"a:has-text('{NEED_TITLE}')")
    click_and_load(page, "a:has-text('报价比较')")
    assert "¥44,000" in page.content()  # money to the 元 when whole
    page.on("dialog", lambda dialog: dialog.accept())
    click_and_load(page, "button:has-text('接受此报价')")
    assert "已中选" in page.content()
