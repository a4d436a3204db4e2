"""GeoPackage, FlatGeobuf and GeoParquet of a filtered queryset, written in chunks.

Every format carries the same flat table (FIELDS, documented in docs/api.md "GIS formats"): one
row per located event (as the GeoJSON: an unlocated event has no point for a GIS layer, and the
CSV carries it), columns named as our CSV's (events/domain/columns.py) plus the GeoJSON's id,
quote and url, and a WKB point in EPSG:4326 (lon/lat).

Rows come from exports.row_chunks, the CSV's reader: one pyarrow RecordBatch per chunk of a few
thousand events, so memory holds one chunk whatever the size. GeoPackage and FlatGeobuf are
written by GDAL (pyogrio.write_arrow in a child process, ogr_writer.py, fed the batches as an
Arrow IPC stream), GeoParquet by pyarrow's ParquetWriter (a row group per batch). GeoPackage and
GeoParquet need a seekable file (FlatGeobuf too, for its header's feature count), so each is
written to a temporary file that the response then reads back and that is gone when the
response ends. pyarrow is imported on first use: the rest of the site
never pays for loading it.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from events.domain.columns import admin1_cells
from events.domain.countries import country_names
from events.models import Event
from events.selectors.exports import (
    ROW_INDEX,
    event_url_template,
    place_display_name,
    row_chunks,
)

if TYPE_CHECKING:
    import pyarrow as pa

# (name, Arrow type name) of every column but the geometry, in order. int16 and int32 are
# GDAL's Integer(Int16) and Integer; date32 its Date. Text is never null (empty when absent).
FIELDS: tuple[tuple[str, str], ...] = (
    ("id", "int64"),  # our event id (the GeoJSON feature's id; its page is the url)
    ("event_id", "string"),  # as the CSV's: the dataset's own id, else cm-<id>
    ("event_date", "date32"),
    ("time_precision", "int16"),  # 1 day, 2 week, 3 month (ACLED's)
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),  # several names joined with "; ", as ACLED writes them
    ("assoc_actor_1", "string"),
    ("actor2", "string"),
    ("assoc_actor_2", "string"),
    ("country", "string"),  # the country's name
    ("iso2", "string"),  # ISO 3166-1 alpha-2
    ("admin1", "string"),
    ("admin1_code", "string"),
    ("admin2", "string"),
    ("location", "string"),
    ("geo_precision", "int16"),  # 1 exact place, 2 near it, 3 a province (ACLED's)
    ("source", "string"),  # every source's title, joined with "; "
    ("source_count", "int32"),
    ("source_url", "string"),  # the first source's address
    ("notes", "string"),
    ("quote", "string"),
    ("fatalities", "int32"),  # null: not reported
    ("end_date", "date32"),  # null: a one-day event
    ("status", "string"),
    ("url", "string"),  # the event's page
)
FIELD_NAMES = tuple(name for name, _ in FIELDS)
GEOMETRY = "geometry"  # WKB points, EPSG:4326
LAYER = "events"
CRS = "EPSG:4326"
BLOCK = 256 * 1024  # bytes per chunk of a file read back into the response

_WKB_POINT = struct.Struct("<BIdd")  # little-endian, type 1 (Point), x, y
_ROLES = ("actor1", "assoc1", "actor2", "assoc2")


def event_columns(
    queryset: QuerySet[Event], *, base_url: str = ""
) -> Iterator[tuple[dict[str, list[Any]], list[float], list[float]]]:
    """Per chunk of located events, in id order: each FIELDS column as a list of plain values
    (dates as the driver gives them: ISO strings on SQLite, dates on PostgreSQL), and the
    longitudes and latitudes. What every GIS format, KML included, writes."""
    i = ROW_INDEX
    url = base_url + event_url_template()
    names = country_names()
    located = queryset.filter(location__isnull=False)
    for chunk, actors, cited in row_chunks(located):
        cols: dict[str, list[Any]] = {name: [] for name in FIELD_NAMES}
        append = {name: cols[name].append for name in FIELD_NAMES}
        lons: list[float] = []
        lats: list[float] = []
        for r in chunk:
            pk = r[0]
            by_role: dict[str, list[str]] = defaultdict(list)
            for actor in actors.get(pk, ()):
                by_role[actor["role"]].append(actor["name"])
            code = r[i["country_code"]]
            admin1, admin1_code = admin1_cells(r[i["place__admin1"]] or "")
            listed = cited.get(pk, ())
            append["id"](pk)
            append["event_id"](r[i["external_id"]] or f"cm-{pk}")
            append["event_date"](r[i["date"]])
            append["time_precision"](r[i["date_precision"]])
            append["event_type"](r[i["event_type"]])
            append["sub_event_type"](r[i["sub_event_type"]])
            for role, name in zip(_ROLES, FIELD_NAMES[6:10], strict=True):
                append[name]("; ".join(by_role[role]))
            append["country"](names.get(code, code))
            append["iso2"](code)
            append["admin1"](admin1)
            append["admin1_code"](admin1_code)
            append["admin2"](r[i["admin2"]] or "")
            append["location"](place_display_name(r[i["place__name"]], r[i["place_name"]]))
            append["geo_precision"](r[i["geo_precision"]])
            append["source"]("; ".join(source["title"] for source in listed))
            append["source_count"](len(listed))
            append["source_url"]((listed[0]["url"] or "") if listed else "")
            append["notes"](r[i["summary"]])
            append["quote"](r[i["quote"]])
            append["fatalities"](r[i["fatalities"]])
            append["end_date"](r[i["end_date"]])
            append["status"](r[i["status"]])
            append["url"](f"{url}{pk}/")
            lons.append(r[i["lon"]])
            lats.append(r[i["lat"]])
        yield cols, lons, lats


def arrow_schema() -> pa.Schema:
    """The table every Arrow-written format has: FIELDS, then the WKB geometry."""
    import pyarrow as pa

    fields = [pa.field(name, getattr(pa, kind)(), nullable=True) for name, kind in FIELDS]
    return pa.schema([*fields, pa.field(GEOMETRY, pa.binary(), nullable=False)])


def _batch(schema: pa.Schema, cols: dict[str, list[Any]], lons: list, lats: list) -> Any:
    import pyarrow as pa

    arrays = []
    for field in schema:
        if field.name == GEOMETRY:
            pack = _WKB_POINT.pack
            points = [pack(1, 1, x, y) for x, y in zip(lons, lats, strict=True)]
            arrays.append(pa.array(points, pa.binary()))
        elif pa.types.is_date32(field.type):
            # SQLite gives ISO strings: pyarrow parses them (a cast, not a Python loop).
            values = pa.array(cols[field.name])
            arrays.append(values if values.type == field.type else values.cast(field.type))
        else:
            arrays.append(pa.array(cols[field.name], field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def arrow_batches(
    queryset: QuerySet[Event], *, base_url: str = "", bbox: list[float] | None = None
) -> Iterator[Any]:
    """pyarrow RecordBatches of the located events (arrow_schema), one per chunk. `bbox`, when
    given as [], is filled with [min lon, min lat, max lon, max lat] as the rows pass."""
    schema = arrow_schema()
    for cols, lons, lats in event_columns(queryset, base_url=base_url):
        if bbox is not None and lons:
            box = [min(lons), min(lats), max(lons), max(lats)]
            bbox[:] = (
                box
                if not bbox
                else [
                    min(bbox[0], box[0]),
                    min(bbox[1], box[1]),
                    max(bbox[2], box[2]),
                    max(bbox[3], box[3]),
                ]
            )
        yield _batch(schema, cols, lons, lats)


def _file_stream(write: Callable[[Path], None], suffix: str) -> Iterator[bytes]:
    """Bytes of the file `write` makes in a temporary directory. The directory is removed once
    the file is written and opened (POSIX keeps an open file readable), so nothing is left
    behind however the response ends: a client gone half-way, an error, a server stopped."""
    with tempfile.TemporaryDirectory(prefix="conflictmap-export-") as tmp:
        path = Path(tmp) / f"{LAYER}{suffix}"
        write(path)
        handle = path.open("rb")
    with handle:
        while block := handle.read(BLOCK):
            yield block


# The child that runs GDAL (see its docstring for why a child), and how long one may take.
OGR_WRITER = Path(__file__).with_name("ogr_writer.py")
OGR_TIMEOUT = 3600


class ExportError(RuntimeError):
    """GDAL failed to write a file (its message, from the child's stderr)."""


def _ogr_write(path: Path, queryset: QuerySet[Event], base_url: str, driver: str) -> None:
    """The located events written by GDAL (pyogrio.write_arrow in ogr_writer.py, a child
    process) as `driver` into `path`: this process reads the rows and pipes the batches to it
    as an Arrow IPC stream, so both hold one batch at a time."""
    import pyarrow as pa

    log = path.with_suffix(".log")
    # -I (isolated): the script's own directory is not put on sys.path, where a module of ours
    # (selectors/collections.py) would shadow the standard library's; nor is PYTHONPATH read.
    args = [sys.executable, "-I", str(OGR_WRITER), driver, str(path), LAYER, GEOMETRY, CRS]
    with log.open("wb") as stderr:
        child = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=stderr)
        assert child.stdin is not None
        try:
            with pa.ipc.new_stream(child.stdin, arrow_schema()) as stream:
                for batch in arrow_batches(queryset, base_url=base_url):
                    stream.write_batch(batch)
            child.stdin.close()
            code = child.wait(timeout=OGR_TIMEOUT)
        except BrokenPipeError:  # the child died: its stderr says why
            code = child.wait(timeout=OGR_TIMEOUT)
        finally:
            if child.poll() is None:  # this side failed (the database, a client gone): stop it
                child.kill()
                child.wait()
    if code != 0:
        raise ExportError(f"{driver} writer exited {code}: {log.read_text(errors='replace')}")


def gpkg_stream(queryset: QuerySet[Event], *, base_url: str = "") -> Iterator[bytes]:
    """A GeoPackage (OGC 12-128r18) with one layer, `events`, with its spatial index."""
    return _file_stream(lambda path: _ogr_write(path, queryset, base_url, "GPKG"), ".gpkg")


def fgb_stream(queryset: QuerySet[Event], *, base_url: str = "") -> Iterator[bytes]:
    """A FlatGeobuf file, without a spatial index (see ogr_writer.LAYER_OPTIONS: building one
    holds every feature in memory)."""
    return _file_stream(lambda path: _ogr_write(path, queryset, base_url, "FlatGeobuf"), ".fgb")


def geo_metadata(bbox: list[float]) -> dict:
    """GeoParquet 1.1's `geo` file metadata. No crs member: the default, OGC:CRS84, is
    EPSG:4326 in lon/lat order, which is what the points are."""
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if bbox:
        column["bbox"] = bbox
    return {"version": "1.1.0", "primary_column": GEOMETRY, "columns": {GEOMETRY: column}}


def _parquet_write(path: Path, queryset: QuerySet[Event], base_url: str) -> None:
    import pyarrow.parquet as pq

    bbox: list[float] = []
    # `geo` twice: in the Arrow schema, which pyarrow (and geopandas through it) reads back as the
    # table's metadata, before any row is known, so without a bbox; and in the file's key-value
    # metadata (what GDAL, DuckDB and the spec read), replaced at close by one with the bbox of
    # every row written: the footer is written last.
    schema = arrow_schema().with_metadata({"geo": json.dumps(geo_metadata([]))})
    # zstd: about a third smaller than snappy on these text columns, as fast to read.
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in arrow_batches(queryset, base_url=base_url, bbox=bbox):
            writer.write_batch(batch.replace_schema_metadata(schema.metadata))
        writer.add_key_value_metadata({"geo": json.dumps(geo_metadata(bbox))})


def parquet_stream(queryset: QuerySet[Event], *, base_url: str = "") -> Iterator[bytes]:
    """A GeoParquet 1.1 file: WKB points, a row group per chunk of events."""
    return _file_stream(lambda path: _parquet_write(path, queryset, base_url), ".parquet")
