"""Production settings and serving: `check --deploy`, gunicorn with WhiteNoise, the security
headers, the admin's CSP nonce, and the admin login lockout.

The server tests start the real thing, as scripts/serve.sh does: gunicorn with
conflictmap/gunicorn.conf.py, DEBUG=0, collected and hashed static files, HTTPS=1 behind a proxy
(the test plays the proxy and sends X-Forwarded-Proto). It gets its own SpatiaLite file, migrated
and seeded here, whatever database the suite runs on: pytest-django's test database lives in this
process (in memory on SpatiaLite) where another process cannot see it.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from dataclasses import dataclass

import pytest
from django.urls import reverse

from conflictmap.settings import csp_tile_sources
from tests.support.client import Client
from tests.support.processes import PYTHON, ROOT
from tests.support.proxy import prepared_copy
from tests.support.server import GunicornServer

TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
ADMIN_USER, ADMIN_PASSWORD = "deploy-admin", secrets.token_urlsafe(16)


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a deployment: what docs/deploy.md asks for."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="conflictmap.example.org,127.0.0.1,localhost",
        HTTPS="1",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_the_production_environment():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_check_deploy_does_warn_without_https():
    """The test above is not vacuous: the same check flags a site without HTTPS."""
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(HTTPS="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect


@pytest.mark.parametrize(
    ("url", "sources"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", ["https://*.tile.example.org"]),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", ["http://localhost:8080"]),
        ("", []),
        ("/tiles/{z}/{x}/{y}.png", []),  # our own host: 'self' covers it
    ],
)
def test_the_tile_server_is_an_image_source(url, sources):
    assert csp_tile_sources(url) == sources


# --- the production server ---------------------------------------------------------------------


@dataclass
class Deployed:
    """The running server: `client` speaks to it as a TLS-terminating proxy in front of it would
    (X-Forwarded-Proto: https), for a browser that keeps its cookies."""

    port: int
    event_id: int
    client: Client


PREPARE = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from events.models import Event
call_command("load_seeds", verbosity=0)
get_user_model().objects.create_superuser({ADMIN_USER!r}, "admin@example.org", {ADMIN_PASSWORD!r})
print(Event.objects.public().located().order_by("pk").first().pk)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deploy")
    prepared_copy(tmp)  # migrated and collected once per run (tests/support/proxy.py)
    env = production_env(
        DATABASE_URL=f"spatialite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        STATIC_MANIFEST="1",
        BEHIND_PROXY="1",
        MAP_TILES_URL=TILES,
        WEB_WORKERS="2",
        WEB_THREADS="2",
        ACCESS_LOG="",
        LOGIN_FAILURE_LIMIT="3",
        DJANGO_SETTINGS_MODULE="conflictmap.settings",
    )
    prepared = subprocess.run(
        [PYTHON, "-c", PREPARE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert prepared.returncode == 0, prepared.stderr
    event_id = int(prepared.stdout.split()[-1])
    with GunicornServer(env, ready="/api/openapi.json") as gunicorn:
        proxied = Client(gunicorn.port, headers={"X-Forwarded-Proto": "https"}, scheme="https")
        yield Deployed(gunicorn.port, event_id, proxied)


def directives(csp: str) -> dict[str, list[str]]:
    return {
        name: values for name, *values in (part.split() for part in csp.split(";") if part.strip())
    }


def test_plain_http_is_redirected_to_https(server):
    response, _ = Client(server.port).get("/")
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{server.port}/"


def test_the_map_page_has_the_security_headers(server):
    response, body = server.client.get("/")
    assert response.status == 200
    csp = directives(response.headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no nonce: nothing inline runs
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" in csp["style-src"]  # Leaflet's style attributes (settings.py)
    assert "https://*.tiles.example.org" in csp["img-src"] and "data:" in csp["img-src"]
    assert "upgrade-insecure-requests" in csp
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # The page itself runs no inline script: every <script> is a file or a JSON data block.
    html = body.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_the_event_page_and_the_api_have_the_same_policy(server):
    for path in (f"/events/{server.event_id}/", "/api/events.geojson?country=SY"):
        response, _ = server.client.get(path)
        assert response.status == 200, path
        csp = directives(response.headers["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server):
    html = server.client.get("/")[1].decode()
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
    js = re.search(r'src="(/static/js/map\.[0-9a-f]{12}\.js)"', html)
    assert css and js, "the page does not name hashed static files"
    for path in (css[1], js[1]):
        response, _ = server.client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status == 200, path
        assert "max-age=315360000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"
    # The map's ES modules import hashed files too, each cached as long.
    source = server.client.get(js[1])[1].decode()
    imports = re.findall(r'from "\./(lib/[a-z]+\.[0-9a-f]{12}\.js)"', source)
    assert len(imports) >= 3, "module imports were not rewritten to hashed names"
    for name in imports:
        response, _ = server.client.get(f"/static/js/{name}")
        assert response.status == 200 and "immutable" in response.headers["Cache-Control"]


def test_an_unhashed_static_file_is_served_with_a_short_lifetime(server):
    response, _ = server.client.get("/static/css/app.css")
    assert response.status == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_admin_cookies_are_secure_and_the_map_widget_runs_with_a_nonce(server):
    response, _ = server.client.get("/admin/login/")
    assert "Secure" in response.headers["Set-Cookie"]  # the CSRF cookie
    response, _ = server.client.login_answer(ADMIN_USER, ADMIN_PASSWORD)
    assert response.status == 302 and response.headers["Location"] == "/admin/"
    response, body = server.client.get(f"/admin/events/event/{server.event_id}/change/")
    assert response.status == 200
    script_src = directives(response.headers["Content-Security-Policy"])["script-src"]
    nonces = [v for v in script_src if v.startswith("'nonce-")]
    assert "'unsafe-inline'" not in script_src and len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    # Every inline script of the page (django-leaflet's widget) carries this response's nonce.
    inline = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", body.decode())
        if "src=" not in tag and "application/json" not in tag
    ]
    assert inline, "the admin's map widget wrote no inline script: what is this testing?"
    assert all(f'nonce="{nonce}"' in tag for tag in inline), inline
    # A fresh nonce per response.
    again = server.client.get(f"/admin/events/event/{server.event_id}/change/")[0]
    assert nonces[0] not in again.headers["Content-Security-Policy"]


# --- the admin login lockout (django-axes), through the test client --------------------------


@pytest.fixture
def lockout_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def login(client, username: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_logins_are_locked_out_after_the_limit_with_a_clear_page(
    client, staff_user, plain_user, lockout_limit
):
    for _ in range(lockout_limit - 1):
        response = login(client, "curator", "wrong")
        assert response.status_code == 200  # the login form again, with its error
    response = login(client, "curator", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert f"Login locked: {lockout_limit} failed logins for “curator” from your address" in page
    assert "refused for the next 15 minutes" in page
    # Locked out: the right password is refused too, and no session is opened.
    response = login(client, "curator", "curator-pass-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    assert login(client, "reader", "wrong").status_code == 200


def test_a_good_login_before_the_limit_goes_through_and_clears_the_count(
    client, staff_user, lockout_limit
):
    for _ in range(lockout_limit - 1):
        assert login(client, "curator", "wrong").status_code == 200
    response = login(client, "curator", "curator-pass-123")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.logout()
    # The count started again: as many failures as before are still under the limit.
    for _ in range(lockout_limit - 1):
        assert login(client, "curator", "wrong").status_code == 200
    assert login(client, "curator", "curator-pass-123").status_code == 302


def test_the_lockout_is_per_address(client, staff_user, lockout_limit):
    for _ in range(lockout_limit):
        login(client, "curator", "wrong")
    assert login(client, "curator", "curator-pass-123").status_code == 429
    response = client.post(
        reverse("admin:login"),
        {"username": "curator", "password": "curator-pass-123", "next": "/admin/"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302


def test_client_login_without_a_request_still_works(client, staff_user):
    """The test client's login() calls authenticate() without a request; axes lets it pass."""
    assert client.login(username="curator", password="curator-pass-123")
