"""EventActor's copies of its event's date and position (event_date, event_lon, event_lat), read
by the map's actor index: equal to the event's after every kind of write, on both databases
(they are kept by triggers), and the filter that reads them selects exactly the events a plain
date and bbox filter would."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import QueryDict

from events.api.params import event_filter_parse
from events.db.link_copies import triggers_drop, triggers_install
from events.models import Actor, Event, EventActor
from events.services.events import event_set_actors
from events.services.imports.acled import events_import_acled
from events.services.imports.ucdp import events_import_ucdp
from tests.support.csvfiles import ACLED_SMALL, UCDP_SMALL, csv_write
from tests.support.factories import ALEPPO, actor_make, event_make
from tests.support.linkcopies import stale_links


@pytest.fixture
def actors(db) -> list[Actor]:
    return [actor_make(f"Armed Group {i}") for i in range(3)]


def test_links_written_by_the_orm_carry_their_event_date(actors):
    a, b, c = actors
    e = event_make(date=dt.date(2017, 1, 18))
    EventActor.objects.create(event=e, actor=a, role="actor1")
    EventActor.objects.bulk_create([EventActor(event=e, actor=b, role="actor2")])
    e.event_actors.create(actor=c, role="assoc1")
    event_set_actors(
        event=event_make(date=dt.date(2018, 3, 1)), roles=[(a, "actor1"), (c, "actor2")]
    )
    assert EventActor.objects.count() == 5
    assert EventActor.objects.filter(event_date__isnull=True).count() == 0
    assert stale_links() == []


def test_a_wrong_date_given_by_a_writer_is_corrected(actors):
    e = event_make(date=dt.date(2017, 1, 18))
    link = EventActor(event=e, actor=actors[0], role="actor1", event_date=dt.date(1999, 1, 1))
    link.save()
    EventActor.objects.bulk_create(
        [EventActor(event=e, actor=actors[1], role="actor1", event_date=dt.date(2030, 1, 1))]
    )
    EventActor.objects.filter(pk=link.pk).update(event_date=dt.date(2001, 1, 1))
    assert set(EventActor.objects.values_list("event_date", flat=True)) == {dt.date(2017, 1, 18)}


def test_raw_sql_links_get_their_event_date(actors):
    e = event_make(date=dt.date(2016, 8, 24))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_eventactor (event_id, actor_id, role) VALUES (%s, %s, %s)",
            [e.pk, actors[0].pk, "actor1"],
        )
    assert EventActor.objects.get().event_date == dt.date(2016, 8, 24)


@pytest.mark.parametrize("how", ["save", "update_fields", "queryset_update", "raw_sql"])
def test_changing_an_event_date_moves_its_links(actors, how):
    e = event_make(date=dt.date(2017, 1, 18))
    other = event_make(date=dt.date(2017, 1, 18))
    for actor, role in zip(actors, ["actor1", "actor2", "assoc1"], strict=True):
        EventActor.objects.create(event=e, actor=actor, role=role)
    EventActor.objects.create(event=other, actor=actors[0], role="actor1")
    new = dt.date(2017, 2, 3)
    if how == "save":
        e.date = new
        e.save()
    elif how == "update_fields":
        e.date = new
        e.save(update_fields=["date", "updated"])
    elif how == "queryset_update":
        Event.objects.filter(pk=e.pk).update(date=new)
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE events_event SET date = %s WHERE id = %s", [new, e.pk])
    assert set(e.event_actors.values_list("event_date", flat=True)) == {new}
    assert other.event_actors.get().event_date == dt.date(2017, 1, 18)  # untouched
    assert stale_links() == []


@pytest.mark.parametrize("how", ["save", "queryset_update", "raw_sql"])
def test_moving_or_unlocating_an_event_moves_its_links_position(actors, how):
    e = event_make(date=dt.date(2017, 1, 18))
    other = event_make(date=dt.date(2017, 1, 18))
    EventActor.objects.create(event=e, actor=actors[0], role="actor1")
    EventActor.objects.create(event=other, actor=actors[0], role="actor1")
    for new in (Point(38.0, 35.3, srid=4326), None, Point(40.1, 35.3, srid=4326)):
        if how == "save":
            e.location = new
            e.save()
        elif how == "queryset_update":
            Event.objects.filter(pk=e.pk).update(location=new)
        else:
            with connection.cursor() as cursor:
                if new is None:
                    cursor.execute("UPDATE events_event SET location = NULL WHERE id = %s", [e.pk])
                else:
                    cursor.execute(
                        "UPDATE events_event SET location = ST_GeomFromText(%s, 4326) "
                        "WHERE id = %s",
                        [new.wkt, e.pk],
                    )
        link = e.event_actors.get()
        assert (link.event_lon, link.event_lat) == ((new.x, new.y) if new else (None, None))
        assert stale_links() == []
    assert other.event_actors.get().event_lon == ALEPPO.x  # untouched


def test_a_wrong_position_given_by_a_writer_is_corrected(actors):
    e = event_make(date=dt.date(2017, 1, 18))
    link = EventActor.objects.create(event=e, actor=actors[0], role="actor1")
    EventActor.objects.filter(pk=link.pk).update(event_lon=0.0, event_lat=None)
    EventActor.objects.bulk_create(
        [EventActor(event=e, actor=actors[1], role="actor1", event_lon=1.0, event_lat=2.0)]
    )
    assert stale_links() == []


def test_a_link_moved_to_another_event_takes_that_events_date(actors):
    e1 = event_make(date=dt.date(2017, 1, 18))
    e2 = event_make(date=dt.date(2019, 6, 30))
    link = EventActor.objects.create(event=e1, actor=actors[0], role="actor1")
    link.event = e2
    link.save()
    assert EventActor.objects.get().event_date == dt.date(2019, 6, 30)


def test_a_link_saved_from_a_copy_loaded_before_a_date_change_stays_right(actors):
    """As the admin does: it saves the event (new date), then the inline links it loaded
    before the change, each with the old date in memory."""
    e = event_make(date=dt.date(2017, 1, 18))
    link = EventActor.objects.create(event=e, actor=actors[0], role="actor1")
    stale = EventActor.objects.get(pk=link.pk)  # as the inline formset holds it
    Event.objects.filter(pk=e.pk).update(date=dt.date(2017, 3, 1))
    stale.role = "actor2"
    stale.save()
    assert EventActor.objects.get().event_date == dt.date(2017, 3, 1)


def acled_row(external_id: str, date: str, actor2: str = "Civilians (Syria)") -> dict[str, str]:
    return {
        "event_id_cnty": external_id,
        "event_date": date,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria (2000-)",
        "actor2": actor2,
        "latitude": "36.2",
        "longitude": "37.15",
        "location": "Aleppo",
        "country": "Syria",
        "fatalities": "0",
    }


@pytest.mark.parametrize("writer", ["auto", "orm"])
def test_a_reimport_that_changes_dates_moves_the_links(db, tmp_path, writer):
    if writer == "auto" and connection.vendor != "postgresql":
        writer = "orm"  # "auto" is the ORM writer there; one run is enough
    first = [acled_row(f"SYR{i}", "2017-01-18") for i in range(5)]
    events_import_acled(csv_write(tmp_path / "a.csv", first), progress=False, writer=writer)
    assert EventActor.objects.count() == 10
    changed = [acled_row(f"SYR{i}", "2017-02-0" + str(i + 1)) for i in range(3)] + first[3:]
    changed[0]["actor2"] = "Islamic State (Syria)"  # a new link for a moved event
    report = events_import_acled(
        csv_write(tmp_path / "b.csv", changed), progress=False, writer=writer
    )
    assert report.updated == 3
    assert stale_links() == []
    moved = Event.objects.get(external_id="SYR0")
    assert set(moved.event_actors.values_list("event_date", flat=True)) == {dt.date(2017, 2, 1)}


def test_the_test_datasets_import_with_every_link_dated(db):
    events_import_acled(ACLED_SMALL, progress=False)
    events_import_ucdp(UCDP_SMALL, progress=False)
    assert EventActor.objects.count() > 0
    assert stale_links() == []


def test_triggers_install_is_idempotent_and_restores_dropped_triggers(actors):
    """What post_migrate relies on after SQLite rebuilds a table (which drops its triggers)."""
    e = event_make(date=dt.date(2017, 1, 18))
    link = EventActor.objects.create(event=e, actor=actors[0], role="actor1")
    triggers_install(connection)
    triggers_install(connection)
    triggers_drop(connection)
    Event.objects.filter(pk=e.pk).update(date=dt.date(2017, 5, 5))
    assert EventActor.objects.get(pk=link.pk).event_date == dt.date(2017, 1, 18)  # no trigger
    triggers_install(connection, backfill=True)
    assert EventActor.objects.get(pk=link.pk).event_date == dt.date(2017, 5, 5)
    Event.objects.filter(pk=e.pk).update(date=dt.date(2017, 6, 6))
    assert EventActor.objects.get(pk=link.pk).event_date == dt.date(2017, 6, 6)


def reference(events: list[Event], links, actor_ids, role, date_from, date_to, bbox) -> set[int]:
    """The filter's meaning, in Python: linked in the role, overlapping the window, in the bbox
    (edges included)."""
    roles = {"any": None, "actor1": {"actor1", "assoc1"}, "actor2": {"actor2", "assoc2"}}[role]
    out = set()
    for e in events:
        if not any(
            a in actor_ids and (roles is None or r in roles) for a, r in links.get(e.pk, ())
        ):
            continue
        end = e.end_date or e.date
        if date_from and end < date_from:
            continue
        if date_to and e.date > date_to:
            continue
        if bbox:
            if e.location is None:
                continue
            west, south, east, north = bbox
            if not (west <= e.location.x <= east and south <= e.location.y <= north):
                continue
        out.add(e.pk)
    return out


def random_location(rng: random.Random) -> Point | None:
    """On a 0.5-degree grid, so that bboxes often fall exactly on events (edges count)."""
    if rng.random() < 0.1:
        return None
    return Point(36 + rng.randrange(10) / 2, 33 + rng.randrange(8) / 2, srid=4326)


@dataclass
class RandomFilter:
    """Actors in a role, a date window (either end may be open) and maybe a bbox."""

    actors: list[Actor]
    role: str
    date_from: dt.date | None
    date_to: dt.date | None
    bbox: tuple[float, float, float, float] | None

    @classmethod
    def draw(cls, rng: random.Random, actors: list[Actor], start: dt.date) -> RandomFilter:
        chosen = rng.sample(actors, rng.randrange(1, 3))
        role = rng.choice(["any", "actor1", "actor2"])
        date_from = start + dt.timedelta(days=rng.randrange(-10, 130))
        date_to = date_from + dt.timedelta(days=rng.randrange(0, 40))
        date_from = date_from if rng.random() < 0.85 else None
        date_to = date_to if rng.random() < 0.85 else None
        bbox = None
        if rng.random() < 0.6:
            west, south = 36 + rng.randrange(8) / 2, 33 + rng.randrange(6) / 2
            bbox = (west, south, west + rng.randrange(1, 5) / 2, south + rng.randrange(1, 4) / 2)
        return cls(chosen, role, date_from, date_to, bbox)

    def query(self) -> QueryDict:
        q = QueryDict(mutable=True)
        q.setlist("actor", [a.slug for a in self.actors])
        q["role"] = self.role
        if self.date_from:
            q["date_from"] = self.date_from.isoformat()
        if self.date_to:
            q["date_to"] = self.date_to.isoformat()
        if self.bbox:
            q["bbox"] = ",".join(str(v) for v in self.bbox)
        return q


def random_events(rng: random.Random, actors: list[Actor], start: dt.date) -> list[Event]:
    """120 events over 120 days from `start`, a quarter spanning weeks, each with 0 to 2 links."""
    events = []
    for _ in range(120):
        date = start + dt.timedelta(days=rng.randrange(120))
        end = date + dt.timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.25 else None
        events.append(event_make(date=date, end_date=end, location=random_location(rng)))
    for e in events:
        for actor, role in rng.sample(
            list(itertools.product(actors, ["actor1", "actor2", "assoc1", "assoc2"])),
            rng.randrange(0, 3),
        ):
            EventActor.objects.create(event=e, actor=actor, role=role)
    return events


def assert_filters_match_their_meaning(
    rng: random.Random, actors: list[Actor], start: dt.date
) -> None:
    """40 random filters select, through the links' copies, what `reference` selects."""
    fresh = list(Event.objects.all())
    links: dict[int, list[tuple[int, str]]] = {}
    for event_id, actor_id, role in EventActor.objects.values_list("event_id", "actor_id", "role"):
        links.setdefault(event_id, []).append((actor_id, role))
    for _ in range(40):
        f = RandomFilter.draw(rng, actors, start)
        q = f.query()
        got = set(Event.objects.matching(event_filter_parse(q)).values_list("pk", flat=True))
        chosen = {a.pk for a in f.actors}
        want = reference(fresh, links, chosen, f.role, f.date_from, f.date_to, f.bbox)
        assert got == want, (q.urlencode(), sorted(got ^ want))


def test_actor_date_and_bbox_filter_matches_its_meaning_after_events_change(actors):
    """Random events (some spanning weeks, some unlocated), links, windows and bboxes; then
    dates and positions change and the same filters must follow."""
    rng = random.Random(5)
    start = dt.date(2017, 1, 1)
    events = random_events(rng, actors, start)
    assert_filters_match_their_meaning(rng, actors, start)
    for e in rng.sample(events, 40):
        shift = dt.timedelta(days=rng.randrange(-60, 60))
        e.date += shift
        if e.end_date:
            e.end_date += shift
        if rng.random() < 0.5:
            e.location = random_location(rng)
        e.save()
    assert stale_links() == []
    assert_filters_match_their_meaning(rng, actors, start)
