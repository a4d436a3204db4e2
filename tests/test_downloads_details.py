"""The downloads' details (issue 16): one place name in the CSV and the GeoJSON, file names that
read well for an open-ended date window, and HEAD answered as GET is, without a body."""

import csv
import io
import json

import pytest

from events.models import Event
from events.selectors.exports import place_display_name

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"
DOWNLOADS = ["/api/events.geojson", "/api/events.csv", "/api/snapshot.html"]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client, **params) -> list[dict]:
    text = body(client.get("/api/events.csv", params)).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_and_geojson_write_the_place_name_the_event_page_shows(seeded, client, seed_event):
    event = seed_event(AL_BAB)
    # The seed's source says "al-Bab", the gazetteer's place is "Al Bāb": the case at issue.
    assert event.place is not None and event.place_name != event.place.name
    features = json.loads(body(client.get("/api/events.geojson")))["features"]
    feature = next(f for f in features if f["id"] == event.pk)
    row = next(r for r in csv_rows(client) if r["event_id"] == AL_BAB)

    assert feature["properties"]["place"] == row["location"] == event.place.name
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert f"in {event.place.name}</h1>" in page


def test_every_located_event_has_one_place_name_in_both_downloads(seeded, client):
    by_id = {r["notes"]: r["location"] for r in csv_rows(client)}
    features = json.loads(body(client.get("/api/events.geojson")))["features"]
    assert features
    for feature in features:
        p = feature["properties"]
        assert p["place"] == by_id[p["summary"]], p["summary"]


def test_an_unlocated_event_keeps_the_name_its_source_gave(seeded, client, seed_event):
    event = seed_event(AL_BAB)
    Event.objects.filter(pk=event.pk).update(place=None, location=None)
    row = next(r for r in csv_rows(client) if r["event_id"] == AL_BAB)
    assert row["location"] == event.place_name == "al-Bab"
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "in al-Bab</h1>" in page
    assert place_display_name(None, "al-Bab") == "al-Bab"
    assert place_display_name("Al Bāb", "al-Bab") == "Al Bāb"
    assert place_display_name(None, None) == ""


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"date_from": "2017-01-01"}, "conflictmap-2017-01-01_onwards.csv"),
        ({"date_to": "2017-02-01"}, "conflictmap-until_2017-02-01.csv"),
        (
            {"date_from": "2017-01-01", "date_to": "2017-01-31"},
            "conflictmap-2017-01-01_2017-01-31.csv",
        ),
        ({"country": "SY", "date_from": "2016-12-01"}, "conflictmap-sy-2016-12-01_onwards.csv"),
    ],
)
def test_the_file_name_of_a_date_window_reads_well(seeded, client, params, name):
    response = client.get("/api/events.csv", {**params, "download": "1"})
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "_end" not in name and "start_" not in name


@pytest.mark.parametrize("path", [*DOWNLOADS, "/api/attribution.txt", "/api/timeline.json"])
def test_head_answers_as_get_does_without_a_body(seeded, client, path):
    params = {"country": "SY", "download": "1"} if path.endswith(("geojson", "csv")) else {}
    get = client.get(path, params)
    head = client.head(path, params)

    assert get.status_code == head.status_code == 200
    assert body(head) == b""
    for header in ("Content-Type", "Content-Disposition", "ETag", "Link", "Cache-Control"):
        assert head.get(header) == get.get(header), header
    # Its validator is GET's: a HEAD with it is told 304, as a GET would be.
    again = client.head(path, params, headers={"If-None-Match": get["ETag"]})
    assert again.status_code == 304


def test_head_of_a_bad_filter_is_the_same_400(seeded, client):
    get = client.get("/api/events.csv", {"date_from": "banana"})
    head = client.head("/api/events.csv", {"date_from": "banana"})
    assert get.status_code == head.status_code == 400
    assert body(head) == b""
    assert "date_from" in json.loads(get.content)["errors"]


def test_head_of_a_stream_reads_no_rows(seeded, client, django_assert_max_num_queries):
    """The rows are never read for HEAD: the few queries of the filter and the cache check,
    not the export's."""
    with django_assert_max_num_queries(6) as head_queries:
        client.head("/api/events.geojson", {"download": "1"})
    with django_assert_max_num_queries(40) as get_queries:
        body(client.get("/api/events.geojson", {"download": "1"}))
    assert len(head_queries.captured_queries) < len(get_queries.captured_queries)
    assert any("ST_X" in q["sql"].upper() for q in get_queries.captured_queries)
    assert not any("ST_X" in q["sql"].upper() for q in head_queries.captured_queries)


def test_other_methods_are_still_refused(seeded, client):
    for path in DOWNLOADS:
        assert client.post(path).status_code == 405
        assert client.put(path).status_code == 405
