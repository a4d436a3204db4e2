"""Every export era of ACLED and UCDP imports, told from its header or JSON shape: one fixture
per era (tests/data/README.md says which real public file each follows), checked for rows,
dates, precisions, fatalities and actors with their roles, and the era the summary names;
numeric dates read in their file's order, an ambiguous one refused naming line and column."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from events.models import Event
from events.services.imports import dates, eras
from events.services.imports.acled import events_import_acled
from events.services.imports.report import ImportFailed
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import DATA
from tests.support.imported import link_roles

DAY, WEEK, MONTH = Event.DatePrecision.DAY, Event.DatePrecision.WEEK, Event.DatePrecision.MONTH


def imported(dataset: str, external_id: str) -> Event:
    return Event.objects.select_related("source").get(dataset=dataset, external_id=external_id)


def assert_event(
    dataset: str,
    external_id: str,
    *,
    date: dt.date,
    precision: int,
    fatalities: int | None,
    roles: set[tuple[str, str]],
    end_date: dt.date | None = None,
) -> Event:
    e = imported(dataset, external_id)
    assert (e.date, e.end_date, e.date_precision) == (date, end_date, precision)
    assert e.fatalities == fatalities
    assert link_roles(e) == roles
    return e


def test_acled_api_export_of_2020_with_two_digit_years(db):
    report = events_import_acled(DATA / "acled_api_2020.csv", progress=False)

    assert (report.rows, report.created, report.errors) == (6, 6, [])
    assert eras.ACLED_API_2019 in report.format
    assert eras.ACLED_API_2019 in report.summary()
    israel = assert_event(
        "acled",
        "ISR1786",
        date=dt.date(2020, 5, 9),
        precision=DAY,
        fatalities=0,
        roles={("actor1", "Protesters (Israel)"), ("assoc1", "Health Workers (Israel)")},
    )
    assert israel.country_code == "IL"
    assert israel.extra["iso3"] == "ISR" and israel.extra["data_id"] == "7079168"
    assert_event(
        "acled",
        "YEM52360",
        date=dt.date(2020, 5, 9),
        precision=DAY,
        fatalities=7,
        roles={
            ("actor1", "Military Forces of Yemen (2016-) Supreme Political Council"),
            ("actor2", "Military Forces of Yemen (2012-)"),
            ("assoc2", "Militia (Pro-Government)"),
        },
    )
    assert_event(
        "acled",
        "MEX17991",
        date=dt.date(2020, 5, 9),
        precision=WEEK,
        fatalities=1,
        roles={("actor1", "Unidentified Gang (Mexico)"), ("actor2", "Civilians (Mexico)")},
    )
    belarus = imported("acled", "BLR373")
    assert len([role for role, _ in link_roles(belarus) if role == "assoc2"]) == 6
    assert_event(
        "acled",
        "AFG45343",
        date=dt.date(2020, 4, 27),
        precision=DAY,
        fatalities=10,
        roles={("actor1", "Military Forces of Afghanistan (2014-)"), ("actor2", "Taliban")},
    )


def test_excel_resave_with_bom_semicolons_day_first_dates_and_decimal_commas(db):
    report = events_import_acled(DATA / "acled_excel_semicolon.csv", progress=False)

    assert (report.created, report.errors, report.encoding) == (3, [], "utf-8-sig")
    assert eras.ACLED_API_2019 in report.format
    assert "semicolon-separated, decimal commas" in report.format
    assert "numeric dates day-first" in report.format
    # 09/05/2020 alone could be either; the file's 27/04/2020 says the day comes first.
    yemen = assert_event(
        "acled",
        "YEM52360",
        date=dt.date(2020, 5, 9),
        precision=DAY,
        fatalities=7,
        roles={
            ("actor1", "Military Forces of Yemen (2016-) Supreme Political Council"),
            ("actor2", "Military Forces of Yemen (2012-)"),
            ("assoc2", "Militia (Pro-Government)"),
        },
    )
    assert yemen.location is not None
    assert (yemen.location.y, yemen.location.x) == pytest.approx((15.6445, 44.4734))
    assert imported("acled", "SYR78257").date == dt.date(2020, 5, 3)
    assert imported("acled", "AFG45343").date == dt.date(2020, 4, 27)


def test_a_file_whose_numeric_dates_could_be_either_order_names_line_and_column(db):
    with pytest.raises(ImportFailed) as failure:
        events_import_acled(DATA / "acled_excel_ambiguous_dates.csv", progress=False)

    errors = {(e.line, e.column, e.value) for e in failure.value.errors}
    assert errors == {(2, "event_date", "09/05/2020"), (3, "event_date", "03/05/2020")}
    first = failure.value.errors[0]
    assert first.message == dates.AMBIGUOUS_DATE.format(
        first="9 May 2020", second="5 September 2020"
    )
    assert "line 2, column 'event_date': ambiguous date" in str(failure.value)
    assert Event.objects.count() == 0


def test_acled_current_export(db):
    report = events_import_acled(DATA / "acled_current.csv", progress=False)

    assert (report.created, report.errors) == (3, [])
    assert eras.ACLED_CURRENT in report.format
    e = assert_event(
        "acled",
        "UKR145564",
        date=dt.date(2024, 1, 23),
        precision=DAY,
        fatalities=1,
        roles={
            ("actor1", "Military Forces of Russia (2000-) Air Force"),
            ("actor2", "Civilians (Ukraine)"),
        },
    )
    assert e.extra["civilian_targeting"] == "Civilian targeting"
    assert e.extra["disorder_type"] == "Political violence"
    assert_event(
        "acled",
        "UKR148710",
        date=dt.date(2024, 2, 16),
        precision=DAY,
        fatalities=0,
        roles={("actor1", "Military Forces of Russia (2000-) Air Force")},
    )


def test_acled_api_json_response_saved_to_a_file(db):
    report = events_import_acled(DATA / "acled_api_response.json", progress=False)

    assert (report.rows, report.created, report.errors) == (3, 3, [])
    assert eras.ACLED_JSON in report.format
    e = assert_event(
        "acled",
        "UKR142667",
        date=dt.date(2024, 1, 1),
        precision=DAY,
        fatalities=1,
        roles={("actor1", "Military Forces of Russia (2000-)"), ("actor2", "Civilians (Ukraine)")},
    )
    assert (e.event_type, e.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert e.source is not None and e.source.title == "Suspilne Media"
    assert_event(
        "acled",
        "UKR142668",
        date=dt.date(2024, 1, 1),
        precision=DAY,
        fatalities=0,
        roles={("actor1", "Military Forces of Russia (2000-)")},
    )


def test_a_bad_record_of_a_json_response_is_named_by_its_number(db, tmp_path):
    document = json.loads((DATA / "acled_api_response.json").read_text())
    document["data"][1]["event_date"] = "2024-02-30"
    path = tmp_path / "response.json"
    path.write_text(json.dumps(document))

    with pytest.raises(ImportFailed) as failure:
        events_import_acled(path, progress=False)

    assert [(e.line, e.column) for e in failure.value.errors] == [(2, "event_date")]


def test_a_saved_failure_response_is_refused_whole(db, tmp_path):
    path = tmp_path / "response.json"
    path.write_text(json.dumps({"status": 403, "success": False, "error": {"message": "denied"}}))

    with pytest.raises(ImportFailed, match="reports a failure"):
        events_import_acled(path, progress=False)


def test_acled_monadic_export_joins_each_events_actor_rows(db):
    report = events_import_acled(DATA / "acled_monadic.csv", progress=False)

    assert (report.rows, report.created, report.errors) == (3, 3, [])
    assert eras.ACLED_MONADIC in report.format
    assert_event(
        "acled",
        "UKR145564",
        date=dt.date(2024, 1, 23),
        precision=DAY,
        fatalities=1,
        roles={
            ("actor1", "Military Forces of Russia (2000-) Air Force"),
            ("actor2", "Civilians (Ukraine)"),
        },
    )
    assert_event(
        "acled",
        "UKR148710",
        date=dt.date(2024, 2, 16),
        precision=DAY,
        fatalities=0,
        roles={("actor1", "Military Forces of Russia (2000-) Air Force")},
    )


def test_monadic_rows_that_are_not_the_same_event_are_a_duplicate_id(db, tmp_path):
    lines = (DATA / "acled_monadic.csv").read_text().splitlines()
    # The second row of UKR146649 moved to another day: two events under one id.
    lines[3] = lines[3].replace("31 January 2024", "1 February 2024")
    path = tmp_path / "monadic.csv"
    path.write_text("\n".join(lines) + "\n")

    with pytest.raises(ImportFailed) as failure:
        events_import_acled(path, progress=False)

    assert [(e.line, e.column) for e in failure.value.errors] == [(4, "event_id_cnty")]


def test_ucdp_ged_yearly_release(db):
    report = events_import_ucdp(DATA / "GEDEvent_v25_1_excerpt.csv", progress=False)

    assert (report.created, report.errors) == (2, [])
    assert eras.GED_YEARLY in report.format
    assert_event(
        "ucdp",
        "520001",
        date=dt.date(2023, 3, 14),
        precision=DAY,
        fatalities=8,
        roles={("actor1", "Government of Syria"), ("actor2", "IS")},
    )
    e = assert_event(
        "ucdp",
        "520002",
        date=dt.date(2023, 2, 15),
        end_date=dt.date(2023, 2, 17),
        precision=WEEK,
        fatalities=53,
        roles={("actor1", "IS"), ("actor2", "Civilians (Syria)")},
    )
    assert "gwnoa" not in e.extra  # an empty cell is not data
    assert imported("ucdp", "520001").extra["gwnoa"] == "652"


@pytest.mark.parametrize(
    ("name", "era"),
    [
        ("GEDEvent_v25_0_3_excerpt.csv", eras.GED_CANDIDATE),
        ("GEDEvent_v24_0_1_noheader.csv", eras.GED_NO_HEADER),
        ("ucdp_api_page.json", eras.UCDP_JSON),
    ],
)
def test_ucdp_candidate_files_and_api_pages(db, name, era):
    report = events_import_ucdp(DATA / name, progress=False)

    assert (report.rows, report.created, report.errors) == (2, 2, [])
    assert era in report.format
    government = {
        ("actor1", "Government of Russia (Soviet Union)"),
        ("actor2", "Government of Ukraine"),
    }
    kherson = assert_event(
        "ucdp", "540101", date=dt.date(2025, 2, 3), precision=DAY, fatalities=2, roles=government
    )
    assert kherson.source is not None and kherson.source.title == "Ukrinform"
    assert kherson.extra["gwnob"] == "369"
    # No best estimate: the fatalities are unknown, not 0; no source office: no source.
    donetsk = assert_event(
        "ucdp",
        "540102",
        date=dt.date(2025, 2, 1),
        end_date=dt.date(2025, 2, 28),
        precision=MONTH,
        fatalities=None,
        roles=government,
    )
    assert donetsk.source is None
    assert donetsk.geo_precision == Event.GeoPrecision.REGION


@pytest.mark.parametrize(
    ("values", "text", "date"),
    [
        (["25/01/2017", "03/04/2017"], "03/04/2017", dt.date(2017, 4, 3)),
        (["1/25/2017", "3/4/2017"], "3/4/2017", dt.date(2017, 3, 4)),
        ([], "18.01.2017", dt.date(2017, 1, 18)),
        ([], "05.04.2017", dt.date(2017, 4, 5)),
        ([], "05/05/2017", dt.date(2017, 5, 5)),
        ([], "9-May-20", dt.date(2020, 5, 9)),
        ([], "18 January 2017", dt.date(2017, 1, 18)),
        ([], "18/01/2017 00:00", dt.date(2017, 1, 18)),
        ([], "2017-01-18T00:00:00", dt.date(2017, 1, 18)),
    ],
)
def test_numeric_dates_follow_the_order_the_files_other_dates_show(values, text, date):
    assert dates.FileDates(lambda: values)(text) == date


@pytest.mark.parametrize("values", [[], ["25/01/2017", "1/25/2017"]])
def test_a_date_either_order_could_read_is_refused_without_one_sided_evidence(values):
    with pytest.raises(ValueError, match="ambiguous date: 3 April 2017 or 4 March 2017"):
        dates.FileDates(lambda: values)("03/04/2017")


def test_headerless_candidate_rows_keep_their_own_line_numbers(db, tmp_path):
    lines = (DATA / "GEDEvent_v24_0_1_noheader.csv").read_text().splitlines()
    lines[1] = lines[1].replace("2025-02-01 00:00:00.000", "2025-02-30 00:00:00.000", 1)
    path = tmp_path / "GEDEvent_v24_0_1.csv"
    path.write_text("\n".join(lines) + "\n")

    with pytest.raises(ImportFailed) as failure:
        events_import_ucdp(path, progress=False)

    assert [(e.line, e.column) for e in failure.value.errors] == [(2, "date_start")]


def test_a_ucdp_api_page_of_a_larger_answer_imports_and_says_it_is_one_page(db, tmp_path):
    """The UCDP API answers in pages (NextPageUrl): a saved page imports its own events, and the
    summary says it is part of the answer, with the next page's URL, not the whole of it."""
    page = json.loads((DATA / "ucdp_api_page.json").read_text(encoding="utf-8"))
    next_url = "https://ucdpapi.pcr.uu.se/api/gedevents/25.1?pagesize=2&page=1"
    page.update(TotalCount=7, TotalPages=4, NextPageUrl=next_url)
    path = tmp_path / "page0.json"
    path.write_text(json.dumps(page), encoding="utf-8")

    report = events_import_ucdp(path, progress=False)

    assert (report.rows, report.created, report.errors) == (2, 2, [])
    assert "one page of 4 of the API's answer: 2 of its 7 events" in report.format
    assert next_url in report.summary()


def test_a_whole_ucdp_api_answer_in_one_page_says_nothing_more(db):
    report = events_import_ucdp(DATA / "ucdp_api_page.json", progress=False)
    assert "page" not in report.format.replace("API JSON page", "")


def test_acled_before_2019_maps_its_old_event_types_and_keeps_what_the_file_said(db):
    """A real excerpt of ACLED's Version 7 data (tests/data/README.md): upper-case header, GWNO,
    ALLY_ACTOR_1, no sub-event type, "Riots/Protests" split by the first actor's inter code."""
    report = events_import_acled(DATA / "acled_v7_pre2019_excerpt.csv", progress=False)

    assert (report.rows, report.created, report.errors) == (4, 4, [])
    assert eras.ACLED_PRE_2019 in report.format
    shot = assert_event(
        "acled",
        "1416RTA",
        date=dt.date(2001, 4, 18),
        precision=DAY,
        fatalities=1,
        roles={
            ("actor1", "Police Forces of Algeria (1999-)"),
            ("actor2", "Civilians (Algeria)"),
            ("assoc2", "Berber Ethnic Group (Algeria)"),
        },
    )
    # The old type did not tell the sub-type: unknown, not guessed; the old type is kept.
    assert (shot.event_type, shot.sub_event_type) == ("Violence against civilians", "")
    assert shot.extra["event_type_before_2019"] == "Violence against civilians"
    assert (shot.country_code, shot.place_name) == ("DZ", "Beni Douala")
    riot, protest = imported("acled", "2229RTA"), imported("acled", "2230RTA")
    assert (riot.event_type, protest.event_type) == ("Riots", "Protests")  # inter1 5, 6
    assert link_roles(protest) == {
        ("actor1", "Protesters (Algeria)"),
        ("assoc1", "Students (Algeria)"),
    }


def test_acled_before_2019_refuses_what_its_old_taxonomy_cannot_tell(db, tmp_path):
    lines = (DATA / "acled_v7_pre2019_excerpt.csv").read_text(encoding="utf-8").splitlines()
    battle = (
        lines[1]
        .replace("1416RTA", "9001RTA")
        .replace("Violence against civilians", "Battle-Government regains territory")
    )
    no_inter = lines[3].replace("2230RTA", "9002RTA").replace(",6,,,0,60,", ",,,,0,60,")
    unknown = lines[1].replace("1416RTA", "9003RTA").replace("Violence against civilians", "War")
    path = tmp_path / "old.csv"
    path.write_text("\n".join([lines[0], battle, no_inter, unknown]) + "\n", encoding="utf-8")

    with pytest.raises(ImportFailed) as failed:
        events_import_acled(path, progress=False)

    errors = {(e.line, e.column): e.message for e in failed.value.errors}
    assert set(errors) == {(3, "event_type"), (4, "event_type")}
    assert "inter1 tells which (5 rioters, 6 protesters)" in errors[3, "event_type"]
    assert "Battle-No change of territory" in errors[4, "event_type"]
    assert Event.objects.count() == 0

    report = events_import_acled(path, progress=False, skip_bad=True)
    battle_event = imported("acled", "9001RTA")
    assert (report.created, report.skipped) == (1, 2)
    assert (battle_event.event_type, battle_event.sub_event_type) == (
        "Battles",
        "Government regains territory",
    )
