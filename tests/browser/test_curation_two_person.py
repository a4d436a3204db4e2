"""The two-person rule in a real browser (VERIFY_REQUIRES=2): one curator verifies a draft with
the Status field and is told it needs another curator; the event stays hidden from anonymous
visitors; a second curator finds it under "Awaiting a second verification", verifies it with the
bulk action, and it is public."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from events.models import Actor, Event
from tests.browser.helpers import signed_in_page
from tests.support.curation import draft_make, gazetteer_place

pytestmark = pytest.mark.browser


@pytest.fixture
def two_curators(browser, site, staff_user, settings):
    settings.VERIFY_REQUIRES = 2
    second = get_user_model().objects.create_user(
        "second", password="second-pass-123", is_staff=True, is_superuser=True
    )
    pages = [signed_in_page(browser, site, user) for user in (staff_user, second)]
    yield pages
    for page in pages:
        page.context.close()


@pytest.fixture
def draft(site):
    return draft_make(
        place=gazetteer_place("Nawa", "SY"),
        actors=[(Actor.objects.get(slug="syria"), "actor1")],
    )


def anonymous_status(page: Page, site, event: Event) -> int:
    response = page.goto(f"{site.url}/events/{event.pk}/")
    assert response is not None
    return response.status


def test_two_curators_verify_in_turn_and_only_then_it_is_public(two_curators, site, draft, page):
    first, second = two_curators
    first.goto(f"{site.url}/admin/events/event/{draft.pk}/change/")
    first.locator("#id_summary").fill("An air strike on Nawa, as the report tells it.")
    first.locator("#id_status").select_option("verified")
    first.locator('input[name="_continue"]').click()
    first.wait_for_load_state()

    expect(first.locator(".messagelist .info")).to_contain_text("another curator verifies it")
    expect(first.locator(".field-verification .readonly")).to_contain_text("Verified by: curator (")
    expect(first.locator(".field-verification .readonly")).to_contain_text("needs 1 more")
    expect(first.locator("#id_status")).to_have_value("draft")
    assert anonymous_status(page, site, draft) == 404

    # The first curator again: theirs does not count twice.
    first.locator("#id_status").select_option("verified")
    first.locator('input[name="_continue"]').click()
    first.wait_for_load_state()
    expect(first.locator(".messagelist .warning")).to_contain_text("you have already verified")
    assert anonymous_status(page, site, draft) == 404

    second.goto(f"{site.url}/admin/events/event/?verification=awaiting")
    row = second.locator(f'#result_list tr:has(a[href*="/{draft.pk}/change/"])')
    expect(row.locator(".field-verification_count")).to_have_text("1 of 2")
    row.locator('input[name="_selected_action"]').check()
    second.locator('select[name="action"]').select_option("mark_verified")
    second.locator('button[name="index"]').click()
    second.wait_for_load_state()

    expect(second.locator(".messagelist .success")).to_contain_text("1 event(s) verified")
    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED and draft.verified_by.username == "second"
    assert anonymous_status(page, site, draft) == 200
    expect(page.locator("body")).to_contain_text("An air strike on Nawa")
