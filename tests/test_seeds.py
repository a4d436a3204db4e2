"""The seed report's curated events load, geocode and stay put."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from events.geo.geodesy import km_between
from events.models import Actor, ActorAlias, Event, EventActor, Place, Source
from events.services.seeds import seeds_load

SEEDS = Path(settings.BASE_DIR) / "seeds"


def snapshot():
    return {
        "events": sorted(
            Event.objects.values_list(
                "id", "external_id", "date", "place_id", "status", "summary", "updated"
            )
        ),
        "links": sorted(EventActor.objects.values_list("id", "event_id", "actor_id", "role")),
        "actors": sorted(Actor.objects.values_list("id", "slug", "name")),
        "aliases": sorted(ActorAlias.objects.values_list("id", "normalized")),
        "places": sorted(Place.objects.values_list("id", "geonames_id")),
        "sources": sorted(Source.objects.values_list("id", "checksum")),
    }


def test_load_seeds_twice_gives_the_same_rows(db):
    call_command("load_seeds", verbosity=0)
    before = snapshot()
    call_command("load_seeds", verbosity=0)
    assert snapshot() == before
    assert len(before["events"]) == 8


def test_second_load_reports_nothing_changed(db):
    seeds_load()
    summary = seeds_load()
    assert (summary.events_created, summary.events_updated) == (0, 0)


def test_al_bab_strikes_are_held_as_curated(seed_event):
    event = seed_event("seed-2017-01-18-al-bab-joint-strikes")
    assert event.date == dt.date(2017, 1, 18)
    assert event.date_precision == Event.DatePrecision.DAY
    assert event.sub_event_type == "Air/drone strike"
    assert event.status == Event.Status.VERIFIED
    roles = {(ea.actor.slug, ea.role) for ea in event.event_actors.all()}
    assert roles == {("russia", "actor1"), ("turkey", "assoc1"), ("islamic-state", "actor2")}
    assert event.place.geonames_id == 174018
    assert km_between((event.location.y, event.location.x), (36.37051, 37.5157)) < 5


def test_every_seed_quote_is_a_sentence_of_the_stored_report(seeded):
    report = (SEEDS / "report-2017-01-18-presstv-al-bab.txt").read_text(encoding="utf-8")
    source = Source.objects.get()
    assert source.text == report
    assert source.published == dt.date(2017, 1, 18)
    for event in Event.objects.all():
        assert event.source == source
        assert event.quote and event.quote in report


def test_places_given_in_other_spellings_share_one_row(seed_event):
    dayr = seed_event("seed-2017-01-18-dayr-al-zawr-air-support")
    palmyra = seed_event("seed-2017-01-18-palmyra-air-support")
    assert dayr.place.name == "Deir ez-Zor" and dayr.place_name == "Dayr al-Zawr"
    assert palmyra.place.name == "Tadmur" and palmyra.place.country_code == "SY"


def test_month_and_week_precision_events(seed_event):
    aleppo = seed_event("seed-2016-12-aleppo-recaptured")
    assert aleppo.date_precision == Event.DatePrecision.MONTH
    assert (aleppo.date, aleppo.end_date) == (dt.date(2016, 12, 1), dt.date(2016, 12, 31))
    assert aleppo.sub_event_type == "Government regains territory"
    astana = seed_event("seed-2017-01-astana-talks")
    assert astana.date_precision == Event.DatePrecision.WEEK
    assert astana.place.country_code == "KZ"
    assert astana.sub_event_type == "Agreement"


def test_ceasefire_is_country_level(seed_event):
    ceasefire = seed_event("seed-2016-12-nationwide-ceasefire")
    assert ceasefire.geo_precision == Event.GeoPrecision.REGION
    assert ceasefire.event_type == "Strategic developments"


def test_events_the_report_does_not_place_are_kept_unlocated(seeded):
    unlocated = set(Event.objects.unlocated().values_list("external_id", flat=True))
    assert unlocated == {
        "seed-2017-01-air-coordination-memorandum",
        "seed-2016-08-euphrates-shield",
    }


def test_a_seed_place_the_gazetteer_lacks_leaves_the_event_unlocated(db, tmp_path):
    for name in ("actors.json", "report-2017-01-18-presstv-al-bab.txt"):
        (tmp_path / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    events = (SEEDS / "events.json").read_text(encoding="utf-8")
    (tmp_path / "events.json").write_text(
        events.replace('"place": "al-Bab"', '"place": "Tell Nowhere al-Saghir"'), encoding="utf-8"
    )
    summary = seeds_load(seeds_dir=tmp_path)
    event = Event.objects.get(external_id="seed-2017-01-18-al-bab-joint-strikes")
    assert event.location is None and event.place is None
    assert event.place_name == "Tell Nowhere al-Saghir"
    assert "seed-2017-01-18-al-bab-joint-strikes" in summary.unlocated
    assert Event.objects.count() == 8
