"""The geocoder failing (issue 6): GEOCODER=nominatim pointed at a closed port (geopy's real
Nominatim client failing to connect) leaves events stored, unlocated, with the reason; nothing is
cached as "not found", so a later lookup succeeds once the geocoder answers again."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.domain.names import normalize_name
from events.models import Event, PlaceLookup
from events.services.events import event_geocode_again
from events.services.places import place_geocode
from events.services.seeds import seeds_load
from tests.support.network import free_port

VILLAGE = "Qarrat al-Sharqiyah"  # in no gazetteer: the configured geocoder is asked
REPORT = (
    "Damascus, 18 January 2017. Syrian troops clashed with rebels in the village of "
    f"{VILLAGE} on Tuesday. Russian jets struck Islamic State positions in al-Bab."
)


@pytest.fixture
def nominatim_down(settings):
    """GEOCODER=nominatim on a port nobody listens on: geopy's Nominatim fails to connect."""
    port = free_port()
    settings.GEOCODER = "nominatim"
    settings.NOMINATIM_URL = f"http://127.0.0.1:{port}"
    return port


def nominatim_lookups():
    return PlaceLookup.objects.filter(geocoder="nominatim")


def village_event() -> Event:
    return Event.objects.get(dataset="ingest", place_name=VILLAGE)


def ingest_report(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    call_command("ingest", str(report), "--published", "2017-01-18", stdout=io.StringIO())


def test_a_failing_geocoder_leaves_ingested_events_unlocated_with_the_reason(
    seeded, nominatim_down, tmp_path
):
    ingest_report(tmp_path)
    event = village_event()
    assert event.location is None and event.place is None
    assert event.unlocated_reason.startswith(
        f"Geocoder nominatim unavailable when looking up “{VILLAGE}”"
    )
    # geopy's error, with its cause
    assert f"127.0.0.1', port={nominatim_down}" in event.unlocated_reason
    assert "Connection refused" in event.unlocated_reason
    assert event.unlocated_reason.endswith("Nothing was cached: geocode again later.")
    # The place the offline gazetteer knows is placed as ever; nothing is lost.
    al_bab = Event.objects.get(dataset="ingest", place__geonames_id=174018)
    assert al_bab.location is not None and al_bab.unlocated_reason == ""
    # The failure is no answer: not cached as "not found".
    assert not nominatim_lookups().exists()

    # Geocoding again while it is still down: the same, nothing cached.
    assert event_geocode_again(event=event) is False
    event.refresh_from_db()
    assert event.location is None and "unavailable" in event.unlocated_reason
    with pytest.raises(CommandError, match="unavailable") as failed:
        call_command("geocode", "--unlocated")
    assert failed.value.returncode == 3
    with pytest.raises(CommandError, match="Nothing was cached") as failed:
        call_command("geocode", VILLAGE, "--country", "SY")
    assert failed.value.returncode == 3
    assert not nominatim_lookups().exists()
    assert Event.objects.filter(dataset="ingest").count() == 2


class FakeNominatim(BaseHTTPRequestHandler):
    """A Nominatim server for the moment the network is back: answers /search as Nominatim does
    (format=json, addressdetails, extratags)."""

    def do_GET(self):
        body = json.dumps(
            [
                {
                    "place_id": 4242,
                    "lat": "36.1234",
                    "lon": "37.4321",
                    "name": VILLAGE,
                    "display_name": f"{VILLAGE}, Aleppo, Syria",
                    "address": {"village": VILLAGE, "state": "Aleppo", "country_code": "sy"},
                    "extratags": {},
                }
            ]
            if self.path.startswith("/search")
            else []
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_once_the_geocoder_answers_again_the_event_is_placed_and_the_reason_cleared(
    seeded, nominatim_down, tmp_path, staff_client
):
    ingest_report(tmp_path)
    event = village_event()
    assert "unavailable" in event.unlocated_reason
    # Curators see why, in the admin and on the event page.
    admin_page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert "Geocoder nominatim unavailable" in admin_page.content.decode()
    event.status = Event.Status.VERIFIED
    event.save()
    assert "Why, for curators: Geocoder nominatim unavailable" in (
        staff_client.get(event.get_absolute_url()).content.decode()
    )

    server = ThreadingHTTPServer(("127.0.0.1", nominatim_down), FakeNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        call_command("geocode", "--unlocated", stdout=io.StringIO())
    finally:
        server.shutdown()
        server.server_close()
    event.refresh_from_db()
    assert (round(event.location.y, 4), round(event.location.x, 4)) == (36.1234, 37.4321)
    assert event.place.name == VILLAGE and event.country_code == "SY"
    assert event.unlocated_reason == ""
    (lookup,) = nominatim_lookups()
    assert lookup.normalized == normalize_name(VILLAGE) and lookup.place == event.place
    assert "Why, for curators" not in staff_client.get(event.get_absolute_url()).content.decode()


def test_a_place_the_offline_gazetteer_does_not_know_is_recorded_as_not_found(seeded, tmp_path):
    ingest_report(tmp_path)
    event = village_event()
    assert event.location is None
    # Looked up in the report's country (Syria: the dateline, the troops), as the draft is placed.
    assert event.unlocated_reason == f"Place “{VILLAGE}” not found in SY by the geonames geocoder."
    assert event.country_code == "SY"
    # A real answer, so it is cached (asked once).
    lookup = PlaceLookup.objects.get(normalized=normalize_name(VILLAGE), geocoder="geonames")
    assert lookup.place is None
    assert place_geocode(name=VILLAGE) is None


def test_seeds_load_with_the_geocoder_down_keeps_every_event(db, nominatim_down):
    summary = seeds_load()
    assert summary.events_created == Event.objects.filter(dataset="seed").count() == 8
    placed_by_name = Event.objects.filter(dataset="seed").exclude(place_name="")
    assert placed_by_name.exists()
    for event in placed_by_name:
        assert event.location is None
        assert event.unlocated_reason.startswith("Geocoder nominatim unavailable")
    assert not nominatim_lookups().exists()
