"""Who verified and when is recorded on any transition to verified (the one write path, the bulk
action, the Status field of the change form) and cleared on a transition away."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import Event
from events.services.events import event_update, events_set_status
from tests.support.adminforms import admin_form_data
from tests.support.curation import draft_make, gazetteer_place
from tests.support.factories import actor_make


@pytest.fixture
def draft(db):
    """A draft a curator has written up: ready to publish."""
    return draft_make(
        place=gazetteer_place("Nawa", "SY"),
        summary="An air strike on Nawa.",
        actors=[(actor_make("Military Forces of Syria"), "actor1")],
    )


def test_verifying_records_who_and_when_and_leaving_verified_clears_them(draft, staff_user):
    event_update(event=draft, changes={"status": Event.Status.VERIFIED}, user=staff_user)
    draft.refresh_from_db()
    assert draft.verified_by == staff_user and draft.verified_at is not None
    assert draft.history.latest().history_user == staff_user

    event_update(event=draft, changes={"status": Event.Status.DRAFT}, user=staff_user)
    draft.refresh_from_db()
    assert draft.verified_by is None and draft.verified_at is None


def test_an_edit_of_a_verified_event_keeps_who_verified_it(draft, staff_user):
    other = get_user_model().objects.create_user("second", is_staff=True)
    event_update(event=draft, changes={"status": Event.Status.VERIFIED}, user=staff_user)
    draft.refresh_from_db()
    when = draft.verified_at

    event_update(event=draft, changes={"fatalities": 2}, user=other)

    draft.refresh_from_db()
    assert draft.verified_by == staff_user and draft.verified_at == when


def test_the_bulk_action_path_records_who_verified(draft, staff_user):
    result = events_set_status(events=[draft], status=Event.Status.VERIFIED, user=staff_user)

    assert result.changed == 1 and result.refused == []
    draft.refresh_from_db()
    assert draft.verified_by == staff_user and draft.verified_at is not None


def test_the_status_field_of_the_change_form_records_who_verified(draft, staff_client, staff_user):
    url = reverse("admin:events_event_change", args=[draft.pk])

    response = staff_client.post(url, admin_form_data(staff_client.get(url), status="verified"))

    assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED
    assert draft.verified_by == staff_user and draft.verified_at is not None
