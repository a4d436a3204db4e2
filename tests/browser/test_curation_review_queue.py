"""The review queue in a real browser, as a curator works it with the keyboard: move between
drafts, verify a finished one (it leaves the queue, verified by that curator), try to verify one
whose summary is still the placeholder (the service's refusal shows, nothing changes), reject
one; keys typed into the search box stay there; the page fits 1366 px and runs under the CSP."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from events.models import Actor, Event, Source
from tests.browser.helpers import signed_in_page
from tests.support.curation import PLACEHOLDER, draft_make, gazetteer_place

pytestmark = pytest.mark.browser

QUOTE = "Warplanes struck Nawa on Tuesday, killing 3 civilians, the monitor said."
HOSTILE = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">'


@pytest.fixture
def curator(browser, site, staff_user, page_log):
    """A page signed in as the staff curator (1366 px wide), in a browser context of its own,
    recording uncaught errors and any dialog (an injected alert() would open one)."""
    page = signed_in_page(browser, site, staff_user)
    page.on("pageerror", lambda error: page_log.console_errors.append(f"uncaught: {error}"))
    page.on("dialog", lambda dialog: page_log.console_errors.append(f"dialog: {dialog.message}"))
    yield page
    page.context.close()


@pytest.fixture
def drafts(site):
    """Three drafts, the queue's order being their reports' (newest first): a finished one, one
    still with the placeholder, one to reject (its summary and report title hostile)."""
    syria = Actor.objects.get(slug="syria")
    nawa = gazetteer_place("Nawa", "SY")

    def make(title: str, day: int, **fields) -> Event:
        source = Source.objects.create(title=title, published=dt.date(2017, 1, day))
        return draft_make(
            place=nawa, actors=[(syria, "actor1")], quote=QUOTE, source=source, **fields
        )

    return {
        "finished": make(
            "First report",
            20,
            summary="Air strikes on Nawa, per the monitor.",
            extraction={"mentions": [{"trigger": "struck", "reasons": ["trigger 'struck'"]}]},
        ),
        "placeholder": make("Second report", 19, summary=PLACEHOLDER),
        "hostile": make(HOSTILE, 18, summary=HOSTILE),
    }


def open_queue(page: Page, site) -> None:
    page.goto(f"{site.url}/admin/events/draftevent/")
    expect(page.locator("#cm-review-keys")).to_have_attribute("data-ready", "true")


def current_row(page: Page):
    return page.locator("#result_list tbody tr.cm-current")


def expect_current(page: Page, event: Event) -> None:
    expect(current_row(page).locator("input.action-select")).to_have_value(str(event.pk))


def test_a_curator_moves_verifies_is_refused_and_rejects_with_the_keyboard(
    curator, site, drafts, staff_user, page_log
):
    open_queue(curator, site)
    expect(curator.locator("#cm-review-keys")).to_contain_text("v verify")
    expect_current(curator, drafts["finished"])
    curator.keyboard.press("j")
    expect_current(curator, drafts["placeholder"])
    curator.keyboard.press("ArrowDown")
    expect_current(curator, drafts["hostile"])
    curator.keyboard.press("k")
    curator.keyboard.press("ArrowUp")
    expect_current(curator, drafts["finished"])

    curator.keyboard.press("v")  # the finished draft: published, out of the queue

    expect(curator.locator(".messagelist .success")).to_have_text("1 event(s) verified.")
    expect(curator.locator("#result_list tbody tr")).to_have_count(2)
    finished = Event.objects.get(pk=drafts["finished"].pk)
    assert finished.status == Event.Status.VERIFIED and finished.verified_by == staff_user
    expect_current(curator, drafts["placeholder"])  # the next draft moved into its row

    curator.keyboard.press("v")  # the placeholder: the service refuses, and says why

    error = curator.locator(".messagelist .error")
    expect(error).to_contain_text(f"Event #{drafts['placeholder'].pk}")
    expect(error).to_contain_text("the summary is still the ingest's placeholder")
    expect(curator.locator("#result_list tbody tr")).to_have_count(2)
    placeholder = Event.objects.get(pk=drafts["placeholder"].pk)
    assert placeholder.status == Event.Status.DRAFT and placeholder.verified_by is None

    curator.keyboard.press("n")
    expect_current(curator, drafts["hostile"])
    curator.keyboard.press("r")

    expect(curator.locator(".messagelist .success")).to_have_text("1 event(s) rejected.")
    expect(curator.locator("#result_list tbody tr")).to_have_count(1)
    assert Event.objects.get(pk=drafts["hostile"].pk).status == Event.Status.REJECTED
    assert page_log.console_errors == []


def test_keys_typed_in_the_search_box_are_the_search_boxs(curator, site, drafts):
    open_queue(curator, site)

    curator.locator("#searchbar").press_sequentially("verve")  # v, r, e: no action taken

    expect(curator.locator("#searchbar")).to_have_value("verve")
    expect_current(curator, drafts["finished"])
    assert Event.objects.filter(status=Event.Status.DRAFT).count() == 3


def test_o_opens_the_current_draft_in_the_event_form(curator, site, drafts):
    open_queue(curator, site)
    curator.keyboard.press("j")

    curator.keyboard.press("o")

    expect(curator).to_have_url(f"{site.url}/admin/events/event/{drafts['placeholder'].pk}/change/")
    expect(curator.locator("#id_summary")).to_have_value(PLACEHOLDER)


def test_the_queue_fits_1366_px_shows_hostile_text_as_text_and_marks_words(
    curator, site, drafts, page_log
):
    open_queue(curator, site)

    assert curator.viewport_size["width"] == 1366
    widths = curator.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the queue scrolls sideways: {widths}"
    marked = curator.locator("#result_list tbody tr").first.locator("mark.cm-trigger")
    expect(marked).to_have_text("struck")
    row = curator.locator("#result_list tbody tr").nth(2)
    expect(row.locator(".cm-placeholder, .cm-summary")).to_have_text(HOSTILE)
    expect(row.locator(".cm-report")).to_contain_text(HOSTILE)
    assert curator.evaluate("() => window.__pwned") is None
    assert curator.locator("#result_list img").count() == 0
    assert page_log.console_errors == []
