"""Curators never lose an edit: every change is kept with who made it, and can be reverted."""

import pytest
from django.urls import reverse

from events.models import Actor, Event, EventActor, Place, Source
from tests.support.adminforms import admin_form_data

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"


@pytest.fixture
def al_bab(seed_event) -> Event:
    return seed_event(AL_BAB)


def _change(client, obj, **changes):
    url = reverse(f"admin:events_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, admin_form_data(page, **changes))


def test_an_admin_edit_records_who_changed_what_and_when(al_bab, staff_client, staff_user):
    before = al_bab.history.count()
    response = _change(staff_client, al_bab, summary="Edited by a curator.")
    assert response.status_code == 302, response.context and response.context["errors"]
    assert al_bab.history.count() == before + 1
    latest = al_bab.history.latest()
    assert latest.history_user == staff_user
    assert latest.history_type == "~"
    assert latest.summary == "Edited by a curator."
    assert latest.prev_record.summary != "Edited by a curator."
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["summary"]


def test_the_history_page_lists_the_edit_and_its_author(al_bab, staff_client):
    _change(staff_client, al_bab, summary="Edited by a curator.")
    page = staff_client.get(reverse("admin:events_event_history", args=[al_bab.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "curator" in html
    assert html.count("Changed") >= 1


def test_revert_restores_an_earlier_version(al_bab, staff_client):
    original = al_bab.summary
    first = al_bab.history.latest()
    versions = al_bab.history.count()
    _change(staff_client, al_bab, summary="A wrong edit.")
    url = reverse("admin:events_event_simple_history", args=[al_bab.pk, first.history_id])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form["summary"].value() == original
    response = staff_client.post(url, admin_form_data(page))
    assert response.status_code == 302, response.context and response.context["errors"]
    al_bab.refresh_from_db()
    assert al_bab.summary == original
    assert al_bab.history.count() == versions + 2  # the wrong edit, then the revert
    assert al_bab.history.latest().summary == original


def test_changes_to_actor_links_are_recorded(al_bab, staff_client):
    links = EventActor.history.filter(event_id=al_bab.pk)
    before = links.count()
    page = staff_client.get(reverse("admin:events_event_change", args=[al_bab.pk]))
    data = admin_form_data(page)
    data["event_actors-0-DELETE"] = "on"
    response = staff_client.post(reverse("admin:events_event_change", args=[al_bab.pk]), data)
    assert response.status_code == 302
    assert links.count() == before + 1
    assert links.latest("history_date").history_type == "-"


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Actor, "description", "Renamed in the field."),
        (Place, "admin1", "Aleppo Governorate"),
        (Source, "publisher", "Another publisher"),
    ],
)
def test_actor_place_and_source_edits_are_recorded(seeded, staff_client, model, field, value):
    obj = model.objects.filter(events__isnull=False).first() or model.objects.first()
    before = obj.history.count()
    response = _change(staff_client, obj, **{field: value})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert obj.history.count() == before + 1
    assert getattr(obj.history.latest(), field) == value


def test_events_cannot_be_deleted_only_rejected(al_bab, staff_client):
    delete = staff_client.get(reverse("admin:events_event_delete", args=[al_bab.pk]))
    assert delete.status_code == 403
    changelist = reverse("admin:events_event_changelist")
    staff_client.post(changelist, {"action": "mark_rejected", "_selected_action": [al_bab.pk]})
    al_bab.refresh_from_db()
    assert al_bab.status == Event.Status.REJECTED
    assert al_bab.history.latest().status == Event.Status.REJECTED
    actions = staff_client.get(changelist).context["action_form"].fields["action"].choices
    assert "delete_selected" not in [name for name, _ in actions]


def test_a_stale_form_cannot_overwrite_another_curators_edit(al_bab, staff_client):
    url = reverse("admin:events_event_change", args=[al_bab.pk])
    stale = admin_form_data(staff_client.get(url), summary="My edit, from an old form.")
    _change(staff_client, al_bab, summary="Their edit, saved first.")
    response = staff_client.post(url, stale)
    assert response.status_code == 200
    assert "while you were editing" in response.content.decode()
    al_bab.refresh_from_db()
    assert al_bab.summary == "Their edit, saved first."


def test_loading_the_seeds_again_writes_no_version_and_keeps_api_caches_valid(seeded):
    from events.models import ActorAlias, EventActor
    from events.selectors.dataversion import data_version
    from events.services.seeds import seeds_load

    models = (Event, Actor, ActorAlias, Place, Source, EventActor)
    versions = [m.history.count() for m in models]
    data = data_version()
    seeds_load()
    assert [m.history.count() for m in models] == versions
    assert data_version() == data
