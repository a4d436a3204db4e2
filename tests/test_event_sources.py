"""Many sources per event (issue 14): EventSource rows, the migration that moved each event's
one source into them, the service that adds one, the exports that carry them, the ACLED
importer that splits its source cell, and our CSV re-imported into the same database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Event, EventSource, Source
from events.selectors.exports import csv_stream
from events.services.event_sources import event_add_source, event_remove_source
from events.services.imports.acled import events_import_acled
from tests.support.csvfiles import ACLED_SMALL, csv_rows, csv_write
from tests.support.factories import event_make

BEFORE = "0013_event_history_links"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def geojson_props(client) -> dict[int, dict]:
    features = json.loads(body(client.get("/api/events.geojson")))["features"]
    return {f["id"]: f["properties"] for f in features}


def csv_by_id(queryset) -> dict[str, dict]:
    return {r["event_id"]: r for r in csv.DictReader(io.StringIO("".join(csv_stream(queryset))))}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_events_source_and_quote_into_an_event_source():
    call_command("migrate", "events", BEFORE, verbosity=0)
    try:
        apps = MigrationExecutor(connection).loader.project_state(("events", BEFORE)).apps
        source = apps.get_model("events", "Source").objects.create(title="Wire report")
        model = apps.get_model("events", "Event")
        common = {"event_type": "Battles", "sub_event_type": "Armed clash", "summary": "A clash"}
        cited = model.objects.create(
            date=dt.date(2017, 1, 18),
            source=source,
            quote="Fighting broke out.",
            quote_start=10,
            quote_end=29,
            **common,
        )
        uncited = model.objects.create(date=dt.date(2017, 1, 19), **common)
    finally:
        call_command("migrate", "events", verbosity=0)
    (row,) = EventSource.objects.all()
    assert (row.event_id, row.source_id) == (cited.pk, source.pk)
    assert (row.quote, row.quote_start, row.quote_end) == ("Fighting broke out.", 10, 29)
    assert row.added_by is None and row.added_at is not None
    assert not EventSource.objects.filter(event_id=uncited.pk).exists()


def test_adding_sources_keeps_the_first_as_the_events_source(db, staff_user):
    event = event_make()
    first = Source.objects.create(title="Mareb Press")
    second = Source.objects.create(title="Yemen Data Project")

    event_add_source(event=event, source=first, quote="Airstrikes hit.", start=0, end=15)
    event_add_source(event=event, source=second, user=staff_user)
    event_add_source(event=event, source=second)  # idempotent

    event.refresh_from_db()
    assert event.source == first and event.quote == "Airstrikes hit."
    rows = list(event.event_sources.order_by("id"))
    assert [(r.source.title, r.added_by) for r in rows] == [
        ("Mareb Press", None),
        ("Yemen Data Project", staff_user),
    ]
    assert event_remove_source(event=event, source=first)
    event.refresh_from_db()
    assert event.source == second and list(
        event.event_sources.values_list("source", flat=True)
    ) == [second.pk]


def test_exports_carry_every_source_and_their_count(db, client):
    event = event_make(status=Event.Status.VERIFIED)
    for title in ("Mareb Press", "Yemen Data Project"):
        event_add_source(
            event=event, source=Source.objects.create(title=title, url="https://x.example/")
        )
    alone = event_make(status=Event.Status.VERIFIED)
    legacy = event_make(status=Event.Status.VERIFIED, source=Source.objects.create(title="Old"))

    props = geojson_props(client)
    assert [s["title"] for s in props[event.pk]["sources"]] == ["Mareb Press", "Yemen Data Project"]
    assert props[event.pk]["source_count"] == 2
    assert props[event.pk]["source"]["title"] == "Mareb Press"
    assert (props[alone.pk]["sources"], props[alone.pk]["source_count"]) == ([], 0)
    # Event.source set without an EventSource row (written around the service): still listed.
    assert (
        [s["title"] for s in props[legacy.pk]["sources"]],
        props[legacy.pk]["source_count"],
    ) == (["Old"], 1)

    rows = csv_by_id(Event.objects.filter(pk__in=[event.pk, alone.pk]))
    assert rows[f"cm-{event.pk}"]["source"] == "Mareb Press; Yemen Data Project"
    assert rows[f"cm-{event.pk}"]["source_count"] == "2"
    assert (rows[f"cm-{alone.pk}"]["source"], rows[f"cm-{alone.pk}"]["source_count"]) == ("", "0")


def test_the_event_page_lists_every_source(db, client):
    event = event_make(status=Event.Status.VERIFIED)
    event_add_source(event=event, source=Source.objects.create(title="Mareb Press"), quote="Q1")
    event_add_source(event=event, source=Source.objects.create(title="Yemen Data Project"))

    page = client.get(event.get_absolute_url()).content.decode()
    assert "Sources (2)" in page
    assert "Mareb Press" in page and "Yemen Data Project" in page and "Q1" in page


@pytest.mark.parametrize("writer", ["auto", "orm"])
def test_acled_source_cells_become_one_source_each_and_reimport_writes_nothing(
    db, tmp_path, writer
):
    rows = csv_rows(ACLED_SMALL)
    rows[0]["source"] = "Mareb Press; Yemen Data Project;  Mareb Press"
    path = csv_write(tmp_path / "acled.csv", rows)

    events_import_acled(path, progress=False, writer=writer)
    event = Event.objects.get(dataset="acled", external_id=rows[0]["event_id_cnty"])
    titles = list(event.event_sources.order_by("id").values_list("source__title", flat=True))
    assert titles == ["Mareb Press", "Yemen Data Project"]
    assert event.source.title == "Mareb Press"
    links = sorted(EventSource.objects.values_list("id", "event_id", "source_id"))
    assert len(links) == sum(
        len({p.strip() for p in r["source"].split(";") if p.strip()}) for r in rows
    )

    again = events_import_acled(path, progress=False, writer=writer)
    assert (again.created, again.updated) == (0, 0)
    assert sorted(EventSource.objects.values_list("id", "event_id", "source_id")) == links

    rows[0]["source"] = "Yemen Data Project"
    report = events_import_acled(csv_write(tmp_path / "b.csv", rows), progress=False, writer=writer)
    assert report.updated == 1
    assert list(event.event_sources.values_list("source__title", flat=True)) == [
        "Yemen Data Project"
    ]


def test_a_source_a_curator_added_survives_a_reimport(db, tmp_path, staff_user):
    events_import_acled(ACLED_SMALL, progress=False)
    event = Event.objects.filter(dataset="acled").first()
    extra = Source.objects.create(title="A second report")
    event_add_source(event=event, source=extra, user=staff_user)

    events_import_acled(ACLED_SMALL, progress=False)
    assert event.event_sources.filter(source=extra).exists()


def test_our_csv_reimported_into_the_same_database_updates_its_events(seeded, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False)
    ours = event_make(summary="A curated event with no dataset id.", location=None, country_code="")
    event_add_source(event=ours, source=Source.objects.create(title="Local radio"))
    before = Event.objects.count()
    path = tmp_path / "export.csv"
    path.write_text("".join(csv_stream(Event.objects.order_by("pk"))), encoding="utf-8")

    report = events_import_acled(path, progress=False)

    assert report.created == 0
    assert Event.objects.count() == before
    assert report.updated + report.unchanged == before
    ours.refresh_from_db()
    assert list(ours.event_sources.values_list("source__title", flat=True)) == ["Local radio"]
    again = events_import_acled(path, progress=False)
    assert (again.created, again.updated) == (0, 0)
