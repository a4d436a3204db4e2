"""Whole history: each version of an event keeps its actor links, the History page says in words
who changed which link, a revert restores the links, and versions written before links were kept
(migration 0013) are given the links their event had."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event
from events.services.events import event_set_actors, event_update
from tests.support.adminforms import admin_form_data
from tests.support.curation import draft_make, gazetteer_place
from tests.support.factories import actor_make
from tests.support.migrations import migrated_back_to, version_as_of

BEFORE_LINKS = "0012_database_triggers"


@pytest.fixture
def draft(db):
    """A draft stored as ingest stores one: the event, then its links (a version with them)."""
    event = draft_make(place=gazetteer_place("Nawa", "SY"), summary="An air strike on Nawa.")
    event_set_actors(event=event, roles=[(actor_make("Military Forces of Syria"), "actor1")])
    return event


def version_links(version) -> set[tuple[str, str]]:
    return {(row.actor.name, row.role) for row in version.actors.select_related("actor")}


def add_actor_in_the_inline(client, event, actor, role="actor2"):
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(client.get(url))
    data["event_actors-1-actor"] = str(actor.pk)
    data["event_actors-1-role"] = role
    data["event_actors-1-event"] = str(event.pk)
    return client.post(url, data)


def test_a_version_keeps_the_links_it_was_saved_with(draft, staff_user):
    civilians = actor_make("Civilians")
    event_update(event=draft, changes={"fatalities": 1}, actors=[(civilians, "actor2")], user=None)

    latest = draft.history.latest()
    assert version_links(latest) == {("Civilians", "actor2")}
    assert latest.fatalities == 1  # one version for the fields and the links together


def test_links_changed_alone_are_a_version_of_their_own(draft):
    before = draft.history.count()
    event_set_actors(event=draft, roles=[(actor_make("Civilians"), "actor2")])

    assert draft.history.count() == before + 1
    assert version_links(draft.history.latest()) == {("Civilians", "actor2")}


def test_an_actor_added_in_the_inline_shows_in_the_history_in_words(draft, staff_client):
    civilians = actor_make("Civilians")

    response = add_actor_in_the_inline(staff_client, draft, civilians)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest = draft.history.latest()
    assert version_links(latest) == {
        ("Military Forces of Syria", "actor1"),
        ("Civilians", "actor2"),
    }
    assert latest.history_user.username == "curator"
    html = staff_client.get(reverse("admin:events_event_history", args=[draft.pk])).content
    page = html.decode()
    assert "<strong>Actors:</strong>" in page
    assert "Civilians (Actor 2)" in page and "Military Forces of Syria (Actor 1)" in page


def test_reverting_to_an_earlier_version_removes_an_actor_added_since(draft, staff_client):
    earlier = draft.history.latest()
    Event.objects.filter(pk=draft.pk).update(extraction={"reasons": ["a place in the sentence"]})
    add_actor_in_the_inline(staff_client, draft, actor_make("Civilians"))
    assert draft.event_actors.count() == 2

    url = reverse("admin:events_event_simple_history", args=[draft.pk, earlier.history_id])
    response = staff_client.post(url, admin_form_data(staff_client.get(url)))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(ea.actor.name, ea.role) for ea in draft.event_actors.all()] == [
        ("Military Forces of Syria", "actor1")
    ]
    assert version_links(draft.history.latest()) == {("Military Forces of Syria", "actor1")}
    # The ingest's reasons are no part of a version (excluded from history): kept as they are.
    assert Event.objects.get(pk=draft.pk).extraction == {"reasons": ["a place in the sentence"]}


def test_a_revert_that_would_publish_without_an_actor_is_refused(db, staff_client):
    event = draft_make(place=gazetteer_place("Nawa", "SY"), summary="A strike.")
    empty = event.history.latest()
    event_update(
        event=event,
        changes={"status": Event.Status.VERIFIED},
        actors=[(actor_make("Civilians"), "actor2")],
        user=None,
    )
    # That version was a draft: reverting to it un-publishes; fine. Make it claim to be verified.
    Event.history.filter(history_id=empty.history_id).update(status=Event.Status.VERIFIED)

    url = reverse("admin:events_event_simple_history", args=[event.pk, empty.history_id])
    response = staff_client.post(url, admin_form_data(staff_client.get(url)))

    assert response.status_code == 200
    assert "no actor" in response.content.decode()
    assert event.event_actors.count() == 1


@pytest.mark.django_db(transaction=True)
def test_versions_written_before_links_were_kept_get_the_links_of_their_event():
    # An event, its link and one version written at 0012: the version holds no links.
    fields = {
        "date": dt.date(2017, 1, 18),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "summary": "A clash",
    }
    with migrated_back_to(BEFORE_LINKS) as apps:
        actor = apps.get_model("events", "Actor").objects.create(name="Armed Group", slug="ag")
        event = apps.get_model("events", "Event").objects.create(**fields)
        apps.get_model("events", "EventActor").objects.create(
            event=event, actor=actor, role="actor1"
        )
        version_as_of(apps, event, fields)
    event = Event.objects.get(summary="A clash")
    assert version_links(event.history.get()) == {("Armed Group", "actor1")}
