"""UCDP GED CSV import: type, date and place precision mappings, sides as actors, failures."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Actor, Event, EventActor, Place
from events.services.imports import parsing
from events.services.imports.acled import events_import_acled
from events.services.imports.report import ImportFailed
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import ACLED_SMALL, UCDP_BROKEN, UCDP_SMALL, csv_rewrite, csv_rows


def event(external_id: str) -> Event:
    return Event.objects.select_related("place", "source").get(
        dataset="ucdp", external_id=external_id
    )


def roles(e: Event) -> dict[str, Actor]:
    return {link.role: link.actor for link in e.event_actors.select_related("actor")}


def test_ged_file_creates_one_verified_ucdp_event_per_row(db):
    ids = {row["id"] for row in csv_rows(UCDP_SMALL)}

    report = events_import_ucdp(UCDP_SMALL, progress=False)

    assert report.errors == []
    assert report.created == len(ids)
    events = Event.objects.filter(dataset="ucdp")
    assert set(events.values_list("external_id", flat=True)) == ids
    assert set(events.values_list("status", flat=True)) == {Event.Status.VERIFIED}


@pytest.mark.parametrize(
    ("external_id", "violence", "event_type", "sub_event_type"),
    [
        ("180001", 1, "Battles", "Armed clash"),
        ("180002", 2, "Battles", "Armed clash"),
        ("180003", 3, "Violence against civilians", "Attack"),
    ],
)
def test_type_of_violence_maps_to_acled_types(
    db, external_id, violence, event_type, sub_event_type
):
    events_import_ucdp(UCDP_SMALL, progress=False)

    e = event(external_id)

    assert (e.event_type, e.sub_event_type) == (event_type, sub_event_type)
    assert e.extra["type_of_violence"] == violence  # 1 and 2 differ only here


@pytest.mark.parametrize(
    ("external_id", "date_prec", "precision", "date", "end_date"),
    [
        ("180001", 1, Event.DatePrecision.DAY, dt.date(2017, 1, 18), None),
        ("180002", 2, Event.DatePrecision.WEEK, dt.date(2017, 1, 10), dt.date(2017, 1, 14)),
        ("180003", 3, Event.DatePrecision.WEEK, dt.date(2017, 1, 16), dt.date(2017, 1, 22)),
        ("180004", 4, Event.DatePrecision.MONTH, dt.date(2017, 1, 1), dt.date(2017, 1, 31)),
        ("180005", 5, Event.DatePrecision.MONTH, dt.date(2016, 11, 15), dt.date(2017, 1, 20)),
    ],
)
def test_date_precision_maps_and_keeps_the_range(
    db, external_id, date_prec, precision, date, end_date
):
    events_import_ucdp(UCDP_SMALL, progress=False)

    e = event(external_id)

    assert (e.date_precision, e.date, e.end_date) == (precision, date, end_date)
    assert e.extra["date_prec"] == date_prec


@pytest.mark.parametrize(
    ("external_id", "where_prec", "geo_precision"),
    [
        ("180001", 1, Event.GeoPrecision.EXACT),
        ("180002", 2, Event.GeoPrecision.NEAR),
        ("180003", 3, Event.GeoPrecision.NEAR),
        ("180004", 4, Event.GeoPrecision.REGION),
        ("180005", 5, Event.GeoPrecision.REGION),
        ("180006", 6, Event.GeoPrecision.REGION),
        ("180007", 7, Event.GeoPrecision.REGION),
    ],
)
def test_where_precision_maps_to_geo_precision(db, external_id, where_prec, geo_precision):
    events_import_ucdp(UCDP_SMALL, progress=False)

    e = event(external_id)

    assert e.geo_precision == geo_precision
    assert e.extra["where_prec"] == where_prec


def test_best_is_fatalities_and_the_rest_is_kept_in_extra(db):
    events_import_ucdp(UCDP_SMALL, progress=False)
    row = next(r for r in csv_rows(UCDP_SMALL) if r["id"] == "180001")

    e = event("180001")

    assert e.fatalities == 12
    assert {k: e.extra[k] for k in ("low", "high", "deaths_a", "deaths_b")} == {
        "low": 10,
        "high": 15,
        "deaths_a": 2,
        "deaths_b": 10,
    }
    assert (e.extra["deaths_civilians"], e.extra["deaths_unknown"]) == (0, 0)
    assert (e.extra["conflict_new_id"], e.extra["dyad_new_id"]) == (299, 5000)
    assert e.extra["conflict_name"] == "Syria: Government"
    assert e.extra["dyad_name"] == "Government of Syria - IS"
    assert e.extra["event_clarity"] == 1
    assert e.extra["where_description"] == row["where_description"]
    assert e.extra["source_article"] == row["source_article"]
    assert e.extra["source_headline"] == "Syrian army, IS clash near al-Bab"
    assert e.extra["relid"] == row["relid"]
    assert e.extra["adm_1"] == "Aleppo governorate"
    assert e.source.title == "Agence France Presse;BBC Monitoring"
    assert (e.country_code, e.place_name) == ("SY", "Al Bab town")
    assert (e.location.x, e.location.y) == (37.5157, 36.37051)
    assert e.summary == (
        "State-based armed conflict, Syria: Government: Government of Syria against IS. "
        "Best estimate 12 killed (low 10, high 15)."
    )


def test_geom_wkt_is_never_parsed(db):
    row = next(r for r in csv_rows(UCDP_SMALL) if r["id"] == "180008")
    assert row["geom_wkt"] == "POINT (not parsed"

    events_import_ucdp(UCDP_SMALL, progress=False)

    e = event("180008")
    assert (e.location.x, e.location.y) == (40.1408, 35.3359)
    assert "geom_wkt" not in e.extra
    assert e.date == dt.date(2017, 1, 18)  # "2017-01-18 00:00:00.000"


def test_sides_become_actor1_and_actor2_with_ucdp_kinds(db):
    events_import_ucdp(UCDP_SMALL, progress=False)

    state = roles(event("180001"))
    assert (state["actor1"].name, state["actor1"].kind) == (
        "Government of Syria",
        Actor.Kind.STATE_FORCES,
    )
    assert (state["actor2"].name, state["actor2"].kind) == ("IS", Actor.Kind.REBEL_GROUP)
    one_sided = roles(event("180003"))
    civilians = one_sided["actor2"]
    assert (civilians.name, civilians.kind, civilians.country) == (
        "Civilians (Syria)",
        Actor.Kind.CIVILIANS,
        "SY",
    )
    assert roles(event("180005"))["actor2"] == civilians
    assert roles(event("180002"))["actor2"].kind == Actor.Kind.REBEL_GROUP


def test_sides_match_seed_and_acled_actors(seeded):
    syria = Actor.objects.get(slug="syria")
    russia = Actor.objects.get(slug="russia")

    events_import_ucdp(UCDP_SMALL, progress=False)

    assert roles(event("180001"))["actor1"] == syria  # "Government of Syria"
    assert roles(event("180001"))["actor2"].slug == "islamic-state"  # "IS", a seed alias
    assert roles(event("180006"))["actor1"].slug == "turkey"
    assert roles(event("180007"))["actor1"] == russia  # "Government of Russia (Soviet Union)"
    assert syria.aliases.filter(alias="Government of Syria").exists()
    assert russia.aliases.filter(alias="Government of Russia (Soviet Union)").exists()
    assert not Actor.objects.filter(name__startswith="Government of").exclude(slug="iran")

    events_import_acled(ACLED_SMALL, progress=False)

    civilians = Actor.objects.get(slug="civilians")  # ACLED's generic actor, a seed actor
    assert civilians.aliases.filter(alias="Civilians (Syria)").exists()
    assert roles(event("180003"))["actor2"] == civilians  # one actor for both datasets


def test_places_snap_to_seed_places_by_name_without_the_feature_word(seeded):
    report = events_import_ucdp(UCDP_SMALL, progress=False)

    assert event("180001").place.geonames_id == 174018  # "Al Bab town" -> Al Bāb
    assert event("180008").place.geonames_id == 170794  # "Deir ez-Zor city"
    assert event("180001").place_name == "Al Bab town"
    new_names = set(Place.objects.filter(geocoder="ucdp").values_list("name", flat=True))
    assert {"Saraqib", "Ar Raqqah", "Idlib", "Syria"} <= new_names
    assert len(new_names) == report.places_created


def test_a_bad_row_fails_the_import_naming_line_and_column(db):
    with pytest.raises(ImportFailed) as failure:
        events_import_ucdp(UCDP_BROKEN, progress=False)

    assert {(e.line, e.column) for e in failure.value.errors} == {
        (3, "type_of_violence"),
        (4, "date_end"),
        (5, "longitude"),
        (6, "best"),
    }
    assert "line 3, column 'type_of_violence'" in str(failure.value)
    assert parsing.LONGITUDE_RANGE in str(failure.value)
    assert Event.objects.count() == Actor.objects.count() == Place.objects.count() == 0


def test_skip_bad_imports_the_good_rows_and_writes_the_report(db, tmp_path):
    broken = shutil.copy(UCDP_BROKEN, tmp_path / "ged.csv")

    report = events_import_ucdp(broken, skip_bad=True, progress=False)

    assert (report.created, report.skipped) == (2, 4)
    assert set(Event.objects.values_list("external_id", flat=True)) == {"180001", "180006"}
    written = csv_rows(tmp_path / "ged.errors.csv")
    assert [(r["line"], r["column"], r["value"]) for r in written] == [
        ("3", "type_of_violence", "4"),
        ("4", "date_end", "2017-01-01"),
        ("5", "longitude", "200.5"),
        ("6", "best", "many"),
    ]


def test_reimport_is_idempotent_and_updates_a_changed_estimate(db, tmp_path):
    first = events_import_ucdp(UCDP_SMALL, progress=False)
    links = EventActor.objects.count()

    again = events_import_ucdp(UCDP_SMALL, progress=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert EventActor.objects.count() == links

    def revise(row):
        if row["id"] == "180004":
            row["best"], row["high"] = "35", "45"
        return row

    revised = events_import_ucdp(
        csv_rewrite(UCDP_SMALL, tmp_path / "v2.csv", revise), progress=False
    )

    assert (revised.created, revised.updated) == (0, 1)
    e = event("180004")
    assert (e.fatalities, e.extra["high"]) == (35, 45)
    assert "Best estimate 35 killed (low 30, high 45)." in e.summary


def test_dry_run_writes_nothing(db):
    report = events_import_ucdp(UCDP_SMALL, dry_run=True, progress=False)

    assert report.created == len(csv_rows(UCDP_SMALL))
    assert Event.objects.count() == Actor.objects.count() == Place.objects.count() == 0


def test_a_missing_side_a_column_is_a_clear_error(db, tmp_path):
    columns = [c for c in csv_rows(UCDP_SMALL)[0] if c != "side_a"]

    with pytest.raises(ImportFailed, match=r"lacks required column\(s\): side_a"):
        events_import_ucdp(
            csv_rewrite(UCDP_SMALL, tmp_path / "x.csv", columns=columns), progress=False
        )


def test_command_imports_and_fails_clearly(db):
    out = io.StringIO()
    call_command("import_ucdp", str(UCDP_SMALL), stdout=out, verbosity=0)
    assert f"{len(csv_rows(UCDP_SMALL))} created" in out.getvalue()

    with pytest.raises(CommandError, match="line 3, column 'type_of_violence'"):
        call_command("import_ucdp", str(UCDP_BROKEN), stdout=out, verbosity=0)
