"""Importers' shared parsing: dates, counts, actor qualifiers, countries, encodings, distance."""

from __future__ import annotations

import datetime as dt
import gc
import sys

import pytest

from events.domain.countries import country_code_for, country_code_for_numeric, country_name
from events.geo.geodesy import km_between, offset_point
from events.services.imports import copy_columns, parsing, reading, report, resolution, rows
from events.services.imports.acled import events_import_acled
from tests.support.csvfiles import ACLED_BROKEN, ACLED_SMALL


@pytest.mark.parametrize(
    "text",
    [
        "2017-01-18",
        "18 January 2017",
        "18-January-2017",
        "18 Jan 2017",
        "18-jan-2017",
        "2017-01-18 00:00:00.000",
        "2017-1-18",
    ],
)
def test_dates_in_every_style_acled_and_ucdp_use(text):
    assert parsing.parse_date(text) == dt.date(2017, 1, 18)


@pytest.mark.parametrize("text", ["2017-02-30", "18 Janvier 2017", "1/18/2017", "2017", "soon"])
def test_what_is_not_a_date(text):
    with pytest.raises(ValueError, match=parsing.NOT_A_DATE):
        parsing.parse_date(text)


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("12", 12), ("3.0", 3)])
def test_counts(text, number):
    assert parsing.parse_count(text) == number


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parsing.parse_count, "-3", parsing.NEGATIVE_COUNT),
        (parsing.parse_count, "2.5", parsing.NOT_A_COUNT),
        (parsing.parse_count, "many", parsing.NOT_A_COUNT),
        (parsing.parse_count, "nan", parsing.NOT_A_COUNT),
        (parsing.parse_count, "99999999999", parsing.COUNT_TOO_LARGE),
        (parsing.parse_latitude, "123.4", parsing.LATITUDE_RANGE),
        (parsing.parse_latitude, "north", parsing.NOT_A_NUMBER),
        (parsing.parse_latitude, "inf", parsing.NOT_A_NUMBER),
    ],
)
def test_what_is_not_a_count_or_a_latitude_is_refused_with_the_reason(parse, text, message):
    with pytest.raises(ValueError, match=message):
        parse(text)


def test_a_choice_accepts_only_its_values():
    precision = parsing.choice(1, 2, 3)
    assert (precision("2"), precision("2.0")) == (2, 2)
    for bad in ("4", "2.5", "two"):
        with pytest.raises(ValueError, match=r"must be one of 1, 2, 3"):
            precision(bad)


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Military Forces of Russia (2000-)", "Military Forces of Russia"),
        ("Islamic State (Syria)", "Islamic State"),
        ("Police Forces of Syria (2000-) (Syria)", "Police Forces of Syria"),
        (
            "Police Forces of Syria (2000-) Prison Guards",
            "Police Forces of Syria (2000-) Prison Guards",
        ),
        ("(Syria)", "(Syria)"),
        ("Hezbollah", "Hezbollah"),
    ],
)
def test_strip_qualifiers_removes_only_trailing_parentheses(name, stripped):
    assert parsing.strip_qualifiers(name) == stripped


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Syria", "SY"),
        ("SY", "SY"),
        ("760", "SY"),
        ("Democratic Republic of Congo", "CD"),  # ACLED
        ("DR Congo (Zaire)", "CD"),  # UCDP
        ("Yemen (North Yemen)", "YE"),
        ("Russia (Soviet Union)", "RU"),
        ("Bosnia-Herzegovina", "BA"),
        ("Palestine", "PS"),
        ("Netherlands", "NL"),
        ("Kosovo", "XK"),
        ("Atlantis", ""),
    ],
)
def test_country_names_and_codes_map_to_iso_alpha2(value, code):
    assert country_code_for(value) == code


def test_numeric_zero_is_no_country_and_names_are_spelled_as_acled_does():
    assert country_code_for_numeric("0") == ""
    assert country_code_for_numeric("368") == "IQ"
    assert country_name("CD") == "Democratic Republic of Congo"
    assert country_name("SY") == "Syria"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"Homs, Syria\n", "utf-8"),
        (b"\xef\xbb\xbf" + b"Homs, Syria\n", "utf-8-sig"),
        ("Ḥalab, Syria\n".encode(), "utf-8"),
        ("Saint-\u00c9tienne \u2013 caf\u00e9\n".encode("cp1252"), "cp1252"),
        ("caf\u00e9".encode("latin-1") + b"\x81\n", "latin-1"),
        ("Homs, Syria\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encoding_is_sniffed(tmp_path, data, encoding):
    path = tmp_path / "file.csv"
    path.write_bytes(data)

    assert reading.sniff_encoding(path) == (encoding, 1)


@pytest.mark.parametrize(("km", "bearing"), [(0.5, 0), (1.9, 45), (2.1, 200), (25, 90)])
def test_snapping_distance_agrees_with_the_geodesic(km, bearing):
    lat, lon = offset_point(36.37051, 37.5157, km, bearing)

    fast = resolution.km_apart(36.37051, 37.5157, lat, lon)

    assert fast == pytest.approx(km_between((36.37051, 37.5157), (lat, lon)), rel=0.005)


@pytest.mark.parametrize(
    ("lat", "lon", "want", "errors"),
    [
        ("36.2", "37.15", (36.2, 37.15), []),
        ("-90", "180", (-90.0, 180.0), []),
        ("90.0", "-180.0", (90.0, -180.0), []),
        ("", "", (None, None), []),
        ("91", "37", (None, None), [("latitude", parsing.LATITUDE_RANGE)]),
        ("36", "-180.5", (None, None), [("longitude", parsing.LONGITUDE_RANGE)]),
        ("nan", "37", (None, None), [("latitude", parsing.NOT_A_NUMBER)]),
        ("36", "inf", (None, None), [("longitude", parsing.NOT_A_NUMBER)]),
        ("north", "37", (None, None), [("latitude", parsing.NOT_A_NUMBER)]),
        ("36.2", "", (None, None), [("longitude", parsing.COORDINATES_PAIR)]),
        ("", "37.1", (None, None), [("latitude", parsing.COORDINATES_PAIR)]),
    ],
)
def test_coordinates_are_a_valid_pair_or_an_error_naming_the_column(lat, lon, want, errors):
    row = rows.Row(7, {"latitude": lat, "longitude": lon})
    assert parsing.parse_coordinates(row) == want
    assert [(e.column, e.message) for e in row.errors] == errors
    assert all(e.line == 7 for e in row.errors)


@pytest.mark.parametrize(
    "text", ["plain", "tab\there", "new\nline", "cr\rhere", "back\\slash", "\\N", "", "\\\t\n\r"]
)
def test_copy_text_escapes_exactly_what_copy_reads_back(text):
    escaped = copy_columns.copy_text(text)
    assert not any(c in escaped for c in "\t\n\r")
    unescaped = escaped.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n")
    assert unescaped.replace("\\r", "\r").replace("\0", "\\") == text


def test_an_import_restores_the_interpreters_settings_after_success_and_failure(db):
    """An import tunes the GIL switch interval and pauses the cyclic collector while it runs."""
    interval = sys.getswitchinterval()
    assert gc.isenabled()
    events_import_acled(ACLED_SMALL, progress=False)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, True)
    with pytest.raises(report.ImportFailed):
        events_import_acled(ACLED_BROKEN, progress=False)
    assert (sys.getswitchinterval(), gc.isenabled()) == (interval, True)
