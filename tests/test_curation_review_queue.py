"""The review queue (events/admin_review.py): drafts only, newest report first, each row with what
a curator checks (the quote's matched words marked, the pipeline's reasons, the report), every
piece of the report's text escaped; staff only; its verify and reject go through the services,
whose refusal the curator sees."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import Event, Source
from events.selectors.review import ACTOR, DATE, PLACE, TRIGGER, quote_matches
from events.services.ingest import report_ingest
from tests.support.curation import PLACEHOLDER, draft_make, gazetteer_place
from tests.support.factories import actor_make

QUEUE = reverse("admin:events_draftevent_changelist")
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
QUOTE = "Warplanes struck Nawa on Tuesday, killing 3 civilians, the monitor said."
# As events/ingest/pipeline.py stores it: the place's offsets are in the report's text, of
# which the quote starts at 100.
EXTRACTION = {
    "reasons": ["place in the gazetteer", "acting party named"],
    "mentions": [{"trigger": "struck", "reasons": ["trigger 'struck' (air_verb)"]}],
    "place": {"text": "Nawa", "start": 117, "end": 121, "why": ["gazetteer (exact): Nawá (SY)"]}
    | {"name": "Nawá", "country_code": "SY"},
    "date": {"date": "2017-01-17", "end_date": None, "text": "on Tuesday", "rule": "weekday"},
    "actors": [
        {"name": "Military Forces of Syria", "text": "Warplanes", "how": "generic"}
        | {"semantic_role": "agent"},
        {"name": "Civilians", "text": "civilians", "how": "noun", "semantic_role": "target"},
    ],
}


@pytest.fixture
def nawa(db):
    return gazetteer_place("Nawa", "SY")


@pytest.fixture
def syria(db):
    return actor_make("Military Forces of Syria")


def source_make(
    title: str = "Strikes on Nawa", published: dt.date | None = None, **fields
) -> Source:
    values = {"title": title, "publisher": "The Monitor", "published": dt.date(2017, 1, 18)}
    return Source.objects.create(
        **(values | ({"published": published} if published else {}) | fields)
    )


def good_draft(place, actor, **fields) -> Event:
    """A draft a curator has finished: their summary, a type, an actor."""
    finished = {
        "summary": "Air strikes on Nawa, as the monitor reports them.",
        "quote": QUOTE,
        "quote_start": 100,
        "extraction": EXTRACTION,
    }
    return draft_make(place=place, actors=[(actor, "actor1")], **(finished | fields))


def queue_html(client, query: str = "") -> str:
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[int]:
    """The event ids of the queue's rows, in order (each row's link to the event's form)."""
    return [int(pk) for pk in re.findall(r'class="cm-open" href="/admin/events/event/(\d+)/', html)]


def test_the_queue_lists_drafts_only_newest_report_first(staff_client, nawa, syria):
    old = good_draft(nawa, syria, source=source_make("Old", dt.date(2016, 5, 1)))
    new = good_draft(nawa, syria, source=source_make("New", dt.date(2017, 2, 1)))
    undated = good_draft(nawa, syria, source=None)
    good_draft(nawa, syria, status=Event.Status.VERIFIED)
    good_draft(nawa, syria, status=Event.Status.REJECTED)

    assert listed(queue_html(staff_client)) == [new.pk, old.pk, undated.pk]


def test_a_row_shows_date_type_place_actors_fatalities_summary_and_report(
    staff_client, nawa, syria
):
    civilians = actor_make("Civilians")
    source = source_make(url="https://example.org/nawa")
    draft = draft_make(
        place=nawa,
        actors=[(syria, "actor1"), (civilians, "actor2")],
        quote=QUOTE,
        fatalities=3,
        source=source,
    )

    html = queue_html(staff_client)

    row = html[html.index(f'value="{draft.pk}"') :]
    assert "Air/drone strike<small>Explosions/Remote violence</small>" in row
    assert "Nawá (SY)" in row and '<td class="field-fatalities">3</td>' in row
    assert "Military Forces of Syria <small>Actor 1</small>" in row
    assert "Civilians <small>Actor 2</small>" in row
    assert '<p class="cm-placeholder"' in row and PLACEHOLDER.split(":")[0] in row
    assert '<a href="https://example.org/nawa" rel="noopener noreferrer">Strikes on Nawa</a>' in row
    assert "The Monitor · 2017-01-18" in row


def test_an_unlocated_draft_says_why(staff_client):
    draft_make(place=None, place_name="Kafr Nabudah", unlocated_reason="Not in the gazetteer.")

    html = queue_html(staff_client)

    assert '<em class="cm-unlocated">unlocated</em> Kafr Nabudah' in html
    assert "<small>Not in the gazetteer.</small>" in html


def test_the_matched_words_are_marked_and_the_reasons_listed(staff_client, nawa, syria):
    good_draft(nawa, syria)

    html = queue_html(staff_client)

    assert '<mark class="cm-mark cm-actor" title="actor: Military Forces of Syria (agent)">' in html
    assert '<mark class="cm-mark cm-trigger"' in html and ">struck</mark>" in html
    assert '<mark class="cm-mark cm-place" title="place: Nawá (SY)">Nawa</mark>' in html
    assert '<mark class="cm-mark cm-date" title="date: 2017-01-17">on Tuesday</mark>' in html
    assert "“Nawa” → Nawá: gazetteer (exact): Nawá (SY)" in html
    assert "“on Tuesday” → 2017-01-17 (weekday)" in html
    assert "“Warplanes” → Military Forces of Syria (generic, agent)" in html
    assert "trigger &#x27;struck&#x27; (air_verb)" in html
    assert "acting party named" in html


def test_the_pipelines_own_drafts_are_marked(seeded, staff_client):
    report = (
        "DAMASCUS, Jan 18 (Monitor) - Russian warplanes struck Islamic State positions near "
        "al-Bab on Wednesday, the monitor said. <script>alert(1)</script>"
    )
    created = report_ingest(report, title=HOSTILE).created
    assert created, "the pipeline proposed no draft for the report"

    html = queue_html(staff_client)

    assert re.search(r'<mark class="cm-mark cm-trigger"[^>]*>struck</mark>', html)
    assert re.search(r'<mark class="cm-mark cm-place"[^>]*>al-Bab</mark>', html)
    said = created[0].extraction["date"]["text"]  # the dateline's "Jan 18", as it happens
    assert re.search(rf'<mark class="cm-mark cm-date"[^>]*>{re.escape(said)}</mark>', html)
    assert re.search(r'<mark class="cm-mark cm-actor"[^>]*>Russian warplanes</mark>', html)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_hostile_text_is_escaped_everywhere(staff_client, nawa, syria):
    hostile_extraction = {
        "reasons": [HOSTILE],
        "mentions": [{"trigger": "<script>", "reasons": [HOSTILE]}],
        "place": {"text": '"><img src=x onerror=alert(2)>', "why": [HOSTILE, HOSTILE]},
        "actors": [{"name": HOSTILE, "text": "alert(1)", "semantic_role": HOSTILE}],
        "date": {"date": HOSTILE, "text": HOSTILE},
    }
    draft_make(
        place=None,
        place_name=HOSTILE,
        unlocated_reason=HOSTILE,
        summary=HOSTILE,
        quote=f"Before {HOSTILE} after",
        extraction=hostile_extraction,
        source=source_make(title=HOSTILE, publisher=HOSTILE, url="javascript:alert(3)"),
        actors=[(actor_make(HOSTILE, slug="hostile"), "actor1")],
    )

    html = queue_html(staff_client)

    body = html[html.index('id="result_list"') :]
    assert "<script>" not in body and "<img" not in body and "javascript:" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # The hostile words are still marked, as escaped text inside the mark.
    assert '<mark class="cm-mark cm-trigger"' in body and ">&lt;script&gt;</mark>" in body
    assert '<mark class="cm-mark cm-place"' in body
    assert ">&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</mark>" in body


def test_a_place_is_marked_at_its_offsets_and_a_word_only_as_a_whole_word():
    quote = "Gunmen of IS attacked Nawa; this is the second attack on Nawa."
    extraction = {
        "place": {"text": "Nawa", "start": 1057, "end": 1061},  # the second Nawa
        "actors": [{"name": "Islamic State", "text": "IS"}],
        "mentions": [{"trigger": "ATTACKED"}],  # no such spelling: any case, then
    }

    matches = quote_matches(quote=quote, quote_start=1000, extraction=extraction)

    assert [(quote[m.start : m.end], m.kind) for m in matches] == [
        ("IS", ACTOR),
        ("attacked", TRIGGER),
        ("Nawa", PLACE),
    ]
    assert matches[-1].start == 57


def test_overlapping_matches_keep_the_place_then_the_longer_words():
    quote = "Syrian troops shelled Deir ez-Zor on Monday morning."
    extraction = {
        "place": {"text": "Deir ez-Zor"},  # no offsets: found by its words
        "actors": [{"name": "Syria", "text": "Syrian troops"}, {"name": "Syria", "text": "Syrian"}],
        "date": {"date": "2017-01-16", "text": "Monday"},
        "mentions": [{"trigger": "shelled Deir"}],
    }

    kinds = [
        (quote[m.start : m.end], m.kind)
        for m in quote_matches(quote=quote, quote_start=None, extraction=extraction)
    ]

    assert kinds == [("Syrian troops", ACTOR), ("Deir ez-Zor", PLACE), ("Monday", DATE)]


def test_anonymous_users_and_readers_are_sent_to_login(client, plain_user):
    assert reverse("admin:login") in client.get(QUEUE)["Location"]
    client.force_login(plain_user)
    assert reverse("admin:login") in client.get(QUEUE)["Location"]


def test_staff_who_may_not_change_events_cannot_open_the_queue(client, db):
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(QUEUE).status_code == 403


def test_staff_who_may_change_events_review_drafts(client, nawa, syria):
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_event"))
    draft = good_draft(nawa, syria)
    client.force_login(editor)

    assert listed(queue_html(client)) == [draft.pk]
    client.post(QUEUE, {"action": "verify_drafts", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED and draft.verified_by == editor


def test_staff_who_may_only_view_events_see_the_queue_without_its_actions(client, nawa, syria):
    reader = get_user_model().objects.create_user("viewer", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_event"))
    draft = good_draft(nawa, syria)
    client.force_login(reader)

    html = queue_html(client)
    client.post(QUEUE, {"action": "verify_drafts", "_selected_action": [draft.pk]})

    assert listed(html) == [draft.pk] and 'name="action"' not in html
    assert Event.objects.get(pk=draft.pk).status == Event.Status.DRAFT


def verify(client, draft: Event, action: str = "verify_drafts") -> str:
    response = client.post(QUEUE, {"action": action, "_selected_action": [draft.pk]}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_verifying_publishes_records_the_curator_and_leaves_the_queue(
    staff_client, staff_user, nawa, syria
):
    draft = good_draft(nawa, syria)

    html = verify(staff_client, draft)

    draft.refresh_from_db()
    assert draft.status == Event.Status.VERIFIED and draft.verified_by == staff_user
    assert draft.history.first().history_user == staff_user  # a version, by the curator
    assert "1 event(s) verified." in html and listed(html) == []


def test_verifying_the_placeholder_is_refused_with_the_services_reason(staff_client, nawa, syria):
    draft = good_draft(nawa, syria, summary=PLACEHOLDER)
    versions = draft.history.count()

    html = verify(staff_client, draft)

    assert (
        f"Event #{draft.pk}" in html
        and "the summary is still the ingest&#x27;s placeholder" in html
    )
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT and draft.verified_by is None
    assert draft.history.count() == versions and listed(html) == [draft.pk]


def test_rejecting_takes_a_draft_out_of_the_queue(staff_client, nawa, syria):
    draft = good_draft(nawa, syria, summary=PLACEHOLDER)  # a placeholder may be rejected

    html = verify(staff_client, draft, "reject_drafts")

    draft.refresh_from_db()
    assert draft.status == Event.Status.REJECTED and listed(html) == []


def test_a_queue_row_opens_in_the_events_change_form(staff_client, nawa, syria):
    draft = good_draft(nawa, syria)

    response = staff_client.get(reverse("admin:events_draftevent_change", args=[draft.pk]))

    assert response["Location"] == reverse("admin:events_event_change", args=[draft.pk])


def test_the_queue_has_the_key_legend_and_its_module_no_inline_script(staff_client, nawa, syria):
    good_draft(nawa, syria)

    html = queue_html(staff_client)

    assert 'id="cm-review-keys"' in html and "<kbd>v</kbd> verify" in html
    assert '<script type="module" src="/static/js/review_queue.js"></script>' in html
    assert 'data-verify="verify_drafts" data-reject="reject_drafts"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)  # every script is a file
