"""Headless Chromium as every browser-driving tool here launches it: the browser tests, the
README's screenshot script and the page benchmark.

Debian's /usr/bin/chromium, never a browser Playwright downloads; the flags keep it from
reaching for the network (this machine has none) and from first-run chores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


def is_local(url: str) -> bool:
    """A URL that stays on this machine (or never leaves the page)."""
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


def launch(playwright: Playwright) -> Browser:
    """A headless Chromium browser from a `sync_playwright()` handle."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
