"""An id no row can have (negative, zero, past the id column's 2^63 - 1, past 2^64) is a 404 on
every endpoint that takes one, never a 500 (issue 12): on both databases, from hypothesis'
unbounded integers and the edges written out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.converters import MAX_ID
from events.models import Event

EDGES = [-(2**64), -1, 0, MAX_ID, MAX_ID + 1, 2**64 - 1, 2**64, 2**64 + 1, 10**30]
PUBLIC = ["/events/{}/", "/events/{}.json"]
ADMIN = [
    "/admin/events/event/{}/history/",
    "/admin/events/actor/{}/delete/",
    "/admin/events/actor/{}/change/",
    "/admin/events/event/1/history/{}/",
]


def assert_no_such_object(response, url: str) -> None:
    # The admin answers a missing object by sending the curator back to its list (Django's own
    # behaviour for any missing id); every other page and endpoint is a 404.
    assert response.status_code in {302, 404}, (url, response.status_code)
    if url.startswith("/events/"):
        assert response.status_code == 404, url
    if url.endswith(".json"):
        assert response.json() == {"errors": {"id": "No such event."}}


@pytest.mark.django_db
@pytest.mark.parametrize("number", EDGES)
@pytest.mark.parametrize("pattern", PUBLIC + ADMIN)
def test_an_id_outside_the_column_range_is_not_found(seeded, staff_client, number, pattern):
    url = pattern.format(number)
    response = staff_client.get(url)
    assert_no_such_object(response, url)


@pytest.mark.django_db
def test_the_largest_id_is_still_an_id(seeded, client):
    """The bound is the column's, not lower: an event stored at 2^63 - 1 opens."""
    event = Event.objects.filter(status=Event.Status.VERIFIED).first()
    event.pk, event.external_id = MAX_ID, "the-last-id"
    event.save(force_insert=True)
    assert client.get(f"/events/{MAX_ID}/").status_code == 200
    assert client.get(f"/events/{MAX_ID}.json").json()["id"] == MAX_ID


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(number=st.integers())
def test_any_integer_as_an_event_id_is_an_answer(seeded, client, number):
    for pattern in PUBLIC:
        url = pattern.format(number)
        response = client.get(url)
        if number in range(1, MAX_ID + 1) and Event.objects.public().filter(pk=number).exists():
            assert response.status_code == 200, url
        else:
            assert_no_such_object(response, url)
