"""The map's layers (issue 16): markers coloured by the chosen actor's role with a legend that
says so, the heatmap, the country choropleth, place names when zoomed in, the admin widget's
offline base map, and the markers' popups, tooltips and keyboard focus, in both data modes."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import Page, expect

from events.models import Actor, Event, EventActor
from tests.browser.conftest import PHONE
from tests.browser.helpers import expect_basemap_drawn, signed_in_page
from tests.support.factories import event_make

pytestmark = pytest.mark.browser

ROLE_OF = {"actor1": "acting", "actor2": "targeted", "assoc1": "associated", "assoc2": "associated"}
ROLE_ORDER = ["acting", "targeted", "associated"]
MODES = {"client": 5000, "server": 0}


@pytest.fixture(params=sorted(MODES))
def mode(request, settings):
    """Both data modes: server mode when every filter is "too big" (MAP_CLIENT_EVENTS = 0)."""
    settings.MAP_CLIENT_EVENTS = MODES[request.param]
    return request.param


def open_layers_map(page: Page, site, mode: str, query: str = "") -> None:
    page.goto(site.url + "/" + (f"?{query}" if query else ""))
    expect(page.locator("#count")).to_contain_text("(in CSV)")
    page.wait_for_function("document.documentElement.dataset.requests === '0'")
    assert page.evaluate("conflictMap.mode") == mode


def expected_roles(slug: str) -> dict[int, str]:
    """Event id -> the role the actor plays in it (acting before targeted before associated)."""
    played: dict[int, set[str]] = {}
    links = EventActor.objects.filter(actor__slug=slug, event__location__isnull=False)
    for event_id, role in links.values_list("event_id", "role"):
        played.setdefault(event_id, set()).add(ROLE_OF[role])
    return {i: next(r for r in ROLE_ORDER if r in roles) for i, roles in played.items()}


def hex_to_rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


MARKER_FILLS_JS = """() => Object.fromEntries(conflictMap.cluster.getLayers()
  .map((m) => [m.eventId, m.options.fillColor]))"""
LEGEND_ROLES_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('.legend li[data-role]')].map((li) => [li.dataset.role,
    [getComputedStyle(li.querySelector('.swatch')).backgroundColor,
    li.querySelector('.legend-n').textContent]]))"""


def marker_roles(page: Page) -> dict[int, str]:
    """Each drawn marker's role, read back through the legend's colours."""
    legend = page.evaluate(LEGEND_ROLES_JS)
    by_colour = {rgb: role for role, (rgb, _n) in legend.items()}
    fills = page.evaluate(MARKER_FILLS_JS)
    return {int(i): by_colour[hex_to_rgb(fill)] for i, fill in fills.items()}


def test_with_an_actor_chosen_markers_take_its_role_colour_and_the_legend_says_so(page, site, mode):
    open_layers_map(page, site, mode, "actor=syria")
    want = expected_roles("syria")
    assert set(want.values()) == {"acting", "targeted", "associated"}
    syria = Actor.objects.get(slug="syria").name
    expect(page.locator(".legend-heading").first).to_have_text(f"Colour: role of {syria}")
    page.wait_for_function(f"Object.keys(({MARKER_FILLS_JS})()).length === {len(want)}")
    assert marker_roles(page) == want
    legend = page.evaluate(LEGEND_ROLES_JS)
    assert {role: int(n) for role, (_rgb, n) in legend.items()} == {
        role: list(want.values()).count(role) for role in set(want.values())
    }
    assert page.get_attribute("#map", "data-colour") == "role"


@pytest.mark.client_only
def test_choosing_an_actor_recolours_the_markers_by_role(page, site):
    """Without an actor the markers are the primary actor's colour (Russia's); ticking Islamic
    State recolours the same markers as targeted, and the legend names the role."""
    open_layers_map(page, site, "client")
    russia = Actor.objects.get(slug="russia").colour.lower()
    fills = page.evaluate(MARKER_FILLS_JS)
    assert russia in {f.lower() for f in fills.values()}
    expect(page.locator(".legend-heading").first).to_have_text("Colour: primary actor")

    page.get_by_role("checkbox", name="Islamic State").check()
    expect(page.locator(".legend-heading").first).to_have_text("Colour: role of Islamic State")
    page.wait_for_function(f"Object.keys(({MARKER_FILLS_JS})()).length === 2")
    want = expected_roles("islamic-state")
    assert set(want.values()) == {"targeted"}
    assert marker_roles(page) == want
    expect(page.locator(".legend li[data-role='targeted']")).to_contain_text("Targeted (actor 2)")
    assert {f.lower() for f in page.evaluate(MARKER_FILLS_JS).values()} != {russia}


HEAT_PIXELS_JS = """() => {
  const canvas = document.querySelector('#map canvas.leaflet-heatmap-layer');
  if (!canvas || !canvas.width) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


def test_heatmap_toggle_draws_a_heat_canvas_in_place_of_the_markers(page, page_log, site, mode):
    open_layers_map(page, site, mode)
    expect(page.locator("#map path.cm-marker, #map .cm-cluster").first).to_be_visible()

    page.get_by_label("Heatmap").check()
    expect(page.locator("#map")).to_have_attribute("data-layer", "heat")
    assert page_log.console_errors == []
    page.wait_for_function(f"({HEAT_PIXELS_JS})() > 0")
    assert int(page.get_attribute("#map", "data-heat-points")) > 0
    expect(page.locator("#map path.cm-marker")).to_have_count(0)
    expect(page.locator("#map .cm-cluster")).to_have_count(0)
    assert parse_qs(urlsplit(page.url).query)["layer"] == ["heat"]

    page.get_by_label("Markers").check()
    expect(page.locator("#map canvas.leaflet-heatmap-layer")).to_have_count(0)
    expect(page.locator("#map path.cm-marker, #map .cm-cluster").first).to_be_visible()
    assert "layer" not in parse_qs(urlsplit(page.url).query)

    page.go_back()  # the layer is part of the page's state
    expect(page.locator("#map")).to_have_attribute("data-layer", "heat")
    page.wait_for_function(f"({HEAT_PIXELS_JS})() > 0")
    assert page_log.console_errors == []


@pytest.fixture
def fatal_events(site):
    """Known fatalities in Syria (3 + 4) and Iraq (12), beside the seeds' unknown ones."""
    event_make(fatalities=3, date=dt.date(2017, 1, 12))
    event_make(fatalities=4, date=dt.date(2017, 1, 13))
    return event_make(
        fatalities=12,
        country_code="IQ",
        place_name="Mosul",
        location=Point(43.13, 36.34, srid=4326),
    )


CHOROPLETH_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('#map path.cm-choropleth')]
    .map((p) => [p.dataset.iso, Number(p.dataset.value)]))"""


@pytest.mark.client_only
def test_choropleth_shades_the_countries_with_events_and_shows_its_scale(
    page, site, mode, fatal_events
):
    open_layers_map(page, site, mode)
    page.get_by_label("Countries: events").check()
    page.wait_for_function(f"Object.keys(({CHOROPLETH_JS})()).length === 3")
    assert page.evaluate(CHOROPLETH_JS) == {"SY": 7, "KZ": 1, "IQ": 1}
    scale = page.locator(".choropleth-legend")
    expect(scale).to_contain_text("Events per country")
    expect(scale.locator("li").first).to_be_visible()
    # The shapes are drawn (Natural Earth's Syria, in its class's colour).
    syria = page.locator("#map path.cm-choropleth[data-iso='SY']").first
    assert syria.get_attribute("fill") not in (None, "none")
    expect(syria).to_be_visible()

    page.get_by_label("Countries: fatalities").check()
    page.wait_for_function(f"({CHOROPLETH_JS})().IQ === 12")
    assert page.evaluate(CHOROPLETH_JS) == {"SY": 7, "KZ": 0, "IQ": 12}
    expect(scale).to_contain_text("Known fatalities per country")
    expect(scale).to_contain_text("0 (unknown)")

    # Under a country filter: only its countries, with their own numbers.
    page.goto(site.url + "/?country=IQ&layer=countries")
    page.wait_for_function(f"({CHOROPLETH_JS})().IQ === 1")
    assert page.evaluate(CHOROPLETH_JS) == {"IQ": 1}


@pytest.mark.client_only
def test_place_names_appear_when_zoomed_in(page, site, mode):
    event = Event.objects.get(place_name="al-Bab")
    name = page.request.get(f"{site.url}/events/{event.pk}.json").json()["properties"]["place"]
    lat, lng = event.location.y, event.location.x
    open_layers_map(page, site, mode, f"view={lat},{lng},5")
    assert page.get_attribute("#map", "data-place-labels") == "0"
    expect(page.locator(".cm-place-label")).to_have_count(0)

    # void: setView returns the map, whose object graph Playwright cannot send back.
    page.evaluate(f"void conflictMap.map.setView([{lat}, {lng}], 8, {{animate: false}})")
    expect(page.locator(".cm-place-label span", has_text=name)).to_be_visible()
    assert int(page.get_attribute("#map", "data-place-labels")) >= 1


@pytest.fixture
def curator_offline(browser, site, staff_user):
    """A signed-in page for which every request not to the live server is refused."""
    page = signed_in_page(browser, site, staff_user)
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    page.context.route(lambda url: not url.startswith(site.url), refuse)
    page.refused = refused
    yield page
    page.context.close()


@pytest.mark.client_only
def test_admin_change_form_map_draws_the_offline_base_map(curator_offline, site):
    event = Event.objects.filter(location__isnull=False).order_by("pk").first()
    page = curator_offline
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/admin/events/event/{event.pk}/change/")
    widget = page.locator(".leaflet-container.has-basemap")
    expect(widget).to_have_count(1)
    expect_basemap_drawn(widget, strokes=False)  # zoomed in on the event: land, no coast
    assert all(not url.startswith(site.url) for url in page.refused)
    assert errors == []


# No zoom, pan or cluster animation under way.
MAP_AT_REST_JS = """() => {
  const map = conflictMap.map;
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress)
    && !conflictMap.cluster._inZoomAnimation;
}"""
# Leaflet starts a zoom's animation in the next animation frame, not in the click's handler:
# two frames waited first, the check cannot pass in the moment before the zoom begins.
TWO_FRAMES_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def wait_map_at_rest(page: Page) -> None:
    page.evaluate(TWO_FRAMES_JS)
    page.wait_for_function(MAP_AT_REST_JS)


def open_marker(page: Page, marker) -> None:
    """Click the marker where it shows; one by the map's edge under the credits line is opened
    from the keyboard instead (focus, Enter), as a user who cannot click it would."""
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if marker.evaluate(f"el => document.elementFromPoint({x}, {y}) === el"):
        page.mouse.click(x, y)
    else:
        marker.focus()
        page.keyboard.press("Enter")


def rect(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.client_only
def test_at_phone_size_every_popup_is_inside_the_viewport_with_its_link_visible(
    new_page, site, fatal_events
):
    long = "A long account of the day. " * 60
    Event.objects.filter(pk=fatal_events.pk).update(summary=long, quote=long)
    page = new_page(PHONE)
    open_layers_map(page, site, "client")
    viewport = {"x": 0, "y": 0, **PHONE}
    singles = page.locator("#map path.cm-marker")
    fit = page.get_by_role("button", name="Zoom to the events shown")
    # The markers the fitted map shows, which each round comes back to: the first view's zoom
    # may differ from it and cluster other markers.
    fit.click()
    wait_map_at_rest(page)
    assert singles.count() >= 2
    # Every single marker's popup, the long account's among them (with the base map on one
    # canvas a popup's pan costs well under a second; as SVG it took seconds each).
    ids = singles.evaluate_all(
        "els => els.map((el) => [...conflictMap.markers.values()]"
        ".find((m) => m.getElement() === el).eventId)"
    )
    assert fatal_events.pk in ids
    # Each marker found again by its label, not by its place in the list, which a zoom still
    # under way would shift.
    labels = singles.evaluate_all("els => els.map((el) => el.getAttribute('aria-label'))")
    assert len(set(labels)) == len(ids)
    opened = set()
    for label in [*labels, None]:
        page.evaluate("void conflictMap.map.closePopup()")
        expect(page.locator(".leaflet-popup")).to_have_count(0)
        fit.click()  # the last popup's pan undone: the markers as the fitted map shows them
        wait_map_at_rest(page)
        if label is None:
            break
        marker = page.locator("#map path.cm-marker").and_(page.get_by_label(label, exact=True))
        opened.add(marker.get_attribute("aria-label"))
        open_marker(page, marker)
        popup = page.locator(".leaflet-popup")
        expect(popup).to_be_visible()
        wait_map_at_rest(page)  # the popup's pan into view has ended
        box = rect(page, ".leaflet-popup-content-wrapper")
        assert inside(box, viewport), box
        assert inside(box, rect(page, "#map")), box
        assert not overlaps(box, rect(page, ".leaflet-control-zoom")), box
        link = page.locator(".leaflet-popup .popup-link")
        expect(link).to_be_in_viewport()
        link_box = link.bounding_box()
        assert inside(link_box, box) and inside(link_box, viewport)
        # Nothing covers it: the point at its centre is the link itself.
        x = link_box["x"] + link_box["width"] / 2
        y = link_box["y"] + link_box["height"] / 2
        assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.popup-link') !== null")
    assert len(opened) == len(ids) >= 2


@pytest.mark.client_only
def test_hover_shows_a_tooltip_with_place_date_and_type(page, site):
    open_layers_map(page, site, "client")
    marker = page.locator("#map path.cm-marker").first
    event_id = marker.evaluate(
        "el => [...conflictMap.markers.values()].find((m) => m.getElement() === el).eventId"
    )
    event = Event.objects.get(pk=event_id)
    place_name = page.request.get(f"{site.url}/events/{event_id}.json").json()["properties"][
        "place"
    ]
    marker.hover()
    tooltip = page.locator(".leaflet-tooltip.cm-tooltip")
    expect(tooltip).to_be_visible()
    text = tooltip.text_content()
    place, when, kind = text.split(" · ")
    assert place == f"{place_name}, Syria"
    assert str(event.date.year) in when and str(event.date.day) in when
    assert kind == event.sub_event_type


@pytest.mark.client_only
def test_tab_reaches_a_single_marker_and_enter_opens_its_popup(page, site):
    open_layers_map(page, site, "client")
    page.locator("#map").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('path.cm-marker')"):
            break
    else:
        pytest.fail("Tab never reached a single marker")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    event_id = page.evaluate(
        "[...conflictMap.markers.values()]"
        ".find((m) => m.getElement() === document.activeElement).eventId"
    )
    event = Event.objects.get(pk=event_id)
    assert event.sub_event_type in label
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup.locator(".popup-summary")).to_have_text(event.summary)
