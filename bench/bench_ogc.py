"""OGC API - Features items pages (issue 17): a page of 1,000 at 1M events, p50 < 100 ms.

    .venv/bin/python bench/bench_ogc.py                  # 1,000,000 events on PostGIS
    .venv/bin/python bench/bench_ogc.py --events 200000  # a smaller database

Each figure is the median (p50) and p95 of REPEAT requests through Django's test client, the
body read, in one process on the benchmark database (cm_bench_ogc):
- ours: GET /ogcapi/collections/events/items?limit=1000 (the first page: GDAL's first request),
  then with a datetime window, a bbox and a filter of the site's own (event_type, country);
  "cold" clears the cached numberMatched before each request (what a new filter costs),
  "warm" keeps it (GDAL's next pages, whose filter is the same);
- a deep page (offset=500,000), by offset alone (what OFFSET costs) and as the next links ask
  for it (after the previous page's last id);
- baselines from the same run: the plain count of the same filter (SELECT count(*)), and
  /api/events.geojson for a date window of about 1,000 events (the first days of March 2017
  until it has), beside our page of the same window.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, parser, percentiles

REPEAT = 20
ITEMS = "/ogcapi/collections/events/items"
WINDOW = "2017-01-01/2017-06-30"
BBOX = "35,32,42,37.5"  # Syria


def ensure_events(target: int) -> int:
    from bench.synthetic import load_synthetic
    from events.models import Event

    have = Event.objects.filter(dataset="synthetic").count()
    if have < target:
        load_synthetic(target - have)
    return Event.objects.public().count()


def query_dict(params: dict):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for k, v in params.items():
        q[k] = v
    return q


def sample(fn, repeat: int = REPEAT) -> tuple[float, float]:
    fn()  # warm up: imports, plans, the actors table
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def line(label: str, p50: float, p95: float, extra: str = "") -> None:
    print(f"{label:58s} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms  {extra}")


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--database", default="cm_bench_ogc")
    args = p.parse_args()
    bench_setup(args.database, backend=args.backend, fresh=args.fresh)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from events.api.ogc.params import page_parse
    from events.api.params import event_filter_parse
    from events.models import Event

    client = Client()
    n = ensure_events(args.events)
    print(f"\n{n:,} public events in the {connection.vendor} benchmark database {args.database}")

    def get(path: str, params: dict, *, cold: bool) -> int:
        if cold:
            cache.clear()
        response = client.get(path, params, HTTP_HOST="localhost")
        assert response.status_code == 200, response.content[:300]
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return len(content)

    cases = [
        ("first page", {}),
        (f"datetime={WINDOW}", {"datetime": WINDOW}),
        (f"bbox={BBOX}", {"bbox": BBOX}),
        ("event_type=Battles&country=SY", {"event_type": "Battles", "country": "SY"}),
    ]
    for label, params in cases:
        query = {"limit": "1000", **params}
        size = get(ITEMS, query, cold=True)
        for cold in (True, False):
            p50, p95 = sample(lambda q=query, c=cold: get(ITEMS, q, cold=c))
            kind = "cold count" if cold else "warm count"
            line(f"ours  items limit=1000 {label} ({kind})", p50, p95, f"{size / 1e6:.2f} MB")
        errors: dict[str, str] = {}
        _, filter_query = page_parse(query_dict(query), errors)
        f = event_filter_parse(filter_query)
        matched = Event.objects.matching(f).count()
        p50, p95 = sample(lambda f=f: Event.objects.matching(f).count())
        line(f"  baseline  count(*) of the same filter ({matched:,})", p50, p95)

    deep = {"limit": "1000", "offset": "500000"}
    p50, p95 = sample(lambda: get(ITEMS, deep, cold=False), repeat=5)
    line("ours  items limit=1000 offset=500000 (warm count)", p50, p95)
    # What a next link asks for the same page: after the previous page's last id.
    last = Event.objects.public().order_by("id").values_list("pk", flat=True)[499_999]
    keyset = {**deep, "after": str(last)}
    p50, p95 = sample(lambda: get(ITEMS, keyset, cold=False), repeat=5)
    line("ours  items limit=1000 offset=500000 after=<id> (next link)", p50, p95)

    # A window of about a thousand events for the download: days from 2017-03-01 until it has.
    first = dt.date(2017, 3, 1)
    for days in range(1, 400):
        small = {"date_from": str(first), "date_to": str(first + dt.timedelta(days=days - 1))}
        got = Event.objects.matching(event_filter_parse(query_dict(small))).count()
        if got >= 1000:
            break
    label = f"{small['date_from']}..{small['date_to']}"
    p50, p95 = sample(lambda: get("/api/events.geojson", small, cold=False))
    line(f"  baseline  /api/events.geojson {label} ({got:,} events)", p50, p95)
    small_ogc = {"limit": "1000", **small}
    for cold in (True, False):
        p50, p95 = sample(lambda c=cold: get(ITEMS, small_ogc, cold=c))
        kind = "cold count" if cold else "warm count"
        line(f"ours  items limit=1000 the same window ({kind})", p50, p95)
    print("\ntarget: items page of 1,000 at 1M events on PostGIS, p50 < 100 ms")


if __name__ == "__main__":
    main()
