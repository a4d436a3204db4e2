"""Map query latency at 1,000,000 events (issue 5): bbox + date window + one actor.

    .venv/bin/python bench/bench_map.py               # fills the benchmark database to 1M first

For random views, times GET /api/map.json (what the map page asks for) through Django's test
client, zoomed out (zoom 6, a region: grid clusters) and zoomed in (zoom 12, a town: single
events), each with a 90-day window and one of the active actors. Baseline in the same run: the
same filter as a plain GeoJSON download (/api/events.geojson), i.e. a map without server-side
clustering. Prints p50/p95 (targets: p50 < 50 ms, p95 < 200 ms) and EXPLAIN ANALYZE of the two
queries, so the indexes in use are visible; and, for the zoomed-out filters, the time of
/api/facets.json (the type and country counts the page asks for in server mode).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    bench_setup,
    busiest_actor_slugs,
    parser,
    percentiles,
    synthetic_town_points,
)

EVENTS_DB = "conflictmap_bench_geojson"


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--views", type=int, default=60)
    p.add_argument("--baseline-views", type=int, default=10)
    args = p.parse_args()
    bench_setup(f"{EVENTS_DB}_{args.backend}", backend=args.backend, fresh=args.fresh)

    from django.db import connection
    from django.test import Client

    from bench.bench_geojson import ensure_events

    n = ensure_events(args.events)
    print(f"\n{n:,} located verified events in the {connection.vendor} benchmark database")
    rng = random.Random(11)
    actors = busiest_actor_slugs(20)
    towns = synthetic_town_points(200)
    client = Client()

    def view(zoomed_in: bool, days: int) -> dict:
        start = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(14 * 365 - days))
        params = {
            "actor": rng.choice(actors),
            "date_from": start.isoformat(),
            "date_to": (start + dt.timedelta(days=days)).isoformat(),
        }
        if zoomed_in:
            town = rng.choice(towns)
            params["bbox"] = (
                f"{town.x - 0.1:.4f},{town.y - 0.08:.4f},{town.x + 0.1:.4f},{town.y + 0.08:.4f}"
            )
            params["zoom"] = "12"
        else:
            params["bbox"] = "34,28,50,38"  # Syria, Iraq and around
            params["zoom"] = "6"
        return params

    def run(url: str, params: dict) -> tuple[float, bytes]:
        t0 = time.perf_counter()
        response = client.get(url, params, HTTP_HOST="localhost")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - t0
        assert response.status_code == 200, body[:300]
        return elapsed, body

    scenarios = (
        ("zoomed out, 90 days", False, 90),
        ("zoomed out, 2 years", False, 730),
        ("zoomed in, 90 days", True, 90),
    )
    for label, zoomed_in, days in scenarios:
        views = [view(zoomed_in, days) for _ in range(args.views)]
        p50 = map_views_time(label, views, run)
        baseline_time(views[: args.baseline_views], run, p50)
        if not zoomed_in:
            facets_time(views[: args.baseline_views * 2], run)
        if connection.vendor == "postgresql" and days == 90:
            explain_first(views[0])


Run = Callable[[str, dict], tuple[float, bytes]]


def map_views_time(label: str, views: list[dict], run: Run) -> float:
    """/api/map.json for each view: p50/p95 overall and by answer (events or clusters)."""
    from tqdm import tqdm

    run("/api/map.json", views[0])  # warm caches
    samples, sizes, modes = [], [], Counter()
    by_mode: dict[str, list[float]] = {}
    for params in tqdm(views, desc=label, leave=False):
        elapsed, body = run("/api/map.json", params)
        samples.append(elapsed)
        sizes.append(len(body))
        mode = json.loads(body)["mode"]
        modes[mode] += 1
        by_mode.setdefault(mode, []).append(elapsed)
    p50, p95 = percentiles(samples)
    print(
        f"{label:24s} /api/map.json p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
        f"(targets 50 / 200)  avg {sum(sizes) / len(sizes) / 1024:6.1f} KiB  "
        f"answers: {dict(modes)}"
    )
    for mode, times in sorted(by_mode.items()):
        m50, m95 = percentiles(times)
        print(
            f"{'':24s} answered with {mode:8s} ({len(times):3d} views): "
            f"p50 {m50 * 1000:7.1f} ms  p95 {m95 * 1000:7.1f} ms"
        )
    return p50


def baseline_time(views: list[dict], run: Run, map_p50: float) -> None:
    """The same filters as a plain GeoJSON download: the map without server-side clustering."""
    base = [run("/api/events.geojson", without(params, "zoom"))[0] for params in views]
    b50, _ = percentiles(base)
    print(
        f"{'':24s} baseline events.geojson p50 {b50 * 1000:7.1f} ms  "
        f"-> map.json is {b50 / map_p50:.1f}x faster"
    )


def facets_time(views: list[dict], run: Run) -> None:
    """What server mode asks beside the view: the type and country counts of the filter (no
    bbox: the whole filter, as client mode counts)."""
    facets = [run("/api/facets.json", without(params, "zoom", "bbox"))[0] for params in views]
    f50, f95 = percentiles(facets)
    print(
        f"{'':24s} /api/facets.json for the same filters p50 {f50 * 1000:7.1f} ms  "
        f"p95 {f95 * 1000:7.1f} ms"
    )


def explain_first(params: dict) -> None:
    from django.http import QueryDict

    from events.api.params import event_filter_parse
    from events.models import Event

    q = QueryDict(mutable=True)
    for k, v in without(params, "zoom").items():
        q[k] = v
    qs = Event.objects.matching(event_filter_parse(q)).located()
    print("  EXPLAIN ANALYZE of the filter's query:")
    for line in qs.explain(analyze=True).splitlines():
        print("   ", line)


def without(params: dict, *names: str) -> dict:
    return {k: v for k, v in params.items() if k not in names}


if __name__ == "__main__":
    main()
