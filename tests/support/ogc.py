"""The few events the OGC API - Features tests read (tests/test_ogcapi*.py), made once.

Public and located: 3 battles (2 in Syria, 1 in Iraq), 1 air strike, 1 protest with hostile
text, and FILLER riots in Yemen (enough for GDAL, which pages 10 at a time, to follow `next`).
Public and unlocated: 1. Hidden: a draft and an event of a staff-only dataset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point

from events.domain import datasets
from events.models import Actor, Dataset, Event
from tests.support.factories import actor_make, event_make
from tests.support.hostile import MARKUP

FILLER = 14
PALMYRA = Point(38.28, 34.55, srid=4326)
MOSUL = Point(43.13, 36.34, srid=4326)
BAGHDAD = Point(44.37, 33.31, srid=4326)
SANAA = Point(44.21, 15.35, srid=4326)
# Syria and Iraq's west, not Baghdad or Yemen: Aleppo, Palmyra and Mosul.
NORTH_BBOX = (35.0, 34.0, 43.5, 37.0)


@dataclass
class OgcWorld:
    actor: Actor
    battles: list[Event] = field(default_factory=list)
    strike: Event | None = None
    protest: Event | None = None
    unlocated: Event | None = None
    draft: Event | None = None
    staff_only: Event | None = None
    public: list[Event] = field(default_factory=list)  # every public one, in id order


def ogc_world_make() -> OgcWorld:
    actor = actor_make("Hostile Brigade", slug="hostile-brigade")
    world = OgcWorld(actor=actor)
    one_day = dt.date(2017, 1, 18)
    world.battles = [
        event_make(actors=[(actor, "actor1")], date=one_day),  # Aleppo, SY
        event_make(date=dt.date(2017, 1, 5), location=PALMYRA),
        event_make(
            date=dt.date(2016, 12, 20),
            end_date=dt.date(2017, 1, 2),
            location=MOSUL,
            country_code="IQ",
        ),
    ]
    world.strike = event_make(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date=dt.date(2017, 1, 10),
        location=PALMYRA,
        actors=[(actor, "actor2")],
    )
    world.protest = event_make(
        event_type="Protests",
        sub_event_type="Peaceful protest",
        date=dt.date(2017, 2, 10),
        location=BAGHDAD,
        country_code="IQ",
        summary=f"Protest {MARKUP}",
        place_name=MARKUP,
    )
    fillers = [
        event_make(
            event_type="Riots",
            sub_event_type="Mob violence",
            date=dt.date(2017, 3, 1) + dt.timedelta(days=i),
            location=SANAA,
            country_code="YE",
        )
        for i in range(FILLER)
    ]
    world.unlocated = event_make(date=dt.date(2017, 1, 20), location=None, place_name="Somewhere")
    world.draft = event_make(status=Event.Status.DRAFT, summary="A draft battle.")
    Dataset.objects.create(key="ogc-secret", title="Secret", visibility=datasets.STAFF)
    world.staff_only = event_make(dataset="ogc-secret", external_id="s1")
    world.public = sorted(
        [*world.battles, world.strike, world.protest, *fillers, world.unlocated],
        key=lambda e: e.pk,
    )
    return world
