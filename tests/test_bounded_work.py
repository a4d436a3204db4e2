"""Heavy answers are limited (issue 12): snapshots at most SNAPSHOT_CONCURRENCY at once per process
(one more is a 503 with Retry-After), and a web process's statements give up after
WEB_STATEMENT_TIMEOUT seconds on PostgreSQL, answered as a 503, never a 500."""

from __future__ import annotations

import json
import os
import subprocess
import threading

import pytest
from django.db import connection
from django.test import RequestFactory

from conflictmap.middleware import DatabaseUnavailableMiddleware
from events.api import views as api_views
from events.services.seeds import seeds_load
from tests.support.processes import PYTHON, ROOT

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


def test_one_snapshot_more_than_the_limit_is_a_503(transactional_db, client, settings, monkeypatch):
    """Two threads, two connections: the seeds are committed so that both see them."""
    seeds_load()
    settings.SNAPSHOT_CONCURRENCY = 1
    started, release = threading.Event(), threading.Event()
    real = api_views.snapshot_html

    def slow_snapshot(*args, **kwargs):
        started.set()
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(api_views, "snapshot_html", slow_snapshot)
    first: dict = {}
    worker = threading.Thread(
        target=lambda: first.setdefault("response", client.get("/api/snapshot.html"))
    )
    worker.start()
    try:
        assert started.wait(timeout=30)
        busy = client.get("/api/snapshot.html")
    finally:
        release.set()
        worker.join(timeout=60)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "10"
    assert busy.json()["error"] == "busy"
    assert first["response"].status_code == 200
    # The slot is given back: the next one is made.
    assert client.get("/api/snapshot.html").status_code == 200


def statement_timeout_seen(extra_env: dict[str, str]) -> str:
    """SHOW statement_timeout on a connection a fresh process opens with these variables."""
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    return python_output(code, {"DJANGO_SETTINGS_MODULE": "conflictmap.settings", **extra_env})


def python_output(code: str, extra_env: dict[str, str]) -> str:
    """What `python -c code` prints, in a process not marked as web unless `extra_env` says."""
    env = {k: v for k, v in os.environ.items() if k != "CONFLICTMAP_WEB"} | extra_env
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@postgres_only
@pytest.mark.database_process
def test_web_connections_have_a_statement_timeout_and_commands_none():
    assert statement_timeout_seen({"CONFLICTMAP_WEB": "1", "WEB_STATEMENT_TIMEOUT": "7"}) == "7s"
    assert statement_timeout_seen({}) == "0"


@postgres_only
@pytest.mark.database_process
def test_wsgi_marks_its_process_as_web():
    code = (
        "import conflictmap.wsgi;"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    assert python_output(code, {}) == "50s"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_timeout_is_a_503_for_the_api():
    def slow_view(request):
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 50")
            try:
                cursor.execute("SELECT pg_sleep(5)")
            finally:
                cursor.execute("SET statement_timeout = 0")

    response = DatabaseUnavailableMiddleware(slow_view)
    request = RequestFactory().get("/api/events.geojson")
    try:
        answer = response.process_exception(request, _raised(slow_view, request))
    finally:
        connection.close()
    assert answer.status_code == 503
    assert answer["Retry-After"]
    assert json.loads(answer.content)["error"] == "query_timeout"


def _raised(view, request) -> Exception:
    try:
        view(request)
    except Exception as exc:  # the real error psycopg raises for a cancelled statement
        return exc
    raise AssertionError("the statement was not cancelled")
