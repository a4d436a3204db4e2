"""Places learn from imports: a village GeoNames lacks is found once a dataset names it."""

import datetime as dt

from events.geo.gazetteer import get_gazetteer
from events.geo.geodesy import km_between
from events.models import Event, Place
from events.services.imports.acled import events_import_acled
from events.services.ingest import report_extract, report_ingest
from tests.support.csvfiles import ACLED_SMALL, csv_rewrite

VILLAGE = "Tall Jurnayyat"  # not in GeoNames' 500-population list
POINT = (36.4612, 37.8123)


def _village_row(row: dict) -> dict | None:
    if row["event_id_cnty"] != "SYR1001":
        return None
    return row | {
        "event_id_cnty": "SYR9001",
        "location": VILLAGE,
        "admin1": "Aleppo",
        "admin2": "Al Bab",
        "latitude": str(POINT[0]),
        "longitude": str(POINT[1]),
    }


REPORT = f"Syrian government forces shelled {VILLAGE} on Tuesday, killing three civilians."


def test_an_imported_village_places_a_report_that_names_it(seeded, tmp_path):
    assert not get_gazetteer().candidates(VILLAGE)
    before = report_extract(REPORT, published=dt.date(2023, 7, 1), require_places=False)
    assert not [p for p in before.places if p.entry is not None]

    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "village.csv", _village_row),
                        progress=False)  # fmt: skip
    imported = Place.objects.get(name=VILLAGE)

    result = report_ingest(REPORT, published=dt.date(2023, 7, 1))
    (draft,) = [e for e in result.created if e.place_name == VILLAGE]
    assert draft.place == imported
    assert km_between((draft.location.y, draft.location.x), POINT) < 0.1
    assert draft.status == Event.Status.DRAFT
    why = draft.extraction["place"]["why"]
    assert any("SY" in w for w in why)


def test_an_imported_village_is_not_taken_for_a_namesake_abroad(seeded, tmp_path):
    events_import_acled(csv_rewrite(ACLED_SMALL, tmp_path / "village.csv", _village_row),
                        progress=False)  # fmt: skip
    extraction = report_extract(
        f"Police in Brazil said a fair was held in {VILLAGE}, Brazil, on Tuesday.",
        published=dt.date(2023, 7, 1),
        require_places=False,
    )
    assert all(p.country_code != "SY" for p in extraction.places if p.entry is not None)
