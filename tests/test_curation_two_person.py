"""The two-person rule (VERIFY_REQUIRES=2): an event is public only once two different curators
have verified it; the same curator twice counts once; leaving verified (reject, back to draft)
clears the verifications; the admin says who has verified and how many more are needed; events
verified before migration 0015 keep their verifier as one verification."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from events.models import Event, Verification
from events.services.events import event_update, event_verify, events_set_status
from tests.support.adminforms import admin_form_data
from tests.support.curation import draft_make, gazetteer_place
from tests.support.factories import actor_make

BEFORE_VERIFICATIONS = "0014_event_sources"


@pytest.fixture
def two_person(settings):
    settings.VERIFY_REQUIRES = 2


@pytest.fixture
def draft(db, two_person):
    """A draft a curator has written up: ready to publish."""
    return draft_make(
        place=gazetteer_place("Nawa", "SY"),
        summary="An air strike on Nawa.",
        actors=[(actor_make("Military Forces of Syria"), "actor1")],
    )


@pytest.fixture
def second_curator(db):
    return get_user_model().objects.create_user(
        "second", password="second-pass-123", is_staff=True, is_superuser=True
    )


def public_ids() -> set[int]:
    """The events an anonymous visitor gets from the GeoJSON."""
    response = Client().get("/api/events.geojson")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {feature["properties"]["id"] for feature in json.loads(body)["features"]}


def is_public(event: Event) -> bool:
    """Anonymous visitors see it, in the GeoJSON and on its page (asked both, told apart)."""
    in_geojson = event.pk in public_ids()
    page = Client().get(event.get_absolute_url()).status_code
    assert page in {200, 404}
    assert in_geojson == (page == 200), "the GeoJSON and the event page disagree"
    return in_geojson


def test_one_curator_verifying_does_not_publish(draft, staff_user):
    outcome = event_verify(event=draft, user=staff_user)

    draft.refresh_from_db()
    assert not outcome.published and outcome.state.needed == 1
    assert draft.status == Event.Status.DRAFT and draft.verified_by is None
    assert list(draft.verifications.values_list("user__username", flat=True)) == ["curator"]
    assert not is_public(draft)


def test_a_second_curator_verifying_publishes(draft, staff_user, second_curator):
    event_verify(event=draft, user=staff_user)
    outcome = event_verify(event=draft, user=second_curator)

    draft.refresh_from_db()
    assert outcome.published and outcome.state.needed == 0
    assert draft.status == Event.Status.VERIFIED
    assert draft.verified_by == second_curator and draft.verified_at is not None
    assert draft.verifications.count() == 2
    assert is_public(draft)


def test_the_same_curator_verifying_twice_counts_once(draft, staff_user):
    event_verify(event=draft, user=staff_user)
    outcome = event_verify(event=draft, user=staff_user)

    draft.refresh_from_db()
    assert outcome.repeated and not outcome.published
    assert "another curator" in outcome.message()
    assert draft.status == Event.Status.DRAFT and draft.verifications.count() == 1
    assert not is_public(draft)


def test_rejecting_clears_the_verifications(draft, staff_user, second_curator):
    event_verify(event=draft, user=staff_user)
    event_verify(event=draft, user=second_curator)

    event_update(event=draft, changes={"status": Event.Status.REJECTED}, user=staff_user)

    draft.refresh_from_db()
    assert draft.verifications.count() == 0 and draft.verified_by is None
    assert not is_public(draft)
    # Verified again from scratch: one curator is again not enough.
    event_verify(event=draft, user=second_curator)
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT and not is_public(draft)


def test_back_to_draft_clears_the_verifications(draft, staff_user, second_curator):
    event_verify(event=draft, user=staff_user)
    event_verify(event=draft, user=second_curator)

    event_update(event=draft, changes={"status": Event.Status.DRAFT}, user=staff_user)

    assert draft.verifications.count() == 0 and not is_public(draft)


def test_rejecting_a_draft_waiting_for_a_second_curator_clears_the_first(draft, staff_user):
    event_verify(event=draft, user=staff_user)

    events_set_status(events=[draft], status=Event.Status.REJECTED, user=staff_user)

    assert draft.verifications.count() == 0


def test_an_edit_of_a_waiting_draft_keeps_the_first_verification(draft, staff_user):
    event_verify(event=draft, user=staff_user)

    event_update(event=draft, changes={"fatalities": 3}, user=staff_user)

    assert draft.verifications.count() == 1


def test_a_placeholder_is_refused_at_the_first_verification(db, two_person, staff_user):
    placeholder = draft_make(
        place=gazetteer_place("Nawa", "SY"),
        actors=[(actor_make("Military Forces of Syria"), "actor1")],
    )
    with pytest.raises(Exception, match="placeholder"):
        event_verify(event=placeholder, user=staff_user)
    assert placeholder.verifications.count() == 0


def test_with_the_default_one_curator_publishes(db, staff_user):
    event = draft_make(
        place=gazetteer_place("Nawa", "SY"),
        summary="An air strike on Nawa.",
        actors=[(actor_make("Military Forces of Syria"), "actor1")],
    )

    outcome = event_verify(event=event, user=staff_user)

    assert outcome.published and is_public(event)
    assert event.verifications.get().user == staff_user


def test_the_bulk_action_reports_each_event(draft, staff_client, second_curator):
    url = reverse("admin:events_event_changelist")
    action = {"action": "mark_verified", "_selected_action": [str(draft.pk)]}

    first = staff_client.post(url, action, follow=True).content.decode()
    again = staff_client.post(url, action, follow=True).content.decode()

    assert f"Event #{draft.pk}: your verification is recorded" in first
    assert f"Event #{draft.pk}: you have already verified it; another curator" in again
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    second = Client()
    second.force_login(second_curator)
    published = second.post(url, action, follow=True).content.decode()
    assert "1 event(s) verified" in published
    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED and is_public(draft)


def test_the_change_page_says_who_verified_and_how_many_more(draft, staff_client):
    url = reverse("admin:events_event_change", args=[draft.pk])

    response = staff_client.post(url, admin_form_data(staff_client.get(url), status="verified"))

    assert response.status_code == 302, response.context and response.context["errors"]
    page = staff_client.get(url).content.decode()
    assert "Verified by: curator (" in page and "needs 1 more" in page
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_the_changelist_filters_events_awaiting_a_second_verification(
    draft, staff_client, staff_user
):
    untouched = draft_make(place=gazetteer_place("Nawa", "SY"))
    event_verify(event=draft, user=staff_user)
    url = reverse("admin:events_event_changelist")

    response = staff_client.get(url, {"verification": "awaiting"})

    listed = {event.pk for event in response.context["cl"].result_list}
    assert listed == {draft.pk} and untouched.pk not in listed
    assert "1 of 2" in response.content.decode()


def _verified_event_as_of_0013(username: str) -> None:
    """A verified event as 0013 stored it (its verifier on the event), and one verified by no
    one recorded (an import)."""
    apps = MigrationExecutor(connection).loader.project_state(("events", BEFORE_VERIFICATIONS)).apps
    user = apps.get_model("auth", "User").objects.create(username=username, is_staff=True)
    fields = {
        "date": dt.date(2017, 1, 18),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "status": "verified",
    }
    Event = apps.get_model("events", "Event")
    at = dt.datetime(2017, 1, 19, 10, tzinfo=dt.UTC)
    Event.objects.create(summary="By a curator", verified_by=user, verified_at=at, **fields)
    Event.objects.create(summary="Imported", **fields)


@pytest.mark.django_db(transaction=True)
def test_events_verified_before_0015_keep_their_verifier_as_a_verification():
    call_command("migrate", "events", BEFORE_VERIFICATIONS, verbosity=0)
    try:
        _verified_event_as_of_0013("old-curator")
    finally:
        call_command("migrate", "events", verbosity=0)

    verified = Event.objects.get(summary="By a curator")
    (verification,) = Verification.objects.filter(event=verified)
    assert verification.user.username == "old-curator"
    assert verification.at == dt.datetime(2017, 1, 19, 10, tzinfo=dt.UTC)
    assert not Verification.objects.filter(event__summary="Imported").exists()
    assert Event.objects.filter(status="verified").count() == 2  # both stay published


def test_an_event_published_by_an_import_says_no_curator_verified_it(db, staff_client):
    imported = draft_make(place=gazetteer_place("Nawa", "SY"), status=Event.Status.VERIFIED)
    url = reverse("admin:events_event_change", args=[imported.pk])

    page = staff_client.get(url).content.decode()

    assert "Published with no curator&#x27;s verification recorded" in page
