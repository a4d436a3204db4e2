"""The CSV export's admin1 and admin2 are names, as ACLED writes them; a gazetteer place's
GeoNames code goes in admin1_code; our export re-imports with both kept (issue 15)."""

from __future__ import annotations

import csv
import io

import pytest

from events.domain.columns import admin1_cells
from events.models import Event, Place
from events.selectors.exports import csv_stream
from events.services.imports.acled import events_import_acled
from tests.support.csvfiles import ACLED_SMALL, csv_rows
from tests.support.factories import event_make, place_make


def exported(queryset) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("".join(csv_stream(queryset.order_by("pk"))))))


@pytest.mark.parametrize(
    ("stored", "cells"),
    [("09", ("", "09")), ("ENG", ("", "ENG")), ("Aleppo", ("Aleppo", "")), ("", ("", ""))],
)
def test_a_stored_admin1_is_a_name_or_a_code(stored, cells):
    assert admin1_cells(stored) == cells


@pytest.mark.django_db
def test_imported_acled_rows_export_their_province_and_district_names():
    events_import_acled(ACLED_SMALL, progress=False)
    source = {r["event_id_cnty"]: r for r in csv_rows(ACLED_SMALL)}
    rows = exported(Event.objects.filter(dataset="acled"))
    assert len(rows) == len(source)
    for row in rows:
        assert row["admin1"] == source[row["event_id"]]["admin1"]
        assert row["admin2"] == source[row["event_id"]]["admin2"]
        assert row["admin1_code"] == ""


@pytest.mark.django_db
def test_a_gazetteer_place_code_goes_in_its_own_column_and_survives_the_round_trip(tmp_path):
    place = place_make("Manbij", admin1="09", geonames_id=166_365)
    event = event_make(place=place, dataset="news", external_id="n-1")
    [row] = exported(Event.objects.filter(pk=event.pk))
    assert (row["admin1"], row["admin1_code"], row["admin2"]) == ("", "09", "")

    # Our export re-imported somewhere fresh: the new place keeps the code it came with.
    path = tmp_path / "export.csv"
    path.write_text("".join(csv_stream(Event.objects.filter(pk=event.pk))), encoding="utf-8")
    Event.objects.all().delete()
    Place.objects.all().delete()
    report = events_import_acled(path, progress=False)
    assert report.created == 1
    again = Event.objects.get(dataset="acled")
    assert again.place is not None and again.place.admin1 == "09"
    [row_again] = exported(Event.objects.filter(pk=again.pk))
    assert (row_again["admin1"], row_again["admin1_code"]) == ("", "09")
