"""A verified event whose every text field carries script, HTML, template and CSV-formula payloads.

Shared by the server-side and browser tests of hostile text (issue 6). Every payload that could
run sets `window.__pwned`, so a browser test only has to look for that (and for dialogs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.gis.geos import Point

from events.models import Actor, ActorAlias, Event, Place, Source
from tests.support.factories import actor_make, event_make, place_make

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload=window.__pwned=1>'
# Breaks out of a <script> element that embeds data as JSON (folium's TimestampedGeoJson).
CLOSE_SCRIPT = "</script><script>window.__pwned=1</script>"
# Breaks out of a JavaScript string or an attribute quoted with single quotes (no ";": our CSV
# separates several actor names with "; ").
QUOTE_BREAK = "'-(window.__pwned=1)-'"
TEMPLATE = "{{7*7}}"
# Every markup payload together: each text field carries all of them after its own lead.
MARKUP = f"{SCRIPT} {IMG} {SVG} {CLOSE_SCRIPT} {QUOTE_BREAK} {TEMPLATE}"
# What must never appear unescaped in HTML built from the data.
RAW_MARKERS = ("<script>window.__pwned", "<img src=x onerror", "<svg onload")

# CSV formula payloads (OWASP "CSV injection"): each text column of the export starts with one.
HYPERLINK = '=HYPERLINK("http://evil","x")'
FORMULAS = {
    "summary": HYPERLINK,
    "actor1": "+1+1",
    "assoc1": "-2+5",
    "actor2": "@SUM(A1)",
    "assoc2": "\t=1+2",  # leading tab
    "place_name": "\r=1+3",  # leading carriage return
    "place": " =1+4",  # leading space: spreadsheets skip it and still see a formula
    "source": "\t@SUM(A2)",
    "admin1": "-1+1",
    "external_id": "=cmd|' /C calc'!A0",
}
JS_URL = "javascript:window.__pwned=1"

# Coordinates with a negative longitude: a number column, never quoted in the CSV.
LONGITUDE = -1.5
LATITUDE = 12.25


def text(lead: str) -> str:
    """One field's value: its formula lead, then every markup payload."""
    return f"{lead} {MARKUP}"


@dataclass
class Hostile:
    event: Event
    actors: dict[str, Actor]  # by role
    alias: ActorAlias
    place: Place
    source: Source

    def shown_texts(self) -> list[str]:
        """What every view of the event shows: its summary and quote, its place, its source's
        title and its actors' names."""
        return [
            self.event.summary,
            self.event.quote,
            self.place.name,
            self.source.title,
            *(actor.name for actor in self.actors.values()),
        ]


def hostile_event_create() -> Hostile:
    """The hostile event, verified and located, with four actors (one per role)."""
    actors = {}
    for i, role in enumerate(("actor1", "assoc1", "actor2", "assoc2")):
        actors[role] = actor_make(
            text(FORMULAS[role]),
            slug=f"hostile-{i}",
            kind=Actor.Kind.REBEL_GROUP,
            colour="#ab1234",
            description=text("=description"),
        )
    alias = ActorAlias.objects.create(actor=actors["actor1"], alias=text("=alias"))
    place = place_make(
        text(FORMULAS["place"]),
        country_code="BF",
        admin1=text(FORMULAS["admin1"]),
        point=Point(LONGITUDE, LATITUDE, srid=4326),
        alternate_names=[text("=alternate")],
        geocoder="hostile",
    )
    source = Source.objects.create(
        title=text(FORMULAS["source"]),
        publisher="",  # the CSV's source column then carries the title
        url=JS_URL,
        published=dt.date(2017, 1, 21),
        text=text("=source text") + "\nThe quoted sentence.",
    )
    event = event_make(
        actors=[(actor, role) for role, actor in actors.items()],
        date=dt.date(2017, 1, 20),
        event_type="Battles",
        sub_event_type="Armed clash",
        summary=text(FORMULAS["summary"]),
        place=place,
        location=place.point,
        place_name=text(FORMULAS["place_name"]),
        country_code="BF",
        fatalities=3,
        source=source,
        quote=text("=quote"),
        status=Event.Status.VERIFIED,
        dataset="hostile",
        external_id=FORMULAS["external_id"],
    )
    return Hostile(event=event, actors=actors, alias=alias, place=place, source=source)
