"""Readers during a bulk import on PostGIS (issue 12): does the map keep answering?

    .venv/bin/python bench/bench_import_readers.py            # 100,000 rows, 10 requests/s
    .venv/bin/python bench/bench_import_readers.py --rows 20000 --every 0.2

Its own database (conflictmap_bench_readers, rebuilt each run, seeds loaded, plus --prior events
of another dataset so readers have something to read), a production gunicorn on 127.0.0.1 and a
free port, and readers sending a request every --every seconds (open loop: see Readers), in
turn what the map page asks for: /api/map.json (Syria and Iraq, two years), /api/timeline.json,
/api/facets.json and a month of /api/events.geojson, each with a 60 s timeout. Three phases:

1. idle: --idle seconds with nothing else running (the baseline);
2. first load: `manage.py import_acled` of an ACLED-format file of --rows rows (bench_import's
   generator) into an empty dataset, in its own process: the COPY path;
3. re-import: the same file again (every row unchanged: the staged, row-by-row path).

For each phase: requests, errors, p50 / p95 / max latency in ms, and, for the imports, the rows/s
they printed. A reader waiting on a table lock shows as a p95 and max near the import's length.
The machine may be shared: the load average is printed with each phase.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    bench_setup,
    free_port,
    gunicorn_start,
    percentiles,
    production_env,
)

DATABASE = "conflictmap_bench_readers"
OUT_DIR = ROOT / "bench" / "out"
READS = (
    "/api/map.json?bbox=34,28,50,38&zoom=6&date_from=2021-01-01&date_to=2022-12-31",
    "/api/timeline.json",
    "/api/facets.json?date_from=2021-01-01&date_to=2022-12-31",
    "/api/events.geojson?date_from=2022-12-01&date_to=2022-12-31",
)
MAX_IN_FLIGHT = 64


class Readers:
    """Open-loop readers: a request every `every` seconds, whether or not the ones before have
    answered (at most MAX_IN_FLIGHT at once), through READS in turn. Each answer is kept as
    (scheduled start, seconds from then, status): a request that waits on a lock counts for the
    whole wait, and the requests scheduled meanwhile wait too, as a visitor's would. (Closed-loop
    readers, each waiting for its answer before the next request, would send a handful of
    requests during a stall and hide it in the percentiles.)"""

    def __init__(self, port: int, every: float):
        self.port = port
        self.every = every
        self.samples: list[tuple[float, float, str]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT)
        self.scheduler = threading.Thread(target=self.schedule)

    def schedule(self) -> None:
        i = 0
        start = time.perf_counter()
        while not self.stop.is_set():
            due = start + i * self.every
            self.stop.wait(max(0.0, due - time.perf_counter()))
            self.pool.submit(self.read, READS[i % len(READS)], due)
            i += 1

    def read(self, path: str, due: float) -> None:
        try:
            url = f"http://127.0.0.1:{self.port}{path}"
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
                status = str(response.status)
        except urllib.error.HTTPError as error:
            status = str(error.code)
        except OSError as error:
            status = type(error).__name__
        with self.lock:
            self.samples.append((due, time.perf_counter() - due, status))

    def __enter__(self) -> Readers:
        self.scheduler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.scheduler.join()
        self.pool.shutdown(wait=True)

    def between(self, start: float, end: float) -> list[tuple[float, float, str]]:
        with self.lock:
            return [s for s in self.samples if start <= s[0] < end]


def phase_line(name: str, samples: list[tuple[float, float, str]], extra: str = "") -> str:
    ok = [seconds * 1000 for _, seconds, status in samples if status == "200"]
    errors = Counter(status for _, _, status in samples if status != "200")
    errors_text = ", ".join(f"{n} {status}" for status, n in errors.most_common()) or "no"
    if not ok:
        return f"{name:12s} {len(samples):6d} requests, {errors_text} errors, no answer  {extra}"
    p50, p95 = percentiles(ok)
    return (
        f"{name:12s} {len(samples):6d} requests, {errors_text} errors, p50 {p50:7.1f} ms, "
        f"p95 {p95:7.1f} ms, max {max(ok):8.1f} ms   {extra}"
    )


def load_average() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def import_run(path: Path, env: dict[str, str]) -> tuple[float, str]:
    """`manage.py import_acled path` in its own process: its wall time and its summary line."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "import_acled", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = [line for line in done.stdout.splitlines() if "rows/s" in line]
    return time.perf_counter() - start, (summary[-1] if summary else done.stdout[-200:])


def prior_events(count: int) -> None:
    """`count` events of another dataset ("synthetic"), through bench_map's generator."""
    from bench.synthetic import load_synthetic

    load_synthetic(count)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rows", type=int, default=100_000, help="rows of the imported file")
    p.add_argument("--prior", type=int, default=20_000, help="events there before the import")
    p.add_argument("--every", type=float, default=0.1, help="seconds between requests")
    p.add_argument("--idle", type=float, default=10.0, help="seconds of the idle phase")
    args = p.parse_args()

    bench_setup(DATABASE, fresh=True)
    prior_events(args.prior)
    from bench.bench_import import csv_generate

    OUT_DIR.mkdir(exist_ok=True)
    path = OUT_DIR / f"readers-acled-{args.rows}.csv"
    csv_generate(path, args.rows)
    port = free_port()
    env = production_env(port)
    server = gunicorn_start(env, OUT_DIR / "bench_import_readers_gunicorn.log")
    lines = []
    try:
        with Readers(port, args.every) as readers:
            time.sleep(2)  # warm: every worker has answered once
            start = time.perf_counter()
            time.sleep(args.idle)
            idle_end = time.perf_counter()
            lines.append(phase_line("idle", readers.between(start, idle_end), load_average()))
            for name in ("first load", "re-import"):
                start = time.perf_counter()
                seconds, summary = import_run(path, env)
                end = time.perf_counter()
                lines.append(
                    phase_line(name, readers.between(start, end), load_average())
                    + f"\n{'':12s} import {seconds:.1f} s: {summary.strip()}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        path.unlink(missing_ok=True)
    print(f"\na request every {args.every} s; {args.prior:,} events before; {args.rows:,} rows")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
