"""When does a draft's place, date or actor match the gold's? The rules of the evaluation.

- Places: within PLACE_TOLERANCE_KM (10 km). A gold event placed at a province (geo precision
  3) matches anywhere within the province's own size: the radius around the gold point that
  holds 95% of the gazetteer's places of the same admin-1 (a province's extent, read from the
  GeoNames data the pipeline uses; the 5% left out are mis-coded outliers), PROVINCE_FALLBACK_KM
  when the gazetteer has too few of its places to tell. A gold place without coordinates (one
  the pipeline should keep unlocated, or one self-written gold could not locate) matches a draft
  of the same name, folded (`normalize_name`), that the pipeline kept unlocated too.
- Dates: the same day (or the same range), or the gold date inside the draft's range when the
  draft claims only a week or a month (precision 2 or 3), or the draft's dates inside the gold's
  when the gold knows only the week (its day +- 3 days) or the month (ACLED's time precision).
- Actors: the same registry actor once both names are resolved through the registry's alias
  index (a registry slug in self-written gold stands for its actor), or equal `normalize_name`
  forms, of the name or of its ACLED-style variants (without a trailing qualifier, either half
  of "ACRONYM: Name", state forces by country); the role is not part of the match (it is
  reported apart).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from events.domain.countries import continent_of, country_code_for
from events.domain.names import normalize_name
from events.geo.gazetteer import Gazetteer, GazetteerEntry, get_gazetteer
from events.geo.geodesy import km_between
from events.ingest.actors import ActorRef, ActorRegistry
from events.ingest.evaluate_gold import GoldEvent, GoldPlace
from events.ingest.pipeline import Proposal

PLACE_TOLERANCE_KM = 10.0
PROVINCE_FALLBACK_KM = 100.0
PROVINCE_SHARE = 0.95  # of an admin-1's gazetteer places inside its radius
PROVINCE_MIN_PLACES = 5  # fewer than this: the fallback radius
EARTH_KM = 6371.0


@dataclass(frozen=True)
class DraftSide:
    """A draft event in the terms it is scored on."""

    index: int
    event_type: str
    sub_event_type: str
    start: dt.date
    end: dt.date | None
    precision: int
    place_label: str  # the gazetteer's name, else the name as written; "" for none
    place_keys: frozenset[str]  # normalised names: as written and as the gazetteer has it
    country: str
    point: tuple[float, float] | None
    actors: tuple[tuple[ActorRef, str], ...]
    fatalities: int | None
    span: tuple[int, int]

    @property
    def label(self) -> str:
        return f"draft {self.index}"

    @property
    def has_place(self) -> bool:
        return bool(self.place_keys or self.point)

    @property
    def continent(self) -> str:
        return continent_of(self.country) if self.has_place else ""


def draft_side(index: int, p: Proposal) -> DraftSide:
    names = [p.place_name] + ([p.place.name] if p.place is not None else [])
    keys = frozenset(k for k in (normalize_name(n) for n in names if n) if k)
    label = p.place.name if p.place is not None else p.place_name
    return DraftSide(
        index=index,
        event_type=p.event_type,
        sub_event_type=p.sub_event_type,
        start=p.date.start,
        end=p.date.end,
        precision=p.date.precision,
        place_label=label or "",
        place_keys=keys,
        country=p.country_code or "",
        point=p.location,
        actors=tuple(p.actors),
        fatalities=p.fatalities,
        span=(p.quote_start, p.quote_end),
    )


# ---- places ----


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance: close enough to measure a province, and fast over thousands."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=2)
def _entries_by_country(gazetteer: Gazetteer) -> dict[str, list[GazetteerEntry]]:
    out: dict[str, list[GazetteerEntry]] = {}
    for entry in gazetteer.entries.values():
        out.setdefault(entry.country_code, []).append(entry)
    return out


@lru_cache(maxsize=512)
def province_radius_km(
    country: str, point: tuple[float, float], geonames_id: int | None = None
) -> float:
    """The size of the admin-1 a gold province point stands for (see the module's docstring)."""
    gazetteer = get_gazetteer()
    in_country = _entries_by_country(gazetteer).get(country, [])
    own = gazetteer.entries.get(geonames_id) if geonames_id is not None else None
    if own is None or own.country_code != country:
        own = min(
            in_country, key=lambda e: _haversine_km(point, (e.latitude, e.longitude)), default=None
        )
    if own is None or not own.admin1:
        return PROVINCE_FALLBACK_KM
    distances = sorted(
        _haversine_km(point, (e.latitude, e.longitude))
        for e in in_country
        if e.admin1 == own.admin1
    )
    if len(distances) < PROVINCE_MIN_PLACES:
        return PROVINCE_FALLBACK_KM
    return max(PLACE_TOLERANCE_KM, distances[int(PROVINCE_SHARE * (len(distances) - 1))])


def place_limit_km(g: GoldPlace) -> float:
    if g.precision == 3 and g.point is not None:
        return province_radius_km(g.country, g.point, g.geonames_id)
    return PLACE_TOLERANCE_KM


def place_verdict(g: GoldPlace | None, d: DraftSide) -> tuple[bool, str]:
    """Whether the draft's place is the gold's, and if not, why (for --verbose)."""
    if g is None:
        return (not d.has_place), "the gold event has no place"
    if not d.has_place:
        return False, "drafted no place"
    drafted = f"drafted {d.place_label or '?'} ({d.country or '-'})"
    if g.point is not None and d.point is not None:
        km = km_between(g.point, d.point)
        limit = place_limit_km(g)
        within = f" (the province's radius {limit:.0f} km)" if g.precision == 3 else ""
        return km <= limit, f"{drafted} {km:.0f} km away{within}"
    same_name = normalize_name(g.name) in d.place_keys
    if d.point is None:
        if g.point is not None and g.in_gazetteer:
            return False, f"{drafted} unlocated, though the gazetteer has it"
        return same_name, f"{drafted} unlocated, another name"
    if not g.in_gazetteer:
        return False, f"{drafted} located, where the gold keeps it unlocated"
    return same_name, f"{drafted}, another name (the gold place has no coordinates)"


def gold_place_text(g: GoldPlace) -> str:
    where = f"{g.point[0]:.2f},{g.point[1]:.2f}" if g.point else "unlocated"
    province = ", province" if g.precision == 3 else ""
    return f"{g.name} ({g.country or '-'}, {where}{province})"


# ---- dates ----


WEEK_SLACK = dt.timedelta(days=3)  # a gold date known to the week: its day +- 3 days


def _gold_window(g: GoldEvent) -> tuple[dt.date, dt.date]:
    """The days the gold date stands for: ACLED's time precision 2 knows only the week (the
    date coded is its middle), 3 only the month; a draft day inside them is the gold's date."""
    end = g.end or g.date
    if g.precision == 2:
        return g.date - WEEK_SLACK, end + WEEK_SLACK
    if g.precision == 3:
        first = g.date.replace(day=1)
        after = (first + dt.timedelta(days=32)).replace(day=1)
        return first, max(end, after - dt.timedelta(days=1))
    return g.date, end


def dates_agree(g: GoldEvent, d: DraftSide) -> bool:
    gold_end, draft_end = g.end or g.date, d.end or d.start
    if (d.start, draft_end) == (g.date, gold_end):
        return True
    low, high = _gold_window(g)
    # A gold range (self-written gold's end_date) says its days itself: no widening.
    if g.end is None and g.precision in (2, 3) and low <= d.start and draft_end <= high:
        return True
    return d.precision in (2, 3) and d.start <= g.date and gold_end <= draft_end


def dates_overlap(g: GoldEvent, d: DraftSide) -> bool:
    """Looser than agreeing: used to pair drafts with gold events, not to score them."""
    return g.date <= (d.end or d.start) and d.start <= (g.end or g.date)


def date_text(start: dt.date, end: dt.date | None) -> str:
    return start.isoformat() + (f"..{end.isoformat()}" if end and end != start else "")


# ---- actors ----


# ACLED's naming conventions, so a name the registry lacks still meets its other spellings:
# "SDF: Syrian Democratic Forces" (acronym: name), "Islamic State (Mozambique)" and
# "Military Forces of Syria (2000-2024)" (a qualifier), "Military Forces of the Democratic
# Republic of Congo" (state forces, whatever the country's spelling).
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_ACRONYM = re.compile(r"^(?P<short>[^:]{1,24}):\s+(?P<long>.+)$")
_STATE = re.compile(r"^(?P<arm>military|police) forces of (?:the )?(?P<country>.+)$", re.I)


def name_variants(name: str) -> set[str]:
    """The name, without its trailing qualifier, and each half of an "ACRONYM: Name"."""
    bare = _QUALIFIER.sub("", name).strip()
    variants = {name, bare}
    match = _ACRONYM.match(bare)
    if match:
        variants |= {match["short"].strip(), match["long"].strip()}
    return {v for v in variants if v}


def state_key(name: str) -> str | None:
    """ "state:military:SY" for "Military Forces of Syria" and every spelling of the country."""
    match = _STATE.match(_QUALIFIER.sub("", name).strip())
    code = country_code_for(match["country"]) if match else ""
    return f"state:{match['arm'].lower()}:{code}" if match and code else None


class ActorIdentity:
    """What a gold or drafted actor name stands for: a set of keys, two actors matching when
    their sets meet ("actor:<registry key>" once resolved; "name:<normalize_name>" of each
    variant of the name; "state:<arm>:<country>" for state forces)."""

    def __init__(self, registry: ActorRegistry):
        actors = [actor for _, actor in registry.aliases.values()]
        self.by_slug = {a.slug: a for a in actors if a.slug}
        # An actor's own name stands for it too, as in actor_ids_by_key; aliases win.
        self.by_key = {normalize_name(a.name): a for a in actors}
        self.by_key |= {key: actor for key, (_, actor) in registry.aliases.items()}

    def resolve(self, name: str) -> ActorRef | None:
        """A registry slug (self-written gold), else the registry's alias or name, as written
        or as one of its variants."""
        if name in self.by_slug:
            return self.by_slug[name]
        for variant in sorted(name_variants(name), key=lambda v: (v != name, -len(v))):
            actor = self.by_key.get(normalize_name(variant))
            if actor is not None:
                return actor
        return None

    def _name_keys(self, name: str) -> set[str]:
        keys = {f"name:{normalize_name(v)}" for v in name_variants(name)}
        state = state_key(name)
        return keys | ({state} if state else set())

    def gold_keys(self, name: str) -> frozenset[str]:
        actor = self.resolve(name)
        keys = self._name_keys(name)
        if actor is not None:
            keys |= {f"actor:{actor.key}"} | self._name_keys(actor.name)
        return frozenset(keys)

    def draft_keys(self, ref: ActorRef) -> frozenset[str]:
        keys = self._name_keys(ref.name) | {f"actor:{ref.key}"}
        actor = self.resolve(ref.name) if ref.slug is None else None
        if actor is not None:
            keys |= {f"actor:{actor.key}"} | self._name_keys(actor.name)
        return frozenset(keys)

    def gold_label(self, name: str) -> str:
        actor = self.by_slug.get(name)
        return actor.name if actor is not None else name

    def match(
        self, gold: list[tuple[str, str]], drafted: tuple[tuple[ActorRef, str], ...]
    ) -> list[tuple[int, int]]:
        """(gold index, draft index) pairs, one to one, in the gold's order."""
        draft_keys = [self.draft_keys(ref) for ref, _ in drafted]
        taken: set[int] = set()
        pairs = []
        for gi, (name, _) in enumerate(gold):
            keys = self.gold_keys(name)
            di = next((i for i, k in enumerate(draft_keys) if i not in taken and k & keys), None)
            if di is not None:
                taken.add(di)
                pairs.append((gi, di))
        return pairs
