"""Resolving a chunk's actors, places and sources in bulk: found by name (and, for places,
distance), else created in one query per chunk; their ids are set on the chunk's EventRows.

Imports run side by side (imports of different datasets do not wait for each other: copy_writer.py)
and may bring the same new actor, alias, place or source. Two rules keep both succeeding:

- An import's first new registry row (actor, alias, place or source) waits for the registry lock
  (PostgreSQL: an advisory lock held until commit, RegistryLock); an import that had to wait
  reloads what it knew, since the one before it may have created the same rows. One lock, not a
  row lock per name: two imports creating "A" then "B" and "B" then "A" would deadlock.
- Actors and aliases are inserted with ON CONFLICT DO NOTHING (bulk_create(ignore_conflicts=
  True)) and read back by name: a curator may create the same actor in the admin meanwhile,
  and the unique keys then give the row that is there instead of an IntegrityError.

SQLite serialises writers itself (settings.py: transaction_mode IMMEDIATE, timeout), so there the
lock is nothing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable

from django.contrib.gis.geos import Point, Polygon
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.text import slugify

from events.domain.countries import country_code_for
from events.models import Actor, ActorAlias, Place, Source, StX, StY
from events.selectors.actors import actor_ids_by_key
from events.services.imports.batches import ORM_BATCH, batched
from events.services.imports.formats import CsvFormat
from events.services.imports.parsing import max_length, normalized, strip_qualifiers
from events.services.imports.report import ImportReport
from events.services.imports.rows import EventRow

SNAP_KM = 2.0  # a row joins an existing place of the same name at most this far away
# The advisory lock key (hashtext of this) an import holds from its first new registry row on.
REGISTRY_LOCK = "conflictmap import registry"
SLUG_RETRIES = 5  # new actors whose slug another session took meanwhile: tried again this often


class RegistryLock:
    """PostgreSQL: the import's hold, until commit, of the lock on creating registry rows.

    `take` before the first new row; when it had to wait, every resolver's `reset` is called
    (another import created rows meanwhile, which the resolvers' caches do not know) and `take`
    answers True, for the caller to resolve its chunk again. Nothing on other databases."""

    def __init__(self) -> None:
        self.held = False
        self.resets: list[Callable[[], None]] = []

    def take(self) -> bool:
        if self.held:
            return False
        self.held = True
        db = connections[DEFAULT_DB_ALIAS]
        if db.vendor != "postgresql":
            return False
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [REGISTRY_LOCK])
            if cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [REGISTRY_LOCK])
        for reset in self.resets:
            reset()
        return True


def _qualifier_country(name: str) -> str:
    match = re.search(r"\(([^()]*)\)\s*$", name)
    return country_code_for(match[1]) if match else ""


def _pk(ref: int | Actor | Place) -> int:
    return ref if isinstance(ref, int) else ref.pk


class ActorResolver:
    """Actor ids for names, from one load of every alias; new actors and aliases in bulk."""

    def __init__(self, fmt: CsvFormat, lock: RegistryLock):
        self.fmt = fmt
        self.lock = lock
        lock.resets.append(self.reset)
        self.reset()

    def reset(self) -> None:
        """What the registry holds now: every alias and slug, nothing resolved or pending."""
        self.by_key: dict[str, int | Actor] = dict(actor_ids_by_key())
        self.slugs: set[str] = set(Actor.objects.values_list("slug", flat=True))
        self.by_name: dict[str, int | Actor] = {}
        self.new_actors: list[Actor] = []
        self.new_aliases: list[ActorAlias] = []

    def _refs(self, events: list[EventRow]) -> list[list[tuple[int | Actor, str]]]:
        refs: list[list[tuple[int | Actor, str]]] = []
        for event in events:
            event_refs = []
            for role, name, kind in event.actors:
                ref = self.by_name.get(name)
                if ref is None:
                    ref = self.by_name[name] = self._find_or_new(name, kind)
                event_refs.append((ref, role))
            refs.append(event_refs)
        return refs

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        refs = self._refs(events)
        if (self.new_actors or self.new_aliases) and self.lock.take():
            refs = self._refs(events)  # another import created rows meanwhile: again
        if self.new_actors:
            report.actors_created += self._create_actors()
        if self.new_aliases:
            report.aliases_created += self._create_aliases()
        if self.new_actors or self.new_aliases:
            # From now on plain ids: the new actors have theirs.
            self.by_key = {k: _pk(v) for k, v in self.by_key.items()}
            self.by_name = {k: _pk(v) for k, v in self.by_name.items()}
            self.new_actors, self.new_aliases = [], []
        for event, event_refs in zip(events, refs, strict=True):
            event.actor_ids = {(_pk(ref), role) for ref, role in event_refs}

    def _create_actors(self) -> int:
        """The new actors inserted, ON CONFLICT DO NOTHING, and their ids read back by name (a
        conflict: another session made the actor meanwhile, whose id they then take). One whose
        slug only was taken gets another. How many rows this inserted."""
        pending, inserted = self.new_actors, 0
        for _ in range(SLUG_RETRIES):
            before = Actor.objects.count()
            Actor.objects.bulk_create(pending, batch_size=ORM_BATCH, ignore_conflicts=True)
            inserted += Actor.objects.count() - before
            ids: dict[str, int] = {}
            for batch in batched([a.name for a in pending], ORM_BATCH):
                ids.update(Actor.objects.filter(name__in=batch).values_list("name", "id"))
            for actor in pending:
                actor.pk = ids.get(actor.name)
            pending = [a for a in pending if a.pk is None]
            if not pending:
                return inserted
            self.slugs = set(Actor.objects.values_list("slug", flat=True))
            for actor in pending:
                actor.slug = self._slug(actor.name)
        raise RuntimeError(f"no free slug for actors {[a.name for a in pending]}")

    def _create_aliases(self) -> int:
        """The new aliases inserted, ON CONFLICT DO NOTHING; a key another session gave an actor
        meanwhile then names that actor from now on. How many rows this inserted."""
        for alias in self.new_aliases:
            alias.actor_id = alias.actor.pk  # set by _create_actors when the actor is new
        before = ActorAlias.objects.count()
        ActorAlias.objects.bulk_create(
            self.new_aliases, batch_size=ORM_BATCH, ignore_conflicts=True
        )
        inserted = ActorAlias.objects.count() - before
        if inserted < len(self.new_aliases):
            keys = [a.normalized for a in self.new_aliases]
            for batch in batched(keys, ORM_BATCH):
                found = ActorAlias.objects.filter(normalized__in=batch)
                self.by_key.update(found.values_list("normalized", "actor_id"))
        return inserted

    def _find_or_new(self, name: str, kind: int | None) -> int | Actor:
        """An alias match; else the name without its qualifier (or the format's alternatives),
        the full name then becoming an alias of the actor found; else a new actor, with its name
        and its name without the qualifier as aliases."""
        key = normalized(name)
        ref = self.by_key.get(key)
        if ref is not None:
            return ref
        for candidate in [strip_qualifiers(name), *self.fmt.actor_alternatives(name)]:
            found = self.by_key.get(normalized(candidate))
            if found is not None:
                self._alias(found, name, key)
                return found
        actor = Actor(
            name=name,
            slug=self._slug(name),
            kind=kind or self.fmt.guess_kind(name) or Actor.Kind.EXTERNAL_OTHER,
            country=_qualifier_country(name),
        )
        self.new_actors.append(actor)
        self._alias(actor, name, key)
        # News writes "Sultan Murad Division", not ACLED's "Sultan Murad Division (Syria)": the
        # bare name is an alias too, so ingest finds the actor the import taught it. Not for
        # ACLED's generic actors: "Civilians (Syria)" is not every country's civilians.
        bare = strip_qualifiers(name)
        bare_key = normalized(bare)
        generic = self.fmt.guess_kind(name) is not None or bare_key.startswith("unidentified")
        if bare != name and bare_key and bare_key not in self.by_key and not generic:
            self._alias(actor, bare, bare_key)
        return actor

    def _alias(self, ref: int | Actor, name: str, key: str) -> None:
        self.by_key[key] = ref
        alias = ActorAlias(alias=name, normalized=key)
        if isinstance(ref, int):
            alias.actor_id = ref
        else:
            alias.actor = ref
        self.new_aliases.append(alias)

    def _slug(self, name: str) -> str:
        limit = max_length(Actor, "slug") - 6
        base = slugify(name)[:limit].strip("-") or "actor"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def km_apart(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine): within 0.5% of geodesic, and 100x faster."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class PlaceResolver:
    """Existing places reused by name and distance; new ones (no GeoNames id) bulk-created."""

    def __init__(self, dataset: str, lock: RegistryLock):
        self.dataset = dataset
        self.lock = lock
        lock.resets.append(self.reset)
        self.reset()

    def reset(self) -> None:
        """Nothing loaded: the next chunk loads the places around it as they are now."""
        self.index: dict[str, list[tuple[int | Place, float, float]]] = defaultdict(list)
        self.loaded: set[int] = set()
        self.boxes: list[tuple[float, float, float, float]] = []  # bounding boxes loaded
        self.memo: dict[tuple[str, float, float], int | Place] = {}
        self.keys: dict[str, str] = {}

    def _key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = normalized(name)
        return key

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        # (row, latitude, longitude); a row has both coordinates or neither (parse_coordinates).
        located = [
            (e, e.latitude, e.longitude)
            for e in events
            if e.latitude is not None and e.longitude is not None and self._key(e.place_label)
        ]
        if not located:
            return
        self._load_candidates([(lat, lon) for _, lat, lon in located])
        new: list[Place] = []
        refs = [self._place(event, lat, lon, new) for event, lat, lon in located]
        if new and self.lock.take():
            # Another import created places meanwhile, perhaps these: loaded again, and again.
            self._load_candidates([(lat, lon) for _, lat, lon in located])
            new = []
            refs = [self._place(event, lat, lon, new) for event, lat, lon in located]
        if new:
            Place.objects.bulk_create(new, batch_size=ORM_BATCH)
            report.places_created += len(new)
            # From now on plain ids: the new places have theirs.
            for bucket in self.index.values():
                bucket[:] = [(_pk(r), y, x) for r, y, x in bucket]
            self.memo = {k: _pk(v) for k, v in self.memo.items()}
        for (event, _, _), ref in zip(located, refs, strict=True):
            event.place_id = _pk(ref)

    def _place(self, event: EventRow, lat: float, lon: float, new: list[Place]) -> int | Place:
        """The place of a located row: the one an earlier row at the same point got, else the
        nearest of its name within SNAP_KM, else a new one (appended to `new`)."""
        key = self._key(event.place_label)
        memo_key = (key, lat, lon)
        ref = self.memo.get(memo_key)
        if ref is None:
            ref = self._nearest(key, lat, lon)
            if ref is None:
                ref = Place(
                    name=event.place_label,
                    country_code=event.country_code,
                    admin1=event.admin1[:255],
                    point=Point(lon, lat, srid=4326),
                    geocoder=self.dataset,
                )
                new.append(ref)
                self.index[key].append((ref, lat, lon))
            self.memo[memo_key] = ref
        return ref

    def _load_candidates(self, points: list[tuple[float, float]]) -> None:
        """Every place inside the (latitude, longitude) points' bounding box (plus SNAP_KM), in
        one query."""
        lats = [lat for lat, _ in points]
        lons = [lon for _, lon in points]
        south, north = min(lats), max(lats)
        margin_lat = SNAP_KM / 110.0
        widest = max(abs(south), abs(north)) + margin_lat
        margin_lon = SNAP_KM / (111.32 * max(math.cos(math.radians(min(widest, 89.9))), 0.01))
        box = (
            max(min(lons) - margin_lon, -180.0),
            max(south - margin_lat, -90.0),
            min(max(lons) + margin_lon, 180.0),
            min(north + margin_lat, 90.0),
        )
        if any(
            b[0] <= box[0] and b[1] <= box[1] and box[2] <= b[2] and box[3] <= b[3]
            for b in self.boxes
        ):
            return  # loaded already; places created since are in the index
        self.boxes.append(box)
        bbox = Polygon.from_bbox(box)
        bbox.srid = 4326
        candidates = (
            Place.objects.filter(point__contained=bbox)
            .annotate(x=StX("point"), y=StY("point"))
            .values_list("id", "name", "alternate_names", "y", "x")
        )
        for place_id, name, alternates, lat, lon in candidates:
            if place_id in self.loaded:
                continue
            self.loaded.add(place_id)
            keys = {self._key(name)}
            keys.update(self._key(a) for a in alternates or () if isinstance(a, str))
            for key in keys - {""}:
                self.index[key].append((place_id, lat, lon))

    def _nearest(self, key: str, lat: float, lon: float) -> int | Place | None:
        best, best_km = None, SNAP_KM
        for ref, plat, plon in self.index.get(key, ()):
            km = km_apart(lat, lon, plat, plon)
            if km <= best_km:
                best, best_km = ref, km
        return best


class SourceResolver:
    """One Source per distinct source title: found by exact title, else bulk-created. A row
    may cite several (ACLED's "Mareb Press; Yemen Data Project"): the first is its Event.source,
    each an EventSource (source_links.py)."""

    def __init__(self, lock: RegistryLock) -> None:
        self.lock = lock
        lock.resets.append(self.reset)
        self.reset()

    def reset(self) -> None:
        self.by_title: dict[str, int] = {}

    def resolve(self, events: list[EventRow], report: ImportReport) -> None:
        wanted = {t for e in events for t in e.source_titles} - self.by_title.keys()
        if wanted:
            titles = sorted(wanted)
            for batch in batched(titles, ORM_BATCH):
                found = Source.objects.filter(title__in=batch).order_by("-id")
                # Descending, so that when titles repeat the oldest source wins.
                self.by_title.update(found.values_list("title", "id"))
            new = [Source(title=t) for t in titles if t not in self.by_title]
            if new and self.lock.take():
                self.resolve(events, report)  # another import created sources meanwhile: again
                return
            if new:
                Source.objects.bulk_create(new, batch_size=ORM_BATCH)
                self.by_title.update((s.title, s.pk) for s in new)
                report.sources_created += len(new)
        by_title = self.by_title
        for event in events:
            ids = tuple(by_title[t] for t in event.source_titles)
            event.source_ids = ids
            event.source_id = ids[0] if ids else None
