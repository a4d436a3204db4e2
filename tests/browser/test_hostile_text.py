"""Hostile text in a real browser (issue 6): an event whose every text field carries script and
HTML payloads (tests/support/hostile.py) is shown on the map (popup, legend, actor and event
lists), on its page, in a folium snapshot opened from file:// and in the admin, and nothing ever
runs.

"Nothing ran" is checked four ways on each page: `window.__pwned` (what every payload would set)
is undefined, no dialog opened, the Content-Security-Policy reported no violation (a payload that
became markup and tried to run would be blocked and reported), and no element the payloads
would create (an <img src=x>, an <svg onload>, an on* attribute) exists. The payloads must also
be visible, as text, where the field is shown.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from playwright.sync_api import BrowserContext, Page, expect

from conflictmap.browser import is_local
from events.api.params import event_filter_parse
from events.api.snapshot import snapshot_html
from tests.browser.conftest import DESKTOP, settle
from tests.browser.helpers import open_map
from tests.support.hostile import JS_URL, TEMPLATE, Hostile, hostile_event_create

pytestmark = pytest.mark.browser

# Recorded from the first script on, in every page of these tests.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""
CREATED_BY_PAYLOADS = "img[src='x'], svg[onload], [onerror], [onload]"


@pytest.fixture
def hostile(site) -> Hostile:
    """The hostile event, committed where the live server sees it (beside the seeds)."""
    return hostile_event_create()


def watch(page: Page) -> list[str]:
    """Start recording dialogs and CSP violations in this page; returns the dialogs' list."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.add_init_script(WATCH)
    return dialogs


def assert_nothing_ran(
    page: Page, dialogs: list[str], *, csp: bool = True, data_scripts: int = 0
) -> None:
    """`data_scripts`: scripts that hold the payloads as data (the snapshot's one)."""
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    if csp:
        assert page.evaluate("window.__violations") == []
    assert page.locator(CREATED_BY_PAYLOADS).count() == 0
    scripts = "[...document.scripts].map((s) => s.textContent).filter((t) => t.includes('pwned'))"
    mentioning = page.evaluate(scripts)
    assert len(mentioning) == data_scripts
    # A payload that ended a <script> early would leave a script of its own.
    assert not [t for t in mentioning if t.strip().startswith("window.__pwned")]


def texts(page: Page, selector: str) -> list[str]:
    """The exact textContent of each match (no whitespace folding: names start with a tab)."""
    return page.locator(selector).evaluate_all("els => els.map((el) => el.textContent)")


@pytest.fixture
def own_context(browser, site):
    """A browser context of its own (an admin login, file:// pages), local requests only."""
    contexts: list[BrowserContext] = []

    def make(allow=is_local) -> BrowserContext:
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        context.route(lambda url: not allow(url), lambda route: route.abort())
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        for page in context.pages:
            settle(page)
        context.close()


@pytest.mark.client_only
def test_map_popup_legend_and_lists_show_the_payloads_as_text(page, site, hostile):
    dialogs = watch(page)
    event = hostile.event
    open_map(page, site)

    # The event list: the summary and the place, as text.
    item = page.locator(f"#event-list li[data-id='{event.pk}']")
    expect(item).to_have_count(1)
    assert texts(page, f"#event-list li[data-id='{event.pk}'] .event-summary") == [event.summary]
    assert hostile.place.name in item.locator(".event-what").text_content()

    # The popup: every field of the event, as text.
    item.locator("button.event-show").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".popup-summary")).to_be_visible()
    assert texts(page, ".leaflet-popup-content .popup-summary") == [event.summary]
    assert texts(page, ".leaflet-popup-content blockquote") == [event.quote]
    assert texts(page, ".leaflet-popup-content cite") == [hostile.source.title]
    assert sorted(texts(page, ".leaflet-popup-content .popup-actor")) == sorted(
        a.name for a in hostile.actors.values()
    )
    place = texts(page, ".leaflet-popup-content .popup-facts dd")[0]
    assert place == f"{hostile.place.name}, Burkina Faso"
    # The source's javascript: URL is no link (the popup's only link is the event page).
    assert popup.locator("a[href^='javascript' i]").count() == 0
    assert JS_URL not in popup.evaluate("el => el.innerHTML")

    # The legend names the primary actor, as text.
    assert hostile.actors["actor1"].name in texts(page, ".legend .legend-name")

    # The actor facet: every name, and an alias when a search finds the actor by it.
    names = texts(page, "#actor-list .name")
    assert {a.name for a in hostile.actors.values()} <= set(names)
    page.locator("#actor-search").fill("=alias")
    expect(page.locator("#actor-list li")).to_have_count(1)
    assert texts(page, "#actor-list .alias") == [f" ({hostile.alias.alias})"]
    assert TEMPLATE in page.locator("#actor-list").text_content()  # never evaluated

    assert_nothing_ran(page, dialogs)


def test_event_page_shows_the_payloads_as_text(page, site, hostile):
    dialogs = watch(page)
    event = hostile.event
    page.goto(site.url + event.get_absolute_url())

    expect(page.locator(".summary")).to_be_visible()
    assert texts(page, ".summary") == [event.summary]
    assert texts(page, "blockquote") == [event.quote]
    assert texts(page, "figcaption cite") == [hostile.source.title]
    assert hostile.place.name in page.locator("h1").text_content()
    assert hostile.place.name in page.title()
    assert sorted(texts(page, ".actor-list li > a")) == sorted(
        a.name for a in hostile.actors.values()
    )
    assert texts(page, ".actor-list .alias") == [hostile.alias.alias]
    # No link to the source's javascript: URL, and no cite attribute holding it.
    assert page.locator("a[href^='javascript' i], [cite^='javascript' i]").count() == 0
    expect(page.locator("#event-map path")).not_to_have_count(0)  # the page's own script ran

    assert_nothing_ran(page, dialogs)


@pytest.mark.client_only
def test_snapshot_opened_from_a_file_runs_no_payload(own_context, site, hostile, tmp_path):
    """The snapshot from file://, as offline: its libraries are inside it (snapshot_page.py),
    and nothing else is requested. The legend is folium's static HTML; each popup is
    bound and opened as folium's TimestampedGeoJson does it (layer.bindPopup(properties.popup)),
    and a control popup with a live payload proves such a payload would have been noticed."""
    html = snapshot_html(event_filter_parse(QueryDict("")), base_url=site.url)
    path = tmp_path / "snapshot.html"
    path.write_text(html, encoding="utf-8")
    start = html.find('{"type": "FeatureCollection"')
    data, _ = json.JSONDecoder().raw_decode(html, start)

    context = own_context(allow=lambda url: is_local(url) or url.startswith("file:"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs = watch(page)
    page.goto(path.as_uri())

    # folium's legend, with the hostile actor's name and count as text.
    legend = page.evaluate("document.body.textContent")
    assert f"{hostile.actors['actor1'].name} (1)" in legend
    assert page.evaluate("typeof L") == "object"  # Leaflet loaded (inlined)

    opened = page.evaluate(
        """(data) => {
          const map = L.map(document.body.appendChild(document.createElement("div")), {
            center: [0, 0], zoom: 2,
          });
          const texts = [];
          L.geoJson(data, {
            onEachFeature: (feature, layer) => {
              if (feature.properties.popup) layer.bindPopup(feature.properties.popup);
            },
          }).eachLayer((layer) => {
            layer.addTo(map).openPopup();
            texts.push(layer.getPopup().getElement().textContent);
          });
          // The control: a payload left live, which must be noticed.
          const live = '<img src="x" onerror="window.__control=1">';
          L.popup().setLatLng([0, 0]).setContent(live).openOn(map);
          return texts;
        }""",
        data,
    )
    page.wait_for_function("() => window.__control === 1")

    assert len(opened) == len(data["features"]) == 7  # the seeds' six and the hostile one
    hostile_popup = next(t for t in opened if hostile.event.summary in t)
    for value in (hostile.event.quote, hostile.place.name, hostile.source.title, TEMPLATE):
        assert value in hostile_popup
    page.evaluate("document.querySelectorAll('img[src=\"x\"]').forEach((el) => el.remove())")
    # file:// pages have no CSP; the other checks hold.
    assert_nothing_ran(page, dialogs, csp=False, data_scripts=1)


def test_admin_pages_show_the_payloads_as_text(own_context, site, hostile):
    get_user_model().objects.create_user(
        "hostile-curator", password="hostile-pass-123-xyz", is_staff=True, is_superuser=True
    )
    page = own_context().new_page()
    page.set_default_timeout(10_000)
    dialogs = watch(page)
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "hostile-curator")
    page.fill("#id_password", "hostile-pass-123-xyz")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("hostile-curator")
    event, actor = hostile.event, hostile.actors["actor1"]

    page.goto(site.url + "/admin/events/event/?country_code=BF")
    assert hostile.actors["actor2"].name in page.locator("#result_list").text_content()
    assert_nothing_ran(page, dialogs)

    page.goto(site.url + f"/admin/events/event/{event.pk}/change/")
    expect(page.locator("#id_summary")).to_have_value(event.summary)
    expect(page.locator("#id_quote")).to_have_value(event.quote)
    # (A browser drops line breaks from a one-line input's value: the leading CR.)
    expect(page.locator("#id_place_name")).to_have_value(event.place_name.replace("\r", ""))
    # The autocomplete widgets (select2) show the chosen place and actors as text ...
    assert (
        str(hostile.place)
        in page.locator(".field-place .select2-selection__rendered").text_content()
    )
    shown = page.locator(".select2-selection__rendered").evaluate_all(
        "els => els.map(e => e.title)"
    )
    assert {a.name for a in hostile.actors.values()} <= set(shown)
    # ... and their search results too.
    page.locator(".field-place .select2-selection").click()
    page.locator(".select2-search__field").fill("pwned")
    options = page.locator(".select2-results__option:not(.loading-results)")
    expect(options).to_have_text([str(hostile.place)])  # the one place the search finds
    page.keyboard.press("Escape")
    assert_nothing_ran(page, dialogs)

    page.goto(site.url + f"/admin/events/actor/{actor.pk}/change/")
    expect(page.locator("#id_name")).to_have_value(actor.name)
    expect(page.locator("#id_description")).to_have_value(actor.description)
    expect(page.locator("#id_aliases-0-alias")).to_have_value(hostile.alias.alias)
    assert_nothing_ran(page, dialogs)

    page.goto(site.url + f"/admin/events/place/{hostile.place.pk}/change/")
    expect(page.locator("#id_name")).to_have_value(hostile.place.name)
    expect(page.locator("#id_admin1")).to_have_value(hostile.place.admin1)
    assert_nothing_ran(page, dialogs)

    page.goto(site.url + f"/admin/events/source/{hostile.source.pk}/change/")
    expect(page.locator("#id_title")).to_have_value(hostile.source.title)
    expect(page.locator("#id_text")).to_have_value(hostile.source.text)
    expect(page.locator("#id_url")).to_have_value(JS_URL)
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert_nothing_ran(page, dialogs)
