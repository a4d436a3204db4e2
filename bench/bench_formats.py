"""GIS downloads' speed and memory (issue 17): GeoPackage, FlatGeobuf, GeoParquet and KML
against the GeoJSON download of the same events, in the same run.

    .venv/bin/python bench/bench_formats.py                       # 100,000 events on PostGIS
    .venv/bin/python bench/bench_formats.py --backend spatialite
    .venv/bin/python bench/bench_formats.py --events 200000 --repeat 1

Each download goes through Django's test client, its whole body consumed (chunks counted and
dropped, as a socket would), the best of --repeat rounds, each round every format in turn.
The target: the GeoPackage within 2x the GeoJSON's time. Each line also gives the least CPU
time of the runs (this process and its GDAL child). Memory, per format, in a run of its own
after the timed ones:
- Python: tracemalloc's peak of the Python allocations while the download is consumed;
- Arrow: pyarrow's memory pool high-water mark (its buffers are not Python allocations);
- process RSS: the peak resident set (VmHWM) of the process (Django, the seeds, the rows), each
  download measured in a process of its own (`--memory FORMAT` runs only that);
- GDAL child RSS: the child that runs GDAL (ogr_writer.py), under /usr/bin/time, fed the
  same batches from a file.
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


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (the GDAL writer): on a shared
    machine, less moved by other loads than the wall time (the database's own CPU is not in it)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
    from bench.bench_geojson import ensure_events

    n = ensure_events(args.events)
    print(f"\n{n:,} located verified events in the {connection.vendor} benchmark database")
    print(f"best of {args.repeat} runs each\n")
    # Rounds of every format in turn, not each format's runs together: the load of this shared
    # machine then falls on all of them alike (a ratio of two best-ofs taken minutes apart had
    # moved from 0.6x to 2.6x).
    seconds: dict[str, list[float]] = {ext: [] for ext in FORMATS}
    cpu: dict[str, float] = dict.fromkeys(FORMATS, float("inf"))
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for ext in FORMATS:
            before = cpu_seconds()
            s, sizes[ext] = timed(lambda ext=ext: consume(client, ext))
            cpu[ext] = min(cpu[ext], cpu_seconds() - before)
            seconds[ext].append(s)
    for ext in FORMATS:
        line = report_line(f"/api/events.{ext}", min(seconds[ext]), n, sizes[ext])
        runs = ", ".join(f"{s:.1f}" for s in seconds[ext])
        print(f"{line}  cpu {cpu[ext]:5.2f} s  (runs {runs} s)")
    ratios = {
        ext: [a / b for a, b in zip(seconds[ext], seconds["geojson"], strict=True)]
        for ext in FORMATS
    }
    print()
    for ext in FORMATS[1:]:
        best = min(seconds[ext]) / min(seconds["geojson"])
        each = ", ".join(f"{r:.2f}" for r in ratios[ext])
        print(
            f"{ext:8s} vs geojson: {best:.2f}x its best time (round by round {each}), "
            f"{cpu[ext] / cpu['geojson']:.2f}x its CPU"
        )
    print("target: gpkg <= 2x geojson\n")
    # Each in a process of its own, so that its children's peak is that download's GDAL child.
    for ext in FORMATS:
        command = [sys.executable, __file__, "--memory", ext, "--backend", args.backend]
        subprocess.run([*command, "--database", args.database, "--events", "0"], check=True)


def child_peak_mb(ext: str) -> str:
    """The GDAL child's peak RSS writing these events, measured by /usr/bin/time on the child
    fed the same Arrow stream from a file (getrusage's children figure is useless here: a child
    spawned by vfork and exec keeps its parent's high-water mark)."""
    import tempfile

    import pyarrow as pa

    from events.models import Event
    from events.selectors import gis_exports as g

    driver = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}[ext]
    with tempfile.TemporaryDirectory() as tmp:
        stream = Path(tmp) / "batches.arrows"
        with pa.OSFile(str(stream), "wb") as sink, pa.ipc.new_stream(sink, g.arrow_schema()) as w:
            for batch in g.arrow_batches(Event.objects.public()):
                w.write_batch(batch)
        args = [sys.executable, "-I", str(g.OGR_WRITER), driver, f"{tmp}/out.{ext}"]
        args += [g.LAYER, g.GEOMETRY, g.CRS]
        with stream.open("rb") as stdin:
            out = subprocess.run(
                ["/usr/bin/time", "-f", "%M", *args],
                stdin=stdin,
                capture_output=True,
                text=True,
                check=True,
            )
    return f"{int(out.stderr.split()[-1]) / 1024:6.1f} MB"


def vm_hwm_mb() -> float:
    """This process's peak RSS since its exec (VmHWM): getrusage's ru_maxrss would include the
    bench process that spawned it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(client, ext: str) -> None:
    python_mb, arrow_mb = peaks(client, ext)
    self_mb = vm_hwm_mb()
    child = child_peak_mb(ext) if ext in ("gpkg", "fgb") else "  none"
    print(
        f"{ext:8s} peak Python {python_mb:6.1f} MB  Arrow pool {arrow_mb:6.1f} MB  "
        f"process RSS {self_mb:6.1f} MB  GDAL child RSS {child}"
    )


if __name__ == "__main__":
    main()
