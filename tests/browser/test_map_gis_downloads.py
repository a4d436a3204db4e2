"""The map's GIS-format menu in Chromium: each link carries the current filter, and a download
answers with its format (the files themselves: tests/test_downloads_gis_formats.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_count, open_map

pytestmark = pytest.mark.browser

FORMATS = {"gpkg": "application/geopackage+sqlite3", "kml": "application/vnd.google-earth.kml+xml"}


def test_the_gis_format_links_carry_the_filter_and_download(page, site):
    open_map(page, site)
    page.fill("#actor-search", "daesh")
    page.get_by_role("checkbox", name="Islamic State").check()
    expect_count(page, 2, 1)

    page.get_by_text("GIS formats").click()
    links = page.locator(".download-menu a")
    expect(links.first).to_be_visible()
    hrefs = {a.get_attribute("data-format"): a.get_attribute("href") for a in links.all()}
    assert set(hrefs) == {"gpkg", "fgb", "kml", "parquet"}
    for ext, href in hrefs.items():
        assert urlsplit(href).path == f"/api/events.{ext}"
        assert parse_qs(urlsplit(href).query) == {"actor": ["islamic-state"], "download": ["1"]}
    for ext, media_type in FORMATS.items():
        response = page.request.get(site.url + hrefs[ext])
        assert response.status == 200 and response.headers["content-type"] == media_type
        assert response.headers["content-disposition"].endswith(f'islamic-state.{ext}"')
    assert b"<Placemark" in page.request.get(site.url + hrefs["kml"]).body()
