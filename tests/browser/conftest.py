"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's live
server, with the seeds loaded and a tile URL on the live server that answers 404 (so the page is
tested as it must work offline: no base map, everything else intact).

Every page records its console errors and every URL it requests; anything not on this machine is
aborted at the network layer (and still recorded, so a test can see it was attempted).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import leaflet
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from events.seeds import seeds_load

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
NO_TILES = "/no-tiles/"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class PageLog:
    """What a page did: console errors (and uncaught exceptions) and every request URL."""

    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[str]:
        return list(self.console_errors)


def pytest_collection_modifyitems(session, config, items):
    """Browser tests run last: while Playwright's sync API is up, its event loop runs in this
    thread, and Django refuses ORM calls there. Running them last keeps that away from every
    other test; the browser closes before the test databases are torn down."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


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
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
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
    # The event page's small map takes django-leaflet's configuration, read once at import.
    monkeypatch.setitem(leaflet.app_settings, "TILES", [("Map", tiles, {"attribution": "Test"})])
    return live_server


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def new_page(browser, page_log, site):
    """new_page(viewport) -> a Page logging into page_log; its context closes after the test."""
    contexts = []

    def make(viewport: dict | None = None) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP, locale="en-GB")
        contexts.append(context)
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page = context.new_page()
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
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
