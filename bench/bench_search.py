"""Text search (q) by a place's other names (issue 16), at 1,000,000 events by default.

    .venv/bin/python bench/bench_search.py                      # fills its database to 1M first
    .venv/bin/python bench/bench_search.py --events 200000 --backend spatialite

For the busiest synthetic places, each searched by one of its gazetteer alternate names that
its own name does not contain ("Halab" for Aleppo): the time of /api/timeline.json (what the map
asks first for a filter: every matching event counted) and of /api/map.json zoomed out, with q
the alternate name, against the baseline from the same run, q the place's own name (the plain
text search, which finds the same events by the place's name). Also prints how long resolving
q to place ids takes (`place_ids_named`: the gazetteer, then one read of the places table) and
how many events each search counts (the alternate name may name other places too).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, parser, percentiles

EVENTS_DB = "cm_names_bench"  # its own: never bench_map's 1M database


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--places", type=int, default=5, help="how many of the busiest places")
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    bench_setup(f"{EVENTS_DB}_{args.backend}", backend=args.backend, fresh=args.fresh)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from bench.bench_geojson import ensure_events
    from events.domain.names import normalize_name
    from events.geo.gazetteer import get_gazetteer
    from events.models import Event
    from events.selectors.places import place_ids_named

    n = ensure_events(args.events)
    print(f"\n{n:,} located public events in the {connection.vendor} benchmark database")
    gazetteer = get_gazetteer()
    busiest = (
        Event.objects.filter(dataset="synthetic", place__geonames_id__isnull=False)
        .values_list("place__name", "place__geonames_id")
        .annotate(n=Count("id"))
        .order_by("-n")[: args.places * 3]
    )
    client = Client()

    def timed(url: str, params: dict) -> tuple[float, dict]:
        best, answer = float("inf"), {}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url, params, HTTP_HOST="localhost")
            best = min(best, time.perf_counter() - t0)
            assert response.status_code == 200, response.content[:300]
            answer = response.json()
        return best, answer

    rows, done = [], 0
    for name, geonames_id, count in busiest:
        entry = gazetteer.entries[geonames_id]
        own = normalize_name(name)
        other = next(
            (a for a in entry.alternate_names if own not in normalize_name(a) and len(a) > 3),
            None,
        )
        if other is None or done == args.places:
            continue
        done += 1
        t0 = time.perf_counter()
        place_ids_named(other)
        resolve = time.perf_counter() - t0
        line = [f"{name!r} ({count:,} events) as {other!r}: resolve {resolve * 1000:5.1f} ms"]
        for url, extra in (
            ("/api/timeline.json", {}),
            ("/api/map.json", {"zoom": "6", "bbox": "-20,-40,150,60"}),
        ):
            alt_time, alt = timed(url, {"q": other, **extra})
            own_time, base = timed(url, {"q": name, **extra})
            if url.endswith("timeline.json"):
                line.append(f"counted: q=alternate {alt['total']:,}, q=own name {base['total']:,}")
            line.append(
                f"{url} q=alternate {alt_time * 1000:7.1f} ms vs q=own name {own_time * 1000:7.1f}"
                " ms"
            )
            rows.append((url, alt_time, own_time))
        print("\n  ".join(line))
    for url in ("/api/timeline.json", "/api/map.json"):
        alt50, _ = percentiles([a for u, a, _ in rows if u == url])
        own50, _ = percentiles([o for u, _, o in rows if u == url])
        print(
            f"median {url:20s} q by an alternate name {alt50 * 1000:7.1f} ms; "
            f"baseline, q by the place's own name {own50 * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
