"""The UCDP-shaped API (/api/gedevents/<version>) through Django's test client: GED's page
envelope and paging (NextPageUrl followed to the end, PreviousPageUrl, TotalPages), its filters
(StartDate, EndDate, Country as Gleditsch-Ward codes, TypeOfViolence), 400s naming the
parameter, and the publication rule. Unit tests over fixtures written here, plus a cross-check
with our own UCDP importer (ours, so a cross-check rather than an outside client): a page saved
to a file imports as the same events, and GED's own records come back as GED wrote them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import transaction
from django.test import Client

from events.domain import datasets
from events.models import Actor, Dataset, Event
from events.services.api_tokens import api_token_issue
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import DATA
from tests.support.factories import actor_make, event_make, place_make

BAGHDAD = Point(44.36, 33.31, srid=4326)
URL = "/api/gedevents/25.1"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The events, once per module, rolled back after it (each test in a savepoint on top)."""
    with django_db_blocker.unblock(), transaction.atomic():
        government = actor_make("Government of Syria", kind=Actor.Kind.STATE_FORCES)
        rebels = actor_make("Free Syrian Army", kind=Actor.Kind.REBEL_GROUP)
        islamists = actor_make("Jabhat Fateh al-Sham", kind=Actor.Kind.REBEL_GROUP)
        civilians = actor_make("Civilians (Iraq)", kind=Actor.Kind.CIVILIANS)
        aleppo = place_make("Aleppo", admin1="Aleppo")
        baghdad = place_make("Baghdad", country_code="IQ", point=BAGHDAD)
        made = {
            "state": event_make(
                date=dt.date(2017, 1, 10),
                place=aleppo,
                fatalities=5,
                actors=[(government, "actor1"), (rebels, "actor2")],
            ),
            "nonstate": event_make(
                date=dt.date(2017, 1, 11),
                place=aleppo,
                fatalities=3,
                actors=[(islamists, "actor1"), (rebels, "actor2")],
            ),
            "onesided": event_make(
                date=dt.date(2017, 1, 12),
                event_type="Violence against civilians",
                sub_event_type="Attack",
                place=baghdad,
                location=BAGHDAD,
                country_code="IQ",
                fatalities=2,
                date_precision=Event.DatePrecision.WEEK,
                actors=[(islamists, "actor1"), (civilians, "actor2")],
            ),
            "protest": event_make(event_type="Protests", sub_event_type="Peaceful protest"),
            "draft": event_make(status=Event.Status.DRAFT, actors=[(government, "actor1")]),
        }
        staff = get_user_model().objects.create_user("ged-staff", is_staff=True)
        _, staff_secret = api_token_issue(user=staff)
        yield {"events": made, "staff": staff_secret}
        transaction.set_rollback(True)


def page(client: Client, path: str = URL, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def keys(world, body: dict) -> set[str]:
    by_pk = {e.pk: k for k, e in world["events"].items()}
    return {by_pk[r["id"]] for r in body["Result"]}


def test_envelope_and_paging_to_the_end(world, db, client):
    first = page(client, pagesize="2")
    assert first["TotalCount"] == 3 and first["TotalPages"] == 2
    assert first["PreviousPageUrl"] == "" and len(first["Result"]) == 2
    seen = [r["id"] for r in first["Result"]]
    body = first
    while body["NextPageUrl"]:
        parts = urlsplit(body["NextPageUrl"])
        assert parts.hostname == "testserver" and parts.path == URL
        body = client.get(f"{parts.path}?{parts.query}").json()
        seen += [r["id"] for r in body["Result"]]
        back = urlsplit(body["PreviousPageUrl"])
        assert client.get(f"{back.path}?{back.query}").json()["Result"] == first["Result"]
    assert sorted(seen) == seen and len(set(seen)) == 3  # every event once, in id order
    assert page(client, pagesize="2", page="5")["Result"] == []


def test_records_are_geds(world, db, client):
    records = {r["id"]: r for r in page(client)["Result"]}
    state = records[world["events"]["state"].pk]
    assert state == state | {
        "year": 2017, "type_of_violence": 1, "side_a": "Government of Syria",
        "side_b": "Free Syrian Army", "dyad_name": "Government of Syria - Free Syrian Army",
        "country": "Syria", "country_id": 652, "region": "Middle East", "latitude": 36.2,
        "longitude": 37.1, "geom_wkt": "POINT (37.1 36.2)", "where_coordinates": "Aleppo",
        "adm_1": "Aleppo", "date_prec": 1, "where_prec": 1, "date_start": "2017-01-10T00:00:00",
        "date_end": "2017-01-10T00:00:00", "best": 5, "high": 5, "low": 5, "deaths_unknown": 5,
        "deaths_a": 0, "conflict_new_id": None,
    }  # fmt: skip
    onesided = records[world["events"]["onesided"].pk]
    assert onesided["type_of_violence"] == 3 and onesided["country_id"] == 645
    assert onesided["date_prec"] == 3
    assert records[world["events"]["nonstate"].pk]["type_of_violence"] == 2


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"Country": "652"}, {"state", "nonstate"}),
        ({"Country": "645,652"}, {"state", "nonstate", "onesided"}),
        ({"Country": "369"}, set()),
        ({"TypeOfViolence": "1"}, {"state"}),
        ({"TypeOfViolence": "2"}, {"nonstate"}),
        ({"TypeOfViolence": "1,3"}, {"state", "onesided"}),
        ({"StartDate": "2017-01-11"}, {"nonstate", "onesided"}),
        ({"EndDate": "2017-01-10"}, {"state"}),
        ({"StartDate": "2017-01-11", "EndDate": "2017-01-11"}, {"nonstate"}),
    ],
)
def test_filters(world, db, client, params, expected):
    assert keys(world, page(client, **params)) == expected


@pytest.mark.parametrize(
    "path,params,named",
    [
        (URL, {"pagesize": "0"}, "pagesize"),
        (URL, {"pagesize": "1001"}, "pagesize"),
        (URL, {"page": "-1"}, "page"),
        (URL, {"Country": "9999"}, "Country"),
        (URL, {"Country": "Syria"}, "Country"),
        (URL, {"TypeOfViolence": "4"}, "TypeOfViolence"),
        (URL, {"StartDate": "2017/01/01"}, "StartDate"),
        (URL, {"StartDate": "2017-02-01", "EndDate": "2017-01-01"}, "EndDate"),
        (URL, {"nope": "1"}, "nope"),
        (URL, {"status": "draft"}, "status"),
    ],
)
def test_bad_parameters_are_400s(world, db, client, path, params, named):
    response = client.get(path, params)
    assert response.status_code == 400 and named in response.json()["errors"]


def test_any_version_is_served(world, db, client):
    assert page(client, "/api/gedevents/latest")["TotalCount"] == 3


def test_publication_rule_and_tokens(world, db, client):
    public = page(client)["Result"]
    assert world["events"]["draft"].pk not in {r["id"] for r in public}
    staff = client.get(URL, {"status": "all"}, headers={"x-ucdp-access-token": world["staff"]})
    assert world["events"]["draft"].pk in {r["id"] for r in staff.json()["Result"]}
    assert client.get(URL, headers={"Authorization": "Bearer cm_nope"}).status_code == 401


def test_a_saved_page_imports_as_the_same_events(world, db, client, tmp_path):
    """Cross-check with our UCDP importer: the page, saved as a file, imports to events with
    the same dates, types, places, sides, fatalities and countries."""
    saved = tmp_path / "page.json"
    saved.write_text(json.dumps(page(client)), encoding="utf-8")
    report = events_import_ucdp(saved, progress=False)
    assert report.created == 3, report
    for key in ("state", "nonstate", "onesided"):
        original = Event.objects.get(pk=world["events"][key].pk)
        copy = Event.objects.get(dataset="ucdp", external_id=str(original.pk))
        for name in ("date", "event_type", "sub_event_type", "fatalities", "country_code"):
            assert getattr(copy, name) == getattr(original, name), (key, name)
        assert copy.date_precision == original.date_precision
        assert copy.location.equals_exact(original.location, 1e-6)
        roles = lambda e: sorted(  # noqa: E731
            (link.role, link.actor.name) for link in e.event_actors.select_related("actor")
        )
        assert roles(copy) == roles(original), key


def test_geds_own_records_come_back_as_ged_wrote_them(world, db, client):
    """GED's records imported (tests/data/ucdp_api_page.json, a real API page's shape) are
    served with the values their extra kept."""
    events_import_ucdp(DATA / "ucdp_api_page.json", progress=False)
    Dataset.objects.update_or_create(key="ucdp", defaults={"visibility": datasets.PUBLIC})
    original = json.loads((DATA / "ucdp_api_page.json").read_text())["Result"][0]
    served = [r for r in page(client, Country="369")["Result"] if r["relid"] == original["relid"]]
    assert len(served) == 1
    record = served[0]
    for name in (
        "type_of_violence",
        "conflict_new_id",
        "dyad_name",
        "side_a",
        "side_b",
        "best",
        "deaths_civilians",
        "high",
        "low",
        "country_id",
        "date_start",
        "latitude",
    ):
        assert record[name] == original[name], name
