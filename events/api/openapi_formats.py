"""The GIS downloads in the OpenAPI description (beside openapi.py, which lists the paths):
/api/events.gpkg, .fgb, .kml and .parquet, each taking the GeoJSON download's parameters."""

from __future__ import annotations

from collections.abc import Callable

from events.selectors.gis_exports import FIELDS

_FIELDS = ", ".join(f"{name} ({kind})" for name, kind in FIELDS)
_SAME = (
    "The located events of the filter, as the GeoJSON download, one row per event with the "
    f"fields {_FIELDS} and a point in EPSG:4326 (docs/api.md, GIS formats)."
)
# (path, media type, what the file is)
GIS_FORMATS = (
    (
        "/api/events.gpkg",
        "application/geopackage+sqlite3",
        "A GeoPackage with one layer, events, and its spatial index.",
    ),
    (
        "/api/events.fgb",
        "application/flatgeobuf",
        "A FlatGeobuf file, without a spatial index (dates as date-times: the format has none).",
    ),
    (
        "/api/events.kml",
        "application/vnd.google-earth.kml+xml",
        "KML 2.2: a Placemark per event with a TimeSpan (begin the date, end the end date or "
        "the date), the fields in ExtendedData, and the notes HTML-escaped in its description.",
    ),
    (
        "/api/events.parquet",
        "application/vnd.apache.parquet",
        "GeoParquet 1.1: WKB points, the `geo` metadata with the bbox, a row group per chunk.",
    ),
)


def gis_format_paths(op: Callable[..., dict], download: dict) -> dict[str, dict]:
    """The four paths, made by openapi_document's `op` (the filter's parameters, the 400)."""
    binary = {"type": "string", "format": "binary"}
    return {
        path: op(f"{what} {_SAME}", media_type, binary, [download])
        for path, media_type, what in GIS_FORMATS
    }
