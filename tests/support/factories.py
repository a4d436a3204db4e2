"""Saved model instances with sensible defaults: a test names only the fields it is about.

An event's defaults make it public and on the map (verified, in Aleppo, Syria): what most tests
want to see through the API and the pages. A test about drafts or unlocated events says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.gis.geos import Point
from django.utils.text import slugify

from events.models import Actor, Event, EventActor, Place

ALEPPO = Point(37.1, 36.2, srid=4326)

EVENT_DEFAULTS = {
    "date": dt.date(2017, 1, 18),
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "summary": "A clash.",
    "location": ALEPPO,
    "country_code": "SY",
    "status": Event.Status.VERIFIED,
}


def event_build(**fields: Any) -> Event:
    """An event not yet saved (for model validation), the defaults under `fields`."""
    return Event(**(EVENT_DEFAULTS | fields))


def event_make(*, actors: Iterable[tuple[Actor, str]] = (), **fields: Any) -> Event:
    """A saved event, linked to each (actor, role) of `actors` in that order (in one insert, so
    the links have no history rows: they are the test's setting, not an edit)."""
    event = Event.objects.create(**(EVENT_DEFAULTS | fields))
    EventActor.objects.bulk_create(
        EventActor(event=event, actor=actor, role=role) for actor, role in actors
    )
    return event


def actor_make(name: str, **fields: Any) -> Actor:
    """A saved actor; its slug is its name's unless `fields` gives one."""
    return Actor.objects.create(**({"name": name, "slug": slugify(name)} | fields))


def place_make(name: str = "Aleppo", **fields: Any) -> Place:
    """A saved place (in Aleppo, Syria unless `fields` says where)."""
    return Place.objects.create(**({"name": name, "country_code": "SY", "point": ALEPPO} | fields))
