"""The whole pipeline on the seed report: drafts that match the curated events, idempotence,
the command's --json, and the admin's "Extract events"."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from events.geo.geodesy import km_between
from events.models import Actor, Event, EventActor, Place, PlaceLookup, Source
from events.services.ingest import DATASET, report_extract, report_ingest
from events.services.seeds import SEEDS_DIR

REPORT = SEEDS_DIR / "report-2017-01-18-presstv-al-bab.txt"
PUBLISHED = dt.date(2017, 1, 18)
# GeoNames coordinates the acceptance check names.
EXPECTED = {
    "Al Bāb": (36.37051, 37.5157),
    "Aleppo": (36.20124, 37.16117),
    "Deir ez-Zor": (35.33588, 40.14084),
    "Tadmur": (34.5624, 38.28402),
    "Astana": (51.1801, 71.44598),
}
FALSE_PLACES = {"press", "iran", "most", "of", "washington", "euphrates", "union", "sham", "the"}


@pytest.fixture
def report_text():
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture
def ingested(seeded, report_text):
    return report_ingest(
        report_text,
        published=PUBLISHED,
        title="Russia says Turkey jets join anti-Daesh operation in Syria's al-Bab",
        publisher="Iran Press TV",
    )


def roles_of(event: Event) -> set[tuple[str, str]]:
    return {(ea.actor.slug, ea.role) for ea in event.event_actors.select_related("actor")}


def drafts_at(name: str) -> list[Event]:
    return list(Event.objects.filter(dataset=DATASET, place__name=name))


def test_every_seed_place_is_found_and_placed_within_5_km(ingested):
    for name, (lat, lon) in EXPECTED.items():
        events = drafts_at(name)
        assert events, f"no draft at {name}"
        for event in events:
            assert km_between((event.location.y, event.location.x), (lat, lon)) < 5


def test_no_false_places(ingested):
    found = {p.text.lower() for p in ingested.extraction.places}
    assert not found & FALSE_PLACES
    names = set(Event.objects.filter(dataset=DATASET).values_list("place__name", flat=True))
    assert "Washington" not in names
    placed_countries = {
        e.place.country_code for e in Event.objects.filter(dataset=DATASET, place__isnull=False)
    }
    assert placed_countries <= {"SY", "KZ"}


def test_al_bab_strikes_joint_actors_target_day_and_relative_check(ingested):
    (event,) = [e for e in drafts_at("Al Bāb") if e.sub_event_type == "Air/drone strike"]
    assert event.event_type == "Explosions/Remote violence"
    assert roles_of(event) == {
        ("russia", "actor1"),
        ("turkey", "assoc1"),
        ("islamic-state", "actor2"),
    }
    assert event.date == dt.date(2017, 1, 18)
    assert event.date_precision == Event.DatePrecision.DAY
    check = event.extraction["relative_check"]
    assert check["anchor"] == "Aleppo"
    assert check["stated_km"] == 40
    assert check["bearing"] == "northeast"
    assert 0 < check["gap_km"] < 20
    assert check["consistent"] is True


def test_drafts_match_the_curated_seed_events(ingested):
    """Each curated event has a draft with its type, date, precision, place and actors."""
    gold = json.loads((SEEDS_DIR / "events.json").read_text())["events"]
    drafts = list(Event.objects.filter(dataset=DATASET))
    for spec in gold:
        matches = [
            d
            for d in drafts
            if d.sub_event_type == spec["sub_event_type"]
            and d.date.isoformat() == spec["date"]
            and d.date_precision == spec["date_precision"]
            and (d.end_date.isoformat() if d.end_date else None) == spec.get("end_date")
            and roles_of(d) == {tuple(a) for a in spec["actors"]}
        ]
        assert len(matches) == 1, spec["key"]
        draft = matches[0]
        if spec["place"]:
            seed_place = Event.objects.get(dataset="seed", external_id=spec["key"]).place
            assert draft.place_id == seed_place.pk, spec["key"]
        else:
            assert draft.location is None, spec["key"]
        assert draft.quote == spec["quote"], spec["key"]


def test_drafts_are_drafts_with_quotes_offsets_confidence_and_reasons(ingested, report_text):
    drafts = Event.objects.filter(dataset=DATASET)
    assert drafts.count() == len(ingested.created) >= 8
    for event in drafts:
        assert event.status == Event.Status.DRAFT
        assert event.source_id == ingested.source.pk
        assert report_text[event.quote_start : event.quote_end] == event.quote
        assert 0 < event.confidence <= 1
        assert event.extraction["reasons"]
        assert event.external_id.startswith(ingested.source.checksum[:16])
    assert not Event.objects.public().filter(dataset=DATASET).exists()


def test_seed_source_is_reused_by_checksum(ingested):
    seed_source = Event.objects.filter(dataset="seed").first().source
    assert ingested.source.pk == seed_source.pk
    assert not ingested.source_created


def test_ingesting_twice_creates_nothing(ingested, report_text):
    counts = (Event.objects.count(), Source.objects.count(), Actor.objects.count())
    again = report_ingest(report_text, published=PUBLISHED)
    assert again.created == []
    assert len(again.existing) == len(ingested.created)
    assert (Event.objects.count(), Source.objects.count(), Actor.objects.count()) == counts


def test_report_extract_writes_nothing(seeded, report_text):
    tables = [Event, EventActor, Place, PlaceLookup, Source, Actor]
    before = [m.objects.count() for m in tables]
    extraction = report_extract(report_text, published=PUBLISHED)
    assert len(extraction.proposals) >= 8
    assert [m.objects.count() for m in tables] == before


def test_publication_date_from_the_dateline_when_not_given(seeded, report_text):
    extraction = report_extract(report_text)
    assert extraction.published == PUBLISHED
    assert extraction.published_from == "dateline"


def test_ingest_command_json_shape(seeded, tmp_path, report_text):
    path = tmp_path / "report.txt"
    path.write_text(report_text, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(path), "--published", "2017-01-18", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"source", "events"}
    assert payload["source"]["published"] == "2017-01-18"
    assert payload["source"]["checksum"] == Source.objects.get(pk=payload["source"]["id"]).checksum
    assert len(payload["events"]) == Event.objects.filter(dataset=DATASET).count()
    for event in payload["events"]:
        assert {"date", "date_precision", "event_type", "sub_event_type", "place", "actors",
                "fatalities", "quote"} <= set(event)  # fmt: skip
        assert event["quote"] in report_text
        for actor in event["actors"]:
            assert set(actor) == {"name", "role"}
        if event["place"] is not None:
            assert set(event["place"]) == {"name", "latitude", "longitude", "country_code"}
    al_bab = [e for e in payload["events"] if e["place"] and e["place"]["name"] == "Al Bāb"]
    assert {a["name"] for a in al_bab[0]["actors"]} == {
        "Military Forces of Russia",
        "Military Forces of Turkey",
        "Islamic State",
    }


def test_ingest_command_text_output_and_dry_run(seeded, tmp_path, report_text):
    path = tmp_path / "report.txt"
    path.write_text(report_text, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(path), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not Event.objects.filter(dataset=DATASET).exists()
    out = io.StringIO()
    call_command("ingest", str(path), "--title", "Al-Bab", stdout=out)
    assert "draft event(s) created" in out.getvalue()
    assert Event.objects.filter(dataset=DATASET).exists()


def test_admin_extract_events_action(seeded, staff_client, report_text):
    source = Source.objects.create(title="Pasted report", text=report_text)  # no checksum yet
    url = "/admin/events/source/"
    response = staff_client.post(
        url, {"action": "extract_events", "_selected_action": [source.pk]}, follow=True
    )
    assert response.status_code == 200
    created = Event.objects.filter(dataset=DATASET, source=source)
    assert created.count() >= 8
    assert all(e.status == Event.Status.DRAFT for e in created)
    assert "draft event(s) created" in response.content.decode()
    source.refresh_from_db()
    assert source.checksum  # filled in, so a later re-ingest finds it
    # Twice: nothing new.
    staff_client.post(url, {"action": "extract_events", "_selected_action": [source.pk]})
    assert Event.objects.filter(dataset=DATASET, source=source).count() == created.count()


def test_admin_extract_events_on_an_empty_source_warns(staff_client, db):
    source = Source.objects.create(title="Nothing yet")
    response = staff_client.post(
        "/admin/events/source/",
        {"action": "extract_events", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "has no text to extract events from" in response.content.decode()
    assert not Event.objects.exists()
