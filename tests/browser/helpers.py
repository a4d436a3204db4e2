"""Helpers shared by the browser tests: open the map, wait for counts and drawn markers, sign in."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect

COUNT_RE = re.compile(r"^(\d+) events? shown · (\d+) unlocated \(in CSV\)$")


def open_map(page: Page, site, query: str = "") -> None:
    """Open the map page and wait until its counts are complete."""
    page.goto(site.url + "/" + (f"?{query}" if query else ""))
    expect(page.locator("#count")).to_have_text(COUNT_RE)


def expect_count(page: Page, shown: int, unlocated: int) -> None:
    expect(page.locator("#count")).to_have_text(
        f"{shown} {'event' if shown == 1 else 'events'} shown · {unlocated} unlocated (in CSV)"
    )


# The markers the map draws: single circles plus the counts on cluster icons (the browser's
# clusters, or the server's areas; "1,234" counts 1234).
DRAWN_MARKERS_JS = """() => {
  const singles = document.querySelectorAll('#map path.cm-marker').length;
  const clustered = [...document.querySelectorAll('#map .cm-cluster-count')]
    .reduce((sum, el) => sum + Number(el.textContent.replace(/[^0-9]/g, '')), 0);
  return singles + clustered;
}"""


def expect_drawn_markers(page: Page, n: int) -> None:
    page.wait_for_function(f"({DRAWN_MARKERS_JS})() === {n}")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(n))


def listed_ids(page: Page) -> set[int]:
    return {
        int(i)
        for i in page.locator("#event-list li[data-id]").evaluate_all(
            "items => items.map(li => li.dataset.id)"
        )
    }


def signed_in_page(browser: Browser, site, user) -> Page:
    """A page signed in as `user`, in a browser context of its own."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page
