"""Whole history, sources included (issue 14): each version of an event keeps the sources it
cited (with their quotes), a source added in the admin is a version by that curator shown in
words, a revert restores the version's sources (Event.source, the first, with them), and
versions written before sources were kept (migration 0020) are given the sources their event
had."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event, Source
from events.services.event_sources import event_add_source, event_sources_set
from tests.support.adminforms import admin_form_data
from tests.support.curation import draft_make, gazetteer_place
from tests.support.migrations import migrated_back_to, version_as_of

BEFORE_SOURCES = "0019_event_duplicates"
FIRST_QUOTE = "Warplanes struck Nawa on Tuesday, residents said."
SECOND_QUOTE = "An air raid hit the town of Nawa, the monitor reported."


@pytest.fixture
def reported(db):
    """A draft citing its first report, as ingest stores one (a version holding the source)."""
    event = draft_make(place=gazetteer_place("Nawa", "SY"), summary="An air strike on Nawa.")
    first = Source.objects.create(title="First wire report", text=FIRST_QUOTE)
    event_add_source(event=event, source=first, quote=FIRST_QUOTE, start=0, end=len(FIRST_QUOTE))
    return event


def version_sources(version) -> list[tuple[str, str]]:
    return [(row.source.title, row.quote) for row in version.sources.order_by("id")]


def add_source_in_the_inline(client, event: Event, source: Source, quote: str):
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(client.get(url))
    n = int(data["event_sources-TOTAL_FORMS"])  # the inline offers no empty row: one more
    data["event_sources-TOTAL_FORMS"] = str(n + 1)
    data[f"event_sources-{n}-source"] = str(source.pk)
    data[f"event_sources-{n}-quote"] = quote
    data[f"event_sources-{n}-event"] = str(event.pk)
    return client.post(url, data)


def test_a_source_added_alone_is_a_version_holding_it(reported):
    assert version_sources(reported.history.latest()) == [("First wire report", FIRST_QUOTE)]
    before = reported.history.count()
    second = Source.objects.create(title="Monitor's report", text=SECOND_QUOTE)

    event_add_source(event=reported, source=second, quote=SECOND_QUOTE)

    assert reported.history.count() == before + 1
    assert version_sources(reported.history.latest()) == [
        ("First wire report", FIRST_QUOTE),
        ("Monitor's report", SECOND_QUOTE),
    ]


def test_a_source_added_in_the_admin_shows_in_the_history_in_words(reported, staff_client):
    second = Source.objects.create(title="Monitor's report", text=SECOND_QUOTE)

    response = add_source_in_the_inline(staff_client, reported, second, SECOND_QUOTE)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest = reported.history.latest()
    assert latest.history_user.username == "curator"
    assert [t for t, _ in version_sources(latest)] == ["First wire report", "Monitor's report"]
    page = staff_client.get(reverse("admin:events_event_history", args=[reported.pk]))
    html = page.content.decode()
    assert "<strong>Sources:</strong>" in html
    assert "Monitor&#x27;s report (“An air raid hit the town of Nawa" in html


def test_reverting_restores_the_versions_sources(reported, staff_client):
    earlier = reported.history.latest()
    second = Source.objects.create(title="Monitor's report", text=SECOND_QUOTE)
    add_source_in_the_inline(staff_client, reported, second, SECOND_QUOTE)
    assert reported.event_sources.count() == 2

    url = reverse("admin:events_event_simple_history", args=[reported.pk, earlier.history_id])
    response = staff_client.post(url, admin_form_data(staff_client.get(url)))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [link.source.title for link in reported.event_sources.all()] == ["First wire report"]
    assert version_sources(reported.history.latest()) == [("First wire report", FIRST_QUOTE)]
    assert Event.objects.get(pk=reported.pk).source.title == "First wire report"


def test_setting_the_sources_keeps_the_first_as_the_events_source(reported):
    second = Source.objects.create(title="Monitor's report", text=SECOND_QUOTE)
    changed = event_sources_set(event=reported, cited=[(second, SECOND_QUOTE, None, None)])

    assert changed
    event = Event.objects.get(pk=reported.pk)
    assert (event.source.title, event.quote) == ("Monitor's report", SECOND_QUOTE)
    assert [link.source.title for link in event.event_sources.all()] == ["Monitor's report"]
    assert not event_sources_set(event=event, cited=[(second, SECOND_QUOTE, None, None)])


@pytest.mark.django_db(transaction=True)
def test_versions_written_before_0020_are_given_their_events_sources():
    fields = {
        "date": dt.date(2017, 1, 18),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "summary": "A clash",
    }
    with migrated_back_to(BEFORE_SOURCES) as apps:
        event = apps.get_model("events", "Event").objects.create(**fields)
        source = apps.get_model("events", "Source").objects.create(title="Old report")
        apps.get_model("events", "EventSource").objects.create(
            event=event, source=source, quote="q"
        )
        version_as_of(apps, event, fields)

    version = Event.history.get(id=event.pk)
    assert version_sources(version) == [("Old report", "q")]
