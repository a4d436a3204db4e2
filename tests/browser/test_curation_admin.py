"""Curation in a real browser, as a curator does it in the admin: a draft moved to another
country follows everywhere, the Status field records who verified, a revert from History takes
back an actor added since, and publishing the ingest's placeholder is refused on the form."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from events.models import Actor, Event
from events.services.events import event_set_actors
from tests.browser.helpers import signed_in_page
from tests.support.curation import draft_make, gazetteer_place

pytestmark = pytest.mark.browser

QUOTE = (
    "Warplanes struck the outskirts of the town on Tuesday, residents said, in the third "
    "raid this week; the monitor counted no casualties."
)


@pytest.fixture
def curator(browser, site, staff_user, page_log):
    """A page signed in as the staff curator, in a browser context of its own (its session
    cookie stays out of the other tests' shared context)."""
    page = signed_in_page(browser, site, staff_user)
    page.on("pageerror", lambda error: page_log.console_errors.append(f"uncaught: {error}"))
    yield page
    page.context.close()


@pytest.fixture
def jp_draft(site):
    """A draft as ingest stores it: placed at Naha (JP), its links a version of their own."""
    event = draft_make(place=gazetteer_place("Naha", "JP"), quote=QUOTE)
    event_set_actors(event=event, roles=[(Actor.objects.get(slug="syria"), "actor1")])
    return event


def open_change_form(page: Page, site, event: Event) -> None:
    page.goto(f"{site.url}/admin/events/event/{event.pk}/change/")
    expect(page.locator("#event_form")).to_be_visible()


def autocomplete(page: Page, select_id: str, typed: str, option: str) -> None:
    """Pick `option` in the admin's autocomplete (select2) for the <select> `select_id`."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def save(page: Page, button: str = "_continue") -> None:
    page.locator(f'input[name="{button}"]').click()
    page.wait_for_load_state()


def test_a_draft_moved_to_a_syrian_place_is_in_syria_everywhere(curator, site, jp_draft):
    nawa = gazetteer_place("Nawa", "SY")
    open_change_form(curator, site, jp_draft)

    autocomplete(curator, "id_place", "Naw", "Nawá (SY)")
    save(curator, "_save")

    expect(curator.locator(".messagelist .success")).to_be_visible()
    row = curator.locator(f'#result_list tr:has(a[href*="/{jp_draft.pk}/change/"])')
    expect(row.locator(".field-country_code")).to_have_text("SY")
    expect(row.locator(".field-where")).to_have_text("Nawá (SY)")
    features = curator.request.get(f"{site.url}/api/events.geojson?status=draft").json()
    (feature,) = [f for f in features["features"] if f["id"] == jp_draft.pk]
    assert feature["properties"]["country"] == "SY"
    assert feature["geometry"]["coordinates"] == pytest.approx([nawa.point.x, nawa.point.y])
    text = curator.request.get(f"{site.url}/api/events.csv?status=draft").text()
    (line,) = [r for r in csv.DictReader(io.StringIO(text)) if r["event_id"] == f"cm-{jp_draft.pk}"]
    assert (line["iso2"], line["country"]) == ("SY", "Syria")


def test_the_status_field_records_the_curator_as_verifier(curator, site, jp_draft, staff_user):
    open_change_form(curator, site, jp_draft)

    curator.locator("#id_summary").fill("An air strike on Naha, as the report tells it.")
    curator.locator("#id_status").select_option("verified")
    save(curator)

    expect(curator.locator(".messagelist .success")).to_be_visible()
    verified_by = curator.locator(".fieldBox.field-verified_by .readonly")
    expect(verified_by).to_have_text(staff_user.username)
    jp_draft.refresh_from_db()
    assert jp_draft.status == Event.Status.VERIFIED and jp_draft.verified_by == staff_user


def test_an_actor_added_then_reverted_from_history_is_gone(curator, site, jp_draft):
    # Civilians: one of ACLED's generic actors the seeds load (seeds/generic_actors.json).
    open_change_form(curator, site, jp_draft)
    autocomplete(curator, "id_event_actors-1-actor", "Civil", "Civilians")
    curator.locator("#id_event_actors-1-role").select_option("actor2")
    save(curator)
    assert {ea.actor.name for ea in jp_draft.event_actors.all()} == {
        "Military Forces of Syria",
        "Civilians",
    }

    curator.get_by_role("link", name="History").click()
    history = curator.locator("#change-history")
    expect(history.locator("tbody tr").first).to_contain_text("Civilians (Actor 2)")
    expect(history.locator("tbody tr").first).to_contain_text("curator")
    history.locator("tbody tr").nth(1).locator("a").first.click()
    save(curator, "_save")

    expect(curator.locator(".messagelist .success")).to_be_visible()
    assert [ea.actor.name for ea in jp_draft.event_actors.all()] == ["Military Forces of Syria"]


def test_verifying_the_placeholder_summary_is_refused_on_the_form(curator, site, jp_draft):
    open_change_form(curator, site, jp_draft)

    curator.locator("#id_status").select_option("verified")
    save(curator)

    expect(curator.locator(".errornote")).to_be_visible()
    expect(curator.locator(".errorlist.nonfield")).to_contain_text(
        "the summary is still the ingest's placeholder"
    )
    jp_draft.refresh_from_db()
    assert jp_draft.status == Event.Status.DRAFT and jp_draft.verified_by is None


def test_the_drafts_list_shows_summary_quote_and_status_at_1366_px(curator, site, jp_draft):
    curator.goto(f"{site.url}/admin/events/event/?status__exact=draft")

    row = curator.locator(f'#result_list tr:has(a[href*="/{jp_draft.pk}/change/"])')
    cell = row.locator(".field-summary_text")
    expect(cell.locator(".cm-placeholder")).to_contain_text("Draft from ingest")
    expect(cell.locator(".cm-quote")).to_contain_text("Warplanes struck the outskirts")
    expect(row.locator(".field-status")).to_have_text("Draft")
    for column in ("status", "what", "where", "country_code", "actor_list", "summary_text"):
        expect(row.locator(f".field-{column}")).to_be_in_viewport(ratio=1)
