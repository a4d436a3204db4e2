"""The GIS downloads (issue 17): /api/events.gpkg, .fgb, .kml and .parquet, read back by clients
nobody here wrote, with the same events and values as the GeoJSON of the same filter.

- GeoPackage, FlatGeobuf and KML: Debian's GDAL 3.6 command-line tools (gdal-bin's ogr2ogr and
  ogrinfo, their own drivers: not the GDAL bundled in pyogrio that wrote the files).
- GeoParquet: pyarrow.parquet reads the table and its `geo` metadata. Neither Debian's GDAL 3.6
  nor pyogrio's bundled GDAL has the (Geo)Parquet driver, so no GDAL reads it here.
The expected values are the GeoJSON download's and the CSV's (our own writers, tested elsewhere).
test_field_names_follow_the_csv_columns_and_the_geojson and the OpenAPI check are unit tests of
our own table and description; the 400 and HEAD checks go through Django's test client.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.db import transaction

from events.models import Event, EventSource, Source
from events.selectors.exports import csv_text_unquoted
from events.selectors.gis_exports import FIELD_NAMES
from tests.support.factories import actor_make, event_make

pytestmark = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin")

HOSTILE = 'He said "stop" <b>&amp;</b> & <script>alert(1)</script> — Алеппо, حلب, 阿勒颇'
FILTER = {"country": "SY"}
FORMATS = {
    "gpkg": "application/geopackage+sqlite3",
    "fgb": "application/flatgeobuf",
    "kml": "application/vnd.google-earth.kml+xml",
    "parquet": "application/vnd.apache.parquet",
}


@pytest.fixture(scope="module")
def events_in_module(django_db_setup, django_db_blocker):
    """Five events made once for the module, rolled back after it: two located in Syria (one
    with hostile text, several actors and two sources; one with an end date and no fatalities
    count), one unlocated, one in Iraq, one draft."""
    with django_db_blocker.unblock(), transaction.atomic():
        hostile = actor_make('Kata\'ib "<Hizb>" & Ḥizb — Катаиб', slug="kataib")
        other = actor_make("Syrian Army")
        assoc = actor_make("Liwa al-Quds")
        first = Source.objects.create(title="Mareb <Press>", url="https://example.org/a?b=1&c=2")
        second = Source.objects.create(title="Yemen Data Project")
        a = event_make(
            actors=[(hostile, "actor1"), (other, "actor2"), (assoc, "assoc2")],
            summary=HOSTILE,
            quote='"<quoted>" & more',
            fatalities=3,
            source=first,
            place_name="Ḥalab <old town>",
            location=Point(37.16123456789, 36.2021, srid=4326),
        )
        EventSource.objects.bulk_create(
            [EventSource(event=a, source=first), EventSource(event=a, source=second)]
        )
        b = event_make(
            date=dt.date(2017, 2, 1),
            end_date=dt.date(2017, 2, 3),
            fatalities=None,
            event_type="Strategic developments",
            sub_event_type="Agreement",
            location=Point(36.3, 33.5, srid=4326),
            external_id="SYR1234",
            dataset="acled",
        )
        event_make(location=None, place_name="al-Bab", summary="Unlocated.")
        event_make(country_code="IQ", location=Point(44.4, 33.3, srid=4326))
        event_make(status=Event.Status.DRAFT, summary="A draft.")
        yield {"located": {a.pk, b.pk}, "hostile": a.pk, "spanned": b.pk}
        transaction.set_rollback(True)


@pytest.fixture
def made(events_in_module, db):
    return events_in_module


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, ext: str, tmp_path: Path, **params) -> Path:
    response = client.get(f"/api/events.{ext}", {**FILTER, "download": "1", **params})
    assert response.status_code == 200, body(response)[:500]
    assert response["Content-Type"] == FORMATS[ext]
    assert response["Content-Disposition"] == f'attachment; filename="conflictmap-sy.{ext}"'
    assert 'rel="describedby"' in response["Link"]
    path = tmp_path / f"events.{ext}"
    path.write_bytes(body(response))
    return path


def ogr_features(path: Path) -> list[dict]:
    """The file as GDAL's own ogr2ogr turns it into GeoJSON."""
    out = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)["features"]


def expected_rows(client) -> dict[int, dict]:
    """Each located event's columns, from the GeoJSON (and, for what only the CSV carries, the
    CSV) of the same filter."""
    features = json.loads(body(client.get("/api/events.geojson", FILTER)))["features"]
    text = body(client.get("/api/events.csv", FILTER)).decode()
    by_key = {r["event_id"]: r for r in csv.DictReader(io.StringIO(text))}
    keys = {pk: key or f"cm-{pk}" for pk, key in Event.objects.values_list("pk", "external_id")}
    rows = {}
    for f in features:
        p = f["properties"]
        names = {
            role: "; ".join(a["name"] for a in p["actors"] if a["role"] == role)
            for role in ("actor1", "assoc1", "actor2", "assoc2")
        }
        row = by_key[keys[p["id"]]]
        rows[p["id"]] = {
            "id": p["id"],
            "event_id": row["event_id"],
            "event_date": p["date"],
            "time_precision": p["date_precision"],
            "event_type": p["event_type"],
            "sub_event_type": p["sub_event_type"],
            "actor1": names["actor1"],
            "assoc_actor_1": names["assoc1"],
            "actor2": names["actor2"],
            "assoc_actor_2": names["assoc2"],
            "country": row["country"],
            "iso2": p["country"],
            **{k: csv_text_unquoted(row[k]) for k in ("admin1", "admin1_code", "admin2")},
            "location": p["place"],
            "geo_precision": p["geo_precision"],
            "source": "; ".join(s["title"] for s in p["sources"]),
            "source_count": p["source_count"],
            "source_url": (p["sources"][0]["url"] or "") if p["sources"] else "",
            "notes": p["summary"],
            "quote": p["quote"],
            "fatalities": p["fatalities"],
            "end_date": p["end_date"],
            "status": p["status"],
            "url": p["url"],
            "coordinates": f["geometry"]["coordinates"],
        }
    return rows


def test_field_names_follow_the_csv_columns_and_the_geojson():
    assert FIELD_NAMES[:3] == ("id", "event_id", "event_date")
    assert {"notes", "fatalities", "actor1", "iso2", "url", "end_date"} <= set(FIELD_NAMES)


@pytest.mark.parametrize("ext", ["gpkg", "fgb"])
def test_gdal_reads_back_the_geojsons_events_and_values(made, client, tmp_path, ext):
    """GDAL (Debian's ogr2ogr) reads the GeoPackage and the FlatGeobuf: the same events as the
    GeoJSON of the filter (the unlocated, Iraqi and draft events left out), every value."""
    expected = expected_rows(client)
    assert set(expected) == made["located"]
    features = ogr_features(download(client, ext, tmp_path))
    assert len(features) == len(expected)
    for feature in features:
        got = dict(feature["properties"])
        want = expected[got["id"]]
        if ext == "fgb":  # FlatGeobuf stores no value for a null: GDAL reads it as unset
            got = {name: got.get(name) for name in FIELD_NAMES}
        # FlatGeobuf has no date type: GDAL's driver keeps dates as date-times.
        for key in ("event_date", "end_date"):
            if ext == "fgb" and got[key] is not None:
                assert got[key].endswith("T00:00:00"), got[key]
                got[key] = got[key].removesuffix("T00:00:00")
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == pytest.approx(want.pop("coordinates"))
        assert got == want


def test_geopackage_declares_its_types_and_crs(made, client, tmp_path):
    """ogrinfo's summary: a Point layer in EPSG:4326 with typed fields (dates, integers)."""
    path = download(client, "gpkg", tmp_path)
    info = subprocess.run(
        ["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Geometry: Point" in info and "Feature Count: 2" in info
    assert 'ID["EPSG",4326]' in info
    for line in ("id: Integer64", "event_date: Date", "end_date: Date", "fatalities: Integer"):
        assert line in info, info
    assert "time_precision: Integer(Int16)" in info and "notes: String" in info


def test_kml_has_a_placemark_with_a_timespan_per_event(made, client, tmp_path):
    """GDAL's LIBKML driver reads the KML: a Placemark per located event, its TimeSpan (begin,
    end) and its ExtendedData fields; the description is the notes HTML-escaped (a viewer
    renders it as HTML and shows them as text)."""
    expected = expected_rows(client)
    features = ogr_features(download(client, "kml", tmp_path))
    assert len(features) == len(expected)
    for feature in features:
        got = feature["properties"]
        want = expected[int(got["id"])]
        # The KML holds dates (xsd:date); GDAL's LIBKML reads its TimeSpan as date-times.
        assert got["begin"] == want["event_date"] + "T00:00:00"
        assert got["end"] == (want["end_date"] or want["event_date"]) + "T00:00:00"
        assert feature["geometry"]["coordinates"][:2] == pytest.approx(want["coordinates"])
        for name in FIELD_NAMES:  # KML's ints are read as numbers, the rest as text
            value = want[name]
            assert got.get(name) == (value if isinstance(value, int | None) else str(value))
    hostile = next(f for f in features if int(f["properties"]["id"]) == made["hostile"])
    description = hostile["properties"]["description"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert "<script>" not in description and "Алеппо, حلب, 阿勒颇" in description
    assert hostile["properties"]["notes"] == HOSTILE


def test_geoparquet_reads_back_in_pyarrow(made, client, tmp_path):
    """pyarrow reads the GeoParquet: typed columns, WKB points, GeoParquet 1.1 `geo` metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    expected = expected_rows(client)
    path = download(client, "parquet", tmp_path)
    table = pq.read_table(path)
    assert table.num_rows == len(expected)
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int32()
    # The table's metadata (as pyarrow and geopandas read it) and the file's (as GDAL reads it).
    assert b"bbox" not in pq.read_schema(path).metadata[b"geo"]
    geo = json.loads(pq.read_metadata(path).metadata[b"geo"])
    assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB" and column["geometry_types"] == ["Point"]
    assert "crs" not in column  # OGC:CRS84, lon/lat
    lons = [r["coordinates"][0] for r in expected.values()]
    lats = [r["coordinates"][1] for r in expected.values()]
    assert column["bbox"] == pytest.approx([min(lons), min(lats), max(lons), max(lats)])
    for row in table.to_pylist():
        want = expected[row["id"]]
        order, kind, x, y = struct.unpack("<BIdd", row.pop("geometry"))
        assert (order, kind) == (1, 1) and [x, y] == pytest.approx(want.pop("coordinates"))
        for key in ("event_date", "end_date"):
            row[key] = row[key] and row[key].isoformat()
        assert row == want


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_bad_parameters_get_the_400_json(made, client, ext):
    response = client.get(f"/api/events.{ext}", {"date_from": "soon", "download": "2"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date_from", "download"}


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_head_and_an_empty_filter(made, client, ext, tmp_path):
    """HEAD answers with GET's headers and no body; a filter matching nothing is a valid file
    with no features (read back by GDAL or pyarrow)."""
    head = client.head(f"/api/events.{ext}", FILTER)
    assert head.status_code == 200 and head["Content-Type"] == FORMATS[ext]
    assert body(head) == b"" and head["ETag"]
    response = client.get(f"/api/events.{ext}", {"country": "YE"})
    path = tmp_path / f"empty.{ext}"
    path.write_bytes(body(response))
    if ext == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(path).num_rows == 0
    else:
        assert ogr_features(path) == []


def test_openapi_lists_each_format_with_the_geojsons_parameters(db, client):
    doc = client.get("/api/openapi.json").json()["paths"]
    names = [p["name"] for p in doc["/api/events.geojson"]["get"]["parameters"]]
    for ext, media_type in FORMATS.items():
        get = doc[f"/api/events.{ext}"]["get"]
        assert [p["name"] for p in get["parameters"]] == names
        assert list(get["responses"]["200"]["content"]) == [media_type]
        assert "400" in get["responses"]
