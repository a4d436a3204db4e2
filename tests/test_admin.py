"""Curation in the admin: staff only, map widget from our static files, bulk actions."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.support.factories import actor_make

MODELS = ["event", "place", "actor", "source"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders_for_staff(seeded, staff_client, model):
    response = staff_client.get(reverse(f"admin:events_{model}_changelist"))
    assert response.status_code == 200


def test_event_change_form_has_the_leaflet_widget_from_our_static_files(seed_event, staff_client):
    event = seed_event("seed-2017-01-18-al-bab-joint-strikes")
    response = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/leaflet/leaflet.js" in html
    assert "leaflet.forms.js" in html
    assert 'id="id_location-map"' in html or "id_location" in html
    assert "unpkg.com" not in html and "cdnjs" not in html and "jsdelivr" not in html


def test_place_change_form_renders_for_staff(seed_event, staff_client):
    place = seed_event("seed-2017-01-18-al-bab-joint-strikes").place
    response = staff_client.get(reverse("admin:events_place_change", args=[place.pk]))
    assert response.status_code == 200
    assert "/static/leaflet/leaflet.js" in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_users_are_sent_to_login(seeded, client, model):
    response = client.get(reverse(f"admin:events_{model}_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_non_staff_users_are_refused(seeded, client, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_search_finds_events_by_actor_alias(seeded, staff_client):
    response = staff_client.get(reverse("admin:events_event_changelist"), {"q": "ISIL"})
    assert response.context["cl"].result_count == 3  # al-Bab, Dayr al-Zawr, Euphrates Shield


def test_filter_lists_unlocated_events_for_curators(seeded, staff_client):
    response = staff_client.get(reverse("admin:events_event_changelist"), {"located": "no"})
    assert response.context["cl"].result_count == 2


def test_bulk_actions_verify_and_reject(seeded, staff_client, staff_user):
    ids = list(Event.objects.values_list("pk", flat=True)[:2])
    url = reverse("admin:events_event_changelist")
    staff_client.post(url, {"action": "mark_rejected", "_selected_action": ids})
    assert set(Event.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"rejected"}
    staff_client.post(url, {"action": "mark_verified", "_selected_action": ids})
    verified = Event.objects.filter(pk__in=ids)
    assert {e.status for e in verified} == {"verified"}
    assert {e.verified_by for e in verified} == {staff_user}


def test_geocode_again_places_an_unlocated_event_once_its_name_is_fixed(seeded, staff_client):
    event = Event.objects.unlocated().get(external_id="seed-2017-01-air-coordination-memorandum")
    event.place_name, event.country_code = "Moscow", "RU"
    event.save()
    staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "geocode_again", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.place.name == "Moscow" and event.location is not None


def test_untrusted_actor_names_are_escaped_in_the_changelist(seeded, staff_client):
    evil = actor_make("<script>alert(1)</script>", slug="evil")
    Event.objects.first().event_actors.create(actor=evil, role="actor2")
    html = staff_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
