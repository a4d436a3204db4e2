#!/usr/bin/env python3
"""Take the screenshot of the map page the README shows: docs/map.png.

Start the app with the seeds first (`make run`), then:

    .venv/bin/python scripts/screenshot.py [--url http://127.0.0.1:8000/] [--out docs/map.png]

Debian's Chromium runs headless through Playwright; every request off this machine is aborted,
so the base-map tiles fail (unless MAP_TILES_URL points at a local tile server) and the map shows
the offline base map it ships (Natural Earth land, borders and country names) under the events,
as it does offline.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflictmap.browser import is_local, launch  # noqa: E402

# The header's count once the map has every event (tests/browser/helpers.py waits on the same).
COUNT_DONE = re.compile(r"events? shown · \d+ unlocated")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the map page")
    parser.add_argument("--out", default=str(ROOT / "docs" / "map.png"), help="PNG to write")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument(
        "--popup",
        default="",
        help="open the popup of the listed event whose text contains this ('' for none)",
    )
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            viewport={"width": args.width, "height": args.height},
            device_scale_factor=1,
            locale="en-GB",
        )
        context.route(lambda url: not is_local(url), lambda route: route.abort())
        page = context.new_page()
        page.goto(args.url)
        # Locator waits, not wait_for_function("..."): the page's CSP refuses string evaluation.
        expect(page.locator("#count")).to_have_text(COUNT_DONE, timeout=30_000)
        if args.popup:
            item = page.locator("#event-list li", has_text=args.popup).first
            if item.count():
                item.locator(".event-show").click()
                page.locator(".leaflet-popup-content").wait_for()
                page.locator("#panel").evaluate("panel => panel.scrollTo(0, 0)")
        # Let the cluster and popup animations settle before the picture is taken.
        expect(page.locator(".leaflet-zoom-anim, .leaflet-cluster-anim")).to_have_count(0)
        page.wait_for_timeout(400)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
