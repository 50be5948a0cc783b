"""Pages under the Content-Security-Policy in a real browser: Swagger UI on /api/v1/docs still
draws the API from its local files, and the buttons moved from inline handlers to static
JavaScript still work. A CSP violation is a console error, which fails the test."""

import pytest

from tests.browser.steps import sign_in

pytestmark = pytest.mark.browser


def test_api_docs_page_draws_swagger_ui_under_the_policy(page, live_server):
    response = page.goto(f"{live_server}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#swagger-ui .opblock")
    assert page.locator("#swagger-ui .opblock").count() > 0


def test_print_button_of_the_enterprise_file_prints(page, live_server, make_user):
    enterprise = make_user("enterprise")
    sign_in(page, live_server, enterprise)
    page.goto(f"{live_server}/projects/my-file")
    page.evaluate("window.print = () => { window.printed = true; }")  # no print dialog in tests
    page.click("[data-action=print]")
    assert page.evaluate("window.printed") is True
