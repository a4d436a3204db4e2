"""The production server's memory under concurrent requests, 100k vs 1M events (issue 12).

    .venv/bin/python bench/bench_memory.py        # 100k, then 1M: ~12 min on 2 busy cores
    .venv/bin/python bench/bench_memory.py --skip-100k --endpoints geojson,snapshot

For each database and endpoint it starts a fresh production server (gunicorn with
conflictmap/gunicorn.conf.py, DEBUG=0, no STATIC_MANIFEST, the config's default workers and
threads for this machine) on 127.0.0.1 and a free port, measures its idle RSS, sends one warm-up
request and measures again ("warmed"); then one round of --concurrency simultaneous requests
(threads, http.client, each reading the whole body, none longer than --timeout), while the RSS of
the gunicorn master and its workers (VmRSS summed over the process tree: pages the preloaded
workers share with the master count once per process) is sampled every 100 ms. A fresh server
per endpoint, because glibc keeps freed heap for reuse: on one server an endpoint's rise would
hide in what the rounds before it left behind. Per endpoint: idle, warmed, the peak, the rise
(peak - warmed), the RSS 2 s after the round, the status counts and the p50/p95 latency of the
200 answers. Then "peak at 1M / peak at 100k" per endpoint, and the same for the rise: flat (~1)
means the endpoint's memory does not grow with the data.

Databases: 1M events is bench_map's and bench_geojson's conflictmap_bench_geojson_postgis (reused
and topped up, never dropped); 100k events is conflictmap_bench_memory_100k_postgis, made here.
Requests, from each database's data (its busiest actor A, the point of its busiest town T):
  map-in    /api/map.json zoom 12, a town's view around T (0.2 x 0.16 degrees), all dates
  map-out   /api/map.json zoom 6, Syria/Iraq (34,28,50,38), 2021-2022
  geojson   /api/events.geojson actor A, 2022 (streamed)
  csv       /api/events.csv, the same filter (streamed)
  snapshot  /api/snapshot.html actor A from 2011 up to its ~15,000th event (under the 20k cap;
            at most SNAPSHOT_CONCURRENCY at once per process, the rest answer 503: counted)
  timeline  /api/timeline.json actor A, all dates (the map page's histogram)
  facets    /api/facets.json actor A, 2021-2022
  actors    /api/actors.json, no filter (the actor facet of the map page opened bare)

PostGIS only: the production server runs on PostgreSQL (docs/deploy.md), where the downloads
stream from server-side cursors and web statements time out (WEB_STATEMENT_TIMEOUT); SpatiaLite
is the single-user development database, has no statement timeout, and has no 1M database.
The machine may be shared: the load average is printed before each round.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    free_port,
    gunicorn_start,
    percentiles,
    production_env,
)

DATABASES = (
    ("100k", "conflictmap_bench_memory_100k_postgis", 100_000),
    ("1M", "conflictmap_bench_geojson_postgis", 1_000_000),
)
ENDPOINTS = ("map-in", "map-out", "geojson", "csv", "snapshot", "timeline", "facets", "actors")
SNAPSHOT_EVENTS = 15_000
SAMPLE_SECONDS = 0.1
SETTLE_SECONDS = 2.0
OUT = ROOT / "bench" / "out"
MB = 1024 * 1024


# --- Each database's requests (in a child process: Django is set up for one database there) ---


def busiest_town_point():
    from django.db.models import Count

    from events.models import Event, Place

    top = (
        Event.objects.filter(dataset="synthetic")
        .values("place")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return Place.objects.get(pk=top["place"]).point


def nth_event_date(query: dict, n: int) -> dt.date:
    """The date of the filter's n-th event by date (or its last one)."""
    from events.models import Event

    dates = Event.objects.matching(filter_of(query)).located().order_by("date")
    found = dates.values_list("date", flat=True)[n - 1 : n]
    return found[0] if found else dates.values_list("date", flat=True).last()


def filter_of(query: dict):
    from django.http import QueryDict

    from events.api.params import event_filter_parse

    params = QueryDict(mutable=True)
    for key, value in query.items():
        if key != "zoom":
            params[key] = value
    return event_filter_parse(params)


def endpoint_requests(actor: str, town, snapshot_to: dt.date) -> dict[str, tuple[str, dict]]:
    """Each endpoint's (path, query) for this database's busiest actor and town."""
    town_box = (town.x - 0.1, town.y - 0.08, town.x + 0.1, town.y + 0.08)
    two_years = {"date_from": "2021-01-01", "date_to": "2022-12-31"}
    one_year = {"actor": actor, "date_from": "2022-01-01", "date_to": "2022-12-31"}
    return {
        "map-in": ("/api/map.json", {"bbox": ",".join(f"{v:.4f}" for v in town_box), "zoom": 12}),
        "map-out": ("/api/map.json", {"bbox": "34,28,50,38", "zoom": 6, **two_years}),
        "geojson": ("/api/events.geojson", one_year),
        "csv": ("/api/events.csv", one_year),
        "snapshot": (
            "/api/snapshot.html",
            {"actor": actor, "date_from": "2011-01-01", "date_to": snapshot_to.isoformat()},
        ),
        "timeline": ("/api/timeline.json", {"actor": actor}),
        "facets": ("/api/facets.json", {"actor": actor, **two_years}),
        "actors": ("/api/actors.json", {}),
    }


def database_prepare(database: str, events: int) -> dict:
    """Set up (and top up) the benchmark database; its URL, event count and requests, with how
    many located events each request's filter matches."""
    from bench.common import bench_setup, busiest_actor_slugs

    bench_setup(database)  # never fresh: the 1M database took an hour to fill
    from bench.bench_geojson import ensure_events
    from events.models import Event

    total = ensure_events(events)
    actor = busiest_actor_slugs(1)[0]
    snapshot_to = nth_event_date({"actor": actor}, SNAPSHOT_EVENTS)
    requests = endpoint_requests(actor, busiest_town_point(), snapshot_to)
    matched = {
        name: Event.objects.matching(filter_of(query)).located().count()
        for name, (_, query) in requests.items()
    }
    return {
        "url": os.environ["DATABASE_URL"],
        "events": total,
        "actor": actor,
        "paths": {
            name: f"{path}?{urlencode(q)}" if q else path for name, (path, q) in requests.items()
        },
        "matched": matched,
    }


def prepared(database: str, events: int) -> dict:
    """database_prepare in a fresh process, so this one stays free of Django and of its memory."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(database_prepare, database, events).result()


# --- The server's memory ---


def tree_pids(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process or thread just ended
                todo.extend(int(child) for child in children.read_text().split())
    return pids


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    return sum(rss(pid) for pid in tree_pids(root))


class RssSampler(threading.Thread):
    """tree_rss(root) every `interval` seconds until stopped."""

    def __init__(self, root: int, interval: float):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.samples: list[tuple[float, int]] = []
        self._done = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._done.is_set():
            self.samples.append((round(time.monotonic() - start, 2), tree_rss(self.root)))
            self._done.wait(self.interval)

    def stopped(self) -> list[tuple[float, int]]:
        self._done.set()
        self.join()
        return self.samples


# --- Requests ---


def request_once(port: int, path: str, timeout: float) -> tuple[str, float, int]:
    """(status or error name, seconds to the last byte, body bytes), the body read and dropped."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"body still coming after {timeout} s")
        return str(response.status), time.perf_counter() - start, size
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__, time.perf_counter() - start, 0
    finally:
        conn.close()


def round_run(server: int, port: int, path: str, concurrency: int, timeout: float) -> dict:
    """`concurrency` requests of `path` released at once, the server's RSS sampled throughout."""
    results: list[tuple[str, float, int]] = []
    gate = threading.Barrier(concurrency + 1)

    def client() -> None:
        gate.wait()
        results.append(request_once(port, path, timeout))

    clients = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in clients:
        thread.start()
    before = tree_rss(server)
    sampler = RssSampler(server, SAMPLE_SECONDS)
    sampler.start()
    gate.wait()
    start = time.monotonic()
    for thread in clients:
        thread.join(timeout + 30)
    wall = time.monotonic() - start
    time.sleep(SETTLE_SECONDS)
    after = tree_rss(server)
    samples = sampler.stopped()
    return summary(results, before, after, samples, wall)


def summary(results, before: int, after: int, samples, wall: float) -> dict:
    statuses = Counter(status for status, _, _ in results)
    ok = [(seconds, size) for status, seconds, size in results if status == "200"]
    p50, p95 = percentiles([s for s, _ in ok]) if ok else (float("nan"), float("nan"))
    peak = max([before, after, *(value for _, value in samples)])
    return {
        "before": before,
        "peak": peak,
        "after": after,
        "statuses": dict(statuses),
        "p50": p50,
        "p95": p95,
        "wall": wall,
        "body": sum(size for _, size in ok) / len(ok) if ok else 0,
        "samples": samples,
    }


# --- One database: server, baseline, rounds ---


def server_env(database_url: str, port: int) -> dict[str, str]:
    env = production_env(port)
    env.pop("STATIC_MANIFEST", None)
    env.update(DATABASE_URL=database_url, ALLOWED_HOSTS="127.0.0.1")
    return env


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def endpoint_measure(label: str, info: dict, name: str, args) -> dict:
    """A fresh server for one endpoint: its idle RSS, one warm-up request, then the round.

    A fresh one each time: glibc keeps a process's freed heap for reuse, so on a shared server
    an endpoint's round would start from the high-water mark of the rounds before it, and its
    rise would hide in memory they left behind."""
    port = free_port()
    log = OUT / f"bench_memory_{label}_{name}_gunicorn.log"
    server = gunicorn_start(server_env(info["url"], port), log)
    path = info["paths"][name]
    try:
        time.sleep(SETTLE_SECONDS)
        workers = len(tree_pids(server.pid)) - 1
        idle = tree_rss(server.pid)
        warm = request_once(port, path, args.timeout)
        time.sleep(SETTLE_SECONDS)
        print(f">> {label} {name}: {args.concurrency} x {path}", flush=True)
        print(f"   warm-up {warm[0]} in {warm[1]:.2f} s; load average {load_average()}", flush=True)
        result = round_run(server.pid, port, path, args.concurrency, args.timeout)
    finally:
        server.terminate()
        server.wait(timeout=60)
    lines = log.read_text().splitlines()
    errors = [line for line in lines if "[ERROR]" in line or "Traceback" in line]
    result.update(idle=idle, warm=warm, workers=workers, log_errors=errors)
    print("   " + row(name, info["matched"][name], result), flush=True)
    return result


def database_measure(label: str, info: dict, endpoints: list[str], args) -> dict:
    rounds = {name: endpoint_measure(label, info, name, args) for name in endpoints}
    return {"label": label, **info, "rounds": rounds}


# --- Report ---

HEADER = (
    f"{'endpoint':9s} {'matched':>9s} {'idle':>6s} {'warmed':>6s} {'peak':>6s} {'rise':>6s} "
    f"{'after 2s':>8s} {'p50 s':>7s} {'p95 s':>7s} {'body MB':>8s}  statuses"
)


def row(name: str, matched: int, r: dict) -> str:
    """One endpoint's figures; rise is the peak less the RSS just before the round (warmed)."""
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
    return (
        f"{name:9s} {matched:9,d} {r.get('idle', 0) / MB:6.0f} {r['before'] / MB:6.0f} "
        f"{r['peak'] / MB:6.0f} {(r['peak'] - r['before']) / MB:6.0f} {r['after'] / MB:8.0f} "
        f"{r['p50']:7.2f} {r['p95']:7.2f} {r['body'] / 1e6:8.2f}  {statuses}"
    )


def table_print(result: dict, args) -> None:
    workers = {r["workers"] for r in result["rounds"].values()}
    threads = os.environ.get("WEB_THREADS") or "4"
    errors = [line for r in result["rounds"].values() for line in r["log_errors"]]
    print(
        f"\n== {result['label']}: {result['events']:,} public events ({result['url']}), busiest "
        f"actor {result['actor']}; a fresh gunicorn per endpoint (gthread, "
        f"{'/'.join(map(str, sorted(workers)))} workers x {threads} threads), {os.cpu_count()} "
        f"cores shared with PostgreSQL, this client and other users; {args.concurrency} "
        "concurrent requests per endpoint; RSS of master + workers in MB: idle after startup, "
        "warmed after one request of the endpoint, peak during the round, rise = peak - warmed"
    )
    print(HEADER)
    for name, r in result["rounds"].items():
        print(row(name, result["matched"][name], r))
    print(f"server logs: {len(errors)} error lines")
    for line in errors[:5]:
        print("  " + line)


def comparison_print(small: dict, big: dict) -> None:
    print(f"\n== peak at {big['label']} / peak at {small['label']} (flat ~1.0 is the target)")
    print(f"{'endpoint':9s} {'peak':>6s} {'rise':>6s} {'matched':>8s}")
    for name in big["rounds"]:
        if name not in small["rounds"]:
            continue
        a, b = small["rounds"][name], big["rounds"][name]
        rise_a, rise_b = a["peak"] - a["before"], b["peak"] - b["before"]
        rise = f"{rise_b / rise_a:6.2f}" if rise_a > MB else "     -"
        matched = big["matched"][name] / max(small["matched"][name], 1)
        print(f"{name:9s} {b['peak'] / a['peak']:6.2f} {rise} {matched:7.1f}x")


def endpoints_arg(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = set(names) - set(ENDPOINTS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown endpoints {sorted(unknown)}; use {ENDPOINTS}")
    return names


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--endpoints",
        type=endpoints_arg,
        default=list(ENDPOINTS),
        help=f"comma-separated, in this order by default: {','.join(ENDPOINTS)}",
    )
    p.add_argument("--concurrency", type=int, default=50, help="requests per round (default 50)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per request, at most")
    p.add_argument("--skip-100k", action="store_true", help="only the 1M database")
    args = p.parse_args()
    OUT.mkdir(exist_ok=True)
    results = []
    for label, database, events in DATABASES:
        if label == "100k" and args.skip_100k:
            continue
        print(f">> {label}: preparing {database}", flush=True)
        info = prepared(database, events)
        results.append(database_measure(label, info, args.endpoints, args))
    (OUT / "bench_memory.json").write_text(json.dumps(results, default=str))
    for result in results:
        table_print(result, args)
    if len(results) == 2:
        comparison_print(*results)
    print(f"\nRSS samples: {OUT / 'bench_memory.json'}")


if __name__ == "__main__":
    main()
