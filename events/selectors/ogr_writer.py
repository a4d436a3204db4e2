"""Writes an Arrow IPC stream read from stdin into a GDAL vector file, with pyogrio.

    python -I ogr_writer.py DRIVER PATH LAYER GEOMETRY CRS < arrow-ipc-stream

Run as a child process by gis_exports.py, never imported by the app, and importing nothing of
it (so not Django): pyogrio's wheel bundles its own GDAL, PROJ and SQLite, and inside a web
process that has loaded SpatiaLite they clash. SQLite loads an extension such as mod_spatialite
with RTLD_GLOBAL, so the system's PROJ and SQLite come first when the bundled GDAL looks its
symbols up, and GDAL 3.12 calling Debian's PROJ 9.1 crashes the process. A child of its own has
nothing loaded but pyarrow and pyogrio; a crash there is an error for one download, not a dead
worker. The batches stream through the pipe, so the child holds one batch at a time too.
"""

from __future__ import annotations

import sys

# FlatGeobuf without its packed R-tree: GDAL builds one from every feature held in memory
# (about 0.5 KB each: 200 MB at 200k events, growing with the download), against the bound on
# memory every download keeps. Without it the file is written as it streams; a client that wants
# one adds it (ogr2ogr -lco SPATIAL_INDEX=YES). GeoPackage's R-tree is built by SQLite, on disk.
LAYER_OPTIONS = {"FlatGeobuf": {"SPATIAL_INDEX": "NO"}}


def main(argv: list[str]) -> None:
    import pyarrow as pa
    import pyogrio

    driver, path, layer, geometry, crs = argv
    # A temporary file, thrown away if anything fails: no fsync at each commit (GeoPackage).
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    reader = pa.ipc.open_stream(pa.PythonFile(sys.stdin.buffer, mode="r"))
    pyogrio.write_arrow(
        reader,
        path,
        layer=layer,
        driver=driver,
        geometry_name=geometry,
        geometry_type="Point",
        crs=crs,
        layer_options=LAYER_OPTIONS.get(driver),
    )


if __name__ == "__main__":
    main(sys.argv[1:])
