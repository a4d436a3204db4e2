"""Faults, on real databases and real processes (issue 6):

1. an import killed half-way (SIGKILL while it writes) leaves the database exactly as it was;
2. the database going away under a running server (gunicorn, as scripts/serve.sh runs it) gives a
   clear 503 page, or JSON under /api/, with Retry-After, and the same server answers 200 again
   once the database is back;
3. the geocoder failing (GEOCODER=nominatim pointed at a closed port: geopy's real Nominatim client
   failing to connect) leaves events stored, unlocated, with the reason; nothing is cached as
   "not found", so a later lookup succeeds once the geocoder answers again.

1 and 2 need a database another process can see (pytest-django's test database is inside this
process's transaction, or in its memory on SpatiaLite), so they make their own, named after
DATABASE_URL with a `_faults` suffix: on PostGIS a database created from template1 (which has
postgis), on SpatiaLite a file in a temporary folder. It is migrated once, in a subprocess, with
the small ACLED file imported, then copied for each test and dropped at the end.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, InterfaceError, ProgrammingError
from django.db.utils import DatabaseErrorWrapper
from django.http import HttpResponse
from django.urls import path, reverse

from conflictmap.middleware import RETRY_AFTER_SECONDS, database_unavailable
from events.domain.names import normalize_name
from events.models import Event, PlaceLookup
from events.services.events import event_geocode_again
from events.services.imports.run import CHUNK_SIZE
from events.services.places import place_geocode
from events.services.seeds import seeds_load

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SMALL = ROOT / "tests" / "data" / "acled_small.csv"
BIG_ROWS = 50_000  # two full chunks and a half: the kill lands while the first is written

slow = pytest.mark.slow


# ---------------------------------------------------------------------------------------------
# A database other processes can see


class ScratchDatabases:
    """Throwaway databases beside the one DATABASE_URL names (`<name>_faults...`)."""

    def __init__(self, tmp: Path):
        url = os.environ.get("DATABASE_URL") or f"spatialite:///{ROOT / 'db.sqlite3'}"
        self.config = dj_database_url.parse(url)
        self.postgis = self.config["ENGINE"].endswith("postgis")
        self.base = f"{self.config['NAME'] if self.postgis else 'conflictmap'}_faults"
        self.tmp = tmp
        self.made: list[str] = []

    # PostGIS: a maintenance connection to the `postgres` database.
    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        c = self.config
        return psycopg.connect(
            dbname=dbname,
            host=c["HOST"] or "127.0.0.1",
            port=c["PORT"] or 5432,
            user=c["USER"] or "postgres",
            password=c["PASSWORD"] or None,
            autocommit=True,
        )

    def url(self, name: str) -> str:
        if not self.postgis:
            return f"spatialite:///{self.file(name)}"
        c = self.config
        password = f":{c['PASSWORD']}" if c["PASSWORD"] else ""
        host = c["HOST"] or "127.0.0.1"
        return f"postgis://{c['USER'] or 'postgres'}{password}@{host}:{c['PORT'] or 5432}/{name}"

    def file(self, name: str) -> Path:
        return self.tmp / f"{name}.sqlite3"

    def create(self, name: str, template: str = "template1") -> str:
        """An empty database (PostGIS: from `template`); for SpatiaLite, a copy of the file."""
        self.drop(name)
        if self.postgis:
            with self.admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        elif template != "template1":
            shutil.copyfile(self.file(template), self.file(name))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        if self.postgis:
            with self.admin() as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.file(name)}{suffix}").unlink(missing_ok=True)

    def env(self, name: str, **extra: str) -> dict[str, str]:
        env = dict(
            os.environ, DATABASE_URL=self.url(name), DJANGO_SETTINGS_MODULE="conflictmap.settings"
        )
        env.update(extra)
        return env

    def manage(self, name: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(name),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def snapshot(self, name: str) -> dict:
        """Every table's row count, and every row of the domain tables, as another process reads
        them (on SpatiaLite, opening the file is also what rolls a hot journal back)."""
        result = self.manage(name, "shell", "-c", SNAPSHOT)
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith("SNAPSHOT "))
        return json.loads(line.removeprefix("SNAPSHOT "))


SNAPSHOT = """
import json
from django.apps import apps
from events.models import Actor, ActorAlias, Event, EventActor, Place, PlaceLookup, Source
counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
rows = {
    m._meta.label: [list(r) for r in m._base_manager.order_by("pk").values_list()]
    for m in (Event, EventActor, Actor, ActorAlias, Place, PlaceLookup, Source)
}
print("SNAPSHOT " + json.dumps({"counts": counts, "rows": rows}, default=str))
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Iterator[ScratchDatabases]:
    """The migrated template (the small ACLED file imported), dropped with its copies at the end."""
    dbs = ScratchDatabases(tmp_path_factory.mktemp("faults"))
    dbs.create(dbs.base)
    try:
        dbs.manage(dbs.base, "migrate", "--noinput", "-v0")
        dbs.manage(dbs.base, "import_acled", str(SMALL), "-v0")
        yield dbs
    finally:
        for name in reversed(dbs.made):
            dbs.drop(name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# 1. An import killed half-way


def big_acled_csv(path: Path, rows: int) -> None:
    """An ACLED file that first changes every event of acled_small.csv (notes, fatalities), then
    adds `rows` new events with new actors, places and sources: every table gets writes."""
    with open(SMALL, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        small = list(reader)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, header)
        out.writeheader()
        for row in small:
            out.writerow(row | {"notes": "CHANGED by the killed import", "fatalities": "999"})
        for n in range(rows):
            row = dict(small[n % len(small)])
            lat, lon = 33.0 + (n % 400) * 0.01, 36.0 + (n % 300) * 0.01
            row.update(
                event_id_cnty=f"FLT{n}",
                event_date=f"2018-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                year="2018",
                actor1=f"Faults Brigade {n % 40}",
                actor2=f"Faults Front {n % 25}",
                assoc_actor_1="",
                assoc_actor_2="",
                location=f"Faultstown {n % 500}",
                admin2=f"Faultstown {n % 500}",
                admin3=f"Faultstown {n % 500}",
                latitude=f"{lat:.4f}",
                longitude=f"{lon:.4f}",
                source=f"Faults Wire {n % 30}",
                notes=f"Generated event {n} for the killed-import test.",
                fatalities=str(n % 7),
                timestamp=str(1_700_000_000 + n),
            )
            out.writerow(row)


class Stderr:
    """Reads a process's stderr in a thread; `progress` is the last tqdm count seen."""

    def __init__(self, stream):
        self.text = ""
        self.stream = stream
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        """After the process ended: the rest of its output, then the pipe closed."""
        self.thread.join(timeout=10)
        self.stream.close()

    def _read(self, stream) -> None:
        for chunk in iter(lambda: stream.read1(4096), b""):
            self.text += chunk.decode("utf-8", "replace")

    @property
    def progress(self) -> int:
        counts = re.findall(r"(\d+)/\d+ \[", self.text)
        return int(counts[-1]) if counts else 0


def file_state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def writing_events(dbs: ScratchDatabases, name: str, untouched: tuple[int, int] | None) -> bool:
    """The import's open transaction has written: on PostGIS, another backend holds the events
    table's row-exclusive lock (INSERT/UPDATE take it); on SpatiaLite, the rollback journal exists
    and the database file itself has been written to (uncommitted pages spilled into it, which
    only the journal can undo)."""
    if not dbs.postgis:
        journal = Path(f"{dbs.file(name)}-journal")
        return journal.exists() and file_state(dbs.file(name)) != untouched
    with dbs.admin(name) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_locks WHERE relation = 'events_event'::regclass "
                "AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid()"
            ).fetchone()
        )


def backends_gone(dbs: ScratchDatabases, name: str, timeout: float = 30) -> None:
    """PostGIS: waits until the killed client's server process has rolled back and ended."""
    if not dbs.postgis:
        return
    deadline = time.monotonic() + timeout
    with dbs.admin() as conn:
        while conn.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchone():
            assert time.monotonic() < deadline, "the killed import's server process lingers"
            time.sleep(0.1)


@slow
def test_an_import_killed_half_way_leaves_the_database_as_it_was(scratch, tmp_path):
    assert BIG_ROWS > 2 * CHUNK_SIZE  # the kill lands in the first chunk's writes, far from the end
    db = scratch.create(f"{scratch.base}_kill", template=scratch.base)
    before = scratch.snapshot(db)
    assert before["counts"]["events.Event"] == 15  # acled_small.csv, imported by the fixture
    big = tmp_path / "acled-big.csv"
    big_acled_csv(big, BIG_ROWS)
    untouched = None if scratch.postgis else file_state(scratch.file(db))

    env = scratch.env(db)
    if not scratch.postgis:
        # A small page cache: SQLite writes the transaction's pages into the file early (the
        # journal keeping the originals) rather than after ~20 s of this chunk, so the kill lands
        # on a file holding uncommitted pages, the case only the hot journal can undo.
        env["DATABASE_URL"] += "?" + urlencode({"init_command": "PRAGMA cache_size=-256"})
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "import_acled", str(big)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    err = Stderr(proc.stderr)
    try:
        # Half-way: the first chunk (CHUNK_SIZE rows) read, and its writes under way in the
        # import's one transaction (the importer writes nothing before a chunk is full).
        deadline = time.monotonic() + 120
        while not writing_events(scratch, db, untouched):
            assert proc.poll() is None, f"the import ended before it could be killed:\n{err.text}"
            assert time.monotonic() < deadline, f"the import never got half-way:\n{err.text}"
            time.sleep(0.02)
        progress = err.progress
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    assert 0 < progress < BIG_ROWS + 15  # tqdm's count (it lags: it prints at most every 0.1 s)

    backends_gone(scratch, db)
    after = scratch.snapshot(db)
    assert after["counts"] == before["counts"]
    assert after["rows"] == before["rows"]  # the changed events, actors, places: as they were
    assert not Path(f"{scratch.file(db)}-journal").exists()  # SpatiaLite: rolled back


# ---------------------------------------------------------------------------------------------
# 2. The database going away under a running server


class Server:
    """gunicorn serving the app (conflictmap/gunicorn.conf.py, DEBUG=0) on a free port."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        env = dict(
            env,
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_WORKERS="1",
            WEB_THREADS="2",
            ACCESS_LOG="",
            STATIC_MANIFEST="0",
        )
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "conflictmap/gunicorn.conf.py",
                "--no-control-socket",
                "conflictmap.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.log = Stderr(self.proc.stderr)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, f"gunicorn exited:\n{self.log.text}"
            try:
                self.get("/static/css/app.css")
                return
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn never answered:\n{self.log.text}"
                time.sleep(0.2)

    def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", url)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


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


@slow
def test_the_database_away_gives_a_503_and_the_server_recovers_when_it_returns(scratch):
    db = scratch.create(f"{scratch.base}_http", template=scratch.base)
    server = Server(scratch.env(db))
    try:
        status, _, body = server.get("/")
        assert status == 200
        status, _, body = server.get("/api/events.geojson")
        assert status == 200
        features = json.loads(body)["features"]
        assert len(features) == 15
        event_url = features[0]["properties"]["url"].removeprefix(f"http://127.0.0.1:{server.port}")
        assert server.get(event_url)[0] == 200

        database_away(scratch, db)
        try:
            for url in ("/", event_url):
                status, headers, body = server.get(url)
                assert status == 503, body[:2000]
                assert headers["Content-Type"].startswith("text/html")
                assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                page = body.decode()
                assert "<h1>Temporarily unavailable</h1>" in page
                assert "The database is unavailable right now" in page
            for url in ("/api/events.geojson", "/api/events.csv", "/api/timeline.json"):
                status, headers, body = server.get(url)
                assert status == 503, (url, body[:2000])
                assert headers["Content-Type"] == "application/json"
                assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                assert json.loads(body)["error"] == "database_unavailable"
            # Static files need no database.
            assert server.get("/static/css/app.css")[0] == 200
        finally:
            database_back(scratch, db)

        # The same server process, no restart: the next requests connect afresh.
        status, _, body = server.get("/api/events.geojson")
        assert status == 200
        assert len(json.loads(body)["features"]) == 15
        assert server.get("/")[0] == 200
        assert server.get(event_url)[0] == 200
        assert server.proc.poll() is None
    finally:
        server.stop()
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


# ---------------------------------------------------------------------------------------------
# 3. The geocoder failing

VILLAGE = "Qarrat al-Sharqiyah"  # in no gazetteer: the configured geocoder is asked
REPORT = (
    "Damascus, 18 January 2017. Syrian troops clashed with rebels in the village of "
    f"{VILLAGE} on Tuesday. Russian jets struck Islamic State positions in al-Bab."
)


@pytest.fixture
def nominatim_down(settings):
    """GEOCODER=nominatim on a port nobody listens on: geopy's Nominatim fails to connect."""
    port = free_port()
    settings.GEOCODER = "nominatim"
    settings.NOMINATIM_URL = f"http://127.0.0.1:{port}"
    return port


def nominatim_lookups():
    return PlaceLookup.objects.filter(geocoder="nominatim")


def village_event() -> Event:
    return Event.objects.get(dataset="ingest", place_name=VILLAGE)


def ingest_report(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    call_command("ingest", str(report), "--published", "2017-01-18", stdout=io.StringIO())


def test_a_failing_geocoder_leaves_ingested_events_unlocated_with_the_reason(
    seeded, nominatim_down, tmp_path
):
    ingest_report(tmp_path)
    event = village_event()
    assert event.location is None and event.place is None
    assert event.unlocated_reason.startswith(
        f"Geocoder nominatim unavailable when looking up “{VILLAGE}”"
    )
    # geopy's error, with its cause
    assert f"127.0.0.1', port={nominatim_down}" in event.unlocated_reason
    assert "Connection refused" in event.unlocated_reason
    assert event.unlocated_reason.endswith("Nothing was cached: geocode again later.")
    # The place the offline gazetteer knows is placed as ever; nothing is lost.
    al_bab = Event.objects.get(dataset="ingest", place__geonames_id=174018)
    assert al_bab.location is not None and al_bab.unlocated_reason == ""
    # The failure is no answer: not cached as "not found".
    assert not nominatim_lookups().exists()

    # Geocoding again while it is still down: the same, nothing cached.
    assert event_geocode_again(event=event) is False
    event.refresh_from_db()
    assert event.location is None and "unavailable" in event.unlocated_reason
    with pytest.raises(CommandError, match="unavailable") as failed:
        call_command("geocode", "--unlocated")
    assert failed.value.returncode == 3
    with pytest.raises(CommandError, match="Nothing was cached") as failed:
        call_command("geocode", VILLAGE, "--country", "SY")
    assert failed.value.returncode == 3
    assert not nominatim_lookups().exists()
    assert Event.objects.filter(dataset="ingest").count() == 2


class FakeNominatim(BaseHTTPRequestHandler):
    """A Nominatim server for the moment the network is back: answers /search as Nominatim does
    (format=json, addressdetails, extratags)."""

    def do_GET(self):
        body = json.dumps(
            [
                {
                    "place_id": 4242,
                    "lat": "36.1234",
                    "lon": "37.4321",
                    "name": VILLAGE,
                    "display_name": f"{VILLAGE}, Aleppo, Syria",
                    "address": {"village": VILLAGE, "state": "Aleppo", "country_code": "sy"},
                    "extratags": {},
                }
            ]
            if self.path.startswith("/search")
            else []
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_once_the_geocoder_answers_again_the_event_is_placed_and_the_reason_cleared(
    seeded, nominatim_down, tmp_path, staff_client
):
    ingest_report(tmp_path)
    event = village_event()
    assert "unavailable" in event.unlocated_reason
    # Curators see why, in the admin and on the event page.
    admin_page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert "Geocoder nominatim unavailable" in admin_page.content.decode()
    event.status = Event.Status.VERIFIED
    event.save()
    assert "Why, for curators: Geocoder nominatim unavailable" in (
        staff_client.get(event.get_absolute_url()).content.decode()
    )

    server = ThreadingHTTPServer(("127.0.0.1", nominatim_down), FakeNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        call_command("geocode", "--unlocated", stdout=io.StringIO())
    finally:
        server.shutdown()
        server.server_close()
    event.refresh_from_db()
    assert (round(event.location.y, 4), round(event.location.x, 4)) == (36.1234, 37.4321)
    assert event.place.name == VILLAGE and event.country_code == "SY"
    assert event.unlocated_reason == ""
    (lookup,) = nominatim_lookups()
    assert lookup.normalized == normalize_name(VILLAGE) and lookup.place == event.place
    assert "Why, for curators" not in staff_client.get(event.get_absolute_url()).content.decode()


def test_a_place_the_offline_gazetteer_does_not_know_is_recorded_as_not_found(seeded, tmp_path):
    ingest_report(tmp_path)
    event = village_event()
    assert event.location is None
    assert event.unlocated_reason == f"Place “{VILLAGE}” not found by the geonames geocoder."
    # A real answer, so it is cached (asked once).
    lookup = PlaceLookup.objects.get(normalized=normalize_name(VILLAGE), geocoder="geonames")
    assert lookup.place is None
    assert place_geocode(name=VILLAGE) is None


def test_seeds_load_with_the_geocoder_down_keeps_every_event(db, nominatim_down):
    summary = seeds_load()
    assert summary.events_created == Event.objects.filter(dataset="seed").count() == 8
    placed_by_name = Event.objects.filter(dataset="seed").exclude(place_name="")
    assert placed_by_name.exists()
    for event in placed_by_name:
        assert event.location is None
        assert event.unlocated_reason.startswith("Geocoder nominatim unavailable")
    assert not nominatim_lookups().exists()
