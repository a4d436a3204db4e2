"""Helpers shared by the browser tests: open the map, wait for counts and drawn markers, sign in."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Locator, Page, expect

COUNT_RE = re.compile(r"^(\d+) events? shown · (\d+) unlocated \(in CSV\)$")


def open_map(page: Page, site, query: str = "") -> None:
    """Open the map page and wait until its counts are complete."""
    page.goto(site.url + "/" + (f"?{query}" if query else ""))
    expect(page.locator("#count")).to_have_text(COUNT_RE)


def expect_count(page: Page, shown: int, unlocated: int) -> None:
    expect(page.locator("#count")).to_have_text(
        f"{shown} {'event' if shown == 1 else 'events'} shown · {unlocated} unlocated (in CSV)"
    )


# The markers the map draws: single circles plus the counts on cluster icons (the browser's
# clusters, or the server's areas; "1,234" counts 1234).
DRAWN_MARKERS_JS = """() => {
  const singles = document.querySelectorAll('#map path.cm-marker').length;
  const clustered = [...document.querySelectorAll('#map .cm-cluster-count')]
    .reduce((sum, el) => sum + Number(el.textContent.replace(/[^0-9]/g, '')), 0);
  return singles + clustered;
}"""


def expect_drawn_markers(page: Page, n: int) -> None:
    page.wait_for_function(f"({DRAWN_MARKERS_JS})() === {n}")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(n))


def listed_ids(page: Page) -> set[int]:
    return {
        int(i)
        for i in page.locator("#event-list li[data-id]").evaluate_all(
            "items => items.map(li => li.dataset.id)"
        )
    }


def signed_in_page(browser: Browser, site, user) -> Page:
    """A page signed in as `user`, in a browser context of its own."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


# The offline base map's land fill (static/js/map/basemap.js LAND.fillColor, #f8f6f1).
LAND_RGB = (248, 246, 241)
BASEMAP_PIXELS_JS = """(canvas, [r, g, b]) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let land = 0, lines = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    if (data[i] === r && data[i + 1] === g && data[i + 2] === b) land += 1;
    else lines += 1;
  }
  return { land, lines, all: canvas.width * canvas.height };
}"""


def expect_basemap_drawn(container: Locator, countries: int = 100, strokes: bool = True) -> None:
    """The offline base map is drawn in `container` (a Leaflet map): it says it drew more than
    `countries` countries and the one border line, and its canvas holds land-coloured pixels
    and (with `strokes`: a view with a coast or border in it) coastline or border strokes, read
    back from the canvas as a person would see them."""
    expect(container).to_have_class(re.compile(r"\bhas-basemap\b"))
    assert int(container.get_attribute("data-basemap-countries") or 0) > countries
    assert container.get_attribute("data-basemap-borders") == "1"
    canvas = container.locator(".leaflet-basemap-pane canvas")
    expect(canvas).to_have_count(1)
    container.page.wait_for_function(
        "(canvas) => canvas.width > 0 && canvas.height > 0", arg=canvas.element_handle()
    )
    pixels = canvas.evaluate(BASEMAP_PIXELS_JS, list(LAND_RGB))
    assert pixels["land"] > pixels["all"] // 100, pixels
    assert pixels["lines"] > 0 or not strokes, pixels
