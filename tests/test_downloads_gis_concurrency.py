"""GIS downloads one web process streams at once (GIS_DOWNLOAD_CONCURRENCY): each holds its
slot while its body streams, since the file is written then (a GDAL child of ~110 MB for a
GeoPackage), and gives it back when the body is read to the end or closed (a client gone)."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from tests.support.factories import event_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_at_a_time(settings):
    settings.GIS_DOWNLOAD_CONCURRENCY = 1


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def closed(response) -> None:
    """Close a response as the server does when its client goes away. Without the connection
    closer, as Django's test client closes its own responses: the test's database connection
    is the one the request used, inside the test's transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_second_download_while_one_streams_is_a_503_with_retry_after(one_at_a_time, client):
    event_make()
    streaming = client.get("/api/events.parquet")  # its body not read yet: the slot is held
    assert streaming.status_code == 200
    busy = client.get("/api/events.parquet")
    assert busy.status_code == 503
    assert busy["Retry-After"] == "10"
    assert busy.json()["error"] == "busy"
    assert body(streaming)[:4] == b"PAR1"  # read to the end: the slot is free again
    again = client.get("/api/events.parquet")
    assert again.status_code == 200 and body(again)[:4] == b"PAR1"


def test_a_closed_download_frees_its_slot_and_a_refusal_holds_none(one_at_a_time, client):
    left = client.get("/api/events.kml")
    closed(left)  # the client went away before reading it
    assert client.get("/api/events.kml?country=nowhere").status_code == 400
    assert client.get("/api/events.kml?country=nowhere").status_code == 400
    kept = client.get("/api/events.kml")
    assert kept.status_code == 200
    assert b"<kml" in body(kept)


def test_each_format_has_slots_of_its_own(one_at_a_time, client):
    held = client.get("/api/events.kml")
    other = client.get("/api/events.parquet")
    assert held.status_code == 200 and other.status_code == 200
    closed(held)
    closed(other)
