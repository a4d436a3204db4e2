"""Datasets with terms (issue 14): each dataset has a licence, an attribution and a visibility.
ACLED and UCDP imports arrive staff only (ACLED's terms forbid giving others access to its raw
data), invisible to anyone else in every endpoint; once the operator publishes one, its events
show everywhere with its attribution: the map's footer, the event page, GeoJSON's `datasets`,
the CSV's companion note (its `Link` header) and the snapshot.

The ACLED file is our own fixture in ACLED's export format (tests/data/README.md), so this is a
unit test of the publication rule, not evidence about real exports (those are in
tests/test_importers_acled_files.py)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from events.domain.datasets import ACLED, PUBLIC, STAFF, UCDP
from events.models import Dataset, Event
from events.services.datasets import dataset_update
from events.services.imports.acled import events_import_acled
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import ACLED_SMALL, UCDP_SMALL
from tests.support.migrations import migrated_back_to
from tests.test_publication import LISTS, content

# In acled_small.csv only: an actor and a notes phrase no seed or factory has.
ACLED_ONLY = ("destroying 3 buildings", "Military Forces of Turkey (2016-)")
ACLED_CITATION = "Armed Conflict Location & Event Data (ACLED)"
IN_HTML = escape(ACLED_CITATION)  # "&" as "&amp;"


@pytest.fixture
def acled_imported(db):
    events_import_acled(ACLED_SMALL, progress=False)
    return Dataset.objects.get(key=ACLED)


def publish(dataset: Dataset) -> None:
    dataset_update(dataset=dataset, changes={"visibility": PUBLIC}, user=None)


def test_acled_and_ucdp_imports_arrive_staff_only_with_their_attribution(db):
    events_import_acled(ACLED_SMALL, progress=False)
    events_import_ucdp(UCDP_SMALL, progress=False)
    acled, ucdp = Dataset.objects.get(key=ACLED), Dataset.objects.get(key=UCDP)
    assert (acled.visibility, ucdp.visibility) == (STAFF, STAFF)
    assert ACLED_CITATION in acled.attribution and "acleddata.com" in acled.attribution
    assert "Uppsala Conflict Data Program" in ucdp.attribution and ucdp.licence == "CC BY 4.0"
    assert Event.objects.filter(dataset=ACLED).exists()
    assert not Event.objects.public().filter(dataset__in=[ACLED, UCDP]).exists()


def test_an_import_never_undoes_the_operators_choice(acled_imported):
    publish(acled_imported)
    events_import_acled(ACLED_SMALL, progress=False)
    assert Dataset.objects.get(key=ACLED).visibility == PUBLIC


@pytest.mark.parametrize("url", LISTS)
def test_a_staff_only_dataset_is_in_no_public_endpoint(acled_imported, client, plain_user, url):
    for who in ("anonymous", "reader"):
        if who == "reader":
            client.force_login(plain_user)
        response = client.get(url)
        assert response.status_code in (200, 400), (who, url)  # 400: a snapshot of nothing
        text = content(response)
        for marker in ACLED_ONLY:
            assert marker not in text, (who, url, marker)


def test_a_staff_only_event_is_not_found_by_id_but_staff_see_it(acled_imported, client, staff_user):
    event = Event.objects.filter(dataset=ACLED).first()
    for suffix in ("/", ".json"):
        assert client.get(f"/events/{event.pk}{suffix}").status_code == 404
    client.force_login(staff_user)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert IN_HTML in page and "staff only" in page
    geojson = json.loads(content(client.get("/api/events.geojson")))
    assert any(d["key"] == ACLED for d in geojson["datasets"])
    assert any("destroying 3 buildings" in f["properties"]["summary"] for f in geojson["features"])


def test_a_published_dataset_shows_everywhere_with_its_attribution(acled_imported, client):
    etag = client.get("/api/events.geojson")["ETag"]
    publish(acled_imported)
    geojson_response = client.get("/api/events.geojson")
    assert geojson_response["ETag"] != etag  # no cached answer outlives the change
    geojson = json.loads(content(geojson_response))
    assert any("destroying 3 buildings" in f["properties"]["summary"] for f in geojson["features"])
    cited = {d["key"]: d for d in geojson["datasets"]}
    assert ACLED_CITATION in cited[ACLED]["attribution"]
    assert cited[ACLED]["licence_url"] == "https://acleddata.com/terms-of-use/"

    assert IN_HTML in client.get("/").content.decode()  # the map's footer
    event = Event.objects.filter(dataset=ACLED).first()
    assert IN_HTML in client.get(f"/events/{event.pk}/").content.decode()
    assert IN_HTML in client.get("/api/snapshot.html").content.decode()

    csv = client.get("/api/events.csv?country=SY")
    assert "destroying 3 buildings" in content(csv)
    link, _, rel = csv["Link"].partition(";")
    assert 'rel="describedby"' in rel
    note = client.get(link.strip("<>")).content.decode()
    assert ACLED_CITATION in note and "Filter: country=SY" in note and "Accessed: " in note


def test_the_datasets_endpoint_lists_what_this_user_may_see(acled_imported, client, staff_user):
    public_keys = {d["key"] for d in client.get("/api/datasets.json").json()["datasets"]}
    assert ACLED not in public_keys and "seed" in public_keys
    client.force_login(staff_user)
    staff_keys = {d["key"]: d for d in client.get("/api/datasets.json").json()["datasets"]}
    assert staff_keys[ACLED]["visibility"] == STAFF


def test_the_datasets_command_publishes_and_refuses_an_unknown_key(acled_imported, capsys):
    call_command("datasets", "--publish", ACLED)
    assert Dataset.objects.get(key=ACLED).visibility == PUBLIC
    assert "acled" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No dataset 'acleed'"):
        call_command("datasets", "--publish", "acleed")
    call_command("datasets", "--staff-only", ACLED)
    assert Dataset.objects.get(key=ACLED).visibility == STAFF


def test_the_admin_publishes_a_dataset_and_records_who(acled_imported, client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/events/dataset/",
        {"action": "publish", "_selected_action": [acled_imported.pk]},
        follow=True,
    )
    assert "Now public: ACLED" in response.content.decode()
    acled = Dataset.objects.get(key=ACLED)
    assert acled.visibility == PUBLIC
    assert acled.history.first().history_user == staff_user
    assert client.get("/admin/events/dataset/add/").status_code == 403  # made by imports only


def test_hostile_attribution_text_is_escaped_on_every_page(acled_imported, client):
    with pytest.raises(ValidationError, match="valid URL"):
        dataset_update(dataset=acled_imported, changes={"url": "javascript:alert(3)"}, user=None)
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    dataset_update(
        dataset=Dataset.objects.get(key=ACLED),
        changes={"attribution": hostile, "title": hostile, "visibility": PUBLIC},
        user=None,
    )
    event = Event.objects.filter(dataset=ACLED).first()
    for url in ("/", f"/events/{event.pk}/", "/api/snapshot.html"):
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)" in page, url
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_datasets_rows_acled_and_unknown_ones_staff_only():
    common = {"date": "2017-01-18", "event_type": "Battles", "sub_event_type": "Armed clash"}
    with migrated_back_to("0015_verifications") as apps:
        old_event = apps.get_model("events", "Event")
        for n, dataset in enumerate(["acled", "ucdp", "partner-feed", "seed"]):
            old_event.objects.create(
                dataset=dataset, external_id=str(n), status="verified", **common
            )
    rows = dict(Dataset.objects.values_list("key", "visibility"))
    assert rows == {
        "": PUBLIC,
        "seed": PUBLIC,
        "ingest": PUBLIC,
        "acled": STAFF,
        "ucdp": STAFF,
        "partner-feed": STAFF,
    }
    assert set(Event.objects.public().values_list("dataset", flat=True)) == {"seed"}


def test_datasets_with_one_attribution_are_credited_once(db, client):
    # seed, ingest and manual events share ConflictMap's terms: one credit, not three.
    page = client.get("/").content.decode()
    assert page.count("ConflictMap curators; each event cites the reports it rests on") == 1
