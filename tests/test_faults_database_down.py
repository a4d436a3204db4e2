"""The database going away (issue 6): under a running server (gunicorn, as scripts/serve.sh runs
it) it gives a clear 503 page, or JSON under /api/, with Retry-After, and the same server answers
200 again once the database is back; in this process, the middleware tells an outage from a bug.

The server runs against a scratch database (tests/support/scratch.py): a copy of the migrated
template that holds acled_small.csv.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, ProgrammingError
from django.db.utils import DatabaseErrorWrapper
from django.http import HttpResponse
from django.urls import path

from conflictmap.middleware import RETRY_AFTER_SECONDS, database_unavailable
from tests.support.client import Client
from tests.support.network import free_port
from tests.support.scratch import ScratchDatabases
from tests.support.server import GunicornServer


def served(dbs: ScratchDatabases, name: str) -> GunicornServer:
    """gunicorn serving database `name`, with DEBUG=0, one worker and two threads."""
    env = dbs.env(
        name,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        WEB_WORKERS="1",
        WEB_THREADS="2",
        ACCESS_LOG="",
        STATIC_MANIFEST="0",
    )
    return GunicornServer(env)


def database_away(dbs: ScratchDatabases, name: str) -> None:
    if dbs.postgis:
        # No new connections, and the server's kept ones cut, as a crash or failover would.
        with dbs.admin() as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
            )
    else:
        # A directory where the file was: unopenable, even by root.
        db = dbs.file(name)
        db.rename(db.with_suffix(".away"))
        db.mkdir()


def database_back(dbs: ScratchDatabases, name: str) -> None:
    if dbs.postgis:
        with dbs.admin() as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    else:
        db = dbs.file(name)
        db.rmdir()
        db.with_suffix(".away").rename(db)


def assert_unavailable_answers(client: Client, event_url: str) -> None:
    """What the server answers while the database is away: 503 pages and 503 JSON, static
    files as ever."""
    for url in ("/", event_url):
        response, body = client.get(url)
        assert response.status == 503, body[:2000]
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        page = body.decode()
        assert "<h1>Temporarily unavailable</h1>" in page
        assert "The database is unavailable right now" in page
    for url in ("/api/events.geojson", "/api/events.csv", "/api/timeline.json"):
        response, body = client.get(url)
        assert response.status == 503, (url, body[:2000])
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert json.loads(body)["error"] == "database_unavailable"
    # Static files need no database.
    assert client.get("/static/css/app.css")[0].status == 200


@pytest.mark.slow
def test_the_database_away_gives_a_503_and_the_server_recovers_when_it_returns(scratch):
    db = scratch.create(f"{scratch.base}_http", template=scratch.base)
    with served(scratch, db) as server:
        client = Client(server.port)
        assert client.get("/")[0].status == 200
        response, body = client.get("/api/events.geojson")
        assert response.status == 200
        features = json.loads(body)["features"]
        assert len(features) == 15
        event_url = features[0]["properties"]["url"].removeprefix(f"http://127.0.0.1:{server.port}")
        assert client.get(event_url)[0].status == 200

        database_away(scratch, db)
        try:
            assert_unavailable_answers(client, event_url)
        finally:
            database_back(scratch, db)

        # The same server process, no restart: the next requests connect afresh.
        response, body = client.get("/api/events.geojson")
        assert response.status == 200
        assert len(json.loads(body)["features"]) == 15
        assert client.get("/")[0].status == 200
        assert client.get(event_url)[0].status == 200
        assert server.proc.poll() is None
    assert "Database unavailable, answered 503 to GET /api/events.geojson" in server.log.text
    assert "Traceback" not in server.log.text


# The middleware in this process: what counts as "the database is away", and what does not.


def django_error(raise_db_api_error, driver=sqlite3) -> DatabaseError | InterfaceError:
    """The Django exception a real DB-API error becomes (as Django's own cursors wrap them)."""
    wrapper = SimpleNamespace(Database=driver, errors_occurred=False)
    try:
        with DatabaseErrorWrapper(wrapper):
            raise_db_api_error()
    except Exception as exc:
        return exc
    raise AssertionError("no error raised")


def sqlite_open_directory(tmp_path: Path):
    def run():
        sqlite3.connect(tmp_path).execute("SELECT 1")

    return run


def sqlite_not_a_database(tmp_path: Path):
    def run():
        junk = tmp_path / "junk.sqlite3"
        junk.write_bytes(b"this is not an SQLite file at all, " * 100)
        sqlite3.connect(junk).execute("SELECT * FROM sqlite_master")

    return run


def sqlite_locked(tmp_path: Path):
    def run():
        db = tmp_path / "locked.sqlite3"
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            sqlite3.connect(db, timeout=0).execute("SELECT * FROM t")
        finally:
            holder.execute("ROLLBACK")

    return run


def sqlite_no_such_table():
    sqlite3.connect(":memory:").execute("SELECT * FROM no_such_table")


def postgres_refused():
    psycopg.connect(host="127.0.0.1", port=free_port(), user="postgres", connect_timeout=5)


def test_database_unavailable_tells_an_outage_from_a_bug(tmp_path):
    assert database_unavailable(django_error(sqlite_open_directory(tmp_path)))
    assert database_unavailable(django_error(sqlite_not_a_database(tmp_path)))
    assert database_unavailable(django_error(sqlite_locked(tmp_path)))
    assert database_unavailable(django_error(postgres_refused, psycopg))
    assert database_unavailable(InterfaceError("connection already closed"))
    # Bugs stay bugs (500s with a traceback), even when SQLite calls them OperationalError.
    assert not database_unavailable(django_error(sqlite_no_such_table))
    assert not database_unavailable(ProgrammingError('relation "events_event" does not exist'))
    assert not database_unavailable(IntegrityError("duplicate key value"))
    assert not database_unavailable(ValueError("database is locked"))


def _raises(make):
    def view(request):
        raise make()

    return view


BROKEN = {}
urlpatterns = [
    path("page/", _raises(lambda: BROKEN["error"])),
    path("api/thing.json", _raises(lambda: BROKEN["error"])),
    path("ok/", lambda request: HttpResponse("ok")),
]


@pytest.mark.urls(__name__)
def test_the_middleware_answers_503_page_or_json_and_lets_bugs_through(client, tmp_path, caplog):
    BROKEN["error"] = django_error(sqlite_open_directory(tmp_path))
    response = client.get("/page/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert b"Temporarily unavailable" in response.content
    response = client.get("/api/thing.json")
    assert response.status_code == 503
    assert response.json() == {
        "error": "database_unavailable",
        "message": "The database is unavailable right now. Please try again in a minute.",
        "retry_after": RETRY_AFTER_SECONDS,
    }
    assert "Database unavailable, answered 503 to GET /api/thing.json" in caplog.text
    assert client.get("/ok/").status_code == 200

    BROKEN["error"] = django_error(sqlite_no_such_table)
    with pytest.raises(DatabaseError, match="no such table"):
        client.get("/page/")
    BROKEN["error"] = ProgrammingError("column does not exist")
    with pytest.raises(ProgrammingError):
        client.get("/api/thing.json")
