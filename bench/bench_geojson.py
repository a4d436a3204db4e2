"""GeoJSON download speed and memory (issue 3; the 1.5x raw-SQL target of issue 5 too).

    .venv/bin/python bench/bench_geojson.py                 # 100,000 events on PostGIS
    .venv/bin/python bench/bench_geojson.py --million       # then memory at 1,000,000

Measured in one run, on the same queryset (verified, located events), each the best of REPEAT runs:
- ours: GET /api/events.geojson through Django's test client, the streamed body consumed;
- baseline: django.core.serializers.serialize("geojson", queryset, geometry_field="location");
- reference: one raw SQL statement building the FeatureCollection with json_agg/ST_AsGeoJSON
  (PostGIS only), with the same properties as ours.
Peak memory: tracemalloc's peak of Python allocations while the whole response is consumed
(chunks are counted and dropped, as a client socket would). Targets: ours >= 10x faster than the
serializer; <= 1.5x the raw SQL; peak memory at 1M no higher than at 100k.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, parser, report_line, timed

# Each of ours, the raw query and the serializer: the best of this many runs in the same process
# (this shared VM moves single runs by ±20%).
REPEAT = 5

RAW_SQL = """
SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(f), '[]'))::text
FROM (
  SELECT json_build_object(
    'type', 'Feature', 'id', e.id,
    'geometry', ST_AsGeoJSON(e.location, 6)::json,
    'properties', json_build_object(
      'id', e.id, 'date', e.date, 'date_precision', e.date_precision, 'end_date', e.end_date,
      'event_type', e.event_type, 'sub_event_type', e.sub_event_type,
      'actors', (SELECT COALESCE(json_agg(json_build_object('name', a.name, 'slug', a.slug,
                   'role', ea.role) ORDER BY ea.role, ea.id), '[]')
                 FROM events_eventactor ea JOIN events_actor a ON a.id = ea.actor_id
                 WHERE ea.event_id = e.id),
      'place', COALESCE(p.name, e.place_name), 'country', e.country_code,
      'geo_precision', e.geo_precision, 'fatalities', e.fatalities, 'summary', e.summary,
      'quote', e.quote,
      'source', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('title', s.title,
                'publisher', s.publisher, 'url', NULLIF(s.url, ''), 'date', s.published) END,
      'status', e.status, 'url', '/events/' || e.id || '/')) AS f
  FROM events_event e
  LEFT JOIN events_place p ON p.id = e.place_id
  LEFT JOIN events_source s ON s.id = e.source_id
  WHERE e.status = 'verified' AND e.location IS NOT NULL
  ORDER BY e.date, e.id
) AS rows
"""


def consume_api(client) -> int:
    response = client.get("/api/events.geojson", HTTP_HOST="localhost")
    assert response.status_code == 200, response
    return sum(len(chunk) for chunk in response.streaming_content)


def peak_memory(client) -> tuple[int, int]:
    gc.collect()
    tracemalloc.start()
    size = consume_api(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, peak


def ensure_events(target: int) -> int:
    from bench.synthetic import load_synthetic
    from events.models import Event

    have = Event.objects.filter(dataset="synthetic").count()
    if have < target:
        load_synthetic(target - have)
    return Event.objects.public().located().count()


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--million", action="store_true", help="also measure memory at 1,000,000")
    p.add_argument("--skip-serializer", action="store_true")
    p.add_argument("--database", default="conflictmap_bench_geojson", help="before _<backend>")
    args = p.parse_args()
    # The database bench_map.py fills to 1M by default; --database names another (a 100k one
    # keeps the serializer's five passes to minutes: on the 1M one each takes two).
    bench_setup(f"{args.database}_{args.backend}", backend=args.backend, fresh=args.fresh)

    from django.core import serializers
    from django.db import connection
    from django.test import Client

    from events.models import Event

    client = Client()
    n = ensure_events(args.events)
    print(f"\n{n:,} located verified events in the {connection.vendor} benchmark database")
    queryset = Event.objects.public().located()

    ours, size = timed(lambda: consume_api(client), repeat=REPEAT)
    print(report_line("ours      /api/events.geojson", ours, n, size))
    if connection.vendor == "postgresql":

        def raw() -> int:
            with connection.cursor() as cur:
                cur.execute(RAW_SQL)
                return len(cur.fetchone()[0])

        raw_s, raw_size = timed(raw, repeat=REPEAT)
        print(report_line("reference raw SQL json_agg", raw_s, n, raw_size))
    if not args.skip_serializer:
        ser_s, text = timed(  # best of REPEAT, as ours and the raw query are
            lambda: serializers.serialize("geojson", queryset, geometry_field="location"),
            repeat=REPEAT,
        )
        print(report_line("baseline  serializers geojson", ser_s, n, len(text)))
        del text
        print(f"\nours vs Django's serializer: {ser_s / ours:.1f}x faster (target >= 10x)")
    if connection.vendor == "postgresql":
        print(f"ours vs raw SQL: {ours / raw_s:.2f}x the raw query's time (target <= 1.5x)")

    _, peak_small = peak_memory(client)
    print(f"\npeak Python memory streaming {n:,} events: {peak_small / 1e6:.1f} MB")
    if args.million:
        big = ensure_events(1_000_000)
        t_big, _ = timed(lambda: consume_api(client))
        _, peak_big = peak_memory(client)
        print(
            f"peak Python memory streaming {big:,} events: {peak_big / 1e6:.1f} MB "
            f"(ratio {peak_big / peak_small:.2f}; flat means ~1)"
        )
        print(f"ours at {big:,}: {t_big:.1f} s, {big / t_big:,.0f} ev/s")


if __name__ == "__main__":
    main()
