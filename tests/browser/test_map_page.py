"""The map page in a real browser: markers, filters, timeline, URL state, downloads, offline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from events.api import snapshot
from events.models import Event, EventActor
from tests.browser.conftest import NO_TILES, PHONE, is_local
from tests.browser.helpers import (
    expect_basemap_drawn,
    expect_count,
    expect_drawn_markers,
    listed_ids,
    open_map,
)
from tests.support.factories import actor_make, event_make

pytestmark = pytest.mark.browser

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"
DEIR_EZ_ZOR = "seed-2017-01-18-dayr-al-zawr-air-support"
ASTANA = "seed-2017-01-astana-talks"
ALEPPO = "seed-2016-12-aleppo-recaptured"
CEASEFIRE = "seed-2016-12-nationwide-ceasefire"
PALMYRA = "seed-2017-01-18-palmyra-air-support"


@pytest.fixture
def ids(site) -> dict[str, int]:
    """Seed event ids by key. Read before a page opens: the test's ORM calls and the live
    server share one SQLite connection, so they never overlap (see conftest)."""
    return dict(Event.objects.filter(dataset="seed").values_list("external_id", "pk"))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_map_loads_the_located_seed_events_as_markers_without_console_errors(page, page_log, site):
    located = set(Event.objects.filter(location__isnull=False).values_list("pk", flat=True))
    open_map(page, site)

    expect_count(page, 6, 2)
    expect_drawn_markers(page, 6)
    assert listed_ids(page) == located
    expect(page.locator(".legend")).to_contain_text("Military Forces of Russia")
    expect(page.locator("#histogram rect.bar")).not_to_have_count(0)
    # The base map was asked for, failed, and nothing else did.
    assert any(NO_TILES in url for url in page_log.requests)
    assert page_log.console_errors == []


def test_typing_an_alias_in_the_actor_search_finds_the_actor_and_ticking_it_filters(
    page, site, ids
):
    open_map(page, site)

    page.fill("#actor-search", "ISIS")
    actors = page.locator("#actor-list li")
    expect(actors).to_have_count(1)
    expect(actors).to_contain_text("Islamic State")
    page.get_by_role("checkbox", name="Islamic State").check()

    expect_count(page, 2, 1)
    expect_drawn_markers(page, 2)
    assert listed_ids(page) == {ids[AL_BAB], ids[DEIR_EZ_ZOR]}
    assert query_of(page.url)["actor"] == ["islamic-state"]

    # A link may name the actor by any alias; the page ticks it and spells the link by slug.
    open_map(page, site, "actor=Daesh")
    expect_count(page, 2, 1)
    expect(page.get_by_role("checkbox", name="Islamic State")).to_be_checked()
    assert query_of(page.url)["actor"] == ["islamic-state"]


def test_moving_the_date_window_hides_events_outside_it(page, site, ids):
    open_map(page, site)

    page.fill("#date-from", "2017-01-01")
    expect_count(page, 4, 1)
    assert ids[ALEPPO] not in listed_ids(page)
    assert ids[CEASEFIRE] not in listed_ids(page)
    assert query_of(page.url)["date_from"] == ["2017-01-01"]

    # The keyboard moves the range handles: End takes the start to the last day.
    page.focus("#range-from")
    page.keyboard.press("End")
    expect_count(page, 1, 0)
    assert listed_ids(page) == {ids[ASTANA]}
    expect_drawn_markers(page, 1)
    expect(page.locator("#histogram rect.bar.in")).to_have_count(1)


@pytest.mark.client_only
def test_play_advances_the_date_window_and_pause_stops_it(page, site):
    open_map(page, site)
    play = page.get_by_role("button", name="Play")

    play.click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
    # From the whole period, play starts a window a tenth as wide (6 of the 54 days) at the
    # first day and moves it a day (the histogram's bucket) at a time.
    page.wait_for_function("new URLSearchParams(location.search).get('date_from') > '2016-12-01'")
    query = query_of(page.url)
    start = dt.date.fromisoformat(query["date_from"][0])
    end = dt.date.fromisoformat(query["date_to"][0])
    assert start > dt.date(2016, 12, 1)
    assert (end - start).days == 5
    expect(page.locator("#date-from")).not_to_have_value("2016-12-01")
    expect(page.locator("#histogram rect.bar.out")).not_to_have_count(0)

    page.locator("#play").click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#play")).to_have_text("Play")


@pytest.mark.client_only
def test_the_url_holds_filters_and_view_and_reopening_it_restores_both(
    page, new_page, page_log, site
):
    open_map(page, site)
    page.get_by_role("checkbox", name="Islamic State").check()
    page.get_by_role("checkbox", name="Explosions/Remote violence").check()
    expect_count(page, 2, 0)
    page.locator("#map").focus()
    zoom_before = page.evaluate("conflictMap.map.getZoom()")
    page.keyboard.press("+")
    page.wait_for_function(f"conflictMap.map.getZoom() > {zoom_before}")
    page.wait_for_function("new URLSearchParams(location.search).has('view')")
    page.wait_for_function(
        "new URLSearchParams(location.search).get('view').endsWith(',' + conflictMap.map.getZoom())"
    )

    query = query_of(page.url)
    assert query["actor"] == ["islamic-state"]
    assert query["event_type"] == ["Explosions/Remote violence"]
    lat, lng, zoom = (float(v) for v in query["view"][0].split(","))
    # The view is the page's business: the API (which refuses unknown parameters) never sees it.
    api_calls = [url for url in page_log.requests if "/api/" in url]
    assert api_calls
    assert not [url for url in api_calls if "view=" in url]

    again = new_page()
    again.goto(page.url)
    expect_count(again, 2, 0)
    expect(again.get_by_role("checkbox", name="Islamic State")).to_be_checked()
    expect(again.get_by_role("checkbox", name="Explosions/Remote violence")).to_be_checked()
    view = again.evaluate(
        "(() => { const c = conflictMap.map.getCenter();"
        " return [c.lat, c.lng, conflictMap.map.getZoom()]; })()"
    )
    # The same view, to within a pixel (Leaflet snaps the centre to whole pixels).
    pixel = 360 / (256 * 2**zoom)
    assert view[2] == zoom
    assert view[0] == pytest.approx(lat, abs=2 * pixel)
    assert view[1] == pytest.approx(lng, abs=2 * pixel)


@pytest.mark.client_only
def test_the_back_button_restores_the_previous_filters(page, site):
    open_map(page, site)
    page.get_by_role("checkbox", name="Islamic State").check()
    expect_count(page, 2, 1)
    page.fill("#date-from", "2017-01-19")
    expect_count(page, 0, 0)

    page.go_back()
    expect_count(page, 2, 1)
    expect(page.locator("#date-from")).to_have_value("2017-01-18")
    page.go_back()
    expect_count(page, 6, 2)
    expect(page.get_by_role("checkbox", name="Islamic State")).not_to_be_checked()
    assert "actor" not in query_of(page.url)

    page.go_forward()
    expect_count(page, 2, 1)
    expect(page.get_by_role("checkbox", name="Islamic State")).to_be_checked()


def test_snapshot_link_says_when_the_filter_is_too_big_or_empty_for_one(
    page, page_log, site, monkeypatch
):
    """The page knows the snapshot's limits (config.snapshotLimit) and says so on the link,
    rather than offering a download that the server would refuse with a 400."""
    monkeypatch.setattr(snapshot, "MAX_EVENTS", 3)
    link = page.locator("#download-snapshot")
    open_map(page, site)
    expect_count(page, 6, 2)
    expect(link).to_have_attribute("aria-disabled", "true")
    expect(link).to_have_attribute(
        "title", re.compile(r"^6 events match: a snapshot holds at most 3\.")
    )
    expect(link).to_be_disabled()  # aria-disabled: assistive technology says so too
    link.click(force=True)
    page.wait_for_timeout(300)  # time for a navigation the click must not start
    assert not [u for u in page_log.requests if "/api/snapshot.html" in u]  # nothing asked

    page.fill("#actor-search", "daesh")
    page.get_by_role("checkbox", name="Islamic State").check()
    expect_count(page, 2, 1)
    expect(link).to_have_attribute("aria-disabled", "false")
    expect(link).to_be_enabled()
    expect(link).to_have_attribute("title", "")
    assert page.request.get(site.url + link.get_attribute("href")).ok

    page.fill("#date-from", "2017-01-19")
    expect_count(page, 0, 0)
    expect(link).to_have_attribute("aria-disabled", "true")
    expect(link).to_have_attribute("title", "No located events to put on a snapshot.")
    refused = page.request.get(site.url + link.get_attribute("href"))
    assert refused.status == 400  # what the link no longer offers


@pytest.mark.client_only
def test_download_links_carry_exactly_the_current_filter(page, site, ids):
    open_map(page, site)
    page.fill("#actor-search", "daesh")
    page.get_by_role("checkbox", name="Islamic State").check()
    expect_count(page, 2, 1)

    geojson_href = page.get_attribute("#download-geojson", "href")
    csv_href = page.get_attribute("#download-csv", "href")
    for href in (geojson_href, csv_href):
        query = query_of(href)
        assert query == {"actor": ["islamic-state"], "download": ["1"]}
    # The snapshot (a standalone HTML map) is always an attachment: no download flag needed.
    snapshot_href = page.get_attribute("#download-snapshot", "href")
    assert urlsplit(snapshot_href).path == "/api/snapshot.html"
    assert query_of(snapshot_href) == {"actor": ["islamic-state"]}

    response = page.request.get(site.url + geojson_href)
    assert response.ok
    assert "attachment" in response.headers["content-disposition"]
    downloaded = {f["properties"]["id"] for f in response.json()["features"]}
    assert downloaded == {ids[AL_BAB], ids[DEIR_EZ_ZOR]}

    rows = list(csv.DictReader(io.StringIO(page.request.get(site.url + csv_href).text())))
    assert len(rows) == 3  # the two on the map and the unlocated one the count mentions
    assert sum(1 for r in rows if not r["latitude"]) == 1


@pytest.mark.client_only
def test_the_map_page_requests_nothing_outside_this_machine(page, page_log, site):
    open_map(page, site)
    page.locator("#event-list li .event-show").first.click()
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("new URLSearchParams(location.search).has('date_to')")
    page.locator("#play").click()

    assert any("/api/events.geojson" in url for url in page_log.requests)
    outside = [url for url in page_log.requests if not is_local(url)]
    assert outside == []


@pytest.mark.client_only
def test_without_a_tile_url_the_map_has_no_base_layer_and_still_works(
    page, page_log, site, settings
):
    settings.MAP_TILES_URL = ""
    open_map(page, site)

    expect_count(page, 6, 2)
    expect_drawn_markers(page, 6)
    expect(page.locator("#map")).to_have_class(re.compile(r"\bno-tiles\b"))
    assert page.locator("#map .leaflet-tile").count() == 0
    assert not any(NO_TILES in url for url in page_log.requests)
    assert page_log.console_errors == []


@pytest.mark.client_only
def test_the_offline_base_map_draws_land_and_borders_under_the_markers(
    page, page_log, site, detailed_basemap
):
    """No tiles load (the live server's tile URL answers 404): Natural Earth's countries, served
    from our own static files, still give the map its land, coastlines, borders and names."""
    open_map(page, site)
    expect_drawn_markers(page, 6)
    expect_basemap_drawn(page.locator("#map"))
    assert any(detailed_basemap in url for url in page_log.requests), "not the default base map"
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    # Under the tiles (200) and the markers (overlay pane, 400).
    panes = page.evaluate(
        """() => ['basemap', 'tile', 'overlay'].map((p) =>
             Number(getComputedStyle(document.querySelector(`.leaflet-${p}-pane`)).zIndex))"""
    )
    assert panes[0] < panes[1] < panes[2]
    assert any("world-atlas/countries-50m.geojson" in url for url in page_log.requests)
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    expect(page.locator(".cm-basemap-label").first).to_be_attached()
    assert page_log.console_errors == []


@pytest.mark.client_only
def test_a_link_with_an_unknown_actor_says_what_is_wrong_and_offers_to_clear_it(page, site):
    page.goto(site.url + "/?actor=nobody-at-all")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Unknown actor")
    alert.get_by_role("button", name="Clear all filters").click()
    expect_count(page, 6, 2)
    expect(alert).to_be_hidden()
    assert "actor" not in query_of(page.url)


XSS_SUMMARY = "<img src=x onerror=window.__xss=1>"
XSS_ACTOR = '<img src=y onerror="window.__xss=2">'


@pytest.fixture
def hostile_event(site):
    actor = actor_make(XSS_ACTOR, slug="hostile", colour="#123456")
    event = event_make(
        date=dt.date(2017, 1, 10),
        summary=XSS_SUMMARY,
        quote="<script>window.__xss=3</script>",
        place_name="<b>Nowhere</b>",
        location=Point(36.3, 33.5, srid=4326),
        dataset="test",
        actors=[(actor, EventActor.Role.ACTOR1)],
    )
    return event


@pytest.mark.client_only
def test_popups_list_and_facets_show_html_in_data_as_text(page, page_log, site, hostile_event):
    open_map(page, site, "q=onerror")
    expect_count(page, 1, 0)

    page.locator("#event-list li .event-show").first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(XSS_SUMMARY)
    expect(popup).to_contain_text(XSS_ACTOR)
    expect(popup).to_contain_text("<script>window.__xss=3</script>")
    expect(popup).to_contain_text("<b>Nowhere</b>")
    expect(page.locator("#event-list")).to_contain_text(XSS_SUMMARY)
    expect(page.locator("#actor-list")).to_contain_text(XSS_ACTOR)
    injected = page.locator(":is(#panel, #map) :is(img:not(.leaflet-tile), script, b)")
    assert injected.count() == 0
    assert page.evaluate("window.__xss") is None

    page.goto(site.url + f"/events/{hostile_event.pk}/")
    expect(page.locator(".summary")).to_have_text(XSS_SUMMARY)
    expect(page.locator("blockquote")).to_have_text("<script>window.__xss=3</script>")
    assert page.evaluate("window.__xss") is None
    assert page_log.console_errors == []


@pytest.mark.client_only
def test_at_phone_width_the_map_and_filter_panel_fit_without_horizontal_scrolling(new_page, site):
    page = new_page(PHONE)
    open_map(page, site)
    expect_count(page, 6, 2)

    def no_horizontal_scroll():
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

    map_box = page.locator("#map").bounding_box()
    assert map_box["width"] <= PHONE["width"]
    assert map_box["height"] >= 300
    toggle = page.get_by_role("button", name="Filters & events")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    no_horizontal_scroll()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#actor-search")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Islamic State")).to_be_visible()
    no_horizontal_scroll()
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator("#play")).to_be_visible()
