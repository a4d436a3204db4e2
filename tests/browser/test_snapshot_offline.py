"""A snapshot downloaded from the server and opened from file:// with no network at all: every
request that is not for the file itself is aborted. Its libraries, data and base map are inside
the file, so the map, the time slider, the legend and the header must all work, with no console
error other than the (configured, failing) tiles'."""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, NO_TILES

pytestmark = [pytest.mark.browser, pytest.mark.client_only]


def test_a_downloaded_snapshot_works_from_a_file_with_no_network(browser, site, tmp_path):
    query = "country=SY&date_from=2016-01-01"
    with urllib.request.urlopen(f"{site.url}/api/snapshot.html?{query}", timeout=30) as response:
        path = tmp_path / "conflictmap-sy.html"
        path.write_bytes(response.read())

    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    requested: list[str] = []
    errors: list[str] = []

    def offline(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error"
            and NO_TILES not in (m.location or {}).get("url", "")
            and NO_TILES not in m.text
            else None
        ),
    )
    try:
        page.goto(path.as_uri())
        # The base map: Natural Earth's land and borders, under the markers.
        expect(page.locator(".leaflet-basemap-pane path.cm-basemap-land").first).to_be_attached()
        assert page.locator(".leaflet-basemap-pane path.cm-basemap-land").count() > 100
        assert page.locator(".leaflet-basemap-pane path.cm-basemap-border").count() == 1
        expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
        # The events: circles of the time slider's layer, in the overlay pane above.
        expect(page.locator(".leaflet-overlay-pane path.leaflet-interactive").first).to_be_visible()
        # The time slider, its buttons drawn without the CDN's glyph font.
        expect(page.locator(".leaflet-bar-timecontrol .timecontrol-play")).to_be_visible()
        expect(page.locator(".leaflet-bar-timecontrol .timecontrol-date")).to_contain_text("2016")
        page.locator(".leaflet-bar-timecontrol .timecontrol-forward").click()
        # The legend, the datasets' credits and the header naming the file.
        expect(page.get_by_text("events by primary actor")).to_be_visible()
        expect(page.locator(".cm-snapshot-head h1")).to_have_text("ConflictMap")
        expect(page.locator(".cm-snapshot-filter")).to_have_text(
            "Filter: Country: SY · From: 2016-01-01"
        )
        expect(page).to_have_title("ConflictMap")
        outside = [u for u in requested if not u.startswith("file:") and NO_TILES not in u]
        assert outside == []  # only the configured tiles were tried (and refused)
        assert errors == []
    finally:
        context.close()
