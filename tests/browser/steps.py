"""Steps every browser journey takes the same way."""

from tests.conftest import PASSWORD


def sign_in(page, base, user):
    page.goto(f"{base}/account/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_load_state()
    assert "/account/login" not in page.url


def sign_out(page):
    page.click("button:has-text('退出')")
    page.wait_for_load_state()


def click_and_load(page, selector: str) -> None:
    """Click `selector` and wait for the page it leads to."""
    page.click(selector)
    page.wait_for_load_state()
