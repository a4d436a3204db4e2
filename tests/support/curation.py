"""A draft as the ingest pipeline leaves it, for the curation tests: placed at a real place of the
offline gazetteer, its summary still the pipeline's placeholder."""

from __future__ import annotations

from typing import Any

from events.domain.vocabulary import DRAFT_SUMMARY_PREFIX
from events.models import Actor, Event, Place
from events.services.places import place_locate
from tests.support.factories import event_make

PLACEHOLDER = f"{DRAFT_SUMMARY_PREFIX} Air/drone strike (Explosions/Remote violence) at Naha."


def gazetteer_place(name: str, country: str) -> Place:
    """The Place the offline geocoder stores for a name (as ingest and curators get it)."""
    place = place_locate(name=name, country=country).place
    assert place is not None, f"{name} ({country}) is not in the gazetteer"
    return place


def draft_make(
    *, place: Place | None, actors: list[tuple[Actor, str]] | None = None, **fields: Any
) -> Event:
    """A draft of dataset ingest at `place` (its point and country), with the placeholder."""
    where = (
        {"place_name": place.name, "location": place.point, "country_code": place.country_code}
        if place is not None
        else {"location": None}
    )
    draft = {
        "status": Event.Status.DRAFT,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "summary": PLACEHOLDER,
        "place": place,
        "dataset": "ingest",
    }
    return event_make(**(draft | where | fields), actors=actors or [])
