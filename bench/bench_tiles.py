"""Vector tile latency at 1,000,000 events (issue 17): a pan-and-zoom sequence of 200 tiles.

    .venv/bin/python bench/bench_tiles.py              # fills cm_bench_tiles to 1M first
    .venv/bin/python bench/bench_tiles.py --events 200000 --tiles 100

A map 1024x768 px (4x3 tiles) starts over Syria and Iraq at zoom 3, pans a little at each zoom
and zooms in towards a busy synthetic town down to zoom 14, as a user would; every tile the view
needs and has not fetched yet is one GET /tiles/{z}/{x}/{y}.mvt through Django's test client,
until --tiles tiles. Run once with no filter (the map page's default) and once with the map
benchmark's filter (one busy actor, two years). Prints p50/p95 (target: p95 < 100 ms), by layer
and by zoom band; the baseline in the same run is /api/map.json for the same views (its bbox and
zoom): the same map drawn from one GeoJSON answer per view. EXPLAIN ANALYZE of the slowest tile
shows the plan.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, busiest_actor_slugs, parser, percentiles

EVENTS_DB = "cm_bench_tiles"
WIDTH, HEIGHT = 4, 3  # tiles across and down: a 1024x768 map


def tile_of(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 2**z
    lat_r = math.radians(lat)
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n


def lonlat(tx: float, ty: float, z: int) -> tuple[float, float]:
    n = 2**z
    return tx / n * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))


def pan_and_zoom(target: tuple[float, float], limit: int) -> list[tuple[int, list, str]]:
    """[(zoom, tiles newly needed, the view's bbox)]: from zoom 3 over 40E 33N towards `target`,
    a pan east at each zoom, until `limit` tiles."""
    seen: set[tuple[int, int, int]] = set()
    steps = []
    lon, lat = 40.0, 33.0
    total = 0
    for z in range(3, 15):
        # Halfway to the target at each zoom, then a pan east and one south of it.
        lon, lat = (lon + target[0]) / 2, (lat + target[1]) / 2
        for dx, dy in ((0, 0), (1.5, 0)):
            cx, cy = tile_of(lon, lat, z)
            cx, cy = cx + dx, cy + dy
            x0, y0 = cx - WIDTH / 2, cy - HEIGHT / 2
            new = []
            for x in range(math.floor(x0), math.ceil(x0 + WIDTH)):
                for y in range(math.floor(y0), math.ceil(y0 + HEIGHT)):
                    key = (z, x % 2**z, max(0, min(y, 2**z - 1)))
                    if key not in seen:
                        seen.add(key)
                        new.append(key)
            west, north = lonlat(x0, y0, z)
            east, south = lonlat(x0 + WIDTH, y0 + HEIGHT, z)
            west, east = max(west, -180), min(east, 180)
            bbox = f"{west:.5f},{south:.5f},{east:.5f},{north:.5f}"
            new = new[: limit - total]
            total += len(new)
            steps.append((z, new, bbox))
            if total >= limit:
                return steps
    return steps


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--tiles", type=int, default=200)
    args = p.parse_args()
    bench_setup(f"{EVENTS_DB}" + ("" if args.backend == "postgis" else "_spatialite"),
                backend=args.backend, fresh=args.fresh)  # fmt: skip

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from bench.bench_geojson import ensure_events
    from events.models import Event

    n = ensure_events(args.events)
    print(f"\n{n:,} located verified events in the {connection.vendor} benchmark database")
    busiest = (
        Event.objects.filter(dataset="synthetic")
        .values("place")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("place__point", flat=True)
        .first()
    )
    target = (busiest.x, busiest.y) if busiest else (37.2, 36.2)
    steps = pan_and_zoom(target, args.tiles)
    client = Client()
    actor = busiest_actor_slugs(1)[0]
    start = dt.date(2015, 1, 1)
    filters = {
        "no filter": {},
        f"actor={actor}, 2 years": {
            "actor": actor,
            "date_from": start.isoformat(),
            "date_to": (start + dt.timedelta(days=730)).isoformat(),
        },
    }
    for label, params in filters.items():
        run(client, label, params, steps)


def get(client, url: str, params: dict) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    response = client.get(url, params, HTTP_HOST="localhost")
    elapsed = time.perf_counter() - t0
    assert response.status_code == 200, response.content[:300]
    return elapsed, response.content


def run(client, label: str, params: dict, steps: list) -> None:
    import mapbox_vector_tile

    tiles = [t for _, new, _ in steps for t in new]
    get(client, "/tiles/{}/{}/{}.mvt".format(*tiles[0]), params)  # warm the connection
    samples, by_layer, by_band = [], defaultdict(list), defaultdict(list)
    slowest = (0.0, tiles[0])
    for z, x, y in tiles:
        elapsed, body = get(client, f"/tiles/{z}/{x}/{y}.mvt", params)
        samples.append(elapsed)
        layers = mapbox_vector_tile.decode(body) if body else {}
        by_layer[next(iter(layers), "empty")].append(elapsed)
        by_band[f"z{z // 3 * 3}-{z // 3 * 3 + 2}"].append(elapsed)
        slowest = max(slowest, (elapsed, (z, x, y)))
    p50, p95 = percentiles(samples)
    print(
        f"\n{label}: {len(tiles)} tiles, z{steps[0][0]}-{steps[-1][0]}  "
        f"/tiles p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  (target p95 < 100)"
    )
    for name, group in sorted(by_layer.items()) + sorted(by_band.items()):
        g50, g95 = percentiles(group)
        print(f"    {name:10s} {len(group):4d} tiles  p50 {g50 * 1000:6.1f}  p95 {g95 * 1000:6.1f}")
    views = [(z, bbox) for z, new, bbox in steps if new]
    base = [get(client, "/api/map.json", {**params, "zoom": z, "bbox": b})[0] for z, b in views]
    b50, b95 = percentiles(base)
    per_view = sum(samples) / len(views)
    print(
        f"    baseline /api/map.json, the same {len(views)} views: p50 {b50 * 1000:6.1f} ms  "
        f"p95 {b95 * 1000:6.1f} ms; the tiles of one view together: {per_view * 1000:6.1f} ms"
    )
    print(f"    slowest tile {slowest[1]} {slowest[0] * 1000:.1f} ms")
    explain(params, slowest[1])


def explain(params: dict, zxy: tuple[int, int, int]) -> None:
    from django.db import connection
    from django.http import QueryDict

    from events.api.params import event_filter_parse
    from events.selectors.tiles import Tile, tile_layer

    if connection.vendor != "postgresql":
        return
    q = QueryDict(mutable=True)
    for k, v in params.items():
        q[k] = v
    layer, rows = tile_layer(event_filter_parse(q), Tile(*zxy))
    print(f"    EXPLAIN ANALYZE of its rows ({layer}):")
    for line in rows.explain(analyze=True).splitlines():
        print("       ", line)


if __name__ == "__main__":
    main()
