"""The map page in server mode: past settings.MAP_CLIENT_EVENTS located events (under the filter,
all dates) the page never downloads the events; it asks /api/map.json for each view, and draws
the server's areas (grid cells with counts) when zoomed out or the events when few are in view."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from events.models import Event
from events.selectors import clusters
from tests.browser.helpers import DRAWN_MARKERS_JS, expect_drawn_markers, listed_ids

pytestmark = pytest.mark.browser

IN_VIEW_RE = re.compile(r"^([\d,]+) events? in view · (\d+) unlocated \(in CSV\)$")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def open_server_map(page, site, query: str = "") -> None:
    page.goto(site.url + "/" + (f"?{query}" if query else ""))
    expect(page.locator("#count")).to_have_text(IN_VIEW_RE)
    assert page.evaluate("conflictMap.mode") == "server"


def expect_in_view(page, n: int, unlocated: int) -> None:
    expect(page.locator("#count")).to_have_text(
        f"{n:,} {'event' if n == 1 else 'events'} in view · {unlocated} unlocated (in CSV)"
    )


def map_requests(page_log) -> list[dict[str, list[str]]]:
    return [query_of(url) for url in page_log.requests if urlsplit(url).path == "/api/map.json"]


def test_server_mode_draws_the_events_in_view_without_downloading_them(
    page, page_log, site, settings
):
    settings.MAP_CLIENT_EVENTS = 0  # every filter is "too big": server mode on the seeds
    located = set(Event.objects.filter(location__isnull=False).values_list("pk", flat=True))
    open_server_map(page, site)

    expect_in_view(page, 6, 2)
    expect_drawn_markers(page, 6)
    assert listed_ids(page) == located
    views = map_requests(page_log)
    assert views
    for query in views:
        assert query["zoom"][0].isdigit()
        west, south, east, north = (float(v) for v in query["bbox"][0].split(","))
        assert -180 <= west < east <= 180 and -90 <= south < north <= 90

    # A popup from the list, as in client mode.
    page.locator("#event-list li .event-show").first.click()
    expect(page.locator(".leaflet-popup-content")).to_be_visible()

    page.get_by_role("checkbox", name="Islamic State").check()
    expect_in_view(page, 2, 1)
    expect_drawn_markers(page, 2)
    assert map_requests(page_log)[-1]["actor"] == ["islamic-state"]
    snapshot = page.get_attribute("#download-snapshot", "href")
    assert urlsplit(snapshot).path == "/api/snapshot.html"
    assert query_of(snapshot) == {"actor": ["islamic-state"]}
    response = page.request.get(site.url + snapshot)
    assert response.ok
    assert response.headers["content-type"].startswith("text/html")

    # The date window is the server's business too.
    page.fill("#date-from", "2017-01-19")
    expect_in_view(page, 0, 0)
    expect_drawn_markers(page, 0)
    assert map_requests(page_log)[-1]["date_from"] == ["2017-01-19"]

    snapshot = page.get_attribute("#download-snapshot", "href")
    assert query_of(snapshot) == {"actor": ["islamic-state"], "date_from": ["2017-01-19"]}

    # The events' own endpoint is only ever a link here, never fetched.
    assert not [url for url in page_log.requests if "/api/events.geojson" in url]
    assert page_log.console_errors == []


def test_play_in_server_mode_asks_for_each_step(page, page_log, site, settings):
    settings.MAP_CLIENT_EVENTS = 0
    open_server_map(page, site)
    expect_in_view(page, 6, 2)

    page.get_by_role("button", name="Play").click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
    # Two steps past the first window (which starts on the first day, 2016-12-01).
    page.wait_for_function("new URLSearchParams(location.search).get('date_from') >= '2016-12-03'")
    page.locator("#play").click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false")

    stepped = sorted(
        {q["date_from"][0] for q in map_requests(page_log) if "date_from" in q and "zoom" in q}
    )
    assert stepped[:2] == ["2016-12-02", "2016-12-03"]
    assert not [url for url in page_log.requests if "/api/events.geojson" in url]


@pytest.fixture
def many_events(site):
    """3,000 located, verified events in a 2° by 1.5° patch of northern Syria."""
    events = [
        Event(
            date=dt.date(2016, 12, 1) + dt.timedelta(days=i % 50),
            event_type="Battles",
            sub_event_type="Armed clash",
            summary=f"Bulk event {i}",
            location=Point(37.0 + (i % 60) * 2 / 60, 35.0 + (i // 60) * 1.5 / 50, srid=4326),
            country_code="SY",
            status=Event.Status.VERIFIED,
            dataset="bulk",
        )
        for i in range(3000)
    ]
    Event.objects.bulk_create(events, batch_size=500)
    return len(events)


AREAS_JS = """() => [...document.querySelectorAll('#map .cm-area')]
  .map(el => ({count: Number(el.dataset.count), label: el.textContent}))"""


def test_zoomed_out_the_page_draws_areas_that_add_up_and_zoom_in_when_chosen(
    page, page_log, site, settings, many_events
):
    settings.MAP_CLIENT_EVENTS = 100
    open_server_map(page, site, "view=35.5,38,4")
    expect(page.locator("#map")).to_have_attribute("data-view", "areas")

    # More than the server sends one by one below its events zoom: it sends areas.
    assert many_events > clusters.MAX_EVENTS
    total = int(IN_VIEW_RE.match(page.locator("#count").text_content()).group(1).replace(",", ""))
    assert total >= many_events
    areas = page.evaluate(AREAS_JS)
    assert areas
    assert sum(a["count"] for a in areas) == total
    assert all(a["label"] == f"{a['count']:,}" for a in areas)
    assert page.evaluate(f"({DRAWN_MARKERS_JS})()") == total
    expect(page.locator("#event-list")).to_contain_text("Zoom in")
    assert map_requests(page_log)[-1]["zoom"] == ["4"]

    biggest = max(areas, key=lambda a: a["count"])
    area = page.locator(f"#map .cm-area[data-count='{biggest['count']}']")
    expect(area).to_have_attribute("title", f"{biggest['count']:,} events")
    expect(area).to_have_attribute("role", "button")
    area.click()
    page.wait_for_function("conflictMap.map.getZoom() >= 6")
    # Redrawn for the new view, which still holds the whole patch: still areas, still exact.
    page.wait_for_function("Number(document.querySelector('#map').dataset.zoom) >= 6")
    expect(page.locator("#count")).to_have_text(IN_VIEW_RE)
    expect(page.locator("#map")).to_have_attribute("data-view", "areas")
    assert int(map_requests(page_log)[-1]["zoom"][0]) >= 6
    shown = int(IN_VIEW_RE.match(page.locator("#count").text_content()).group(1).replace(",", ""))
    assert page.evaluate(f"({DRAWN_MARKERS_JS})()") == shown
    assert not [url for url in page_log.requests if "/api/events.geojson" in url]
    assert page_log.console_errors == []


FACETS_JS = """(list) => Object.fromEntries([...document.querySelectorAll(`#${list} li`)]
  .map(li => [li.querySelector('.name').textContent, li.querySelector('.n').textContent]))"""


def facet_counts(page) -> tuple[dict[str, str], dict[str, str]]:
    return page.evaluate(FACETS_JS, "type-list"), page.evaluate(FACETS_JS, "country-list")


def test_server_mode_counts_types_and_countries_as_client_mode_does(page, page_log, site, settings):
    """Same filter, both modes: the checklists show the same numbers, counted by the server
    (/api/facets.json) in one and by the page in the other."""
    query = "date_from=2017-01-01&country=SY"
    settings.MAP_CLIENT_EVENTS = 5000
    page.goto(f"{site.url}/?{query}")
    expect(page.locator("#count")).to_contain_text("shown")
    assert page.evaluate("conflictMap.mode") == "client"
    expect(page.locator("#type-list li .n").first).not_to_have_text("")
    client_counts = facet_counts(page)

    settings.MAP_CLIENT_EVENTS = 0
    open_server_map(page, site, query)
    expect(page.locator("#facet-hint")).to_be_hidden()
    expect(page.locator("#type-list li .n").first).not_to_have_text("")
    assert facet_counts(page) == client_counts
    assert any(n not in ("", "0") for n in client_counts[0].values())
    assert client_counts[1]["Syria"] not in ("", "0")
    asked = [query_of(u) for u in page_log.requests if urlsplit(u).path == "/api/facets.json"]
    assert asked and asked[-1] == {"date_from": ["2017-01-01"], "country": ["SY"]}

    # A new filter, new counts: with Russia only, the types count Russia's events.
    # Waited for by its response, not the page's resource timings: their buffer (250 entries)
    # fills with the page's own modules, base map and tiles before this request is made.
    with page.expect_response(
        lambda r: urlsplit(r.url).path == "/api/facets.json" and "actor=russia" in r.url
    ):
        page.get_by_role("checkbox", name="Russia").check()
    expect(page.locator("#facet-hint")).to_be_hidden()
    with_russia = facet_counts(page)
    data = page.request.get(f"{site.url}/api/facets.json?{query}&actor=russia").json()
    assert {k: v for k, v in with_russia[0].items() if v not in ("", "0")} == {
        k: f"{n:,}" for k, n in data["event_type"].items()
    }
    assert page_log.console_errors == []
