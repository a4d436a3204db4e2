"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's live
server, with the seeds loaded and a tile URL on the live server that answers 404 (so the page is
tested as it must work offline: no base map, everything else intact).

Every page records its console errors and every URL it requests; anything not on this machine is
aborted at the network layer (and still recorded, so a test can see it was attempted).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import leaflet
import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from conflictmap.browser import CHROMIUM, is_local, launch
from conflictmap.settings import MAP_BASEMAP as DEFAULT_BASEMAP
from events.services.seeds import seeds_load

NO_TILES = "/no-tiles/"
LIGHT_BASEMAP = "vendor/world-atlas/countries-110m.geojson"
# Assertions wait as long as page actions do (page.set_default_timeout below): on a machine shared
# with other jobs the map's first fetch can take more than Playwright's default 5 s.
expect.set_options(timeout=10_000)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def refuse_off_machine(context: BrowserContext) -> None:
    """Abort, at the network layer, every request that would leave this machine, and the base
    map's tiles (NO_TILES): they fail as they do offline, without the live server, which answers
    one request at a time, rendering a 404 page for each of the 30 a map view asks for ahead of
    the page's own API calls (a second of every page load). The request is still made, and
    recorded by the page's log."""
    context.route(lambda url: not is_local(url) or NO_TILES in url, lambda route: route.abort())


@dataclass
class PageLog:
    """What a page did: console errors (and uncaught exceptions) and every request URL."""

    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def pytest_collection_modifyitems(session, config, items):
    """Browser tests run last: while Playwright's sync API is up, its event loop runs in this
    thread, and Django refuses ORM calls there. Running them last keeps that away from every
    other test; the browser closes before the test databases are torn down."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


class SerialLiveServerThread(LiveServerThread):
    """The live server, answering one request at a time.

    With SpatiaLite the test database is in memory, and the server's threads share the test's
    one SQLite connection. Two requests at once on that connection (the map page sends three or
    four) can deadlock inside the sqlite3 module when one of them calls back into Python (a date
    truncation, say). One request at a time cannot; it also stays quick on localhost.
    """

    def _create_server(self, connections_override=None):
        return WSGIServer(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address options), serving one request at a time."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    threaded = server.thread
    server.thread = SerialLiveServerThread(
        threaded.host,
        threaded.static_handler,
        connections_override=threaded.connections_override,
        port=threaded.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server) -> Browser:
    # The test databases and the live server exist before Playwright's loop starts (and outlive
    # it): their setup and teardown never run beside the loop.
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # While the loop runs, the tests' own ORM calls (seeds, an extra event, the flush after
        # each test) are plain synchronous code in this thread: Django's async-safety check would
        # refuse them, so it is lifted until the browser closes. Browser tests run last (above),
        # so no other test ever runs with it lifted.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_seeded(transactional_db):
    """The seeds, committed where the live server's thread can see them."""
    return seeds_load()


@pytest.fixture
def site(live_server, browser_seeded, settings, monkeypatch):
    """The live server with the seeds, its base-map tiles pointing at a URL that fails."""
    tiles = live_server.url + NO_TILES + "{z}/{x}/{y}.png"
    settings.MAP_TILES_URL = tiles  # the map page reads it per request
    # The lighter base map: drawing the 50m one cost ~0.45 s of every map page load, minutes a
    # run. The tests of the base map itself (expect_basemap_drawn) ask for the 50m one, the
    # map page's default, with `detailed_basemap`; the event page and the admin's map widget
    # always draw it.
    settings.MAP_BASEMAP = LIGHT_BASEMAP
    # The event page's small map takes django-leaflet's configuration, read once at import.
    monkeypatch.setitem(leaflet.app_settings, "TILES", [("Map", tiles, {"attribution": "Test"})])
    return live_server


@pytest.fixture
def detailed_basemap(site, settings) -> str:
    """The map page with its default base map (countries-50m), as `make run` serves it."""
    settings.MAP_BASEMAP = DEFAULT_BASEMAP
    return DEFAULT_BASEMAP


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture(scope="session")
def browser_context(browser) -> BrowserContext:
    """One context for the session: pages stay separate (each has its own history), while
    static files come from its cache after the first test. API answers carry no validators,
    so they are never cached."""
    # bypass_csp: Playwright's wait_for_function("<expression>") polls with eval(), which the
    # site's Content-Security-Policy (no 'unsafe-eval') refuses. The policy itself is tested in
    # tests/browser/test_csp.py, in a context of its own that does not bypass it.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
    refuse_off_machine(context)
    yield context
    context.close()


@pytest.fixture
def new_page(browser_context, page_log, site):
    """new_page(viewport) -> a new Page logging into page_log; closed after the test."""
    pages = []

    def make(viewport: dict | None = None) -> Page:
        page = browser_context.new_page()
        pages.append(page)
        page.set_viewport_size(viewport or DESKTOP)
        page.set_default_timeout(10_000)

        def on_console(message):
            if message.type != "error":
                return
            source = (message.location or {}).get("url", "")
            if NO_TILES in source or NO_TILES in message.text:
                return  # the base map's tiles fail on purpose
            page_log.console_errors.append(f"{message.text} ({source})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: page_log.console_errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: page_log.requests.append(request.url))
        return page

    yield make
    for page in pages:
        settle(page)
        page.close()


def settle(page: Page) -> None:
    """Leave a map page idle: playback paused and every request it wanted answered. The test's
    database is flushed next, and must not be flushed under a request the server is answering."""
    if page.is_closed() or not page.locator("#count").count():
        return
    page.evaluate("document.querySelector('#play[aria-pressed=\"true\"]')?.click()")
    page.wait_for_function(
        """() => {
          const html = document.documentElement;
          if (html.dataset.requests !== '0') return false;
          return html.dataset.mapState === 'error'
            || document.querySelector('#count').textContent.includes('(in CSV)');
        }"""
    )


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
