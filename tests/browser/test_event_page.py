"""The event page in a real browser: everything about one event, and the way back to the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.helpers import expect_basemap_drawn, expect_count

pytestmark = pytest.mark.browser


def test_event_page_shows_the_quote_and_links_to_the_map_filtered_by_actor(page, page_log, site):
    event = Event.objects.get(dataset="seed", external_id="seed-2017-01-18-al-bab-joint-strikes")

    page.goto(site.url + event.get_absolute_url())

    expect(page.locator("blockquote")).to_have_text(event.quote)
    expect(page.locator("figcaption")).to_contain_text("Iran Press TV")
    expect(page.locator("h1")).to_contain_text("Air/drone strike")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("Explosions/Remote violence")
    expect(facts).to_contain_text("unknown")  # fatalities not reported
    expect(facts).to_contain_text(f"{event.location.y:.5f}, {event.location.x:.5f}")
    expect(facts).to_contain_text("seed-2017-01-18-al-bab-joint-strikes")
    expect(page.locator("#event-map .leaflet-interactive, #event-map path")).not_to_have_count(0)
    # The offline base map under it: Syria's and Turkey's land and their border, no tiles needed.
    expect_basemap_drawn(page.locator("#event-map"))
    actors = page.locator(".actor-list")
    expect(actors).to_contain_text("Actor 1")
    expect(actors).to_contain_text("Associated with actor 1")

    link = page.get_by_role("link", name="Islamic State")
    expect(link).to_have_attribute("href", "/?actor=islamic-state")
    link.click()
    expect_count(page, 2, 1)
    expect(page.get_by_role("checkbox", name="Islamic State")).to_be_checked()
    assert page_log.console_errors == []


def test_an_unlocated_event_says_so_and_has_no_map(page, site):
    event = Event.objects.get(dataset="seed", external_id="seed-2016-08-euphrates-shield")

    page.goto(site.url + event.get_absolute_url())

    expect(page.locator(".unlocated")).to_contain_text("Unlocated")
    expect(page.locator("#event-map")).to_have_count(0)
    expect(page.locator(".facts")).to_contain_text("within a month")
