"""The ACLED-shaped API driven by the real, unofficial `acled` client from PyPI (acled==1.0.2),
which nobody on the team wrote, against a live server on 127.0.0.1.

The client is pointed at us only through its documented settings: the ACLED_API_HOST
environment variable (its base URL, read when the package is imported, so it is imported here
after the server is up) and its OAuth mode's `token_file`, a saved, unexpired token that the
client loads instead of asking acleddata.com for one (so it never tries its TOKEN_ENDPOINT). The
saved access token is a token of ours, issued by the test; the client sends it as `Authorization:
Bearer`. Its legacy `api_key`/`email` mode (query parameters) is driven too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from pytest_django.live_server_helper import LiveServer

from events.domain import datasets
from events.models import Actor, Dataset, Event
from events.services.api_tokens import api_token_issue
from events.services.events import events_set_status
from tests.support.factories import actor_make, event_make, place_make


@pytest.fixture(scope="module")
def server(django_db_setup) -> Iterator[LiveServer]:
    """Django's live server thread on 127.0.0.1, one for the module."""
    live = LiveServer("127.0.0.1:0")
    live._live_server_modified_settings.enable()  # 127.0.0.1 in ALLOWED_HOSTS, as its fixture
    try:
        yield live
    finally:
        live._live_server_modified_settings.disable()
        live.stop()


@pytest.fixture(scope="module")
def acled(server):
    """The `acled` package, imported with its base URL set to our server (ACLED_API_HOST) and
    no retries (ACLED_MAX_RETRIES=0: a refusal is the answer, not something to wait out)."""
    base = f"{server.url}/api"
    loaded = sys.modules.get("acled.clients.base_http_client")
    if loaded is not None and base != loaded.BaseHttpClient.BASE_URL:
        pytest.fail("acled was imported before its ACLED_API_HOST could be set")
    saved = {k: os.environ.get(k) for k in ("ACLED_API_HOST", "ACLED_MAX_RETRIES")}
    os.environ.update({"ACLED_API_HOST": base, "ACLED_MAX_RETRIES": "0"})
    try:
        yield importlib.import_module("acled")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def oauth_client(acled, secret: str, tmp_path):
    """The client in its OAuth mode, its saved token ours and a day from expiring."""
    token_file = tmp_path / "acled-token.json"
    expires = (dt.datetime.now() + dt.timedelta(days=1)).isoformat()
    token_file.write_text(json.dumps({"access_token": secret, "access_token_expires_at": expires}))
    return acled.AcledClient(
        auth_method="oauth", username="tests", password="unused", token_file=str(token_file)
    )


@pytest.fixture
def events(transactional_db) -> dict:
    Dataset.objects.update_or_create(
        key="acled", defaults={"title": "ACLED", "visibility": datasets.STAFF}
    )
    army = actor_make("Military Forces of Syria", kind=Actor.Kind.STATE_FORCES)
    rebels = actor_make("Free Syrian Army", kind=Actor.Kind.REBEL_GROUP)
    aleppo = place_make("Aleppo", admin1="Aleppo")
    common = {"place": aleppo, "actors": [(army, "actor1"), (rebels, "actor2")]}
    made = {
        f"day{d}": event_make(date=dt.date(2017, 1, d), fatalities=d, **common) for d in range(1, 8)
    }
    made["staff_only"] = event_make(dataset="acled", external_id="SYR9", **common)
    made["draft"] = event_make(status=Event.Status.DRAFT, **common)
    staff = get_user_model().objects.create_user("client-staff", is_staff=True)
    made["staff"] = staff
    made["secret"] = api_token_issue(user=staff)[1]
    made["public_secret"] = api_token_issue(user=get_user_model().objects.create_user("r"))[1]
    return made


def test_the_client_reads_what_our_geojson_serves(acled, server, events, client, tmp_path):
    """Filters through the client's own arguments and its query_params (ACLED's `_where`),
    paging, and the same events as /api/events.geojson for the same user."""
    with oauth_client(acled, events["public_secret"], tmp_path) as reader:
        got = reader.get_data(country="Syria", limit=100)
        geojson = json.loads(b"".join(client.get("/api/events.geojson").streaming_content))
        assert sorted(f"cm-{f['id']}" for f in geojson["features"]) == sorted(
            e["event_id_cnty"] for e in got
        )
        assert len(got) == 7  # neither the draft nor the staff-only dataset's event
        first = got[0]
        assert first["event_date"] == dt.date(2017, 1, 1)  # parsed by the client
        assert first["fatalities"] == 1 and first["latitude"] == 36.2
        assert first["actor1"] == "Military Forces of Syria" and first["interaction"] == "12"
        changed = Event.objects.get(pk=events["day1"].pk).updated
        assert first["timestamp"] == changed.replace(microsecond=0)

        window = reader.get_data(
            event_date="2017-01-02|2017-01-04", query_params={"event_date_where": "BETWEEN"}
        )
        assert [e["fatalities"] for e in window] == [2, 3, 4]
        heavy = reader.get_data(fatalities=5, query_params={"fatalities_where": ">"})
        assert [e["fatalities"] for e in heavy] == [6, 7]
        pages = [reader.get_data(limit=3, page=p) for p in (1, 2, 3)]
        assert [len(p) for p in pages] == [3, 3, 1]
        assert len({e["event_id_cnty"] for p in pages for e in p}) == 7
        only = reader.get_data(actor2="Free Syrian Army", fields="event_id_cnty|event_date")
        assert set(only[0]) == {"event_id_cnty", "event_date"}

    with oauth_client(acled, events["secret"], tmp_path) as staff:
        assert "SYR9" in {e["event_id_cnty"] for e in staff.get_data(limit=100)}

    with pytest.warns(DeprecationWarning):
        legacy = acled.AcledClient(api_key=events["secret"], email="staff@example.org")
    assert "SYR9" in {e["event_id_cnty"] for e in legacy.get_data(limit=100)}

    # A forged key is refused (401; the legacy mode has nothing to refresh, so no retry and no
    # call to acleddata.com), and a bad parameter is the client's ClientError (our 400).
    with pytest.warns(DeprecationWarning):
        forged = acled.AcledClient(api_key="cm_forged", email="x@example.org")
    with pytest.raises(acled.exceptions.ApiError):
        forged.get_data()
    with pytest.raises(acled.exceptions.ClientError) as refused:
        legacy.get_data(query_params={"event_date": "soon"})
    assert refused.value.status_code == 400


def test_the_client_keeps_a_copy_current(acled, server, events, tmp_path):
    """A copy kept with `timestamp` (changed since) and the deleted endpoint, read through the
    client's get_deleted_data: an event deleted and another withdrawn drop out of it."""
    with oauth_client(acled, events["public_secret"], tmp_path) as reader:
        copy = {e["event_id_cnty"]: e for e in reader.get_data(limit=100)}
        assert len(copy) == 7
        since = max(int(e["timestamp"].timestamp()) for e in copy.values())

        Event.objects.get(pk=events["day1"].pk).delete()  # as the admin deletes
        withdrawn = Event.objects.get(pk=events["day2"].pk)
        events_set_status(events=[withdrawn], status=Event.Status.DRAFT, user=events["staff"])
        edited = Event.objects.get(pk=events["day3"].pk)
        edited.fatalities = 30
        edited.save()

        changed = reader.get_data(timestamp=since, limit=100)
        for event in changed:
            copy[event["event_id_cnty"]] = event
        gone = reader.get_deleted_data(deleted_timestamp=since, limit=100)
        for record in gone:
            copy.pop(record["event_id_cnty"], None)
        assert {r["event_id_cnty"] for r in gone} == {
            f"cm-{events['day1'].pk}",
            f"cm-{events['day2'].pk}",
        }
        assert all(isinstance(r["deleted_timestamp"], int) for r in gone)
        fresh = {e["event_id_cnty"]: e for e in reader.get_data(limit=100)}
        assert copy.keys() == fresh.keys()
        assert copy[f"cm-{events['day3'].pk}"]["fatalities"] == 30
