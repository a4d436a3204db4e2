"""Publishing is refused, with the reason, for an event whose summary is still the ingest
placeholder, or that has no actor or no event type: in the service, the bulk action and the form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.domain.vocabulary import DRAFT_SUMMARY_PREFIX
from events.models import Event
from events.services.events import event_update, events_set_status
from events.services.ingest import report_extract
from tests.support.adminforms import admin_form_data
from tests.support.curation import draft_make, gazetteer_place
from tests.support.factories import actor_make

VERIFIED = {"status": Event.Status.VERIFIED}


@pytest.fixture
def nawa(db):
    return gazetteer_place("Nawa", "SY")


@pytest.fixture
def syria(db):
    return actor_make("Military Forces of Syria")


def test_the_placeholder_summary_is_refused(nawa, syria, staff_user):
    draft = draft_make(place=nawa, actors=[(syria, "actor1")])

    with pytest.raises(ValidationError, match="placeholder"):
        event_update(event=draft, changes=VERIFIED, user=staff_user)

    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT and draft.verified_by is None


def test_writing_the_summary_in_the_same_change_publishes(nawa, syria, staff_user):
    draft = draft_make(place=nawa, actors=[(syria, "actor1")])

    event_update(event=draft, changes=VERIFIED | {"summary": "A strike."}, user=staff_user)

    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED


def test_an_event_with_no_actor_is_refused(nawa, staff_user):
    draft = draft_make(place=nawa, summary="A strike.")

    with pytest.raises(ValidationError, match="no actor"):
        event_update(event=draft, changes=VERIFIED, user=staff_user)


def test_adding_the_actor_in_the_same_change_publishes(nawa, syria, staff_user):
    draft = draft_make(place=nawa, summary="A strike.")

    event_update(event=draft, changes=VERIFIED, actors=[(syria, "actor1")], user=staff_user)

    assert draft.event_actors.get().actor == syria
    assert Event.objects.get(pk=draft.pk).status == Event.Status.VERIFIED


def test_an_event_with_no_type_is_refused(nawa, syria, staff_user):
    draft = draft_make(place=nawa, summary="A strike.", actors=[(syria, "actor1")])

    with pytest.raises(ValidationError, match="no event type"):
        untyped = VERIFIED | {"event_type": "", "sub_event_type": ""}
        event_update(event=draft, changes=untyped, user=staff_user)


def test_removing_the_last_actor_of_a_published_event_is_refused(nawa, syria, staff_user):
    event = draft_make(place=nawa, summary="A strike.", actors=[(syria, "actor1")])
    event_update(event=event, changes=VERIFIED, user=staff_user)

    with pytest.raises(ValidationError, match="no actor"):
        event_update(event=event, changes={}, actors=[], user=staff_user)

    assert event.event_actors.count() == 1


def test_the_bulk_action_publishes_the_ready_and_names_the_refused(nawa, syria, staff_user):
    ready = draft_make(place=nawa, summary="A strike.", actors=[(syria, "actor1")])
    placeholder = draft_make(place=nawa, actors=[(syria, "actor1")])

    result = events_set_status(
        events=[ready, placeholder], status=Event.Status.VERIFIED, user=staff_user
    )

    assert result.changed == 1
    assert [(e.pk, "placeholder" in " ".join(p)) for e, p in result.refused] == [
        (placeholder.pk, True)
    ]
    assert Event.objects.get(pk=placeholder.pk).status == Event.Status.DRAFT


def test_the_change_form_shows_the_refusal_and_saves_nothing(nawa, syria, staff_client):
    draft = draft_make(place=nawa, actors=[(syria, "actor1")])
    url = reverse("admin:events_event_change", args=[draft.pk])

    response = staff_client.post(url, admin_form_data(staff_client.get(url), status="verified"))

    assert response.status_code == 200
    assert "the summary is still the ingest&#x27;s placeholder" in response.content.decode()
    assert Event.objects.get(pk=draft.pk).status == Event.Status.DRAFT


def test_the_bulk_action_in_the_admin_says_which_events_were_refused(nawa, syria, staff_client):
    draft = draft_make(place=nawa, actors=[(syria, "actor1")])

    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "mark_verified", "_selected_action": [draft.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "0 event(s) verified" in html and f"Event #{draft.pk}" in html
    assert Event.objects.get(pk=draft.pk).status == Event.Status.DRAFT


def test_the_pipelines_drafts_begin_with_the_placeholder_the_rule_knows(seeded):
    from events.models import Source

    text = Source.objects.filter(events__dataset="seed").distinct().get().text
    proposals = report_extract(text).proposals

    assert proposals
    assert all(p.summary.startswith(DRAFT_SUMMARY_PREFIX) for p in proposals)
