"""ACLED files as they come: encodings (cp1252, a byte order mark, UTF-16), semicolons, trailing
fields, columns missing or given twice, duplicate ids, unknown types; bad rows fail the import
naming line and column, or are skipped into a report."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from events.models import Event, Source
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
from tests.support.imported import acled_event, link_roles, table_counts


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
    assert table_counts() == dict.fromkeys(table_counts(), 0)
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


def test_cp1252_file_is_read_with_its_accents(db):
    report = events_import_acled(DATA / "acled_cp1252.csv", progress=False)

    assert report.encoding == "cp1252"  # an en dash and curly quote: cp1252, not latin-1
    summary = acled_event("SYR3001").summary
    assert "Al Qaryatayn \u2013 a caf\u00e9 and the \u00e9cole" in summary
    assert "P\u00e8re Jacques\u2019 monastery" in summary
    assert acled_event("SYR3001").extra["admin2"] == "Homs \u2013 Qaryatayn"
    assert "\u00ab violents \u00bb" in acled_event("SYR3002").summary


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
    assert acled_event("SYR3002").place_name == "Mhard\x81eh"
    assert "caf\xe9" in acled_event("SYR3001").summary  # é is the same byte in both


def test_semicolon_separated_file_is_read(db, tmp_path):
    rows = csv_rows(ACLED_SMALL)
    semicolons = csv_write(tmp_path / "excel.csv", rows, delimiter=";")

    report = events_import_acled(semicolons, progress=False)

    assert report.created == len(rows)
    assert link_roles(acled_event("SYR1003")) >= {("assoc1", "Hezbollah")}


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
    assert acled_event("SYR1001").date == dt.date(2017, 1, 18)  # line 2's, not line 4's


def test_a_file_with_only_the_required_columns_imports(db):
    report = events_import_acled(DATA / "acled_missing_optional.csv", progress=False)

    assert report.created == 3
    e = acled_event("SYR4001")
    assert (e.fatalities, e.summary, e.source, e.place, e.extra) == (None, "", None, None, {})
    assert (e.date_precision, e.geo_precision, e.country_code) == (1, 1, "")
    assert (e.location.x, e.location.y) == (37.5157, 36.3705)
    assert link_roles(e) == {("actor1", "Military Forces of Russia (2000-)")}


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

    e = acled_event("SYR1011")
    assert (e.location, e.place, e.place_name) == (None, None, "Azaz")
    assert Event.objects.unlocated().count() == 1


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
    assert acled_event("SYR1003").event_type == "Battles"
