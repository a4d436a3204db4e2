"""Load test (issue 6): 200 clients for 60 s against the production server, 10,000 events.

    .venv/bin/python bench/bench_load.py                  # or: make bench-load
    .venv/bin/python bench/bench_load.py --duration 20 --connections 100 --workers 3

1. Installs wrk (Debian's package) if it is missing.
2. Fills its own PostGIS database (conflictmap_bench_load, never the dev one) up to 10,000
   synthetic events (bench/synthetic.py) plus the seeds.
3. Starts the production server as scripts/serve.sh does: collected, hashed static files, then
   gunicorn with conflictmap/gunicorn.conf.py and DEBUG=0, bound to 127.0.0.1 only.
4. Runs wrk (--connections, --duration, a --timeout long enough that slow answers are measured,
   not dropped) on two URL mixes and a baseline, each with the same connections and duration:
   - "geojson": /api/events.geojson with varied filters (actor, date window, bbox, event type,
     country, and combinations), a few hundred distinct URLs drawn from the data;
   - "map users": the map page / and those same filtered downloads, one page per four downloads;
   - baseline: /api/openapi.json alone, a small answer through the same Django stack.
   Every URL is fetched once first and must answer 200 (it also warms the server).
5. Prints requests/s, p50/p95/p99/max latency, socket errors, non-2xx answers and timeouts, the
   errors in the server's log, and the ratios against the baseline; stops the server.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    bench_setup,
    busiest_actor_slugs,
    fetch,
    free_port,
    gunicorn_start,
    parser,
    production_env,
    synthetic_town_points,
)

DATABASE = "conflictmap_bench_load"
OUT = ROOT / "bench" / "out"
LUA = ROOT / "bench" / "load.lua"


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print(">> installing wrk (Debian package)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def ensure_events(target: int) -> int:
    from bench.synthetic import load_synthetic
    from events.models import Event

    have = Event.objects.filter(dataset="synthetic").count()
    if have < target:
        load_synthetic(target - have)
    return Event.objects.public().count()


def geojson_paths(n: int, rng: random.Random) -> list[str]:
    """n distinct /api/events.geojson URLs with the filters a map user sets, from the data."""

    from events.domain.vocabulary import EVENT_TAXONOMY
    from events.models import Event

    actors = busiest_actor_slugs(40)
    countries = sorted(
        set(Event.objects.public().located().values_list("country_code", flat=True)) - {""}
    )
    towns = synthetic_town_points(300)
    types = list(EVENT_TAXONOMY)

    def window(years: float) -> dict:
        days = int(365 * years)
        start = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(14 * 365 - days))
        return {"date_from": start.isoformat(), "date_to": (start + dt.timedelta(days)).isoformat()}

    def bbox(degrees: float) -> dict:
        p = rng.choice(towns)
        box = (p.x - degrees, p.y - degrees, p.x + degrees, p.y + degrees)
        return {"bbox": ",".join(f"{v:.3f}" for v in box)}

    kinds = [
        lambda: {"actor": rng.choice(actors), **window(2)},
        lambda: {"actor": rng.choice(actors[:10]), **window(1)},
        lambda: {**bbox(1.5), **window(3)},
        lambda: {"event_type": rng.choice(types), "country": rng.choice(countries), **window(2)},
        lambda: {"actor": rng.choice(actors), "event_type": rng.choice(types), **bbox(4)},
        lambda: {"country": rng.choice(countries), **window(0.5)},
        lambda: {"actor": rng.choice(actors[10:]), "role": "actor1"},
        lambda: {**bbox(0.5)},
    ]
    paths: list[str] = []
    while len(paths) < n:
        path = "/api/events.geojson?" + urlencode(rng.choice(kinds)())
        if path not in paths:
            paths.append(path)
    return paths


def server_env(args, port: int, static_root: Path) -> dict[str, str]:
    env = production_env(port)
    env.update(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_MANIFEST="1",
        STATIC_ROOT=str(static_root),
    )
    if args.workers:
        env["WEB_WORKERS"] = str(args.workers)
    if args.threads:
        env["WEB_THREADS"] = str(args.threads)
    return env


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen:
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [py, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return gunicorn_start(env, log)


def run_wrk(wrk: str, base: str, paths: list[str], args, label: str) -> dict:
    sizes = []
    for path in dict.fromkeys(paths):  # each distinct URL once: must be a 200 (and warms up)
        status, size = fetch(base + path)
        if status != 200:
            sys.exit(f"{path} answered {status}")
        sizes.append(size)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=OUT, delete=False) as f:
        f.write("\n".join(paths) + "\n")
    command = [
        wrk,
        f"-t{args.threads_wrk}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        f"--timeout={args.timeout}s",
        "-s",
        str(LUA),
        base,
        "--",
        f.name,
    ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n>> {label}: {' '.join(command[:6])} ({len(set(paths))} distinct URLs; "
        f"load average before: {load})",
        flush=True,
    )
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=args.duration + args.timeout + 60
    )
    os.unlink(f.name)
    match = re.search(r"^RESULT (.*)$", result.stdout, re.M)
    if not match:
        sys.exit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    r = {k: float(v) for k, v in (kv.split("=") for kv in match[1].split())}
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["socket_errors"] = r["connect"] + r["read"] + r["write"]
    r["avg_kib"] = sum(sizes) / len(sizes) / 1024
    r["label"] = label
    print(
        f"   {r['rps']:8.1f} req/s  p50 {r['p50_us'] / 1000:7.1f} ms  "
        f"p95 {r['p95_us'] / 1000:7.1f} ms  p99 {r['p99_us'] / 1000:7.1f} ms  "
        f"max {r['max_us'] / 1000:7.1f} ms  | {int(r['requests']):,} requests, "
        f"socket errors {int(r['socket_errors'])}, non-2xx {int(r['status'])}, "
        f"timeouts {int(r['timeout'])}  | avg answer {r['avg_kib']:.1f} KiB, "
        f"{r['bytes'] / (r['duration_us'] / 1e6) / 1e6:.1f} MB/s"
    )
    return r


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(backend="postgis")
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--connections", type=int, default=200)
    p.add_argument("--duration", type=int, default=60, help="seconds per run")
    p.add_argument("--timeout", type=int, default=30, help="wrk's per-request timeout, seconds")
    p.add_argument("--threads-wrk", type=int, default=2)
    p.add_argument("--workers", type=int, help="gunicorn processes (default: the config's)")
    p.add_argument("--threads", type=int, help="threads per gunicorn process")
    p.add_argument("--urls", type=int, default=400, help="distinct filtered GeoJSON URLs")
    p.add_argument("--only", choices=["geojson", "map", "baseline"], action="append")
    args = p.parse_args()

    wrk = ensure_wrk()
    OUT.mkdir(exist_ok=True)
    bench_setup(f"{DATABASE}_{args.backend}", backend=args.backend, fresh=args.fresh)
    from django.db import connection

    n = ensure_events(args.events)
    print(f"{n:,} verified events in the {connection.vendor} benchmark database")
    data = geojson_paths(args.urls, random.Random(5))
    # One map page per four filtered downloads, spread through the list.
    mixed = [path for i, d in enumerate(data) for path in (["/", d] if i % 4 == 0 else [d])]
    connection.close()

    port = free_port()
    env = server_env(args, port, OUT / "static")
    log = OUT / "bench_load_gunicorn.log"
    server = start_server(env, log)
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        runs = [
            ("geojson", "/api/events.geojson, filtered", data),
            ("map", "map users: / + filtered /api/events.geojson (1:4)", mixed),
            ("baseline", "baseline: /api/openapi.json", ["/api/openapi.json"]),
        ]
        for key, label, paths in runs:
            if args.only and key not in args.only:
                continue
            results.append(run_wrk(wrk, base, paths, args, label))
    finally:
        server.terminate()
        server.wait(timeout=60)

    server_errors = [
        line
        for line in log.read_text().splitlines()
        if re.search(r"\[ERROR\]|Traceback|WORKER TIMEOUT|\[CRITICAL\]", line)
    ]
    workers = env.get("WEB_WORKERS") or f"{os.cpu_count() * 2 + 1} (default)"
    threads = env.get("WEB_THREADS") or "4 (default)"
    print(
        f"\n{n:,} events, {args.connections} connections, {args.duration} s per run, "
        f"wrk timeout {args.timeout} s; gunicorn gthread, {workers} workers x {threads} threads, "
        f"{os.cpu_count()} cores shared with PostgreSQL and wrk"
    )
    print(f"{'run':52s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'errors':>7s}")
    for r in results:
        errors = int(r["socket_errors"] + r["status"] + r["timeout"])
        print(
            f"{r['label']:52s} {r['rps']:8.1f} {r['p50_us'] / 1000:8.1f} "
            f"{r['p95_us'] / 1000:8.1f} {r['p99_us'] / 1000:8.1f} {errors:7d}"
        )
    baseline = next((r for r in results if r["label"].startswith("baseline")), None)
    if baseline:
        for r in results:
            if r is not baseline:
                print(
                    f"{r['label']}: {r['rps'] / baseline['rps']:.2f}x the baseline's req/s, "
                    f"p95 {r['p95_us'] / baseline['p95_us']:.1f}x"
                )
    print(f"server log: {len(server_errors)} error lines ({log})")
    for line in server_errors[:10]:
        print("  " + line)
    total_errors = sum(int(r["socket_errors"] + r["status"] + r["timeout"]) for r in results)
    if total_errors or server_errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
