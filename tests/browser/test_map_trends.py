"""The map page's Trends panel in a real browser: bars per period for the seeds, stacked by type;
a click on a bar sets the date window (and so the markers); a filter change updates the chart."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import expect_count, expect_drawn_markers, open_map
from tests.browser.test_csp import csp_page, violations  # noqa: F401 (the policy's own fixture)

pytestmark = pytest.mark.browser


def open_trends(page: Page) -> None:
    page.locator("#trends summary").click()
    expect(page.locator("#trends")).to_have_attribute("data-state", "ready")


def trends_answer(page: Page) -> dict:
    return page.evaluate("window.conflictMapTrends.answer")


def test_the_panel_shows_the_seeds_per_period_stacked_by_type(page, page_log, site):
    open_map(page, site)
    open_trends(page)

    answer = trends_answer(page)
    # The six located seeds, all dates: four days with events (Dec 1 and 21, Jan 18 and 23).
    assert answer["total"]["events"] == 6
    assert [p["start"] for p in answer["periods"]] == [
        "2016-12-01",
        "2016-12-21",
        "2017-01-18",
        "2017-01-23",
    ]
    expect(page.locator("#trends-chart")).to_have_attribute("data-periods", "4")
    expect(page.locator("#trends-chart canvas")).to_have_count(1)
    expect(page.locator("#trends-legend li")).to_have_text(
        ["Battles", "Explosions/Remote violence", "Strategic developments"]
    )
    expect(page.locator("#trends-status")).to_have_text("Events per day: 6 events, 0 fatalities.")
    expect(page.locator("#trends-countries li").first).to_contain_text("Syria")
    expect(page.locator("#trends-actors li")).not_to_have_count(0)
    # No start date: nothing to compare with.
    expect(page.locator("#trends-change")).to_contain_text("Set a start date")

    page.locator("#trends-measure").click()
    expect(page.locator("#trends-measure")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#trends-status")).to_contain_text("Fatalities per day")
    assert page_log.console_errors == []


@pytest.mark.client_only
def test_a_click_on_a_bar_sets_the_date_window_and_the_markers(page, site):
    open_map(page, site)
    expect_drawn_markers(page, 6)
    open_trends(page)

    # The bar of 18 January 2017 (three air strikes), clicked near its foot.
    x = page.evaluate("window.conflictMapTrends.barX(2)")
    over = page.locator("#trends-chart .u-over")
    box = over.bounding_box()
    over.click(position={"x": x, "y": box["height"] - 4})

    expect(page.locator("#date-from")).to_have_value("2017-01-18")
    expect(page.locator("#date-to")).to_have_value("2017-01-18")
    expect_drawn_markers(page, 3)
    query = parse_qs(urlsplit(page.url).query)
    assert query["date_from"] == ["2017-01-18"] and query["date_to"] == ["2017-01-18"]
    # The panel follows the window: that one day, compared with the day before it.
    expect(page.locator("#trends")).to_have_attribute("data-state", "ready")
    page.wait_for_function("window.conflictMapTrends.answer.date_from === '2017-01-18'")
    answer = trends_answer(page)
    assert answer["total"]["events"] == 3
    assert answer["change"]["previous_from"] == "2017-01-17"
    expect(page.locator("#trends-change")).to_contain_text("against 0")


@pytest.mark.client_only
def test_a_filter_change_updates_the_chart(page, site):
    open_map(page, site)
    open_trends(page)
    expect(page.locator("#trends-legend li")).to_have_count(3)

    page.locator("#type-list label", has_text="Battles").click()

    expect_count(page, 1, 0)
    expect(page.locator("#trends-legend li")).to_have_text(["Battles"])
    expect(page.locator("#trends-chart")).to_have_attribute("data-periods", "1")
    expect(page.locator("#trends-status")).to_have_text("Events per day: 1 event, 0 fatalities.")
    assert trends_answer(page)["event_types"] == ["Battles"]


@pytest.mark.client_only
def test_the_open_panel_runs_under_the_content_security_policy(csp_page, site):  # noqa: F811
    """uPlot builds its chart and sizes it through the CSSOM, which the policy allows; no inline
    style or script is added (test_csp.py opens the map with the panel closed)."""
    open_map(csp_page, site)
    csp_page.locator("#trends summary").click()
    expect(csp_page.locator("#trends")).to_have_attribute("data-state", "ready")
    expect(csp_page.locator("#trends-chart canvas")).to_have_count(1)
    csp_page.locator("#trends-measure").click()
    expect(csp_page.locator("#trends-measure")).to_have_attribute("aria-pressed", "true")
    assert violations(csp_page) == []


@pytest.mark.client_only
def test_after_playback_the_panel_shows_the_window_it_stopped_at(page, site):
    open_map(page, site)
    open_trends(page)
    page.locator("#play").click()
    # At least one step past the first window (which starts at the extent: no date_from).
    page.wait_for_function("window.conflictMap.state.date_from !== null")
    page.locator("#play").click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false")

    page.wait_for_function(
        """() => {
          const s = window.conflictMap.state;
          const a = window.conflictMapTrends.answer;
          return a.date_from === s.date_from && a.date_to === (s.date_to ?? a.date_to);
        }"""
    )
    assert trends_answer(page)["change"] is not None
