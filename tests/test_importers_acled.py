"""ACLED CSV import: counts, field mapping, actor and place reuse, idempotence, dry runs, our own
export read back, the command and the writers. tests/test_importers_acled_files.py: what a file
may hold, and how a bad one fails."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor, ActorAlias, Event, Place, Source
from events.selectors.exports import csv_stream
from events.services.imports.acled import events_import_acled
from tests.support.csvfiles import (
    ACLED_BROKEN,
    ACLED_SMALL,
    csv_rewrite,
    csv_rows,
    csv_write,
)
from tests.support.factories import actor_make, event_make
from tests.support.imported import acled_event, link_roles, table_counts

REQUIRED = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "latitude",
    "longitude",
]


def test_small_file_creates_one_verified_acled_event_per_row(db):
    expected_ids = {row["event_id_cnty"] for row in csv_rows(ACLED_SMALL)}

    report = events_import_acled(ACLED_SMALL, progress=False)

    assert report.errors == []
    assert report.rows == report.created == len(expected_ids)
    assert (report.updated, report.unchanged, report.skipped) == (0, 0, 0)
    events = Event.objects.filter(dataset="acled")
    assert set(events.values_list("external_id", flat=True)) == expected_ids
    assert set(events.values_list("status", flat=True)) == {Event.Status.VERIFIED}
    assert events.filter(verified_at__isnull=True).count() == 0
    assert report.encoding == "utf-8"


def test_acled_columns_are_mapped_to_event_fields(db):
    events_import_acled(ACLED_SMALL, progress=False)
    source_row = next(r for r in csv_rows(ACLED_SMALL) if r["event_id_cnty"] == "SYR1003")

    e = acled_event("SYR1003")

    assert e.date == dt.date(2017, 1, 18)
    assert e.date_precision == Event.DatePrecision.DAY
    assert e.end_date is None
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.summary == source_row["notes"]
    assert "," in e.summary  # quoted notes with commas survive whole
    assert e.place_name == "Deir-ez-Zor"
    assert (e.location.x, e.location.y) == (40.1408, 35.3359)
    assert e.country_code == "SY"
    assert e.geo_precision == Event.GeoPrecision.EXACT
    assert e.fatalities == 20
    assert e.source.title == "SANA"  # the first of the cell's sources
    assert [es.source.title for es in e.event_sources.all()] == ["SANA", "SOHR"]
    assert e.extra == {
        "disorder_type": "Political violence",
        "inter1": 1,
        "inter2": 2,
        "interaction": 12,
        "region": "Middle East",
        "admin1": "Deir ez Zor",
        "admin2": "Deir ez Zor",
        "admin3": "Deir ez Zor",
        "source_scale": "National",
        "timestamp": 1490000003,
    }
    week = acled_event("SYR1007")
    assert week.date_precision == Event.DatePrecision.WEEK
    assert week.geo_precision == Event.GeoPrecision.REGION
    assert acled_event("SYR1014").extra["civilian_targeting"] == "Civilian targeting"
    assert acled_event("SYR1006").extra["tags"] == "crowd size=around 200"


def test_both_acled_date_styles_give_the_same_day(db):
    written = {r["event_id_cnty"]: r["event_date"] for r in csv_rows(ACLED_SMALL)}
    assert {written["SYR1001"], written["SYR1002"], written["SYR1003"]} == {
        "2017-01-18",
        "18 January 2017",
        "18-January-2017",
    }

    events_import_acled(ACLED_SMALL, progress=False)

    assert {acled_event(i).date for i in ("SYR1001", "SYR1002", "SYR1003")} == {
        dt.date(2017, 1, 18)
    }


def test_empty_fatalities_is_unknown_and_zero_stays_zero(db):
    events_import_acled(ACLED_SMALL, progress=False)

    assert acled_event("SYR1004").fatalities is None
    assert acled_event("SYR1002").fatalities == 0


def test_associated_actors_are_split_on_semicolons(db):
    events_import_acled(ACLED_SMALL, progress=False)

    assert link_roles(acled_event("SYR1003")) == {
        ("actor1", "Military Forces of Syria (2000-)"),
        ("assoc1", "Military Forces of Russia (2000-)"),
        ("assoc1", "Hezbollah"),
        ("actor2", "Islamic State (Syria)"),
    }
    assert link_roles(acled_event("SYR1009")) == {
        ("actor1", "Hayat Tahrir al-Sham"),
        ("actor2", "Free Syrian Army"),
        ("assoc2", "Jaysh al-Mujahideen"),
        ("assoc2", "Suqour al-Sham"),
    }


def test_new_actors_are_created_once_with_the_kind_of_their_inter_code(db):
    report = events_import_acled(ACLED_SMALL, progress=False)

    hts = Actor.objects.get(name="Hayat Tahrir al-Sham")
    assert hts.kind == Actor.Kind.REBEL_GROUP
    assert hts.event_actors.count() == 2  # SYR1008 and SYR1009, one actor
    assert list(hts.aliases.values_list("alias", flat=True)) == ["Hayat Tahrir al-Sham"]
    civilians = Actor.objects.get(name="Civilians (Syria)")
    assert (civilians.kind, civilians.country) == (Actor.Kind.CIVILIANS, "SY")
    assert Actor.objects.get(name="Protesters (Syria)").kind == Actor.Kind.PROTESTERS
    assert Actor.objects.get(name="Rioters (Syria)").kind == Actor.Kind.RIOTERS
    assert Actor.objects.get(name="Military Forces of Syria (2000-)").kind == 1
    # Associated actors have no inter code: external/other unless the name says more.
    assert Actor.objects.get(name="Druze Ethnic Group (Syria)").kind == Actor.Kind.EXTERNAL_OTHER
    assert report.actors_created == Actor.objects.count()
    assert Actor.objects.filter(proposed=True).count() == 0


def test_acled_names_match_seed_actors_without_their_qualifier(seeded):
    russia = Actor.objects.get(slug="russia")
    islamic_state = Actor.objects.get(slug="islamic-state")
    actors_before = Actor.objects.count()

    report = events_import_acled(ACLED_SMALL, progress=False)

    assert ("actor1", "Military Forces of Russia") in link_roles(acled_event("SYR1001"))
    assert ("actor2", "Islamic State") in link_roles(acled_event("SYR1001"))
    assert ("actor1", "Military Forces of Turkey") in link_roles(acled_event("SYR1002"))
    assert ("actor2", "Free Syrian Army") in link_roles(acled_event("SYR1009"))  # an exact alias
    # The full ACLED name is now an alias of the actor it matched.
    assert russia.aliases.filter(alias="Military Forces of Russia (2000-)").exists()
    assert islamic_state.aliases.filter(alias="Islamic State (Syria)").exists()
    assert not Actor.objects.filter(name__in=["Islamic State (Syria)"]).exists()
    # ACLED's generic actors are seed actors too: the qualified name joins them as an alias.
    uag = Actor.objects.get(slug="unidentified-armed-group")
    assert uag.aliases.filter(alias="Unidentified Armed Group (Syria)").exists()
    assert Actor.objects.count() == actors_before + report.actors_created


def test_a_new_actor_whose_slug_is_taken_gets_a_suffix(db):
    actor_make("HTS (another group)", slug="hayat-tahrir-al-sham")

    events_import_acled(ACLED_SMALL, progress=False)

    assert Actor.objects.get(name="Hayat Tahrir al-Sham").slug == "hayat-tahrir-al-sham-2"


def test_rows_at_a_seed_places_coordinates_reuse_the_geonames_place(seeded):
    al_bab = Place.objects.get(geonames_id=174018)
    tadmur = Place.objects.get(geonames_id=163808)

    report = events_import_acled(ACLED_SMALL, progress=False)

    assert acled_event("SYR1001").place == al_bab  # "Al Bab", the seed place is "Al Bāb"
    assert acled_event("SYR1002").place == al_bab
    assert acled_event("SYR1004").place == tadmur  # "Tadmor" is an alternate name, 1.5 km away
    assert acled_event("SYR1007").place.geonames_id == 170654  # Damascus
    # The event keeps the name and coordinates ACLED gives.
    assert acled_event("SYR1001").place_name == "Al Bab"
    assert (acled_event("SYR1004").location.x, acled_event("SYR1004").location.y) == (
        38.2677,
        34.5601,
    )
    assert not Place.objects.filter(name="Al Bab").exists()
    assert Place.objects.filter(geonames_id__isnull=True).count() == report.places_created


def test_a_place_is_not_reused_when_far_away_or_named_otherwise(seeded, tmp_path):
    def move(row):
        if row["event_id_cnty"] == "SYR1001":
            row["latitude"] = "36.6000"  # 25 km north of al-Bab
        if row["event_id_cnty"] == "SYR1013":
            row["latitude"], row["longitude"] = "36.3705", "37.5157"  # "Qabasin" at al-Bab
        return row

    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "moved.csv", move), progress=False)

    far = acled_event("SYR1001").place
    assert (far.name, far.geonames_id, far.geocoder) == ("Al Bab", None, "acled")
    assert acled_event("SYR1002").place.geonames_id == 174018
    assert acled_event("SYR1013").place.name == "Qabasin"


def test_rows_naming_the_same_place_share_one_new_place(db, tmp_path):
    def nudge(row):
        if row["event_id_cnty"] == "SYR1009":
            row["latitude"] = "35.8680"  # 370 m from SYR1008's point
        return row

    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "nudged.csv", nudge), progress=False)

    assert acled_event("SYR1005").place == acled_event("SYR1006").place
    assert acled_event("SYR1008").place == acled_event("SYR1009").place
    idleb = acled_event("SYR1005").place
    assert (idleb.name, idleb.admin1, idleb.country_code) == ("Idleb", "Idleb", "SY")
    assert acled_event("SYR1009").location.y == 35.8680  # the event keeps its own point


def test_small_chunks_give_the_same_result_as_one(db):
    report = events_import_acled(ACLED_SMALL, progress=False, chunk_size=2)
    chunked = table_counts()
    assert report.created == chunked["Event"]

    Event.objects.all().delete()
    Place.objects.all().delete()
    ActorAlias.objects.all().delete()
    Actor.objects.all().delete()
    events_import_acled(ACLED_SMALL, progress=False)

    assert table_counts() == chunked


def test_import_makes_no_query_per_row(db, tmp_path):
    """Three times the rows, the same number of queries: everything is done in bulk."""
    rows = csv_rows(ACLED_SMALL)
    bigger = csv_write(
        tmp_path / "bigger.csv",
        (
            {**row, "event_id_cnty": f"{row['event_id_cnty']}-{copy}"}
            for copy in range(3)
            for row in rows
        ),
    )

    with CaptureQueriesContext(connection) as small_run:
        events_import_acled(ACLED_SMALL, progress=False)
    Event.objects.all().delete()
    with CaptureQueriesContext(connection) as big_run:
        report = events_import_acled(bigger, progress=False)

    assert report.created == 3 * len(rows)
    assert len(big_run.captured_queries) <= len(small_run.captured_queries)


def test_reimport_is_idempotent(db):
    first = events_import_acled(ACLED_SMALL, progress=False)
    after_first = table_counts()

    again = events_import_acled(ACLED_SMALL, progress=False)

    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert (again.actors_created, again.places_created, again.sources_created) == (0, 0, 0)
    assert table_counts() == after_first


def test_reimport_updates_changed_rows_in_place(db, tmp_path):
    first = events_import_acled(ACLED_SMALL, progress=False)
    pks = dict(Event.objects.values_list("external_id", "pk"))
    stamp = acled_event("SYR1005").updated

    def change(row):
        if row["event_id_cnty"] == "SYR1001":
            row["fatalities"] = "15"
        if row["event_id_cnty"] == "SYR1005":
            row["actor2"] = "Civilians (Turkey)"  # only an actor changes
        return row

    again = events_import_acled(
        csv_rewrite(ACLED_SMALL, tmp_path / "changed.csv", change), progress=False
    )

    assert (again.created, again.updated, again.unchanged) == (0, 2, first.created - 2)
    assert dict(Event.objects.values_list("external_id", "pk")) == pks
    assert acled_event("SYR1001").fatalities == 15
    assert ("actor2", "Civilians (Turkey)") in link_roles(acled_event("SYR1005"))
    assert ("actor2", "Civilians (Syria)") not in link_roles(acled_event("SYR1005"))
    assert acled_event("SYR1005").updated > stamp


def test_reimport_keeps_what_a_curator_decided(db):
    events_import_acled(ACLED_SMALL, progress=False)
    Event.objects.filter(external_id="SYR1001").update(status=Event.Status.REJECTED)

    events_import_acled(ACLED_SMALL, progress=False)

    assert acled_event("SYR1001").status == Event.Status.REJECTED


def test_columns_missing_from_a_later_file_leave_those_fields_alone(db, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False)
    before = acled_event("SYR1003")
    links_before = link_roles(before)

    report = events_import_acled(
        csv_rewrite(ACLED_SMALL, tmp_path / "required-only.csv", columns=REQUIRED), progress=False
    )

    after = acled_event("SYR1003")
    assert report.updated == 0
    assert (after.summary, after.fatalities, after.source_id, after.extra) == (
        before.summary,
        before.fatalities,
        before.source_id,
        before.extra,
    )
    assert (after.place_id, after.country_code, after.date_precision) == (
        before.place_id,
        before.country_code,
        before.date_precision,
    )
    assert link_roles(after) == links_before  # assoc and actor2 columns absent: links kept


def test_dry_run_counts_what_would_change_and_writes_nothing(db, tmp_path):
    report = events_import_acled(ACLED_SMALL, dry_run=True, progress=False)

    assert report.dry_run
    assert report.created == len(csv_rows(ACLED_SMALL))
    assert report.actors_created > 0 and report.places_created > 0
    assert table_counts() == dict.fromkeys(table_counts(), 0)
    assert Source.objects.count() == 0

    events_import_acled(ACLED_SMALL, progress=False)
    after_import = table_counts()
    changed = csv_rewrite(
        ACLED_SMALL,
        tmp_path / "changed.csv",
        lambda r: {**r, "fatalities": "99"} if r["event_id_cnty"] == "SYR1001" else r,
    )
    report = events_import_acled(changed, dry_run=True, progress=False)

    assert (report.created, report.updated) == (0, 1)
    assert acled_event("SYR1001").fatalities == 12
    assert table_counts() == after_import


def essence(e: Event) -> tuple:
    """What an export must carry for the re-import to give the same event."""
    return (
        e.date,
        e.date_precision,
        e.event_type,
        e.sub_event_type,
        e.summary,
        e.fatalities,
        e.country_code,
        e.place_id,
        None if e.location is None else (round(e.location.x, 5), round(e.location.y, 5)),
        link_roles(e),
    )


def test_our_own_csv_export_round_trips(seeded, tmp_path):
    """exports.csv_stream writes event_id, ISO country, no inter codes: it imports back."""
    events_import_acled(ACLED_SMALL, progress=False)
    ours = event_make(
        date=dt.date(2017, 1, 30),
        event_type="Protests",
        sub_event_type="Peaceful protest",
        summary="A curated event with no dataset id.",
        location=None,
        country_code="",
        actors=[(Actor.objects.get(slug="pyd"), "actor1")],
    )
    exported = Event.objects.filter(dataset="acled") | Event.objects.filter(pk=ours.pk)
    before = {e.external_id or f"cm-{e.pk}": essence(e) for e in exported}
    path = tmp_path / "export.csv"
    path.write_text("".join(csv_stream(exported.order_by("pk"))), encoding="utf-8")
    Event.objects.filter(pk__in=[e.pk for e in exported]).delete()

    report = events_import_acled(path, progress=False)

    assert report.created == len(before)
    after = {e.external_id: essence(e) for e in Event.objects.filter(dataset="acled")}
    assert after == before
    assert events_import_acled(path, progress=False).created == 0


def test_command_imports_and_reports(db, tmp_path):
    out = io.StringIO()
    call_command("import_acled", str(ACLED_SMALL), "--dry-run", stdout=out, verbosity=0)
    assert "Dry run, nothing written" in out.getvalue()
    assert Event.objects.count() == 0

    call_command("import_acled", str(ACLED_SMALL), stdout=out, verbosity=0)
    assert f"{len(csv_rows(ACLED_SMALL))} created" in out.getvalue()

    with pytest.raises(CommandError) as failure:
        call_command("import_acled", str(ACLED_BROKEN), stdout=out, verbosity=0)
    assert "line 3, column 'event_date'" in str(failure.value)

    target = tmp_path / "bad.csv"
    call_command(
        "import_acled",
        str(ACLED_BROKEN),
        "--skip-bad",
        "--report",
        str(target),
        stdout=out,
        verbosity=0,
    )
    assert len(csv_rows(target)) == 4

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_acled", str(tmp_path / "missing.csv"), stdout=out, verbosity=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_orm_writers_agree(db, tmp_path):
    """What one writer stores, the other sees as unchanged; a change, as one update."""
    first = events_import_acled(ACLED_SMALL, progress=False, writer="orm")
    same = events_import_acled(ACLED_SMALL, progress=False, writer="copy")
    assert (same.created, same.updated, same.unchanged) == (0, 0, first.created)

    changed = csv_rewrite(
        ACLED_SMALL,
        tmp_path / "changed.csv",
        lambda r: {**r, "notes": "Rewritten."} if r["event_id_cnty"] == "SYR1002" else r,
    )
    update = events_import_acled(changed, progress=False, writer="copy")
    assert update.updated == 1
    back = events_import_acled(ACLED_SMALL, progress=False, writer="orm")
    assert (back.updated, back.unchanged) == (1, first.created - 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PL/pgSQL trigger")
def test_a_database_error_in_the_writer_thread_surfaces_and_rolls_back(refuse_insert_of):
    """Chunks are written by a second thread on PostgreSQL: its error must be the one raised."""
    refuse_insert_of("SYR1011")

    with pytest.raises(DatabaseError, match="refused by the test trigger"):
        events_import_acled(ACLED_SMALL, progress=False, chunk_size=2)

    assert table_counts() == dict.fromkeys(table_counts(), 0)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL can COPY")
def test_copy_writer_needs_postgresql(db):
    with pytest.raises(ValueError, match="PostgreSQL only"):
        events_import_acled(ACLED_SMALL, progress=False, writer="copy")
