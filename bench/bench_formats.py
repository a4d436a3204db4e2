"""GIS downloads' speed and memory (issue 17): GeoPackage, FlatGeobuf, GeoParquet and KML
against the GeoJSON download of the same events, in the same run.

    .venv/bin/python bench/bench_formats.py                       # 100,000 events on PostGIS
    .venv/bin/python bench/bench_formats.py --backend spatialite
    .venv/bin/python bench/bench_formats.py --events 200000 --repeat 1

Each download goes through Django's test client, its whole body consumed (chunks counted and
dropped, as a socket would), the best of --repeat runs. The target: the GeoPackage within 2x
the GeoJSON's time. Memory, per format, in a run of its own after the timed ones:
- Python: tracemalloc's peak of the Python allocations while the download is consumed;
- Arrow: pyarrow's memory pool high-water mark (its buffers are not Python allocations);
- process and GDAL child RSS: the peak resident set of the process (Django, the rows) and of
  the child that runs GDAL (ogr_writer.py), each download measured in a process of its own.
A bounded export shows these about the same at 100k and 200k events (--events).
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_setup, parser, report_line, timed

FORMATS = ("geojson", "gpkg", "fgb", "parquet", "kml")


def consume(client, ext: str) -> int:
    response = client.get(f"/api/events.{ext}", HTTP_HOST="localhost")
    assert response.status_code == 200, response
    return sum(len(chunk) for chunk in response.streaming_content)


def peaks(client, ext: str) -> tuple[float, float]:
    """(Python peak MB, Arrow pool peak MB) of one download."""
    import pyarrow as pa

    gc.collect()
    pool = pa.default_memory_pool()
    pool.release_unused()
    before = pool.max_memory() or 0
    tracemalloc.start()
    consume(client, ext)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, max(0, (pool.max_memory() or 0) - before) / 1e6


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
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--database", default="cm_bench_formats", help="before _<backend>")
    p.add_argument("--memory", choices=FORMATS, help="only the memory of one download")
    args = p.parse_args()
    bench_setup(f"{args.database}_{args.backend}", backend=args.backend, fresh=args.fresh)

    from django.db import connection
    from django.test import Client

    client = Client()
    if args.memory:
        memory(client, args.memory)
        return
    n = ensure_events(args.events)
    print(f"\n{n:,} located verified events in the {connection.vendor} benchmark database")
    print(f"best of {args.repeat} runs each\n")
    seconds = {}
    for ext in FORMATS:
        s, size = timed(lambda ext=ext: consume(client, ext), repeat=args.repeat)
        seconds[ext] = s
        print(report_line(f"/api/events.{ext}", s, n, size))
    print()
    for ext in FORMATS[1:]:
        print(f"{ext:8s} vs geojson: {seconds[ext] / seconds['geojson']:.2f}x its time")
    print("target: gpkg <= 2x geojson\n")
    # Each in a process of its own, so that its children's peak is that download's GDAL child.
    for ext in FORMATS:
        command = [sys.executable, __file__, "--memory", ext, "--backend", args.backend]
        subprocess.run([*command, "--database", args.database, "--events", "0"], check=True)


def memory(client, ext: str) -> None:
    python_mb, arrow_mb = peaks(client, ext)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{ext:8s} peak Python {python_mb:6.1f} MB  Arrow pool {arrow_mb:6.1f} MB  "
        f"process RSS {self_mb:6.1f} MB  GDAL child RSS {child_mb:6.1f} MB"
    )


if __name__ == "__main__":
    main()
