"""Time to first markers on the map page with 1,000,000 events (issue 5), in headless Chromium.

    .venv/bin/python bench/bench_page.py

Serves the app (runserver, DEBUG=1 for static files) on the benchmark database filled to 1M
events, opens `/` in Debian's Chromium through Playwright and measures from navigation start
until the first marker or cluster is drawn (a `.leaflet-interactive` or `.marker-cluster` element),
several times. Baseline in the same run: the same page on a database holding only the seed events.
Target: under 2 s at 1M.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import bench_setup, create_pg_database, parser  # noqa: E402
from conflictmap.browser import launch  # noqa: E402

FIRST_DRAWN = "document.querySelector('.leaflet-interactive, .marker-cluster') !== null"


def serve(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "MAP_TILES_URL": ""}
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the app did not start")


def first_drawn_seconds(url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = launch(pw)
        for _ in range(runs):
            # bypass_csp: the page's CSP (script-src 'self') forbids the string Playwright
            # evaluates to poll for the first marker; the page itself runs as served.
            page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
            page.goto(url, wait_until="commit")
            page.wait_for_function(FIRST_DRAWN, timeout=60_000)
            times.append(
                page.evaluate("performance.now()") / 1000
            )  # since navigation start of this page
            page.close()
        browser.close()
    return times


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument(
        "--database",
        default="conflictmap_bench_geojson_postgis",
        help="a PostGIS benchmark database to fill (or reuse: another bench's 1M synthetic one)",
    )
    args = p.parse_args()
    bench_setup(args.database)
    from bench.bench_geojson import ensure_events

    n = ensure_events(args.events)
    big_url = os.environ["DATABASE_URL"]
    seeds_url = create_pg_database("conflictmap_bench_page_seeds", fresh=True)
    for command in (["migrate", "-v0"], ["load_seeds", "-v0"]):
        env = {**os.environ, "DATABASE_URL": seeds_url}
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)

    results = {}
    for label, url, port in (
        ("seeds only", seeds_url, 8791),
        (f"{n:,} events", big_url, 8792),
    ):
        proc = serve(url, port)
        try:
            first_drawn_seconds(f"http://127.0.0.1:{port}/", 1)  # warm the server's caches
            times = first_drawn_seconds(f"http://127.0.0.1:{port}/", args.runs)
        finally:
            proc.terminate()
            proc.wait()
        results[label] = times
        print(
            f"{label:>18s}: first markers/clusters after median {statistics.median(times):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
    seeds, big_times = (statistics.median(t) for t in results.values())
    print(f"\n1M vs seeds-only: {big_times / seeds:.2f}x the time; target under 2 s at 1M")


if __name__ == "__main__":
    main()
