"""Who may frame which page (issue 16): the map's embed page, /?embed=1, by the origins of
EMBED_ALLOWED_ORIGINS only, through CSP frame-ancestors; every other page, and the embed page
while none is listed, by nobody. Also the branded 404 and 500 pages, and the login URL
ensure_admin prints."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import path

from conflictmap.settings import embed_origins
from conflictmap.urls import urlpatterns as site_urlpatterns

ROOT = Path(django_settings.BASE_DIR)
ORIGINS = ["https://news.example.org", "https://*.partner.example"]


def frame_ancestors(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    part = next(p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors"))
    return part.split()[1:]


@pytest.fixture
def origins(settings):
    settings.EMBED_ALLOWED_ORIGINS = ORIGINS
    return ORIGINS


def test_the_embed_page_may_be_framed_by_the_listed_origins_only(seeded, client, origins):
    response = client.get("/", {"embed": "1", "country": "SY"})
    assert response.status_code == 200
    assert frame_ancestors(response) == origins
    # X-Frame-Options cannot name origins (and DENY would override them in old browsers).
    assert "X-Frame-Options" not in response
    # The rest of the policy is the site's own.
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    ["/", "/?embed=0", "/?embed=yes", "/api/events.geojson", "/api/openapi.json", "/admin/login/"],
)
def test_every_other_page_stays_unframable(seeded, client, origins, path):
    response = client.get(path)
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_event_page_stays_unframable(seeded, client, origins, seed_event):
    response = client.get(f"/events/{seed_event('seed-2017-01-18-al-bab-joint-strikes').pk}/")
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_without_listed_origins_the_embed_page_is_unframable_too(seeded, client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    response = client.get("/", {"embed": "1"})
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_embed_page_has_the_map_and_timeline_and_no_header_or_panel(seeded, client):
    html = client.get("/", {"embed": "1"}).content.decode()
    assert 'class="map-page embed"' in html
    assert 'id="map"' in html and 'id="histogram"' in html and 'id="play"' in html
    # Links open outside the frame (an event's page may not be framed).
    assert '<base target="_blank">' in html
    plain = client.get("/").content.decode()
    assert "<base" not in plain and 'class="map-page"' in plain


@pytest.mark.parametrize(
    "value",
    ["*", "https://example.org/path", "example.org", "javascript:alert(1)", "https://a b.org"],
)
def test_an_origin_that_is_not_one_stops_the_start(value):
    with pytest.raises(ImproperlyConfigured, match="EMBED_ALLOWED_ORIGINS"):
        embed_origins([value])


def test_good_origins_are_taken_as_they_are():
    good = ["https://example.org", "http://localhost:8000", "https://*.example.org"]
    assert embed_origins(good) == good


def test_the_setting_is_documented():
    assert "EMBED_ALLOWED_ORIGINS" in (ROOT / "docs" / "configuration.md").read_text()
    assert "EMBED_ALLOWED_ORIGINS" in (ROOT / "docs" / "map.md").read_text()


# --- The error pages -------------------------------------------------------------------------


def failing_view(request):
    raise RuntimeError("secret-internal-detail")


# This module is the URLconf of the 500 test: the site's URLs and one view that fails.
urlpatterns = [*site_urlpatterns, path("boom/", failing_view)]
handler400 = "events.views.bad_request"
handler404 = "events.views.not_found"


def test_a_missing_page_is_the_branded_404_linking_to_the_map(seeded, client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · ConflictMap</title>" in html
    assert 'href="/">Go to the map</a>' in html
    assert "Traceback" not in html and "urlpatterns" not in html
    # The API's 404 stays JSON.
    api = client.get("/api/nothing.json")
    assert api.status_code == 404 and api["Content-Type"] == "application/json"


def test_an_unknown_event_is_the_branded_404(seeded, client, settings):
    settings.DEBUG = False
    response = client.get("/events/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_server_error_is_the_branded_500_without_its_details(db, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · ConflictMap</title>" in html
    assert 'href="/">Go to the map</a>' in html
    assert "secret-internal-detail" not in html and "Traceback" not in html


# --- ensure_admin ----------------------------------------------------------------------------


def ensure_admin(*args: str) -> str:
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_ensure_admin_prints_the_url_it_is_given(db):
    created = ensure_admin("--url", "http://127.0.0.1:8123/")
    assert "Log in at http://127.0.0.1:8123/admin/" in created
    again = ensure_admin("--url", "https://[::1]:9443/")
    assert "log in at https://[::1]:9443/admin/" in again


def test_ensure_admin_without_a_url_reads_host_and_port(db, monkeypatch):
    monkeypatch.setenv("HOST", "::1")
    monkeypatch.setenv("PORT", "8765")
    assert "http://[::1]:8765/admin/" in ensure_admin()


@pytest.mark.parametrize("script", ["scripts/run.sh", "scripts/serve.sh"])
def test_the_scripts_hand_ensure_admin_the_address_they_serve_on(script):
    """One variable for both: the login URL printed and the address served."""
    text = (ROOT / script).read_text()
    assert re.search(r'ensure_admin --url "http[^"]*://\$listen/"', text)
    served = r'runserver "\$listen"' if script.endswith("run.sh") else r'--listen "\$listen"'
    assert re.search(served, text)
