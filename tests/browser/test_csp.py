"""The Content-Security-Policy in a real browser: the map, an event page and the admin's event form
(with django-leaflet's inline widget scripts) all run under it with zero violations, and the policy
does block an inline script (so "zero" means something)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from events.models import Event
from tests.browser.conftest import DESKTOP, refuse_off_machine, settle
from tests.browser.helpers import DRAWN_MARKERS_JS, expect_basemap_drawn, open_map

pytestmark = [pytest.mark.browser, pytest.mark.client_only]

# Every violation the page sees, recorded from the first script on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def csp_page(browser, site):
    """A page of its own browser context (the admin login stays in it), recording violations
    and the console's CSP messages."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    refuse_off_machine(context)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.csp_console = console
    yield page
    settle(page)
    context.close()


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.csp_console


def script_src(response) -> str:
    policy = response.headers["content-security-policy"]
    return next(d for d in policy.split(";") if d.strip().startswith("script-src")).strip()


def test_the_map_page_runs_under_the_policy_without_a_violation(csp_page, site):
    response = csp_page.goto(site.url + "/")
    assert script_src(response) == "script-src 'self'"
    open_map(csp_page, site)
    # (helpers.expect_drawn_markers waits on an expression string, which Playwright would eval())
    csp_page.wait_for_function(f"() => ({DRAWN_MARKERS_JS})() === 6")
    csp_page.locator("path.cm-marker").first.click(force=True)  # a popup, built from data
    expect(csp_page.locator(".leaflet-popup-content")).to_be_visible()
    assert violations(csp_page) == []


def test_the_policy_blocks_an_inline_script(csp_page, site):
    open_map(csp_page, site)
    csp_page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__injected = true";
          document.body.append(s);
        }"""
    )
    # A function, not an expression string: Playwright would eval() that, which the CSP refuses.
    csp_page.wait_for_function("() => window.__cspViolations.length > 0")
    assert csp_page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in violations(csp_page))


def test_the_event_page_runs_under_the_policy_without_a_violation(csp_page, site):
    event = Event.objects.get(dataset="seed", external_id="seed-2017-01-18-al-bab-joint-strikes")
    response = csp_page.goto(site.url + event.get_absolute_url())
    assert script_src(response) == "script-src 'self'"
    expect(csp_page.locator("#event-map path")).not_to_have_count(0)  # event.js drew the map
    assert violations(csp_page) == []


def test_the_admin_event_form_runs_its_map_widget_with_a_nonce(csp_page, site):
    get_user_model().objects.create_user(
        "csp-curator", password="csp-pass-123-xyz", is_staff=True, is_superuser=True
    )
    event = Event.objects.get(dataset="seed", external_id="seed-2017-01-18-al-bab-joint-strikes")

    csp_page.goto(site.url + "/admin/login/")
    csp_page.fill("#id_username", "csp-curator")
    csp_page.fill("#id_password", "csp-pass-123-xyz")
    csp_page.click("input[type=submit]")
    expect(csp_page.locator("#user-tools")).to_contain_text("csp-curator")

    response = csp_page.goto(site.url + f"/admin/events/event/{event.pk}/change/")
    assert "'nonce-" in script_src(response) and "unsafe-inline" not in script_src(response)
    # The widget's inline scripts ran: Leaflet drew the map and the event's marker.
    expect(csp_page.locator("#id_location-map.leaflet-container")).to_be_visible()
    # The event's point (the offline base map's country names are marker icons too).
    point = "#id_location-map .leaflet-marker-icon:not(.cm-basemap-label)"
    expect(csp_page.locator(point)).to_have_count(1)
    expect_basemap_drawn(csp_page.locator("#id_location-map"), strokes=False)  # inland, zoomed in
    assert violations(csp_page) == []
