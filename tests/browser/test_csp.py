"""The Content-Security-Policy in a browser: the admin, the browsable API, Swagger UI, Redoc and the
public pages all work under it, and the browser reports no violation on any of them.

Violations are caught twice: Chromium's console message ("...violates the following Content
Security Policy directive...") and the page's `securitypolicyviolation` event.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from claims.links import claim_path
from tests.browser.conftest import login
from tests.factories import make_public_dataset
from tests.test_admin_speakers import smith_with_quotes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """A browser page that keeps every CSP violation it meets."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )

    def violations(self) -> list[str]:
        return self.console + self.page.evaluate("window.__cspViolations || []")

    def open(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        return response

    def assert_clean(self) -> None:
        found = self.violations()
        assert found == [], f"{self.page.url}: {found}"


@pytest.fixture
def watched(browser: Any) -> Any:
    page = Watched(browser)
    yield page
    page.context.close()


def test_admin_works_under_the_policy(live_server: Any, watched: Watched) -> None:
    User.objects.create_superuser("chief", password="secret-pw-1")
    smith, _ = smith_with_quotes(2)
    base = live_server.url
    page = watched.page

    watched.open(f"{base}/admin/login/")
    watched.assert_clean()
    login(page, base, "chief")
    watched.assert_clean()

    watched.open(f"{base}/admin/claims/claim/")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 2
    page.check("#action-toggle")  # the admin's own script ticks every row
    assert page.locator("input[name=_selected_action]:checked").count() == 2
    watched.assert_clean()

    # The speaker page's inline script runs with the request's nonce.
    watched.open(f"{base}/admin/claims/speaker/{smith.pk}/change/")
    page.check("#fc-tick-all")
    assert page.inner_text("#fc-ticked") == "2 ticked"
    watched.assert_clean()


def test_swagger_ui_renders_the_operations(live_server: Any, watched: Watched) -> None:
    watched.open(f"{live_server.url}/api/v1/docs/")
    page = watched.page
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 15
    assert "factcheck public API" in page.inner_text(".info .title")
    page.locator(".opblock-summary", has_text="/api/v1/claims/lookup/").first.click()
    page.wait_for_selector(".opblock.is-open .parameters")
    watched.assert_clean()


def test_redoc_renders_the_operations(live_server: Any, watched: Watched) -> None:
    watched.open(f"{live_server.url}/api/v1/redoc/")
    page = watched.page
    page.wait_for_selector("h1", timeout=15000)
    assert "factcheck public API" in page.inner_text("h1")
    page.wait_for_selector("[data-section-id^='tag/claims']")
    page.wait_for_timeout(500)  # Redoc starts its search worker after the first render
    watched.assert_clean()


def test_browsable_api_and_its_filter_form_work(live_server: Any, watched: Watched) -> None:
    make_public_dataset()
    base = live_server.url
    page = watched.page
    watched.open(f"{base}/api/v1/claims/")
    assert "Claim List" in page.inner_text("h1")
    page.click("button[data-toggle=modal][data-target='#filtersModal']")
    form = page.locator("#filtersModal form[data-drop-empty]")
    form.wait_for()
    form.locator("input[name=unit]").fill("USD")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    # Only the filled-in field is sent: the API refuses a filter given with no value.
    assert page.url == f"{base}/api/v1/claims/?unit=USD"
    assert "HTTP 200 OK" in page.inner_text(".response-info")
    watched.assert_clean()


def test_public_pages_work_under_the_policy(live_server: Any, watched: Watched) -> None:
    data = make_public_dataset()
    base = live_server.url
    watched.open(f"{base}/")
    watched.assert_clean()
    claim = data["quantity"]
    watched.open(f"{base}{claim_path(claim.pk, claim.text)}")
    assert claim.text in watched.page.inner_text("h1")
    # The ClaimReview is data, not script: it is in the page and nothing was refused.
    assert watched.page.locator("script[type='application/ld+json']").count() == 1
    watched.assert_clean()
