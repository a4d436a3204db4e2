"""ACLED CSV import: counts, field mapping, actor and place reuse, idempotence, failures, flags."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor, ActorAlias, Event, EventActor, Place, Source
from events.selectors.exports import csv_stream
from events.services.imports import parsing
from events.services.imports.acled import events_import_acled
from events.services.imports.report import ImportFailed
from tests.support.csvfiles import (
    ACLED_BROKEN,
    ACLED_SMALL,
    DATA,
    csv_rewrite,
    csv_rows,
    csv_write,
)
from tests.support.factories import actor_make, event_make

REQUIRED = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "latitude",
    "longitude",
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Event, EventActor, Actor, ActorAlias, Place)}


def event(external_id: str) -> Event:
    return Event.objects.select_related("place", "source").get(
        dataset="acled", external_id=external_id
    )


def roles(e: Event) -> set[tuple[str, str]]:
    return {(link.role, link.actor.name) for link in e.event_actors.select_related("actor")}


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

    e = event("SYR1003")

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
    assert e.source.title == "SANA; SOHR"
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
    week = event("SYR1007")
    assert week.date_precision == Event.DatePrecision.WEEK
    assert week.geo_precision == Event.GeoPrecision.REGION
    assert event("SYR1014").extra["civilian_targeting"] == "Civilian targeting"
    assert event("SYR1006").extra["tags"] == "crowd size=around 200"


def test_both_acled_date_styles_give_the_same_day(db):
    written = {r["event_id_cnty"]: r["event_date"] for r in csv_rows(ACLED_SMALL)}
    assert {written["SYR1001"], written["SYR1002"], written["SYR1003"]} == {
        "2017-01-18",
        "18 January 2017",
        "18-January-2017",
    }

    events_import_acled(ACLED_SMALL, progress=False)

    assert {event(i).date for i in ("SYR1001", "SYR1002", "SYR1003")} == {dt.date(2017, 1, 18)}


def test_empty_fatalities_is_unknown_and_zero_stays_zero(db):
    events_import_acled(ACLED_SMALL, progress=False)

    assert event("SYR1004").fatalities is None
    assert event("SYR1002").fatalities == 0


def test_associated_actors_are_split_on_semicolons(db):
    events_import_acled(ACLED_SMALL, progress=False)

    assert roles(event("SYR1003")) == {
        ("actor1", "Military Forces of Syria (2000-)"),
        ("assoc1", "Military Forces of Russia (2000-)"),
        ("assoc1", "Hezbollah"),
        ("actor2", "Islamic State (Syria)"),
    }
    assert roles(event("SYR1009")) == {
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

    assert ("actor1", "Military Forces of Russia") in roles(event("SYR1001"))
    assert ("actor2", "Islamic State") in roles(event("SYR1001"))
    assert ("actor1", "Military Forces of Turkey") in roles(event("SYR1002"))
    assert ("actor2", "Free Syrian Army") in roles(event("SYR1009"))  # an exact alias
    # The full ACLED name is now an alias of the actor it matched.
    assert russia.aliases.filter(alias="Military Forces of Russia (2000-)").exists()
    assert islamic_state.aliases.filter(alias="Islamic State (Syria)").exists()
    assert not Actor.objects.filter(name__in=["Islamic State (Syria)"]).exists()
    # No seed actor is named "Unidentified Armed Group": the full name is a new actor.
    assert Actor.objects.filter(name="Unidentified Armed Group (Syria)").exists()
    assert Actor.objects.count() == actors_before + report.actors_created


def test_a_new_actor_whose_slug_is_taken_gets_a_suffix(db):
    actor_make("HTS (another group)", slug="hayat-tahrir-al-sham")

    events_import_acled(ACLED_SMALL, progress=False)

    assert Actor.objects.get(name="Hayat Tahrir al-Sham").slug == "hayat-tahrir-al-sham-2"


def test_rows_at_a_seed_places_coordinates_reuse_the_geonames_place(seeded):
    al_bab = Place.objects.get(geonames_id=174018)
    tadmur = Place.objects.get(geonames_id=163808)

    report = events_import_acled(ACLED_SMALL, progress=False)

    assert event("SYR1001").place == al_bab  # "Al Bab", the seed place is "Al Bāb"
    assert event("SYR1002").place == al_bab
    assert event("SYR1004").place == tadmur  # "Tadmor" is an alternate name, 1.5 km away
    assert event("SYR1007").place.geonames_id == 170654  # Damascus
    # The event keeps the name and coordinates ACLED gives.
    assert event("SYR1001").place_name == "Al Bab"
    assert (event("SYR1004").location.x, event("SYR1004").location.y) == (38.2677, 34.5601)
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

    far = event("SYR1001").place
    assert (far.name, far.geonames_id, far.geocoder) == ("Al Bab", None, "acled")
    assert event("SYR1002").place.geonames_id == 174018
    assert event("SYR1013").place.name == "Qabasin"


def test_rows_naming_the_same_place_share_one_new_place(db, tmp_path):
    def nudge(row):
        if row["event_id_cnty"] == "SYR1009":
            row["latitude"] = "35.8680"  # 370 m from SYR1008's point
        return row

    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "nudged.csv", nudge), progress=False)

    assert event("SYR1005").place == event("SYR1006").place
    assert event("SYR1008").place == event("SYR1009").place
    idleb = event("SYR1005").place
    assert (idleb.name, idleb.admin1, idleb.country_code) == ("Idleb", "Idleb", "SY")
    assert event("SYR1009").location.y == 35.8680  # the event keeps its own point


def test_small_chunks_give_the_same_result_as_one(db):
    report = events_import_acled(ACLED_SMALL, progress=False, chunk_size=2)
    chunked = counts()
    assert report.created == chunked["Event"]

    Event.objects.all().delete()
    Place.objects.all().delete()
    ActorAlias.objects.all().delete()
    Actor.objects.all().delete()
    events_import_acled(ACLED_SMALL, progress=False)

    assert counts() == chunked


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
    after_first = counts()

    again = events_import_acled(ACLED_SMALL, progress=False)

    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert (again.actors_created, again.places_created, again.sources_created) == (0, 0, 0)
    assert counts() == after_first


def test_reimport_updates_changed_rows_in_place(db, tmp_path):
    first = events_import_acled(ACLED_SMALL, progress=False)
    pks = dict(Event.objects.values_list("external_id", "pk"))
    stamp = event("SYR1005").updated

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
    assert event("SYR1001").fatalities == 15
    assert ("actor2", "Civilians (Turkey)") in roles(event("SYR1005"))
    assert ("actor2", "Civilians (Syria)") not in roles(event("SYR1005"))
    assert event("SYR1005").updated > stamp


def test_reimport_keeps_what_a_curator_decided(db):
    events_import_acled(ACLED_SMALL, progress=False)
    Event.objects.filter(external_id="SYR1001").update(status=Event.Status.REJECTED)

    events_import_acled(ACLED_SMALL, progress=False)

    assert event("SYR1001").status == Event.Status.REJECTED


def test_columns_missing_from_a_later_file_leave_those_fields_alone(db, tmp_path):
    events_import_acled(ACLED_SMALL, progress=False)
    before = event("SYR1003")
    links_before = roles(before)

    report = events_import_acled(
        csv_rewrite(ACLED_SMALL, tmp_path / "required-only.csv", columns=REQUIRED), progress=False
    )

    after = event("SYR1003")
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
    assert roles(after) == links_before  # assoc and actor2 columns absent: links kept


def test_a_bad_row_fails_the_import_naming_line_and_column(db):
    with pytest.raises(ImportFailed) as failure:
        events_import_acled(ACLED_BROKEN, progress=False)

    message = str(failure.value)
    assert "line 3, column 'event_date'" in message
    assert parsing.NOT_A_DATE in message
    assert {(e.line, e.column, e.message) for e in failure.value.errors} == {
        (3, "event_date", parsing.NOT_A_DATE),
        (4, "latitude", parsing.LATITUDE_RANGE),
        (5, "fatalities", parsing.NEGATIVE_COUNT),
        (6, "actor2", parsing.WRONG_FIELD_COUNT.format(found=10, expected=31)),
    }
    assert counts() == dict.fromkeys(counts(), 0)
    assert Source.objects.count() == 0


def test_skip_bad_imports_the_good_rows_and_reports_the_bad(db, tmp_path):
    broken = shutil.copy(ACLED_BROKEN, tmp_path / "acled_broken.csv")

    report = events_import_acled(broken, skip_bad=True, progress=False)

    assert (report.created, report.skipped) == (2, 4)
    assert set(Event.objects.values_list("external_id", flat=True)) == {"SYR1001", "SYR1005"}
    assert report.report_path == tmp_path / "acled_broken.errors.csv"
    written = csv_rows(report.report_path)
    assert [(r["line"], r["column"], r["value"]) for r in written] == [
        ("3", "event_date", "2017-02-30"),
        ("4", "latitude", "123.4"),
        ("5", "fatalities", "-3"),
        ("6", "actor2", ""),
    ]
    assert written[1]["message"] == parsing.LATITUDE_RANGE


def test_report_goes_where_asked_even_when_the_import_fails(db, tmp_path):
    target = tmp_path / "elsewhere" / "bad-rows.csv"
    target.parent.mkdir()

    with pytest.raises(ImportFailed) as failure:
        events_import_acled(ACLED_BROKEN, report_path=target, progress=False)

    assert str(target) in str(failure.value)
    assert len(csv_rows(target)) == 4
    assert Event.objects.count() == 0


def test_dry_run_counts_what_would_change_and_writes_nothing(db, tmp_path):
    report = events_import_acled(ACLED_SMALL, dry_run=True, progress=False)

    assert report.dry_run
    assert report.created == len(csv_rows(ACLED_SMALL))
    assert report.actors_created > 0 and report.places_created > 0
    assert counts() == dict.fromkeys(counts(), 0)
    assert Source.objects.count() == 0

    events_import_acled(ACLED_SMALL, progress=False)
    after_import = counts()
    changed = csv_rewrite(
        ACLED_SMALL,
        tmp_path / "changed.csv",
        lambda r: {**r, "fatalities": "99"} if r["event_id_cnty"] == "SYR1001" else r,
    )
    report = events_import_acled(changed, dry_run=True, progress=False)

    assert (report.created, report.updated) == (0, 1)
    assert event("SYR1001").fatalities == 12
    assert counts() == after_import


def test_cp1252_file_is_read_with_its_accents(db):
    report = events_import_acled(DATA / "acled_cp1252.csv", progress=False)

    assert report.encoding == "cp1252"  # an en dash and curly quote: cp1252, not latin-1
    summary = event("SYR3001").summary
    assert "Al Qaryatayn \u2013 a caf\u00e9 and the \u00e9cole" in summary
    assert "P\u00e8re Jacques\u2019 monastery" in summary
    assert event("SYR3001").extra["admin2"] == "Homs \u2013 Qaryatayn"
    assert "\u00ab violents \u00bb" in event("SYR3002").summary


def test_utf8_with_a_byte_order_mark_is_read(db, tmp_path):
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + ACLED_SMALL.read_bytes())

    report = events_import_acled(with_bom, progress=False)

    assert report.encoding == "utf-8-sig"
    assert report.created == len(csv_rows(ACLED_SMALL))


def test_bytes_cp1252_cannot_decode_fall_back_to_latin1(db, tmp_path):
    odd = tmp_path / "odd.csv"
    text = (DATA / "acled_cp1252.csv").read_bytes().replace(b"Mhardeh", b"Mhard\x81eh")
    odd.write_bytes(text)

    report = events_import_acled(odd, progress=False)

    assert report.encoding == "latin-1"
    assert event("SYR3002").place_name == "Mhard\x81eh"
    assert "caf\xe9" in event("SYR3001").summary  # é is the same byte in both


def test_semicolon_separated_file_is_read(db, tmp_path):
    rows = csv_rows(ACLED_SMALL)
    semicolons = csv_write(tmp_path / "excel.csv", rows, delimiter=";")

    report = events_import_acled(semicolons, progress=False)

    assert report.created == len(rows)
    assert roles(event("SYR1003")) >= {("assoc1", "Hezbollah")}


def test_utf16_file_is_read(db, tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(ACLED_SMALL.read_text(encoding="utf-8").encode("utf-16"))

    report = events_import_acled(utf16, progress=False)

    assert (report.encoding, report.created) == ("utf-16", len(csv_rows(ACLED_SMALL)))


def test_empty_trailing_fields_are_ignored_but_a_value_there_is_an_error(db, tmp_path):
    lines = ACLED_SMALL.read_text(encoding="utf-8").splitlines()
    padded = tmp_path / "padded.csv"
    padded.write_text(
        "\n".join([lines[0], lines[1] + ",,", lines[2] + ",surprise", *lines[3:]]) + "\n",
        encoding="utf-8",
    )

    report = events_import_acled(padded, skip_bad=True, progress=False)

    [error] = report.errors
    assert (error.line, error.column) == (3, "field 32")
    assert report.created == len(lines) - 2


def test_a_column_given_twice_is_a_file_error(db, tmp_path):
    text = ACLED_SMALL.read_text(encoding="utf-8").replace("notes,", "fatalities,", 1)
    twice = tmp_path / "twice.csv"
    twice.write_text(text, encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"has the column\(s\) fatalities more than once"):
        events_import_acled(twice, progress=False)


def test_duplicate_ids_in_one_file_name_both_lines(db):
    with pytest.raises(ImportFailed) as failure:
        events_import_acled(DATA / "acled_duplicate_ids.csv", progress=False)

    [error] = failure.value.errors
    assert (error.line, error.column) == (4, "event_id_cnty")
    assert error.message == parsing.DUPLICATE_ID.format(id="SYR1001", first=2)
    assert "line 4" in str(failure.value) and "line 2" in str(failure.value)
    assert Event.objects.count() == 0


def test_skip_bad_keeps_the_first_of_duplicate_ids(db, tmp_path):
    duplicates = shutil.copy(DATA / "acled_duplicate_ids.csv", tmp_path / "dup.csv")

    report = events_import_acled(duplicates, skip_bad=True, progress=False)

    assert (report.created, report.skipped) == (3, 1)
    assert event("SYR1001").date == dt.date(2017, 1, 18)  # line 2's, not line 4's


def test_a_file_with_only_the_required_columns_imports(db):
    report = events_import_acled(DATA / "acled_missing_optional.csv", progress=False)

    assert report.created == 3
    e = event("SYR4001")
    assert (e.fatalities, e.summary, e.source, e.place, e.extra) == (None, "", None, None, {})
    assert (e.date_precision, e.geo_precision, e.country_code) == (1, 1, "")
    assert (e.location.x, e.location.y) == (37.5157, 36.3705)
    assert roles(e) == {("actor1", "Military Forces of Russia (2000-)")}


@pytest.mark.parametrize("dropped", ["event_type", "actor1", "event_date"])
def test_a_missing_required_column_is_a_clear_error(db, tmp_path, dropped):
    columns = [c for c in csv_rows(ACLED_SMALL)[0] if c != dropped]

    with pytest.raises(ImportFailed) as failure:
        events_import_acled(
            csv_rewrite(ACLED_SMALL, tmp_path / "x.csv", columns=columns), progress=False
        )

    assert "lacks required column(s): " + dropped in str(failure.value)
    assert Event.objects.count() == 0


def test_coordinates_or_a_location_column_are_required(db, tmp_path):
    columns = [
        c for c in csv_rows(ACLED_SMALL)[0] if c not in {"latitude", "longitude", "location"}
    ]

    with pytest.raises(ImportFailed) as failure:
        events_import_acled(
            csv_rewrite(ACLED_SMALL, tmp_path / "x.csv", columns=columns), progress=False
        )

    assert "latitude or location, longitude or location" in str(failure.value)


def test_a_location_without_coordinates_leaves_the_event_unlocated(db, tmp_path):
    def unlocate(row):
        if row["event_id_cnty"] == "SYR1011":
            row["latitude"] = row["longitude"] = ""
        return row

    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "x.csv", unlocate), progress=False)

    e = event("SYR1011")
    assert (e.location, e.place, e.place_name) == (None, None, "Azaz")
    assert Event.objects.unlocated().count() == 1


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
        roles(e),
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


def test_unknown_event_types_and_sub_types_are_row_errors(db, tmp_path):
    def retype(row):
        if row["event_id_cnty"] == "SYR1001":
            row["event_type"] = "Remote violence"  # ACLED's pre-2019 taxonomy
        if row["event_id_cnty"] == "SYR1002":
            row["sub_event_type"] = "Armed clash"  # a Battles sub-type
        if row["event_id_cnty"] == "SYR1003":
            row["event_type"] = "battles"  # case does not matter
        return row

    report = events_import_acled(
        csv_rewrite(ACLED_SMALL, tmp_path / "x.csv", retype), skip_bad=True, progress=False
    )

    assert {(e.line, e.column) for e in report.errors} == {
        (2, "event_type"),
        (3, "sub_event_type"),
    }
    assert report.errors[1].message == parsing.UNKNOWN_SUB_EVENT_TYPE.format(
        event_type="Explosions/Remote violence"
    )
    assert event("SYR1003").event_type == "Battles"


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

    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL can COPY")
def test_copy_writer_needs_postgresql(db):
    with pytest.raises(ValueError, match="PostgreSQL only"):
        events_import_acled(ACLED_SMALL, progress=False, writer="copy")
