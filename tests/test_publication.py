"""Publication rules: drafts and rejected events never reach anyone but staff who ask for them.

Every endpoint, download and page is checked as anonymous, as a signed-in non-staff user and as
staff who did not ask for unpublished events (no draft published by accident).
"""

import json

import pytest
from django.contrib.gis.geos import Point

from events.models import Actor, Event
from tests.support.factories import actor_make, event_make

MARKER = "UNPUBLISHED-MARKER"
SECRET_ACTOR = "Secret Militia Of The Draft"


@pytest.fixture
def unpublished(seeded):
    """A draft and a rejected event, each linked to Russia and to an actor with no other event."""
    russia = Actor.objects.get(slug="russia")
    secret = actor_make(SECRET_ACTOR, slug="secret-militia")
    return [
        event_make(
            summary=f"{MARKER} {status} event",
            place_name=f"{MARKER} village",
            location=Point(37.51, 36.37, srid=4326),
            country_code="",
            status=status,
            actors=[(russia, "actor1"), (secret, "actor2")],
        )
        for status in (Event.Status.DRAFT, Event.Status.REJECTED)
    ]


@pytest.fixture(params=["anonymous", "reader", "staff"])
def viewer(request, client, plain_user, staff_user):
    """Who asks: nobody, a signed-in reader, or staff not asking for unpublished events."""
    if request.param == "reader":
        client.force_login(plain_user)
    elif request.param == "staff":
        client.force_login(staff_user)
    return client


def content(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode()


LISTS = [
    "/",
    "/api/events.geojson",
    "/api/events.geojson?download=1&actor=russia",
    "/api/events.csv",
    "/api/events.csv?q=UNPUBLISHED",
    "/api/actors.json",
    "/api/facets.json",
    "/api/timeline.json",
    "/api/map.json?zoom=3",
    "/api/map.json?zoom=12&actor=russia",
    "/api/snapshot.html",
]


@pytest.mark.parametrize("url", LISTS)
def test_no_endpoint_shows_unpublished_events(unpublished, viewer, url):
    response = viewer.get(url)
    assert response.status_code == 200
    text = content(response)
    assert MARKER not in text
    assert SECRET_ACTOR not in text


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_unpublished_events_are_not_found_by_id(unpublished, client, plain_user, suffix):
    client.force_login(plain_user)
    for event in unpublished:
        assert client.get(f"/events/{event.pk}{suffix}").status_code == 404


def test_counts_leave_unpublished_events_out(unpublished, viewer):
    verified = Event.objects.public().located()
    russia = verified.filter(event_actors__actor__slug="russia").distinct().count()
    timeline = viewer.get("/api/timeline.json").json()
    assert timeline["total"] == verified.count()
    actors = {a["slug"]: a["count"] for a in viewer.get("/api/actors.json").json()["actors"]}
    assert actors["russia"] == russia
    assert "secret-militia" not in actors
    clusters = json.loads(viewer.get("/api/map.json", {"zoom": 3}).content)
    assert clusters["total"] == verified.count()


@pytest.mark.parametrize("status", ["draft", "rejected", "all"])
def test_only_staff_may_ask_for_unpublished_events(unpublished, client, plain_user, status):
    for who in (None, plain_user):
        if who:
            client.force_login(who)
        response = client.get("/api/events.geojson", {"status": status})
        assert response.status_code == 400
        assert response.json()["errors"]["status"]


def test_staff_see_unpublished_events_when_they_ask(unpublished, staff_client):
    response = staff_client.get("/api/events.csv", {"status": "draft,rejected"})
    assert content(response).count(MARKER) == 4  # summary and place name of each
    for event in unpublished:
        assert staff_client.get(f"/events/{event.pk}/").status_code == 200


def test_an_inactive_staff_account_sees_only_published_events(unpublished, client, staff_user):
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)
    assert client.get("/api/events.geojson", {"status": "draft"}).status_code == 400
