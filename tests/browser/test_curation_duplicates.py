"""Corroboration in a real browser, as a curator does it (issue 14): two real reports of the
Odesa strike of 15 March 2024 are pasted in as sources and extracted; the second draft shows
"same as #N"; accepting it leaves one event with two sources, on its admin page and on the public
event page. Then two reports of the Kharkiv drone strike of 10 February 2024 are merged from the
possible-duplicates view. (The reports are real: seeds/corroboration/pairs.json.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from events.models import Event, EventSource, Source
from tests.browser.helpers import signed_in_page
from tests.support.corroboration import ingest_pair_report, pair_report

pytestmark = pytest.mark.browser


@pytest.fixture
def curator(browser, site, staff_user, page_log):
    page = signed_in_page(browser, site, staff_user)
    page.on("pageerror", lambda error: page_log.console_errors.append(f"uncaught: {error}"))
    yield page
    page.context.close()


def paste_source(page: Page, site, key: str) -> None:
    """Add a Source in the admin, as a curator pastes a report in."""
    report = pair_report(key)
    page.goto(f"{site.url}/admin/events/source/add/")
    page.locator("#id_title").fill(report["title"])
    page.locator("#id_publisher").fill(report["publisher"])
    page.locator("#id_url").fill(report["url"])
    page.locator("#id_published").fill(report["published"])
    page.locator("#id_text").fill(report["text"])
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def extract(page: Page, site, source: Source) -> None:
    page.goto(f"{site.url}/admin/events/source/")
    row = page.locator(f'#result_list tr:has(a[href*="/{source.pk}/change/"])')
    row.locator('input[name="_selected_action"]').check()
    page.locator('select[name="action"]').select_option("extract_events")
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist .success")).to_contain_text("draft event(s) created")


def strike_of(source: Source) -> Event:
    return Event.objects.get(source=source, event_type="Explosions/Remote violence")


def test_a_second_report_of_a_strike_becomes_a_second_source_of_it(curator, site, page_log):
    keys = ("politico-odesa-2024-03-15", "ap-odesa-2024-03-15")
    for key in keys:
        paste_source(curator, site, key)
    first_source, second_source = (Source.objects.get(url=pair_report(k)["url"]) for k in keys)
    extract(curator, site, first_source)
    extract(curator, site, second_source)
    first, second = strike_of(first_source), strike_of(second_source)

    curator.goto(f"{site.url}/admin/events/event/{second.pk}/change/")
    same_as = curator.locator(".field-same_as .readonly")
    expect(same_as).to_contain_text(f"Same as #{first.pk}")
    same_as.get_by_role("button", name=f"Accept: one more source of #{first.pk}").click()
    curator.wait_for_load_state()

    expect(curator.locator(".messagelist .success")).to_contain_text("one more source")
    assert curator.url.endswith(f"/admin/events/event/{first.pk}/change/")
    inline = curator.locator("#event_sources-group")
    expect(inline.locator("tr.form-row.has_original")).to_have_count(2)
    expect(inline).to_contain_text("First responders who arrived at the scene")
    second.refresh_from_db()
    assert second.status == Event.Status.REJECTED and second.merged_into_id == first.pk
    assert EventSource.objects.filter(event=first).count() == 2

    curator.goto(f"{site.url}/events/{first.pk}/")
    expect(curator.locator("#source-heading")).to_have_text("Sources (2)")
    expect(curator.locator(".event-source")).to_have_count(2)
    expect(curator.locator(".quote")).to_contain_text("Politico Europe")
    expect(curator.locator(".quote")).to_contain_text("Associated Press")
    assert page_log.console_errors == []


def test_two_reports_are_merged_from_the_possible_duplicates_view(curator, site):
    survivor = ingest_pair_report("independent-kharkiv-2024-02-10")
    merged = ingest_pair_report("euromaidan-kharkiv-2024-02-10")

    curator.goto(f"{site.url}/admin/events/event/duplicates/")
    row = curator.locator(f'tr.cm-duplicate[data-survivor="{survivor.pk}"]')
    expect(row).to_have_attribute("data-other", str(merged.pk))
    row.get_by_role("button", name=f"Merge #{merged.pk} into #{survivor.pk}").click()
    curator.wait_for_load_state()

    expect(curator.locator(".messagelist .success")).to_contain_text(
        f"Event #{merged.pk} merged into #{survivor.pk}"
    )
    expect(curator.locator("#no-duplicates")).to_be_visible()
    merged.refresh_from_db()
    assert merged.status == Event.Status.REJECTED and merged.merged_into_id == survivor.pk
    curator.goto(f"{site.url}/admin/events/event/{survivor.pk}/change/")
    expect(curator.locator("#event_sources-group tr.form-row.has_original")).to_have_count(2)
    curator.goto(f"{site.url}/admin/events/event/{merged.pk}/change/")
    expect(curator.locator(".field-same_as .readonly")).to_contain_text(
        f"Merged into event #{survivor.pk}"
    )
