"""A staff-only dataset in a real browser (issue 14): an ACLED import is not on the public map,
nor its events' pages, until a curator publishes the dataset in the admin; then its events are
there, with ACLED's attribution in the map's footer and on each event's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from events.models import Event
from events.services.imports.acled import events_import_acled
from tests.browser.helpers import expect_count, open_map, signed_in_page
from tests.support.csvfiles import ACLED_SMALL

pytestmark = pytest.mark.browser

CITATION = "Armed Conflict Location & Event Data (ACLED)"


def test_a_staff_only_dataset_reaches_the_public_map_only_once_a_curator_publishes_it(
    browser, site, staff_user, new_page
):
    events_import_acled(ACLED_SMALL, progress=False)
    acled = Event.objects.filter(dataset="acled")
    located, unlocated = acled.filter(location__isnull=False).count(), acled.unlocated().count()
    event = acled.filter(location__isnull=False).first()
    assert located > 0

    page = new_page()
    open_map(page, site)
    expect_count(page, 6, 2)  # the seeds' events only
    expect(page.locator("#data-credits")).not_to_contain_text("ACLED")
    assert page.goto(f"{site.url}/events/{event.pk}/").status == 404

    curator = signed_in_page(browser, site, staff_user)
    curator.goto(f"{site.url}/admin/events/dataset/")
    row = curator.locator("#result_list tr", has_text="ACLED")
    expect(row).to_contain_text("Staff only")
    row.locator('input[name="_selected_action"]').check()
    curator.locator('select[name="action"]').select_option("publish")
    curator.locator('button[name="index"]').click()
    curator.wait_for_load_state()
    expect(curator.locator(".messagelist .success")).to_contain_text("Now public: ACLED")
    curator.context.close()

    open_map(page, site)
    expect_count(page, 6 + located, 2 + unlocated)
    credits = page.locator("#data-credits")
    expect(credits).to_contain_text(CITATION)
    expect(credits.locator('a[href="https://acleddata.com/"]')).to_have_count(1)
    assert page.goto(f"{site.url}/events/{event.pk}/").status == 200
    expect(page.locator(".data-credits")).to_contain_text(CITATION)
