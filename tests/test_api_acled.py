"""The ACLED-shaped API (/api/acled/read, read.csv, /api/deleted/read) through Django's test
client: ACLED's envelope and value shapes, every operator, `|`, fields, paging, CSV, 400s, the
publication and dataset rules for anonymous and token requests, hostile text. Unit tests over
fixtures written here; tests/test_api_acled_client.py drives the real `acled` client."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from events.domain import acled_api as A
from events.domain import datasets
from events.models import Actor, ApiToken, Dataset, Event, Source
from events.services.api_tokens import api_token_issue, api_token_revoke
from events.services.datasets import dataset_update
from tests.support.factories import actor_make, event_make, place_make

BAGHDAD = Point(44.36, 33.31, srid=4326)
HOSTILE = '=HYPERLINK("http://x")<script>alert(1)</script>'


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The events, once per module, rolled back after it (each test in a savepoint on top)."""
    with django_db_blocker.unblock(), transaction.atomic():
        Dataset.objects.update_or_create(
            key="acled", defaults={"title": "ACLED", "visibility": datasets.STAFF}
        )
        army = actor_make("Military Forces of Syria", kind=Actor.Kind.STATE_FORCES)
        rebels = actor_make("Free Syrian Army", kind=Actor.Kind.REBEL_GROUP)
        civilians = actor_make("Civilians (Syria)", kind=Actor.Kind.CIVILIANS)
        protesters = actor_make("Protesters (Iraq)", kind=Actor.Kind.PROTESTERS)
        aleppo = place_make("Aleppo", admin1="Aleppo")
        baghdad = place_make("Baghdad", country_code="IQ", point=BAGHDAD, admin1="Baghdad")
        observatory = Source.objects.create(title="Syrian Observatory for Human Rights")
        ev = {
            "clash": event_make(
                date=dt.date(2017, 1, 10),
                place=aleppo,
                external_id="SYR1",
                fatalities=5,
                source=observatory,
                # An ACLED import keeps inter codes: these win over the actors' kinds.
                extra={"admin2": "Jebel Saman", "tags": "crowd size=no report", "inter2": 3},
                actors=[(army, "actor1"), (rebels, "actor2")],
            ),
            "attack": event_make(
                date=dt.date(2017, 1, 15),
                event_type="Violence against civilians",
                sub_event_type="Attack",
                summary="Shots fired at a market.",
                place=aleppo,
                fatalities=2,
                actors=[(rebels, "actor1"), (civilians, "actor2")],
            ),
            "protest": event_make(
                date=dt.date(2017, 2, 1),
                event_type="Protests",
                sub_event_type="Peaceful protest",
                summary=HOSTILE,
                place=baghdad,
                location=BAGHDAD,
                country_code="IQ",
                fatalities=0,
                date_precision=2,
                actors=[(protesters, "actor1")],
            ),
            "draft": event_make(date=dt.date(2017, 1, 12), status=Event.Status.DRAFT),
            "staff_only": event_make(date=dt.date(2017, 1, 13), dataset="acled", external_id="X9"),
        }
        staff = get_user_model().objects.create_user("acled-staff", is_staff=True)
        reader = get_user_model().objects.create_user("acled-reader")
        _, staff_secret = api_token_issue(user=staff, name="tests")
        _, reader_secret = api_token_issue(user=reader)
        yield {"events": ev, "staff": staff_secret, "reader": reader_secret}
        transaction.set_rollback(True)


def read(client: Client, path: str = "/api/acled/read", token: str | None = None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, params, headers=headers)


def ok(client: Client, token: str | None = None, **params) -> dict:
    response = read(client, token=token, **params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(body: dict) -> list[str]:
    return [row["event_id_cnty"] for row in body["data"]]


def cm(event: Event) -> str:
    return f"cm-{event.pk}"


def test_envelope_and_values_are_acleds(world, db, client):
    body = ok(client)
    assert body["status"] == 200 and body["success"] is True
    assert body["count"] == len(body["data"]) == 3
    ev = world["events"]
    assert ids(body) == ["SYR1", cm(ev["attack"]), cm(ev["protest"])]  # id order, stable
    clash = body["data"][0]
    assert list(clash) == list(A.FIELDS)
    updated = Event.objects.get(pk=ev["clash"].pk).updated
    assert clash == clash | {
        "event_date": "2017-01-10", "year": "2017", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria",
        "inter1": "1", "actor2": "Free Syrian Army", "inter2": "3", "interaction": "13",
        "civilian_targeting": "", "iso": "760", "country": "Syria", "admin1": "Aleppo",
        "admin2": "Jebel Saman", "location": "Aleppo", "latitude": "36.2000",
        "longitude": "37.1000", "geo_precision": "1",
        "source": "Syrian Observatory for Human Rights", "fatalities": "5",
        "tags": "crowd size=no report", "timestamp": str(int(updated.timestamp())),
    }  # fmt: skip
    assert all(isinstance(v, str) for row in body["data"] for v in row.values())
    attack = body["data"][1]
    assert attack["civilian_targeting"] == "Civilian targeting" and attack["interaction"] == "27"
    assert body["data"][2]["interaction"] == "60" and body["data"][2]["iso"] == "368"


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"country": "Syria"}, {"clash", "attack"}),
        ({"country": "Iraq|Syria"}, {"clash", "attack", "protest"}),
        ({"country": "Ir%", "country_where": "LIKE"}, {"protest"}),
        ({"iso": "368"}, {"protest"}),
        ({"event_date": "2017-01-15"}, {"attack"}),
        ({"event_date": "2017-01-10|2017-02-01"}, {"clash", "protest"}),
        ({"event_date": "2017-01-10", "event_date_where": ">"}, {"attack", "protest"}),
        ({"event_date": "2017-01-15", "event_date_where": "<"}, {"clash"}),
        ({"event_date": "2017-01-11|2017-01-31", "event_date_where": "BETWEEN"}, {"attack"}),
        ({"event_type": "battles"}, {"clash"}),
        ({"event_type": "Battles|Protests"}, {"clash", "protest"}),
        ({"event_type": "%civilians", "event_type_where": "LIKE"}, {"attack"}),
        ({"sub_event_type": "Armed clash"}, {"clash"}),
        ({"actor1": "Free Syrian Army"}, {"attack"}),
        ({"actor1": "%syria%"}, {"clash", "attack"}),
        ({"actor2": "Civilians (Syria)"}, {"attack"}),
        ({"inter1": "6"}, {"protest"}),
        ({"inter2": "3|7"}, {"clash", "attack"}),
        ({"inter2": "2"}, set()),  # the clash's actor2 is a rebel group, but its import said 3
        ({"inter1": "1|2", "inter1_where": "BETWEEN"}, {"clash", "attack"}),
        ({"fatalities": "2", "fatalities_where": ">"}, {"clash"}),
        ({"fatalities": "1|5", "fatalities_where": "BETWEEN"}, {"clash", "attack"}),
        ({"fatalities": "0"}, {"protest"}),
        ({"notes": "%market%"}, {"attack"}),
        ({"location": "Baghdad"}, {"protest"}),
        ({"admin1": "aleppo"}, {"clash", "attack"}),
        ({"admin2": "Jebel%"}, {"clash"}),
        ({"source": "Syrian Observatory%"}, {"clash"}),
        ({"year": "2017"}, {"clash", "attack", "protest"}),
        ({"time_precision": "2"}, {"protest"}),
        ({"latitude": "35", "latitude_where": ">"}, {"clash", "attack"}),
        ({"longitude": "40|50", "longitude_where": "BETWEEN"}, {"protest"}),
        ({"disorder_type": "Demonstrations"}, {"protest"}),
        ({"event_id_cnty": "SYR1"}, {"clash"}),
        ({"event_id_cnty": "SYR_", "event_id_cnty_where": "LIKE"}, {"clash"}),
        ({"geo_precision": "1", "geo_precision_where": ">="}, {"clash", "attack", "protest"}),
        ({"timestamp": "0"}, {"clash", "attack", "protest"}),
        ({"timestamp": "4102444800"}, set()),  # 2100: nothing changed since
        # % and _ are LIKE's only wildcards: a regex in a value is literal text.
        ({"notes": ".*"}, set()),
    ],
)
def test_operators_and_alternatives(world, db, client, params, expected):
    by_id = {"SYR1": "clash"} | {cm(e): k for k, e in world["events"].items()}
    assert {by_id[i] for i in ids(ok(client, **params))} == expected


def test_event_id_of_our_own_events(world, db, client):
    attack = world["events"]["attack"]
    assert ids(ok(client, event_id_cnty=cm(attack))) == [cm(attack)]


def test_fields_limit_page_and_csv(world, db, client):
    body = ok(client, fields="event_id_cnty|event_date|fatalities", limit="2")
    assert [list(row) for row in body["data"]] == [
        ["event_id_cnty", "event_date", "fatalities"]
    ] * 2
    page2 = ok(client, fields="event_id_cnty", limit="2", page="2")
    assert ids(page2) == [cm(world["events"]["protest"])]
    assert ok(client, limit="2", page="3")["data"] == []
    for response in (
        read(client, _format="csv", fields="event_id_cnty|notes|fatalities"),
        read(client, "/api/acled/read.csv", fields="event_id_cnty|notes|fatalities"),
    ):
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["event_id_cnty", "notes", "fatalities"]
        assert rows[1][0] == "SYR1" and rows[3][1] == "'" + HOSTILE  # a formula, quoted


def test_hostile_text_is_data(world, db, client):
    response = read(client, notes="%script%")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["data"][0]["notes"] == HOSTILE
    assert b"<script>" in response.content  # JSON text, never served as HTML
    assert read(client, notes="%'; DROP TABLE events_event; --%").json()["count"] == 0
    # Every character a regular expression gives meaning to is literal in a LIKE value.
    nasty = "%a-b&c~d#e f\\g(h)[i]{j}+?*^$|.\t\n'\"%"
    assert read(client, notes=nasty, location=nasty, actor1=nasty).json()["count"] == 0
    assert ids(read(client, notes="%(1)</script>%").json()) == [cm(world["events"]["protest"])]
    assert Event.objects.exists()


@pytest.mark.parametrize(
    "params,named",
    [
        ({"nope": "1"}, "nope"),
        ({"fatalities_where": ">"}, "fatalities_where"),
        ({"fatalities": "1", "fatalities_where": "~"}, "fatalities"),
        ({"fatalities": "x"}, "fatalities"),
        ({"fatalities": "1", "fatalities_where": "LIKE"}, "fatalities"),
        ({"event_date": "2017-1-1"}, "event_date"),
        ({"event_date": "2017-01-01", "event_date_where": "BETWEEN"}, "event_date"),
        ({"country": "Atlantis"}, "country"),
        ({"event_type": "Picnics"}, "event_type"),
        ({"region": "11"}, "region"),
        ({"limit": "0"}, "limit"),
        ({"limit": "5001"}, "limit"),
        ({"page": "0"}, "page"),
        ({"_format": "xml"}, "_format"),
        ({"export_type": "monadic"}, "export_type"),
        ({"fields": "event_id_cnty|password"}, "fields"),
        ({"notes": "a\x00b"}, "notes"),
        ({"notes": "x" * 500}, "notes"),
        ({"status": "draft"}, "status"),
    ],
)
def test_bad_parameters_are_400s_naming_them(world, db, client, params, named):
    response = read(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["success"] is False
    assert named in body["errors"] and body["error"][0]["message"].startswith(named)


def test_publication_and_dataset_rules(world, db, client):
    ev = world["events"]
    public = set(ids(ok(client)))
    assert cm(ev["draft"]) not in public and "X9" not in public
    assert set(ids(ok(client, token=world["reader"]))) == public  # a reader sees the public
    staff = set(ids(ok(client, token=world["staff"])))
    assert staff == public | {"X9"}  # staff-only dataset; drafts still need status=
    drafts = set(ids(ok(client, token=world["staff"], status="all")))
    assert cm(ev["draft"]) in drafts
    legacy = client.get("/api/acled/read", {"key": world["staff"], "email": "x@example.org"})
    assert "X9" in ids(legacy.json())
    response = read(client, token=world["staff"])
    assert "private" in response["Cache-Control"] and "Authorization" in response["Vary"]


def test_bad_or_revoked_token_is_401(world, db, client):
    assert read(client, token="cm_not-a-token").status_code == 401
    token, secret = api_token_issue(user=get_user_model().objects.get(username="acled-staff"))
    assert read(client, token=secret).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used is not None
    api_token_revoke(token=token)
    response = read(client, token=secret)
    assert response.status_code == 401 and response.json()["success"] is False
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert (
        client.get("/api/deleted/read", headers={"Authorization": "Basic abc"}).status_code == 401
    )


def test_deleted_lists_deletions_and_withdrawals(world, db, client):
    """Through the services that delete and unpublish, as the admin does."""
    ev = world["events"]
    gone = Event.objects.get(pk=ev["attack"].pk)
    gone.delete()  # a deletion record in its history
    clash = Event.objects.get(pk=ev["clash"].pk)
    clash.status = Event.Status.DRAFT  # unpublished after being public
    clash.save()
    body = client.get("/api/deleted/read").json()
    assert body["success"] is True
    listed = {row["event_id_cnty"]: row["deleted_timestamp"] for row in body["data"]}
    assert set(listed) == {cm(ev["attack"]), "SYR1"}
    assert all(v.isdigit() for v in listed.values())
    assert "X9" not in listed  # a dataset never public: not the public's to drop
    # The draft was never public: neither its id nor its deletion shows.
    Event.objects.filter(pk=ev["draft"].pk).delete()
    assert cm(ev["draft"]) not in client.get("/api/deleted/read").content.decode()
    since = max(int(v) for v in listed.values())
    later = client.get(
        "/api/deleted/read", {"deleted_timestamp": str(since + 1), "deleted_timestamp_where": ">="}
    )
    assert later.json()["data"] == []
    one = client.get("/api/deleted/read", {"event_id_cnty": "SYR%"}).json()
    assert [r["event_id_cnty"] for r in one["data"]] == ["SYR1"]
    staff = client.get("/api/deleted/read", headers={"Authorization": f"Bearer {world['staff']}"})
    assert {r["event_id_cnty"] for r in staff.json()["data"]} == {cm(ev["attack"]), "SYR1"}
    bad = client.get("/api/deleted/read", {"deleted_timestamp": "soon"})
    assert bad.status_code == 400 and "deleted_timestamp" in bad.json()["errors"]


def test_a_dataset_made_public_or_staff_only_moves_its_events_timestamps(world, db, client):
    """A copy synced with timestamp>= gets a dataset's events when it is made public, and
    drops them (deleted/read) when it is made staff-only again, though no event was written."""
    acled_set = Dataset.objects.get(key="acled")
    # The event was last written an hour before its dataset was made public.
    event = Event.objects.filter(pk=world["events"]["staff_only"].pk)
    event.update(updated=event.get().updated - dt.timedelta(hours=1))
    written = int(event.get().updated.timestamp())
    dataset_update(dataset=acled_set, changes={"visibility": datasets.PUBLIC}, user=None)
    latest = Dataset.history.filter(key="acled").latest("history_date")
    made_public = int(latest.history_date.timestamp())
    assert made_public > written
    assert "X9" in ids(ok(client, timestamp=str(made_public)))
    dataset_update(dataset=acled_set, changes={"visibility": datasets.STAFF}, user=None)
    gone = client.get("/api/deleted/read", {"deleted_timestamp": str(made_public)}).json()
    assert "X9" in {r["event_id_cnty"] for r in gone["data"]}


def test_issue_api_token_command_prints_a_working_secret(world, db, client):
    out = io.StringIO()
    call_command(
        "issue_api_token", "acled-staff", "--name", "cli", stdout=out, stderr=io.StringIO()
    )
    secret = out.getvalue().strip()
    assert secret.startswith("cm_") and not ApiToken.objects.filter(digest=secret).exists()
    assert "X9" in ids(ok(client, token=secret))
