"""The API on the seed events: every filter parameter, bad values, drafts, formats."""

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from collections import Counter

import jsonschema_rs
import pytest
from django.contrib.gis.geos import Point
from django.test import Client

from events.api.views import ERR_FACET_SUM
from events.domain.filters import ERR_DATE, ERR_STATUS_STAFF, ERR_UNKNOWN_PARAM
from events.models import Actor, Event
from events.selectors.exports import CSV_COLUMNS
from tests.support.factories import actor_make, event_make

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"
DAYR = "seed-2017-01-18-dayr-al-zawr-air-support"
PALMYRA = "seed-2017-01-18-palmyra-air-support"
ALEPPO = "seed-2016-12-aleppo-recaptured"
CEASEFIRE = "seed-2016-12-nationwide-ceasefire"
ASTANA = "seed-2017-01-astana-talks"
LOCATED = {AL_BAB, DAYR, PALMYRA, ALEPPO, CEASEFIRE, ASTANA}


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def geojson(client, **params):
    response = client.get("/api/events.geojson", params)
    assert response.status_code == 200, body(response)
    return json.loads(body(response))


def keys(collection) -> set[str]:
    by_id = dict(Event.objects.values_list("id", "external_id"))
    return {by_id[f["id"]] for f in collection["features"]}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, LOCATED),
        ({"actor": "islamic-state"}, {AL_BAB, DAYR}),
        ({"actor": "ISIS"}, {AL_BAB, DAYR}),
        ({"actor": "Daesh"}, {AL_BAB, DAYR}),
        ({"actor": ["ISIS", "iran"]}, {AL_BAB, DAYR, ASTANA}),
        ({"actor": "turkey", "role": "actor1"}, {AL_BAB, CEASEFIRE, ASTANA}),
        ({"actor": "syria", "role": "actor2"}, {ASTANA}),
        ({"actor": "syria", "role": "actor1"}, {DAYR, PALMYRA, ALEPPO}),
        ({"event_type": "Battles"}, {ALEPPO}),
        ({"event_type": "strategic developments"}, {CEASEFIRE, ASTANA}),
        ({"sub_event_type": "Air/drone strike"}, {AL_BAB, DAYR, PALMYRA}),
        (
            {"sub_event_type": ["Agreement", "Government regains territory"]},
            {ALEPPO, CEASEFIRE, ASTANA},
        ),
        ({"country": "KZ"}, {ASTANA}),
        ({"country": ["sy", "KZ"]}, LOCATED),
        ({"date_from": "2017-01-18", "date_to": "2017-01-18"}, {AL_BAB, DAYR, PALMYRA}),
        ({"date_from": "2016-12-25", "date_to": "2016-12-31"}, {ALEPPO, CEASEFIRE}),
        ({"date_from": "2017-01-20"}, {ASTANA}),
        ({"date_to": "2016-12-31"}, {ALEPPO, CEASEFIRE}),
        ({"bbox": "37,36,38,37"}, {AL_BAB, ALEPPO}),
        ({"bbox": "60,40,80,60"}, {ASTANA}),
        ({"q": "Palmyra"}, {PALMYRA}),
        ({"q": "ISIL"}, {AL_BAB, DAYR}),
        ({"q": "deir ez-zor"}, {DAYR}),
        (
            {"actor": "russia", "date_from": "2017-01-01", "bbox": "35,33,41,37"},
            {AL_BAB, DAYR, PALMYRA},
        ),
    ],
)
def test_filters_select_the_right_events(seeded, client, params, expected):
    assert keys(geojson(client, **params)) == expected


def test_min_fatalities(seed_event, client):
    event = seed_event(AL_BAB)
    event.fatalities = 12
    event.save()
    assert keys(geojson(client, min_fatalities=10)) == {AL_BAB}
    assert keys(geojson(client, min_fatalities=0)) == {AL_BAB}


@pytest.mark.parametrize(
    "params,bad",
    [
        ({"date_from": "2017-13-01"}, "date_from"),
        ({"date_from": "18/01/2017"}, "date_from"),
        ({"date_from": "2017-02-01", "date_to": "2017-01-01"}, "date_to"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "10,0,5,1"}, "bbox"),
        ({"bbox": "0,0,200,1"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"actor": "Army of Nowhere"}, "actor"),
        ({"role": "victim"}, "role"),
        ({"event_type": "Picnics"}, "event_type"),
        ({"sub_event_type": "Picnic"}, "sub_event_type"),
        ({"country": "Syria"}, "country"),
        ({"country": "XX"}, "country"),
        ({"min_fatalities": "-1"}, "min_fatalities"),
        ({"min_fatalities": "ten"}, "min_fatalities"),
        ({"status": "deleted"}, "status"),
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"colour": "red"}, "colour"),
        ({"date_from": ["2017-01-01", "2017-01-02"]}, "date_from"),
    ],
)
@pytest.mark.parametrize(
    "url", ["/api/events.geojson", "/api/events.csv", "/api/actors.json", "/api/timeline.json"]
)
def test_bad_values_are_a_400_naming_the_parameter(seeded, client, url, params, bad):
    response = client.get(url, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors.get(bad)


def test_every_bad_parameter_is_reported_at_once(seeded, client):
    response = client.get("/api/events.geojson", {"date_from": "x", "foo": "1", "bbox": "1"})
    errors = response.json()["errors"]
    assert set(errors) == {"date_from", "foo", "bbox"}
    assert errors["date_from"].startswith(ERR_DATE)
    assert errors["foo"] == ERR_UNKNOWN_PARAM


def test_drafts_are_hidden_from_anonymous_users(seed_event, staff_client):
    client = Client()
    draft = seed_event(AL_BAB)
    draft.status = Event.Status.DRAFT
    draft.save()
    assert AL_BAB not in keys(geojson(client))
    response = client.get("/api/events.geojson", {"status": "draft"})
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ERR_STATUS_STAFF
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    assert keys(geojson(staff_client, status="draft")) == {AL_BAB}
    assert AL_BAB in keys(geojson(staff_client, status="all"))
    assert staff_client.get(f"/events/{draft.pk}/").status_code == 200


def test_geojson_is_rfc_7946(seed_event, client):
    collection = geojson(client)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    feature = next(f for f in collection["features"] if f["id"] == seed_event(AL_BAB).pk)
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (37.52, 36.37)  # longitude first
    props = feature["properties"]
    assert props["date"] == "2017-01-18" and props["date_precision"] == 1
    assert props["event_type"] == "Explosions/Remote violence"
    assert {(a["slug"], a["role"]) for a in props["actors"]} == {
        ("russia", "actor1"),
        ("turkey", "assoc1"),
        ("islamic-state", "actor2"),
    }
    assert props["place"] == "Al Bāb" and props["country"] == "SY"
    assert props["source"]["publisher"] == "Iran Press TV"
    assert props["source"]["date"] == "2017-01-18"
    assert props["status"] == "verified"
    assert props["url"].endswith(f"/events/{feature['id']}/")
    assert set(props) >= {"end_date", "sub_event_type", "geo_precision", "fatalities", "summary"}


def test_feature_actors_come_in_role_then_link_order(db, client):
    """The order the page relies on (its first actor1 colours the marker), however the
    database folds the links; events with the same actors each list them all."""
    first, second, other = (
        actor_make(n, slug=s)
        for n, s in (("Zulu Brigade", "zulu"), ("Alpha Front", "alpha"), ("Civilians", "civ"))
    )
    # The first two with the same set of actors: one list shared by both features.
    same = [(other, "actor2"), (first, "actor1"), (second, "actor1")]
    events = [
        event_make(
            summary=f"Clash {i}",
            location=Point(37.1 + i / 100, 36.2, srid=4326),
            actors=same if i < 2 else [(second, "actor1")],
        )
        for i in range(3)
    ]
    features = {f["id"]: f["properties"]["actors"] for f in geojson(client)["features"]}
    want = [("zulu", "actor1"), ("alpha", "actor1"), ("civ", "actor2")]
    for e in events[:2]:
        assert [(a["slug"], a["role"]) for a in features[e.pk]] == want
    assert [(a["name"], a["role"]) for a in features[events[2].pk]] == [("Alpha Front", "actor1")]


def test_unlocated_events_are_left_off_the_map_and_listed_in_the_csv(seeded, client):
    assert len(geojson(client)["features"]) == 6
    rows = list(csv.DictReader(io.StringIO(body(client.get("/api/events.csv")).decode())))
    assert len(rows) == 8
    unlocated = [r for r in rows if not r["latitude"]]
    assert {r["event_id"] for r in unlocated} == {
        "seed-2017-01-air-coordination-memorandum",
        "seed-2016-08-euphrates-shield",
    }


def test_csv_has_acled_columns(seed_event, client):
    response = client.get("/api/events.csv", {"actor": "ISIS"})
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(body(response).decode()))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    rows = {r["event_id"]: r for r in reader}
    assert set(rows) == {AL_BAB, DAYR, "seed-2016-08-euphrates-shield"}
    bab = rows[AL_BAB]
    assert bab["actor1"] == "Military Forces of Russia"
    assert bab["assoc_actor_1"] == "Military Forces of Turkey"
    assert bab["actor2"] == "Islamic State"
    assert (bab["country"], bab["iso2"], bab["time_precision"]) == ("Syria", "SY", "1")
    assert (bab["latitude"], bab["longitude"]) == ("36.37051", "37.51570")
    assert bab["fatalities"] == ""  # unknown, not zero


def test_download_names_the_file_after_the_filter(seeded, client):
    response = client.get("/api/events.geojson", {"actor": "ISIS", "download": "1"})
    assert response["Content-Disposition"] == (
        'attachment; filename="conflictmap-islamic-state.geojson"'
    )
    response = client.get(
        "/api/events.csv", {"date_from": "2017-01-01", "date_to": "2017-01-31", "download": "1"}
    )
    assert 'filename="conflictmap-2017-01-01_2017-01-31.csv"' in response["Content-Disposition"]
    assert client.get("/api/events.csv", {"download": "maybe"}).status_code == 400


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin is installed by make test")
def test_gdal_reads_the_geojson_download(seeded, client, tmp_path):
    path = tmp_path / "events.geojson"
    path.write_bytes(body(client.get("/api/events.geojson", {"download": "1"})))
    out = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Feature Count: 6" in out
    assert "Geometry: Point" in out
    assert "WGS 84" in out


def test_popup_text_is_data_not_markup(seeded, client):
    Actor.objects.filter(slug="iran").update(name='<img src=x onerror="alert(1)">')
    collection = geojson(client, actor="iran")
    # JSON carries the text as-is; the page must render it with textContent (tests/browser).
    names = {a["name"] for a in collection["features"][0]["properties"]["actors"]}
    assert '<img src=x onerror="alert(1)">' in names


def test_actors_json_counts_under_the_filter(seeded, client):
    data = client.get("/api/actors.json", {"date_from": "2017-01-18"}).json()["actors"]
    counts = {a["slug"]: a["count"] for a in data}
    assert counts["russia"] == 4  # al-Bab, Dayr, Palmyra, Astana
    assert counts["islamic-state"] == 2
    daesh = next(a for a in data if a["slug"] == "islamic-state")
    assert {"Daesh", "ISIS", "ISIL"} <= set(daesh["aliases"])
    assert "aleppo" not in counts


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"date_from": "2017-01-18"},
        {"event_type": "Battles"},
        {"country": "SY", "date_to": "2017-01-17"},
        {"event_type": "Strategic developments", "country": "KZ", "actor": "russia"},
    ],
)
def test_facets_count_each_type_and_country_under_the_other_filters(seeded, client, params):
    """Each facet ignores its own selection, as the map's checklists count in client mode."""
    data = client.get("/api/facets.json", params).json()
    events = [
        e
        for e in Event.objects.filter(status=Event.Status.VERIFIED, location__isnull=False)
        if (not params.get("date_from") or str(e.end_date or e.date) >= params["date_from"])
        and (not params.get("date_to") or str(e.date) <= params["date_to"])
        and (not params.get("actor") or e.event_actors.filter(actor__slug=params["actor"]).exists())
    ]

    def chosen(e: Event, param: str, field: str) -> bool:
        return param not in params or getattr(e, field) == params[param]

    by_type = Counter(e.event_type for e in events if chosen(e, "country", "country_code"))
    by_country = Counter(e.country_code for e in events if chosen(e, "event_type", "event_type"))
    assert data["event_type"] == dict(by_type)
    assert data["country"] == dict(by_country)
    assert sum(data["event_type"].values()) > 0


@pytest.mark.parametrize(
    "params", [{}, {"country": "SY"}, {"actor": "russia", "date_to": "2017-01-17"}]
)
def test_facets_sum_fatalities_per_country_when_asked(seeded, client, params):
    """sum=fatalities adds the known fatalities per country (ignoring the country selection, as
    the country counts do); without it the answer is as before."""
    russia = Actor.objects.get(slug="russia")
    civilians = actor_make("Test victims", slug="test-victims")
    event_make(
        fatalities=7, date=dt.date(2017, 1, 10), actors=[(russia, "actor1"), (civilians, "actor2")]
    )
    event_make(fatalities=5, country_code="IQ", location=Point(44.4, 33.3, srid=4326))
    event_make(fatalities=None, date=dt.date(2017, 1, 3), actors=[(russia, "actor1")])
    assert "country_fatalities" not in client.get("/api/facets.json", params).json()
    data = client.get("/api/facets.json", {**params, "sum": "fatalities"}).json()
    events = Event.objects.filter(status=Event.Status.VERIFIED, location__isnull=False)
    if "date_to" in params:
        events = events.filter(date__lte=params["date_to"])
    if "actor" in params:
        events = events.filter(event_actors__actor__slug=params["actor"]).distinct()
    sums: Counter = Counter()
    for e in events:
        sums[e.country_code] += e.fatalities or 0
    assert data["country_fatalities"] == dict(sums)
    assert data["country_fatalities"].keys() == data["country"].keys()
    assert sum(sums.values()) > 0


def test_facets_refuse_a_bad_sum_naming_it(db, client):
    response = client.get("/api/facets.json", {"sum": "deaths"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"sum": ERR_FACET_SUM}


def test_facets_refuse_a_bad_filter_with_a_message(db, client):
    response = client.get("/api/facets.json", {"date_from": "yesterday"})
    assert response.status_code == 400
    assert "date_from" in response.json()["errors"]


def test_selected_actor_is_listed_even_without_events(seeded, client):
    data = client.get("/api/actors.json", {"actor": "pyd"}).json()["actors"]
    assert data == [d for d in data if d["slug"] == "pyd"]
    assert data[0]["count"] == 0 and data[0]["selected"]


def test_timeline_buckets_follow_the_span(seeded, client):
    days = client.get("/api/timeline.json", {"date_from": "2017-01-01", "date_to": "2017-01-31"})
    data = days.json()
    assert data["bucket"] == "day"
    assert {"start": "2017-01-18", "count": 3} in data["counts"]
    months = client.get("/api/timeline.json", {"date_from": "2010-01-01"}).json()
    assert months["bucket"] == "month"
    assert months["counts"] == [
        {"start": "2016-12-01", "count": 2},
        {"start": "2017-01-01", "count": 4},
    ]
    assert months["total"] == 6 and months["unlocated"] == 2
    weeks = client.get("/api/timeline.json", {"bucket": "week"}).json()
    assert weeks["bucket"] == "week" and sum(c["count"] for c in weeks["counts"]) == 6


def test_openapi_describes_every_endpoint_and_filter(db, client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {
        "/api/datasets.json",
        "/api/attribution.txt",
        "/api/events.geojson",
        "/api/events.csv",
        "/api/events.gpkg",
        "/api/events.fgb",
        "/api/events.kml",
        "/api/events.parquet",
        "/api/actors.json",
        "/api/facets.json",
        "/api/timeline.json",
        "/api/trends.json",
        "/api/map.json",
        "/api/snapshot.html",
        "/api/openapi.json",
        "/events/{id}/",
        "/events/{id}.json",
        # ACLED- and UCDP-shaped APIs (issue 17: docs/api-compat.md)
        "/api/acled/read",
        "/api/acled/read.csv",
        "/api/deleted/read",
        "/api/gedevents/{version}",
        "/tiles/{z}/{x}/{y}.mvt",
        "/tiles/tiles.json",
    }
    names = {p["name"] for p in doc["paths"]["/api/events.geojson"]["get"]["parameters"]}
    assert {"actor", "role", "bbox", "date_from", "date_to", "q", "download"} <= names


def test_every_geojson_feature_is_exactly_what_the_openapi_document_says(seeded, client):
    """The seeds' GeoJSON, sources, quotes and unlocated events included, validates against
    the document's schema, which allows no property it does not name and requires each it
    names: a property the download gains or loses without the document fails here (and in
    test_api_fuzz.py's response checks), so the two cannot drift apart."""
    document = client.get("/api/openapi.json").json()
    ok = document["paths"]["/api/events.geojson"]["get"]["responses"]["200"]
    # The path's schema refers to the document's generated components: validated with them.
    schema = {
        **ok["content"]["application/geo+json"]["schema"],
        "components": document["components"],
    }
    body = geojson(client)
    assert body["features"]
    validator = jsonschema_rs.validator_for(schema)
    assert validator.is_valid(body), list(validator.iter_errors(body))[:3]
    carried = set(body["features"][0]["properties"])
    assert {"geo_precision", "quote", "sources"} <= carried
    body["features"][0]["properties"]["undocumented"] = 1
    assert not validator.is_valid(body)
    del body["features"][0]["properties"]["undocumented"]
    del body["features"][0]["properties"]["quote"]
    assert not validator.is_valid(body)


def test_event_json_twin(seed_event, client):
    event = seed_event(AL_BAB)
    feature = client.get(f"/events/{event.pk}.json").json()
    assert feature["properties"]["quote"] == event.quote
    unlocated = seed_event("seed-2016-08-euphrates-shield")
    assert client.get(f"/events/{unlocated.pk}.json").json()["geometry"] is None


def test_a_moved_point_is_what_the_map_shows(seed_event, client):
    event = seed_event(AL_BAB)
    event.location = Point(37.6, 36.4, srid=4326)
    event.save()
    feature = next(f for f in geojson(client)["features"] if f["id"] == event.pk)
    assert feature["geometry"]["coordinates"] == [37.6, 36.4]
