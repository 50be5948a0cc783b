"""Every role's key pages on a phone (390 × 844) and a laptop (1366 × 768) in a real browser:
nothing wider than the screen, no console error (the `page` fixture fails on one), and the
page's primary action on screen. Also the phone menu, the catalog's folded filters, the
confirmation before a review decision, and sorting a list by a number column."""

from decimal import Decimal

import pytest

from marketplace.extensions import db
from tests.browser.steps import click_and_load, sign_in
from tests.conftest import pilot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SIZES = {"phone": PHONE, "laptop": LAPTOP}


@pytest.fixture
def world(
    make_user,
    make_organisation,
    make_product,
    make_need,
    make_quote_request,
    make_project,
    reviewer,
):
    """One enterprise with a need (matched, one quote in, one request waiting for the
    provider), a project in progress, a product waiting for review, and the city official."""
    provider = make_user("provider", name="厦门智造云科技有限公司")
    product = make_product(
        provider=provider.organisation,
        name="SMT产线MES与设备数据采集",
        summary="贴片机、回流焊设备联网，工单报工与生产看板",
        stages=("生产管控", "设备管理"),
        pilot_price=Decimal("45000"),
    )
    cheap = make_product(name="小型工厂扫码报工", pilot_price=Decimal("8000"))
    make_product(name="车间电子看板", pilot_price=Decimal("20000"))  # matched, not yet asked
    make_product(name="待审的能耗监测", status="pending")
    enterprise = make_user("enterprise", name="厦门宏鑫电子科技有限公司")
    need = make_need(enterprise=enterprise.organisation, title="SMT车间生产过程透明化")
    quoted = make_quote_request(need, cheap.provider, status="quoted", product=cheap)
    waiting = make_quote_request(need, provider.organisation, product=product)
    project = make_project("in_progress", enterprise=enterprise.organisation)
    db.session.commit()
    return {
        "enterprise": enterprise,
        "provider": provider,
        "official": reviewer(pilot("xiamen")),
        "product": product,
        "need": need,
        "quoted": quoted,
        "waiting": waiting,
        "project": project,
    }


def pages(role: str, w: dict) -> list[tuple[str, str | None]]:
    """(path, the primary action's selector or None) for the role's key pages."""
    need, project = w["need"].id, w["project"].id
    return {
        "visitor": [
            ("/", "a.btn-primary:has-text('注册')"),
            ("/catalog/browse", "button:has-text('搜索')"),
            (f"/catalog/products/{w['product'].id}", "a:has-text('登录后请求报价')"),
        ],
        "enterprise": [
            ("/needs/my-needs", "a:has-text('发布需求')"),
            (f"/needs/{need}", "button:has-text('向勾选的服务商询价')"),
            (f"/quotes/need/{need}/compare", "button:has-text('接受此报价')"),
            (f"/projects/{project}", "a:has-text('申请验收')"),
        ],
        "provider": [
            ("/needs/leads", None),
            ("/catalog/my-products", "a:has-text('发布新产品')"),
            ("/quotes/inbox", None),
            (f"/quotes/{w['waiting'].id}/answer", "button:has-text('提交报价')"),
        ],
        "official": [
            ("/supervision/dashboard", "a:has-text('导出 Excel')"),
            ("/supervision/review-queue", "button:has-text('通过')"),
            ("/supervision/products", "a:has-text('导出 CSV')"),
            ("/supervision/providers", "a:has-text('导出 CSV')"),
            ("/supervision/enterprises", "a:has-text('导出 CSV')"),
            ("/supervision/needs", "a:has-text('导出 CSV')"),
            (f"/projects/{project}", None),
        ],
    }[role]


def overflow(page) -> int:
    """How far the document is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def assert_on_screen(page, selector: str) -> None:
    """The element is shown, and once scrolled to it lies inside the window's width."""
    target = page.locator(f"main {selector}").first
    target.scroll_into_view_if_needed()
    assert target.is_visible(), selector
    box = target.bounding_box()
    width = page.evaluate("window.innerWidth")
    assert box, selector
    assert box["x"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= width, (selector, box, width)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["visitor", "enterprise", "provider", "official"])
def test_key_pages_fit_the_screen_with_their_primary_action_on_it(
    page, live_server, world, role, size
):
    page.set_viewport_size(SIZES[size])
    if role != "visitor":
        sign_in(page, live_server, world[role])
    for path, primary in pages(role, world):
        response = page.goto(f"{live_server}{path}")
        assert response.status == 200, path
        assert overflow(page) <= 0, f"{path} is {overflow(page)} px wider than the {size} screen"
        assert page.locator("h1").first.is_visible(), path
        if primary:
            assert_on_screen(page, primary)


def test_phone_menu_opens_from_its_button_and_leads_to_a_page(page, live_server, world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world["enterprise"])
    nav_link = page.locator(".mainnav a:has-text('改造项目')")
    toggle = page.locator("button.nav-toggle")
    assert toggle.is_visible()
    assert not nav_link.is_visible()  # folded away, but not gone: the button opens it
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav_link.is_visible()
    assert page.locator(".user-name").is_visible()
    # the name is on one line, however long (it was one character per line)
    name_height = page.locator(".user-name").bounding_box()["height"]
    assert name_height < 30
    assert overflow(page) <= 0
    page.keyboard.press("Escape")
    assert not nav_link.is_visible()
    toggle.click()
    click_and_load(page, ".mainnav a:has-text('改造项目')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/projects/")


def test_laptop_shows_the_menu_without_a_toggle(page, live_server, world):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, world["official"])
    assert not page.locator("button.nav-toggle").is_visible()
    assert page.locator(".mainnav a:has-text('数据看板')").is_visible()


def test_phone_catalog_folds_its_filters_behind_one_button(page, live_server, world):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/catalog/browse")
    city = page.locator("select[name=pilot]")
    assert not city.is_visible()
    # the first product is on the first screen, not below a screen of filters
    first = page.locator(".product-card").first.bounding_box()
    assert first["y"] < PHONE["height"]
    page.click("button.filter-toggle")
    assert city.is_visible()
    assert page.locator("button.filter-toggle").get_attribute("aria-expanded") == "true"


def test_phone_catalog_opens_its_filters_when_a_price_range_is_reversed(page, live_server, world):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/catalog/browse?price_min=50000&price_max=1000")
    message = page.locator("[role=alert]:has-text('最低价高于最高价')")
    assert message.is_visible()
    assert page.locator(".product-card").count() == 3  # the range is set aside, not applied


def test_review_decision_waits_for_confirmation(page, live_server, world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world["official"])
    page.goto(f"{live_server}/supervision/review-queue")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("button:has-text('通过')").first.click()
    page.wait_for_timeout(300)
    assert questions == ["确定通过“待审的能耗监测”吗？"]
    assert page.url.endswith("/supervision/review-queue")
    assert page.locator("text=待审的能耗监测").first.is_visible()  # still waiting

    page.once("dialog", lambda dialog: dialog.accept())
    click_and_load(page, "button:has-text('通过')")
    assert page.locator("button:has-text('通过')").count() == 0  # the only one waiting is approved


def test_a_list_sorts_by_price_as_numbers_both_ways(page, live_server, world):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, world["official"])
    page.goto(f"{live_server}/supervision/products")
    price_heading = page.locator("th:has-text('试点价') button")

    def prices() -> list[str]:
        return [t.split("\n")[0].strip() for t in page.locator("tbody td.num").all_inner_texts()]

    price_heading.click()
    # by hand: 8,000 < 45,000 (as text "45,000" would come first); the fixture default is 30,000
    assert page.locator("th:has-text('试点价')").get_attribute("aria-sort") == "ascending"
    assert prices()[:1] == ["¥8,000"]
    assert prices()[-1] == "¥45,000"
    price_heading.click()
    assert page.locator("th:has-text('试点价')").get_attribute("aria-sort") == "descending"
    assert prices()[0] == "¥45,000"


def test_phone_bar_keeps_the_unread_count_beside_the_folded_menu(page, live_server, world):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, world["provider"])  # a quote request is waiting for it
    badge = page.locator("a.nav-unread")
    assert badge.is_visible()
    assert int(badge.inner_text()) >= 1
    assert not page.locator(".mainnav").is_visible()
    click_and_load(page, "a.nav-unread")
    assert "/notifications" in page.url
    page.set_viewport_size(LAPTOP)
    assert not page.locator("a.nav-unread").is_visible()  # the menu's 通知 carries it there


def test_officials_menu_groups_open_on_a_laptop_and_close_elsewhere(page, live_server, world):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, world["official"])
    page.goto(f"{live_server}/supervision/dashboard")
    assert overflow(page) <= 0  # the whole bar fits, the name and 退出 included
    assert page.locator("form[action$='/logout'] button").is_visible()
    providers = page.locator(".mainnav a:has-text('服务商')")
    assert not providers.is_visible()
    page.locator("details.navgroup > summary:has-text('名录')").click()
    assert providers.is_visible()
    page.locator("main h1").click()  # a click elsewhere folds it again
    assert not providers.is_visible()
    page.locator("details.navgroup > summary:has-text('名录')").click()
    click_and_load(page, ".mainnav a:has-text('服务商')")
    assert "/supervision/providers" in page.url
    assert page.locator("details.navgroup.active > summary:has-text('名录')").is_visible()
