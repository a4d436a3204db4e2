"""Missing is missing: ACLED files written through R say NA where a value is missing, UCDP's
leave the cell empty; neither becomes an actor, an associated actor, a source or a number."""

from __future__ import annotations

import datetime as dt

from events.models import Actor, ActorAlias, Event, Source
from events.services.imports import eras
from events.services.imports.acled import events_import_acled
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import DATA, UCDP_SMALL, csv_rewrite, csv_rows
from tests.support.imported import link_roles

NA = "NA"


def assert_nothing_called_na() -> None:
    assert not Actor.objects.filter(name__iexact=NA).exists()
    assert not ActorAlias.objects.filter(alias__iexact=NA).exists()
    assert not Source.objects.filter(title__iexact=NA).exists()
    for extra in Event.objects.values_list("extra", flat=True):
        assert NA not in extra.values()


def test_acled_na_cells_create_no_actor_source_or_value(db):
    report = events_import_acled(DATA / "acled_current_na.csv", progress=False)

    assert (report.created, report.errors) == (3, [])
    assert eras.ACLED_CURRENT in report.format
    assert_nothing_called_na()
    # actor2, assoc_actor_1 and assoc_actor_2 are NA: only actor1 is linked.
    lone = Event.objects.get(external_id="UKR148710")
    assert link_roles(lone) == {("actor1", "Military Forces of Russia (2000-) Air Force")}
    assert "tags" not in lone.extra and "civilian_targeting" not in lone.extra
    assert lone.date == dt.date(2024, 2, 16)
    # source NA: no source; fatalities NA: unknown (null), not 0.
    assert Event.objects.get(external_id="UKR146649").source_id is None
    assert Event.objects.get(external_id="UKR145564").fatalities is None
    assert Event.objects.get(external_id="UKR148710").fatalities == 0


def test_reimporting_with_the_values_filled_in_links_them(db):
    events_import_acled(DATA / "acled_current_na.csv", progress=False)

    report = events_import_acled(DATA / "acled_current.csv", progress=False)

    assert report.updated == 2  # the source and the fatality count, now known
    assert Event.objects.get(external_id="UKR145564").fatalities == 1
    assert Source.objects.get(events__external_id="UKR146649").title == "Suspilne Media"
    assert_nothing_called_na()


def test_ucdp_empty_and_na_cells_create_no_actor_or_source(db, tmp_path):
    def unknown(row):
        if row["id"] == "180002":
            row.update(side_b=NA, source_office=NA, best=NA, adm_1=NA)
        if row["id"] == "180004":
            row.update(side_b="", source_office="", best="")
        return row

    path = csv_rewrite(UCDP_SMALL, tmp_path / "ged.csv", unknown)
    report = events_import_ucdp(path, progress=False)

    assert (report.created, report.errors) == (len(csv_rows(UCDP_SMALL)), [])
    assert_nothing_called_na()
    for external_id in ("180002", "180004"):
        e = Event.objects.get(dataset="ucdp", external_id=external_id)
        assert {role for role, _ in link_roles(e)} == {"actor1"}
        assert (e.source_id, e.fatalities) == (None, None)
