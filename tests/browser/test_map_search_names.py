"""The map's searches know names (issue 16): a place by another of its names in the text search,
actors ranked by how well the picker's text names them, aliases in other scripts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.helpers import expect_count, expect_drawn_markers, listed_ids, open_map

pytestmark = pytest.mark.browser

ALEPPO = "seed-2016-12-aleppo-recaptured"
ASTANA = "seed-2017-01-astana-talks"


@pytest.fixture
def ids(site) -> dict[str, int]:
    """Seed event ids by key, read before a page opens (see test_map_page.py)."""
    return dict(Event.objects.filter(dataset="seed").values_list("external_id", "pk"))


def test_typing_another_name_of_a_place_shows_its_events(page, site, ids):
    open_map(page, site)
    page.fill("#q", "Halab")  # Aleppo in Arabic, romanised
    expect_count(page, 1, 0)
    expect_drawn_markers(page, 1)
    assert listed_ids(page) == {ids[ALEPPO]}

    page.fill("#q", "Nur-Sultan")  # Astana's name from 2019 to 2022
    expect(page.locator(f'#event-list li[data-id="{ids[ASTANA]}"]')).to_have_count(1)
    expect_count(page, 1, 0)
    assert listed_ids(page) == {ids[ASTANA]}


def actor_names(page) -> list[str]:
    return page.locator("#actor-list li .name").all_inner_texts()


@pytest.mark.client_only
def test_the_actor_picker_lists_the_best_match_first(page, site):
    open_map(page, site)
    # Unsearched, the list is by events: Russia (5) first, Islamic State (2) after Turkey.
    expect(page.locator("#actor-list li .name").first).to_have_text("Military Forces of Russia")

    page.fill("#actor-search", "IS")
    # The alias IS is the whole of "IS"; Russia and Turkey only have it inside a word.
    expect(page.locator("#actor-list li .name").first).to_have_text("Islamic State")
    expect(page.locator("#actor-list li").first).to_contain_text("(IS)")
    names = actor_names(page)
    assert names.index("Islamic State") < names.index("Military Forces of Russia")
    assert names.index("Islamic State") < names.index("Military Forces of Turkey")

    page.fill("#actor-search", "داعش")
    items = page.locator("#actor-list li")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("Islamic State")
    expect(items).to_contain_text("(داعش)")

    # Ticking what the search found filters the map, as by any other name.
    page.get_by_role("checkbox", name="Islamic State").check()
    expect_count(page, 2, 1)

    page.fill("#actor-search", "")
    expect(page.locator("#actor-list li .name").first).to_have_text("Military Forces of Russia")


@pytest.mark.client_only
def test_a_name_the_registry_lacks_lists_no_actor(page, site):
    open_map(page, site)
    page.fill("#actor-search", "xyzzy")
    expect(page.locator("#actor-list li")).to_have_count(0)
    expect(page.locator("#actor-empty")).to_be_visible()
