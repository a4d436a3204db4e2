"""The map page's states in Chromium (issue 16): the API's 400 message for a link it refuses, the
offline banner that clears stale markers, the loading sign over the map, the playback speed, the
embed page and its dialog, framing allowed for the embed page only, and the branded 404."""

from __future__ import annotations

import datetime as dt
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test.testcases import QuietWSGIRequestHandler
from playwright.sync_api import Frame, Page, expect

from events.domain.filters import ERR_DATE
from tests.browser.conftest import DESKTOP, refuse_off_machine
from tests.browser.helpers import COUNT_RE, DRAWN_MARKERS_JS, expect_drawn_markers, open_map

pytestmark = pytest.mark.browser


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def drawn(page: Page) -> int:
    return page.evaluate(f"({DRAWN_MARKERS_JS})()")


@pytest.mark.client_only
def test_a_link_with_a_bad_date_shows_the_apis_own_message(page, site):
    page.goto(site.url + "/?date_from=banana&country=SY")
    alert = page.locator("#link-error")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text(f"date_from: {ERR_DATE}")
    # The page goes on without the value it could not use, and says so; the rest stays.
    expect(alert).to_contain_text("without it")
    expect(page.locator("#count")).to_have_text(COUNT_RE)
    query = query_of(page)
    assert query["country"] == ["SY"] and "date_from" not in query
    page.get_by_role("button", name="Dismiss").click()
    expect(alert).to_be_hidden()


@pytest.mark.client_only
def test_a_good_link_shows_no_such_alert(page, site):
    open_map(page, site, "date_from=2017-01-01")
    expect(page.locator("#link-error")).to_be_hidden()


@pytest.mark.client_only
def test_offline_a_banner_says_so_and_the_stale_markers_are_cleared(page, site, browser_context):
    open_map(page, site)
    assert int(page.locator("#map").get_attribute("data-markers")) > 0
    try:
        browser_context.set_offline(True)
        # A filter never asked for before: its answers cannot come.
        page.locator("#type-list input").first.check()
        banner = page.locator("#offline")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("offline")
        expect(page.locator("#count")).to_have_text("No events loaded")
        expect(page.locator("#map")).to_have_attribute("data-markers", "0")
        page.wait_for_function(f"({DRAWN_MARKERS_JS})() === 0")
        expect(page.locator("#event-list li")).to_have_count(0)
        expect(page.locator("#error")).to_be_hidden()  # the banner says it, once
    finally:
        browser_context.set_offline(False)
    # Back online, the page asks again by itself: the banner goes, the markers come back.
    expect(page.locator("#offline")).to_be_hidden()
    expect(page.locator("#count")).to_have_text(COUNT_RE)
    assert drawn(page) == int(page.locator("#count").get_attribute("data-shown"))


@pytest.mark.client_only
def test_the_map_shows_a_loading_sign_while_a_request_is_out(page, site):
    held = []
    holding = True

    def hold(route):
        if holding:
            held.append(route)
        else:
            route.continue_()

    page.route("**/api/timeline.json*", hold)
    page.goto(site.url + "/")
    loading = page.locator("#map-loading")
    expect(loading).to_be_visible()
    expect(loading).to_have_attribute("role", "status")
    expect(loading).to_contain_text("Loading events")
    expect(page.locator("#map")).to_have_attribute("aria-busy", "true")
    holding = False
    for route in held:
        route.continue_()
    expect(page.locator("#count")).to_have_text(COUNT_RE)
    expect(loading).to_be_hidden()
    expect(page.locator("#map")).not_to_have_attribute("aria-busy", "true")


def window_of(page: Page) -> list:
    return page.evaluate("[window.conflictMap.state.date_from, window.conflictMap.state.date_to]")


@pytest.mark.client_only
def test_the_playback_speed_sets_the_time_between_steps(page, site):
    open_map(page, site)
    speed = page.get_by_label("Speed")
    expect(speed).to_have_value("1")
    expect(page.locator("#play")).to_have_attribute("data-interval", "700")
    # Fake timers from here on: time moves only when the test says, so the steps are counted in
    # the page's own clock, not measured.
    page.clock.install()
    now = page.evaluate("Date.now()") / 1000
    page.clock.pause_at(dt.datetime.fromtimestamp(now + 1, tz=dt.UTC))
    try:
        page.locator("#play").click()
        expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
        first = window_of(page)
        page.clock.run_for(400)
        assert window_of(page) == first  # at 1x, no step before 700 ms
        page.clock.run_for(310)
        assert window_of(page) != first
        page.locator("#play").click()  # pause

        speed.select_option("4")
        expect(page.locator("#play")).to_have_attribute("data-interval", "175")
        assert query_of(page)["speed"] == ["4"]
        page.locator("#play").click()
        expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
        first = window_of(page)
        page.clock.run_for(150)
        assert window_of(page) == first
        page.clock.run_for(30)
        assert window_of(page) != first  # at 4x, a step within 175 ms
        page.locator("#play").click()
    finally:
        page.clock.resume()
    # The speed is part of the link: opened again, the page plays at it.
    open_map(page, site, "speed=4")
    expect(speed).to_have_value("4")
    expect(page.locator("#play")).to_have_attribute("data-interval", "175")


@pytest.mark.client_only
def test_the_embed_page_shows_only_the_map_and_the_timeline(page, site):
    open_map(page, site, "embed=1&country=SY")
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator(".timeline")).to_be_visible()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    for hidden in (".site-header", "#panel", "#event-list", "#embed-open"):
        expect(page.locator(hidden)).to_be_hidden()
    expect_drawn_markers(page, int(page.locator("#count").get_attribute("data-shown")))
    # The map fills the frame beside the timeline: nothing scrolls.
    box = page.locator("#map").bounding_box()
    assert box["width"] >= DESKTOP["width"] - 2 and box["height"] > DESKTOP["height"] / 2
    assert page.evaluate("document.scrollingElement.scrollHeight") <= DESKTOP["height"]
    # The page's own rewriting of its URL keeps it the embed page; its links leave the frame.
    assert query_of(page)["embed"] == ["1"]
    assert page.evaluate("document.querySelector('base').target") == "_blank"
    # At the size of the dialog's iframe (narrower than the page's two-column layout) too.
    page.set_viewport_size({"width": 800, "height": 600})
    expect(page.locator("#panel")).to_be_hidden()
    page.wait_for_function("document.querySelector('#map').getBoundingClientRect().width >= 798")
    box = page.locator("#map").bounding_box()
    assert box["height"] > 300
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 600
    expect(page.locator(".timeline")).to_be_in_viewport()


@pytest.mark.client_only
def test_the_embed_dialog_gives_the_iframe_code_of_the_current_view(page, site, browser_context):
    open_map(page, site, "country=SY")
    page.get_by_role("button", name="Embed").click()
    dialog = page.get_by_role("dialog", name="Embed this map")
    expect(dialog).to_be_visible()
    code = page.locator("#embed-code").input_value()
    match = re.fullmatch(r'<iframe src="([^"]+)" title="[^"]+" width="800" height="600".*', code)
    assert match, code
    src = match.group(1).replace("&amp;", "&")
    parts = urlsplit(src)
    assert f"{parts.scheme}://{parts.netloc}" == site.url
    query = parse_qs(parts.query)
    assert query["embed"] == ["1"] and query["country"] == ["SY"] and "view" in query
    expect(dialog).to_contain_text("EMBED_ALLOWED_ORIGINS")  # none listed: it says who decides

    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    try:
        page.get_by_role("button", name="Copy code").click()
        expect(page.locator("#embed-copied")).to_have_text("Copied.")
        assert page.evaluate("navigator.clipboard.readText()") == code
    finally:
        browser_context.clear_permissions()
    page.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # The code's address opens the embed page of that filter.
    open_map(page, site, parts.query)
    expect(page.locator("#panel")).to_be_hidden()
    assert query_of(page)["country"] == ["SY"]


@pytest.fixture
def embedder(site, monkeypatch):
    """Another site's page that frames ours: a server of its own on this machine (another
    origin). Chromium lets no public page frame a local one at all, so a page the test fakes
    (a public origin) would prove nothing about our policy."""
    # Chromium opens a spare connection to the framed site that it may never use; the live
    # server answers one connection at a time, so an idle one is dropped after a while instead
    # of holding every other request up.
    monkeypatch.setattr(QuietWSGIRequestHandler, "timeout", 2)
    body = EMBEDDING_PAGE.format(url=site.url).encode()

    class Newsroom(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Newsroom)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def leave(page: Page) -> None:
    """The framed map idle before the test's database goes (see conftest.settle)."""
    frame = page.frame(url=re.compile(r".*embed=1.*"))
    if frame and frame.locator("#count").count():
        frame.wait_for_function(
            "() => document.documentElement.dataset.requests === '0'"
            " && document.querySelector('#count').textContent.includes('(in CSV)')"
        )
    page.goto("about:blank")


def framed(page: Page, name: str) -> Frame:
    """The frame of the iframe named `name`. Looked up through its element: a frame the policy
    refused shows Chromium's error page, and Playwright no longer lists it under its name."""
    frame = page.locator(f"iframe[name={name}]").element_handle().content_frame()
    assert frame is not None, f"no frame in iframe[name={name}]"
    return frame


def embedding_page(browser, embedder):
    """The embedder's page, in a context that enforces the policy (no bypass_csp)."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    refuse_off_machine(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{embedder}/newsroom/", wait_until="domcontentloaded")
    return context, page


EMBEDDING_PAGE = """<!doctype html><title>A newsroom's page</title>
<iframe name="embed" src="{url}/?embed=1" width="800" height="500"></iframe>
<iframe name="plain" src="{url}/" width="800" height="500"></iframe>
<iframe name="event" src="{url}/api/openapi.json" width="800" height="100"></iframe>"""


@pytest.mark.client_only
def test_only_the_embed_page_can_be_framed_and_only_by_a_listed_origin(
    browser, site, settings, embedder
):
    """In a browser that enforces the policy (no bypass_csp): a listed origin's page frames the
    embed page; the map page itself stays blank in its frame."""
    settings.EMBED_ALLOWED_ORIGINS = [embedder]
    context, page = embedding_page(browser, embedder)
    try:
        embed = page.frame_locator("iframe[name=embed]")
        expect(embed.locator("#count")).to_have_text(COUNT_RE)
        expect(embed.locator("#map")).to_be_visible()
        page.wait_for_load_state("load", timeout=30_000)
        for name in ("plain", "event"):
            frame = framed(page, name)
            assert frame.locator("#map").count() == 0 and "openapi" not in frame.content(), name
            assert not frame.url.startswith(site.url), frame.url  # Chromium's error page
    finally:
        leave(page)
        context.close()


@pytest.mark.client_only
def test_an_unlisted_origin_cannot_frame_the_embed_page(browser, site, settings, embedder):
    settings.EMBED_ALLOWED_ORIGINS = ["https://someone-else.example"]
    context, page = embedding_page(browser, embedder)
    try:
        page.wait_for_load_state("load", timeout=30_000)
        embed = framed(page, "embed")
        assert embed.locator("#map").count() == 0
        assert not embed.url.startswith(site.url), embed.url
    finally:
        leave(page)
        context.close()


@pytest.mark.client_only
def test_a_missing_page_is_the_branded_404_that_leads_to_the_map(page, site):
    response = page.goto(site.url + "/no/such/page/")
    assert response.status == 404
    expect(page).to_have_title("Page not found · ConflictMap")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.get_by_role("link", name="Go to the map").click()
    expect(page.locator("#count")).to_have_text(COUNT_RE)
