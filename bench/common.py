"""What every benchmark shares: its own database (never the dev one), timing and memory helpers."""

from __future__ import annotations

import argparse
import gc
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgis://postgres@127.0.0.1:5432/"


def create_pg_database(database: str, *, fresh: bool = False) -> str:
    """A PostGIS database of that name (dropped first when fresh); returns its DATABASE_URL."""
    import psycopg

    admin = "host=127.0.0.1 port=5432 user=postgres dbname="
    with psycopg.connect(admin + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [database]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    with psycopg.connect(admin + database, autocommit=True) as conn:
        conn.execute("SET client_min_messages = warning")
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    return PG + database


def bench_setup(database: str, *, backend: str = "postgis", fresh: bool = False) -> None:
    """Point Django at a benchmark database (created, with PostGIS, and migrated) and set it up."""
    sys.path.insert(0, str(ROOT))
    if backend == "postgis":
        create_pg_database(database, fresh=fresh)
        os.environ["DATABASE_URL"] = PG + database
    else:
        path = ROOT / ".cache" / f"{database}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        if fresh:
            path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"spatialite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from events.services.seeds import seeds_load

    seeds_load()
    # As a server process is after startup (conflictmap/wsgi.py): what is loaded by now is
    # frozen out of the cyclic collector's passes. Baselines measured in the same process share it.
    gc.freeze()


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--backend", choices=["postgis", "spatialite"], default="postgis")
    p.add_argument("--fresh", action="store_true", help="drop and rebuild the benchmark database")
    return p


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Best wall time of `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def report_line(label: str, seconds: float, n: int, size: int) -> str:
    return f"{label:34s} {seconds:8.2f} s  {n / seconds:10,.0f} ev/s  {size / 1e6:7.1f} MB"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def busiest_actor_slugs(n: int) -> list[str]:
    """The n actors with the most event links: what benchmark queries filter by."""
    from django.db.models import Count

    from events.models import EventActor

    return list(
        EventActor.objects.values("actor__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("actor__slug", flat=True)[:n]
    )


def synthetic_town_points(n: int) -> list:
    """Up to n distinct points of the synthetic events' places: centres for benchmark views."""
    from events.models import Event

    return list(
        Event.objects.filter(dataset="synthetic")
        .values_list("place__point", flat=True)
        .distinct()[:n]
    )


# --- The production server, for the benchmarks that measure it (bench_load, bench_memory) ---


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(port: int) -> dict[str, str]:
    """This process's environment for a production server on 127.0.0.1:port: DEBUG=0, a random
    SECRET_KEY, plain HTTP (with HTTPS=1 every request would be redirected), no access log."""
    env = {**os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        HTTPS="0",
        HOST="127.0.0.1",
        PORT=str(port),
        ACCESS_LOG="",
    )
    return env


def fetch(url: str) -> tuple[int, int]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, len(response.read())


def gunicorn_start(env: dict[str, str], log: Path) -> subprocess.Popen:
    """gunicorn with conflictmap/gunicorn.conf.py (the venv's, beside this Python), its output
    in `log`; returned once /api/openapi.json answers 200 (the process exits if it never does)."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "-c", "conflictmap/gunicorn.conf.py", "conflictmap.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{env['PORT']}/api/openapi.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log.read_text()}")
        try:
            if fetch(url)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not answer within 60 s")
