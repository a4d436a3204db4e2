"""Trends and facets latency at 1,000,000 events over random 2-year windows (issue 16).

    .venv/bin/python bench/bench_trends.py                      # bench_map's 1M database
    .venv/bin/python bench/bench_trends.py --database cm_mine   # another one (filled if short)

For random 2-year windows in 2011-2024, times GET /api/trends.json (the map page's Trends panel)
and GET /api/facets.json (the type and country counts of server mode) through Django's test
client: the window alone (the widest: ~130k events), and the window with one of the 20 busiest
actors (as bench_map.py asks for facets). Each scenario runs ROUNDS times over the same windows;
it prints the best round's p50/p95 and the range of p50 and p95 over the rounds (two shared
cores: single rounds move by tens of percent). Targets: p50 < 100 ms, p95 < 300 ms.

Baseline, in the same run, on the same windows: the same requests with PostgreSQL's index-only
scans switched off for the session (SET enable_indexonlyscan = off), i.e. the same plans reading
each event of the window from the table, as they did before the covering indexes
(event_public_date_counts, eventactor_date_actor; migration 0023). The database is vacuumed
first, as autovacuum would have done by then, so index-only scans skip the table.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, busiest_actor_slugs, parser, percentiles

ROUNDS = 3
URLS = ("/api/trends.json", "/api/facets.json")


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--windows", type=int, default=40)
    p.add_argument("--database", help="benchmark database (default: bench_map.py's)")
    args = p.parse_args()
    database = args.database or f"conflictmap_bench_geojson_{args.backend}"
    bench_setup(database, backend=args.backend, fresh=args.fresh)

    from django.db import connection
    from django.test import Client

    from bench.bench_geojson import ensure_events

    n = ensure_events(args.events)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE events_event, events_eventactor")
    print(f"\n{n:,} events in the {connection.vendor} benchmark database {database}")
    rng = random.Random(16)
    actors = busiest_actor_slugs(20)
    client = Client()

    def window() -> dict:
        start = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
        end = start + dt.timedelta(days=730)
        return {"date_from": start.isoformat(), "date_to": end.isoformat()}

    def run(url: str, params: dict) -> float:
        t0 = time.perf_counter()
        response = client.get(url, params, HTTP_HOST="localhost")
        elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.content[:300]
        return elapsed

    windows = [window() for _ in range(args.windows)]
    scenarios = (
        ("2 years", windows),
        ("2 years + actor", [{**w, "actor": rng.choice(actors)} for w in windows]),
    )
    for label, views in scenarios:
        for url in URLS:
            report(f"{label:16s} {url:18s}", timings(url, views, run))
            if connection.vendor == "postgresql":
                with index_only_scans_off(connection):
                    report(f"{'':16s} {'baseline (table)':18s}", timings(url, views, run))


def timings(url: str, views: list[dict], run: Callable[[str, dict], float]) -> list[list[float]]:
    """ROUNDS rounds of the url for every view (after one warm-up request)."""
    run(url, views[0])
    return [[run(url, params) for params in views] for _ in range(ROUNDS)]


def report(label: str, rounds: list[list[float]]) -> None:
    stats = [percentiles(samples) for samples in rounds]
    p50s = sorted(s[0] * 1000 for s in stats)
    p95s = sorted(s[1] * 1000 for s in stats)
    print(
        f"{label} best p50 {p50s[0]:7.1f} ms  p95 {p95s[0]:7.1f} ms   "
        f"(p50 {p50s[0]:.0f}-{p50s[-1]:.0f}, p95 {p95s[0]:.0f}-{p95s[-1]:.0f} over {len(rounds)} "
        f"rounds of {len(rounds[0])} windows; targets 100 / 300)"
    )


class index_only_scans_off:
    """The baseline: this session's queries read the table, as without the covering indexes."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET enable_indexonlyscan = off")

    def __exit__(self, *exc: object) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("RESET enable_indexonlyscan")


if __name__ == "__main__":
    main()
