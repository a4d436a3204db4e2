"""Place names in a report, decided by the whole document.

The name scan (events/ingest/places_candidates.py) finds the runs of capitalised words the
gazetteer has, and drops those that are no event place (datelines, bylines, "said in X",
metonyms, origins: events/ingest/places_false.py). The report's countries
(events/ingest/context.py: the dateline, countries named, demonyms, actors' countries, places
resolved with confidence) then decide between namesakes ahead of population; a candidate on
another continent than the report's needs strong evidence (its country named in the same
sentence, or right after it: "Palmyra, Syria"), and each place carries the reasons it won.
A name the gazetteer lacks as written, after a locative cue, is looked up by its skeleton (the
romanisation alternations folded, events/domain/names.py) and then fuzzily, both only within
the report's countries. "Idlib province", "Borno state" are provinces (admin-1), at region
precision, when the text gives nothing finer. A place named in a locative phrase but missing
from the gazetteer ("the village of X") is kept as an unknown place, so its event is drafted
unlocated rather than dropped (events/ingest/places_unknown.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from events.domain.countries import capitals, continent_of
from events.domain.names import normalize_name
from events.domain.vocabulary import EXACT, NEAR, REGION
from events.geo.gazetteer import Gazetteer, GazetteerEntry
from events.geo.geodesy import great_circle_km
from events.ingest.context import (
    NAMED,
    RESOLVED,
    ReportContext,
)
from events.ingest.places_candidates import (
    ADMIN_WORD,
    NEAR_CUES,
    Candidate,
    CountryMention,
    NameScan,
    SpanSet,
    called_village,
    generic_name,
    too_big_for,
)
from events.ingest.places_context import report_context
from events.ingest.text import Sentence

__all__ = ["CountryMention", "PlaceMention", "PlaceScan", "places_scan"]

# A world city outweighs a small namesake in a country the report only mentions in passing.
WORLD_CITY = 100_000
# A foreign town of fewer people needs a locative cue before it to be believed.
FOREIGN_MIN_POPULATION = 15000
# Cues that say where something went or came from, not where it happened: not enough to
# believe a small town abroad.
DIRECTION_CUES = frozenset("from to toward towards across into".split())
WORLD_CAPITAL, HAMLET = 1_000_000, 5_000  # a capital this large outweighs a namesake this small
PROVINCE_BESIDE = 40  # characters between a town and the province it is said to be in
_PROVINCE_AFTER = re.compile(
    r"^\s*(?:,\s*|\s+(?:in|of)\s+)(?:the\s+)?(?:[A-Z][a-z]+['\u2019]s\s+)?"
    r"(?:(?:eastern|western|northern|southern|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+)?$",
    re.I,
)
_PROVINCE_BEFORE = re.compile(rf"^(?:\s+{ADMIN_WORD})?(?:['\u2019]s\s+|,\s*|\s+)$", re.I)
# Namesakes within this distance of a place the report names unambiguously are preferred
# (the Novoselivka near the rest of the report, not the one across the country).
NEAR_KM = 150.0
MAX_ANCHORS = 20


@dataclass
class PlaceMention:
    """A place as the report writes it, and what the gazetteer made of it."""

    start: int
    end: int
    text: str
    sentence: int
    entry: GazetteerEntry | None  # None: a place the gazetteer lacks, kept for the curator
    precision: int = EXACT
    cue: str = ""
    why: list[str] = field(default_factory=list)
    anchor: bool = False  # the reference point of "40 km northeast of X"

    @property
    def country_code(self) -> str:
        return self.entry.country_code if self.entry else ""

    @property
    def name(self) -> str:
        return self.entry.name if self.entry else self.text

    def as_dict(self) -> dict:
        data = {"text": self.text, "start": self.start, "end": self.end, "why": self.why}
        if self.entry:
            data |= {
                "name": self.entry.name,
                "geonames_id": self.entry.geonames_id if self.entry.kind == "city" else None,
                "kind": self.entry.kind,
                "latitude": self.entry.latitude,
                "longitude": self.entry.longitude,
                "country_code": self.entry.country_code,
            }
        return data


@dataclass
class PlaceScan:
    places: list[PlaceMention]
    countries: list[CountryMention]
    rejected: list[dict]
    context: list[str] = field(default_factory=list)
    # Is a spelling guess made later (events/ingest/places_unknown.py) where it cannot be?
    stray: Callable[[GazetteerEntry, str], str] | None = None


def _confident(
    gazetteer: Gazetteer, names: NameScan, ctx: ReportContext
) -> list[tuple[float, float]]:
    """Places that are, in effect, in one country add it to the context: a name with a single
    country among its namesakes, or a city ten times larger than any namesake. Returns the
    points of those that are a single place (at most MAX_ANCHORS), to prefer namesakes near.
    A place on another continent than the one the report's own evidence (dateline, countries,
    countries named) sits on adds nothing: "the village of Solhan" in a report from northern
    Burkina Faso must not make Turkey, where GeoNames has its only Solhan, a country of the
    report, which would then let it win the name."""
    anchors: list[tuple[float, float]] = []
    # Only a continent the report names (a dateline, a country named), not one a demonym of
    # forces implies ("Russian warplanes ... strike Idlib": Idlib still tells Syria).
    continent = ctx.continent() if ctx.weights and ctx.top() >= NAMED else None
    for candidate in names.candidates:
        if candidate.guess:
            continue
        found = sorted(gazetteer.candidates(candidate.text), key=lambda e: -e.population)
        if candidate.admin:
            found = gazetteer.provinces(candidate.text) or found
        if not found:
            continue
        if continent and all(continent_of(e.country_code) != continent for e in found):
            continue
        one_country = len({e.country_code for e in found}) == 1 and (
            found[0].population >= FOREIGN_MIN_POPULATION
            or found[0].kind == "admin1"
            or ctx.weight(found[0].country_code) > 0
        )
        dominant = len(found) > 1 and (
            found[0].population >= WORLD_CITY and found[0].population >= 10 * found[1].population
        )
        if one_country or dominant:
            ctx.add(found[0].country_code, RESOLVED, f"place {candidate.text}")
        single = (len(found) == 1 or dominant) and found[0].kind != "admin1"
        if single and len(anchors) < MAX_ANCHORS:
            anchors.append((found[0].latitude, found[0].longitude))
    return anchors


def _followed_by_country(
    text: str, candidates: list[Candidate], countries: list[CountryMention]
) -> dict[int, str]:
    """ "Palmyra, Syria": a country right after a name says which one (by the name's start)."""
    by_start = {c.start: c.iso for c in countries}
    followed = {}
    for candidate in candidates:
        m = re.match(r",\s?", text[candidate.end : candidate.end + 3])
        if m and candidate.end + m.end() in by_start:
            followed[candidate.start] = by_start[candidate.end + m.end()]
    return followed


@dataclass
class _Choice:
    entry: GazetteerEntry
    why: list[str]
    precision: int = EXACT


@dataclass
class _Resolver:
    """Decides each candidate against the report's context."""

    text: str
    gazetteer: Gazetteer
    ctx: ReportContext
    followed: dict[int, str]
    rejected: list[dict]
    provinces: dict[int, list[PlaceMention]] = field(default_factory=dict)  # by sentence
    anchors: list[tuple[float, float]] = field(default_factory=list)
    _near: dict[int, bool] = field(default_factory=dict)

    def near(self, entry: GazetteerEntry) -> bool:
        """Is the entry near a place the report names unambiguously (not itself)?"""
        found = self._near.get(entry.geonames_id)
        if found is None:
            point = (entry.latitude, entry.longitude)
            found = any(0.5 < great_circle_km(point, a) <= NEAR_KM for a in self.anchors)
            self._near[entry.geonames_id] = found
        return found

    def place(self, candidate: Candidate) -> PlaceMention | None:
        choice = self._province(candidate) or self._city(candidate)
        if choice is None:
            return None
        precision = choice.precision
        if precision == EXACT and candidate.cue in NEAR_CUES:
            precision = NEAR
        if candidate.admin and choice.entry.kind != "admin1":
            precision = REGION  # "the province of Sulu", no such province: its city, as a region
        return PlaceMention(
            candidate.start, candidate.end, candidate.text, candidate.sentence.index,
            choice.entry, precision, candidate.cue, choice.why,
        )  # fmt: skip

    def _reject(self, candidate: Candidate, why: str, kind: str = "other") -> None:
        self.rejected.append({"text": candidate.text, "why": why, "kind": kind})

    def _province(self, candidate: Candidate) -> _Choice | None:
        """ "Idlib province", "the state of Borno": the subdivision, at region precision, when
        it is in the report's countries (or named right after it)."""
        # ... under another spelling too, when the text says it is one ("Jawzjan provinces")
        provinces = self.gazetteer.provinces(candidate.text) or (
            self.gazetteer.provinces_by_skeleton(candidate.text, self.ctx.own())
            if candidate.admin else []
        )  # fmt: skip
        if not provinces:
            return None
        # "in Odessa": the city, when there is one in the report's countries or one of 100,000
        # people (the province's capital, most often), not the province it names.
        cities_here = [
            e for e in self.gazetteer.candidates(candidate.text)
            if self.ctx.weight(e.country_code) > 0 or e.population >= WORLD_CITY
        ]  # fmt: skip
        if not candidate.admin and (cities_here or not candidate.cue):
            return None  # "in Idlib": the city; "Borno" without a cue: not enough
        hint = self.followed.get(candidate.start)
        one_country = len({p.country_code for p in provinces}) == 1
        ranked = sorted(
            (
                p
                for p in provinces
                if self.ctx.weight(p.country_code) > 0 or p.country_code == hint or one_country
            ),
            key=lambda p: (p.country_code != hint, -self.ctx.weight(p.country_code)),
        )
        ranked = [p for p in ranked if not self._refusal(candidate, p, hint)]
        if not ranked:
            return None
        entry = ranked[0]
        why = [
            f"province: {entry.name} ({entry.country_code})"
            + (f", '{candidate.admin}' after it" if candidate.admin else ", no city of that name"),
            f"in the report's countries ({self.ctx.explain(entry.country_code)})",
        ]
        return _Choice(entry, why, REGION)

    def _entries(self, candidate: Candidate) -> tuple[list[GazetteerEntry], str]:
        """The namesakes, and how they were found: exactly; else, within the report's own
        countries only, by skeleton, then fuzzily."""
        exact = [] if candidate.guess else self.gazetteer.candidates(candidate.text)
        own = self.ctx.own()
        # Spelling guesses search the countries the sentence itself names, when it names some
        # ("near Kahtaniya in Iraq": not Cutten, US, for the White House named later).
        here = self.ctx.by_sentence.get(candidate.sentence.index, set())
        own = [iso for iso in own if iso in here] or own
        # Beside it: "Novosilka in the Donetsk region", not "Kherson ... and two people in
        # eastern Donetsk region" further on in the sentence.
        provinces = [
            p.entry
            for p in self.provinces.get(candidate.sentence.index, [])
            if p.entry is not None and self._beside(candidate, p)
        ]
        if provinces and not any(_in_province(e, p) for e in exact for p in provinces):
            # "Novosilka in the Donetsk region": a namesake in the province named beside it,
            # found by its skeleton ("Velyka Novosilka"), may be the one meant.
            inside = [
                e for e in self.gazetteer.by_skeleton(candidate.text, own)
                if any(_in_province(e, p) for p in provinces)
            ]  # fmt: skip
            if inside:
                return inside + exact, "skeleton, in the province named beside it"
        if any(self.ctx.weight(e.country_code) > 0 for e in exact):
            return exact, "exact"
        if not (candidate.cue or candidate.admin or candidate.guess):
            return exact, "exact"
        if generic_name(candidate.text):
            return exact, "exact (common words: no other spelling to guess)"
        if any(e.population >= WORLD_CITY for e in exact):
            # "a Russian drone hit ... in Odesa": a city of 100,000 written as it is spelt is
            # the one meant, not a village of the attacker's country with the same consonants
            # (Edissiya, RU); spelling guesses are for places the gazetteer lacks as written.
            return exact, "exact (a city of 100,000 or more, written as it is spelt)"
        # "the X camp", "the village of X": the kind of place the words around it make it.
        kind = f"{candidate.cue} {self.text[candidate.end : candidate.end + 12]}"
        guessed = [
            e for e in self.gazetteer.by_skeleton(candidate.text, own) if not too_big_for(kind, e)
        ]
        if guessed:
            return guessed, "skeleton"
        fuzzy = [
            e for e, _ in self.gazetteer.fuzzy(candidate.text, own) if not too_big_for(kind, e)
        ]
        return (fuzzy[:1], "fuzzy") if fuzzy else (exact, "exact")

    def _beside(self, candidate: Candidate, province: PlaceMention) -> bool:
        """Is the province written as where the town is: "Novosilka in the Donetsk region",
        "Novosilka, Donetsk region", "the Donetsk region's Novosilka"?"""
        if province.start >= candidate.end:
            gap = self.text[candidate.end : province.start]
            return len(gap) <= PROVINCE_BESIDE and _PROVINCE_AFTER.match(gap) is not None
        gap = self.text[province.end : candidate.start]
        return len(gap) <= PROVINCE_BESIDE and _PROVINCE_BEFORE.search(gap) is not None

    def _city(self, candidate: Candidate) -> _Choice | None:
        entries, how = self._entries(candidate)
        if not entries:
            return None
        hint = self.followed.get(candidate.start)
        key = normalize_name(candidate.text)

        provinces = [p.entry for p in self.provinces.get(candidate.sentence.index, []) if p.entry]
        largest = max(int(math.log10(e.population + 1)) for e in entries)

        def rank(e: GazetteerEntry) -> tuple:
            main_name = normalize_name(e.name) == key
            inside = any(_in_province(e, p) for p in provinces)
            # Population by order of magnitude, then the name as GeoNames spells it: a village
            # spelled exactly as written does not beat the city 1000 times its size.
            size = int(math.log10(e.population + 1))
            # Nearness breaks ties on the country's weight between namesakes of similar size
            # (a village near the rest of the report never beats a city 100 times larger).
            near = (
                len(entries) > 1
                and size >= largest - 1
                and self.ctx.weight(e.country_code) > 0
                and self.near(e)
            )
            return (e.country_code == hint, self.ctx.weight(e.country_code), inside, near,
                    size, main_name, e.population, -e.geonames_id)  # fmt: skip

        ranked = sorted(entries, key=rank, reverse=True)
        refusals: list[str] = []
        for entry in ranked:
            village = called_village(self.text, candidate.start, candidate.end)
            refusal = self._refusal(candidate, entry, hint) or self.stray(entry, how, village)
            if not refusal:
                return self._won(candidate, entry, ranked, how, refusals)
            refusals.append(f"{entry.name} ({entry.country_code}): {refusal}")
        self._reject(candidate, "; ".join(refusals[:3]), "foreign")
        return None

    def _refusal(self, candidate: Candidate, entry: GazetteerEntry, hint: str | None) -> str:
        """Why this namesake is not believed here, or "" when it is."""
        iso = entry.country_code
        if iso == hint:
            return ""
        continent = self.ctx.continent()
        sentence = candidate.sentence.index
        far = continent and continent_of(iso) != continent
        if (
            far
            and not self.ctx.strong(iso, sentence)
            and not self._world_city_abroad(candidate, entry)
        ):
            return f"on another continent than the report's ({continent}), its country not named"
        if self.ctx.weight(iso) > 0:
            return ""
        if candidate.start == candidate.sentence.start and not candidate.cue:
            return "foreign, capitalised only as first word"
        # A name places in several countries have, in a report that names none of them: a
        # namesake abroad needs to be a city known worldwide by this very name.
        countries = {e.country_code for e in self.gazetteer.candidates(candidate.text)}
        if len(countries) > 2 and not self._world_city_abroad(candidate, entry):
            return f"foreign, its country not named, a name {len(countries)} countries have"
        small = entry.kind != "admin1" and entry.population < FOREIGN_MIN_POPULATION
        if small and candidate.cue in DIRECTION_CUES | {""}:
            return "small foreign town without a locative cue (in, near, at...)"
        if re.search(r"\bthe\s+$", self.text[max(0, candidate.start - 5) : candidate.start], re.I):
            return "foreign, and after 'the' as a group's name is ('the Taliban')"
        return ""

    def stray(self, entry: GazetteerEntry, how: str, village: bool = False) -> str:
        """Why a hamlet, or a place found only by a spelling guess, is a namesake of the place
        meant: it lies outside every province the report names in its country and far from
        every place the report names unambiguously ("Nyaung Kone village in Pale township in
        Sagaing region" is no Nyaung Gon 600 km south; "Noaka in the Centre-Nord region" no
        Nioko I by Ouagadougou). A place the report calls a village must lie inside a
        province it names, near or not ("the villages of Tiahynka and Vesele" in a report on
        the Kherson region are no Vesele across the line in Zaporizhzhia). "" when nothing says
        so. The name then stays unlocated."""
        small = entry.population < FOREIGN_MIN_POPULATION
        if entry.kind == "admin1" or (how.startswith("exact") and not small):
            return ""
        named = [
            p.entry
            for found in self.provinces.values()
            for p in found
            if p.entry is not None and p.entry.country_code == entry.country_code
        ]
        if not named or any(_in_province(entry, p) for p in named):
            return ""
        if self.near(entry) and not (village and small):
            return ""
        return "outside the provinces the report names, far from its other places"

    def _world_city_abroad(self, candidate: Candidate, entry: GazetteerEntry) -> bool:
        """ "peace talks in Geneva", "an agreement signed in Sochi": a large city abroad, after
        "in"/"at", is believed when the report's own countries have no namesake of it (Nawa
        has one in Syria, so Naha, Japan is never taken for it)."""
        if entry.population < WORLD_CITY or candidate.cue not in {"in", "at"}:
            return False
        if normalize_name(entry.name) != normalize_name(candidate.text):
            return False  # by another of its names ("Ali" for Agri, Turkey): not known so
        namesakes = self.gazetteer.candidates(candidate.text)
        return not any(e.country_code in self.ctx.main() for e in namesakes)

    def _won(
        self,
        candidate: Candidate,
        entry: GazetteerEntry,
        ranked: list[GazetteerEntry],
        how: str,
        refusals: list[str],
    ) -> _Choice:
        entry = self._world_city(candidate, entry, ranked)
        iso = entry.country_code
        why = [f"gazetteer ({how}): {entry.name} ({iso}), population {entry.population}"]
        if iso == self.followed.get(candidate.start):
            why.append(f"its country follows the name ({iso})")
        if self.ctx.weight(iso) > 0:
            why.append(f"in the report's countries ({self.ctx.explain(iso)})")
        else:
            why.append(
                "outside the report's countries, but "
                + (f"after '{candidate.cue}'" if candidate.cue else "a large town")
            )
        others = [e for e in ranked if e is not entry]
        if others:
            why.append(
                f"over {len(others)} namesake(s), e.g. {others[0].name} ({others[0].country_code})"
            )
        why += [f"refused {r}" for r in refusals[:2]]
        return _Choice(entry, why)

    def _world_city(
        self, candidate: Candidate, entry: GazetteerEntry, ranked: list[GazetteerEntry]
    ) -> GazetteerEntry:
        """A world city over a small namesake in a country the report only mentions in
        passing (Geneva, Switzerland over Geneva, Illinois in a report about the war in Syria
        that names the United States), never over one in the report's own countries, unless
        that one is a hamlet and the other a country's capital ("European leaders gathered in
        Berlin" in a report about Russia and Ukraine is not Berlin, a village in Russia)."""
        if entry.country_code == self.followed.get(candidate.start):
            return entry
        if entry.country_code in self.ctx.main():
            return _capital_over_hamlet(entry, ranked)
        largest = max(ranked, key=lambda e: e.population)
        big = largest.population >= WORLD_CITY and largest.population >= 5 * entry.population
        if big and not self._refusal(candidate, largest, None):
            return largest
        return entry


def _capital_over_hamlet(entry: GazetteerEntry, ranked: list[GazetteerEntry]) -> GazetteerEntry:
    if entry.population >= HAMLET:
        return entry
    capital = capitals()
    for other in ranked:
        is_capital = normalize_name(capital.get(other.country_code, "")) == normalize_name(
            other.name
        )
        if is_capital and other.population >= WORLD_CAPITAL:
            return other
    return entry


def places_scan(
    text: str,
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    *,
    blocked: list[tuple[int, int]],
    alias_spans: list[tuple[int, int]],
    context: list[str] | None = None,
    actor_countries: list[str] | None = None,
) -> PlaceScan:
    """Every place and country the report names. `context` (countries, most telling first) is
    added to what the report itself says; `actor_countries` are the countries of the actors
    the registry found."""
    lowercase_words = {m.group() for m in re.finditer(r"\b[a-z]+\b", text)}
    names = NameScan(text, gazetteer, SpanSet(blocked), SpanSet(alias_spans), lowercase_words)
    names.scan(sentences)
    ctx = report_context(gazetteer, names, actor_countries or [], context)
    anchors = _confident(gazetteer, names, ctx)
    followed = _followed_by_country(text, names.candidates, names.countries)
    resolver = _Resolver(text, gazetteer, ctx, followed, names.rejected, anchors=anchors)
    # Provinces first: a province named in a sentence helps choose between its towns' namesakes.
    ordered = sorted(names.candidates, key=lambda c: (not c.admin, c.start))
    places = []
    for candidate in ordered:
        place = resolver.place(candidate)
        if place is None or place.entry is None:
            continue
        places.append(place)
        if place.entry.kind == "admin1":
            resolver.provinces.setdefault(place.sentence, []).append(place)
        else:
            ctx.by_sentence[place.sentence].add(place.entry.country_code)
    places.sort(key=lambda p: p.start)
    places = sorted(places + _same_name(text, gazetteer, places), key=lambda p: p.start)
    return PlaceScan(places, names.countries, names.rejected, ctx.order(), resolver.stray)


def _in_province(entry: GazetteerEntry, province: GazetteerEntry) -> bool:
    """Is the entry in that province? By GeoNames admin-1 code, or (an imported place) by the
    admin1 name its dataset gave."""
    if entry.country_code != province.country_code or not entry.admin1:
        return False
    if entry.admin1 == province.admin1:
        return True
    names = {normalize_name(n) for n in (province.name, *province.alternate_names)}
    return normalize_name(entry.admin1) in names


# "the governor of the region of Kharkiv says a strike on the city of the same name".
_SAME_NAME = re.compile(
    r"\b(?:regional\s+|provincial\s+)?(?:city|town|capital)\s+of\s+the\s+same\s+name\b", re.I
)


def _same_name(text: str, gazetteer: Gazetteer, places: list[PlaceMention]) -> list[PlaceMention]:
    """ "The city of the same name" is the province's namesake city, inside it, of the province
    named last before it in the sentence."""
    found = []
    for m in _SAME_NAME.finditer(text):
        before = [p for p in places if p.end <= m.start() and m.start() - p.end <= 200]
        province = before[-1] if before else None
        if province is None or province.entry is None or province.entry.kind != "admin1":
            continue
        entry = province.entry
        inside = [
            e
            for e in gazetteer.candidates(province.text)
            if e.kind != "admin1"
            and (
                _in_province(e, entry)
                or (not entry.admin1 and e.country_code == entry.country_code)
            )
        ]
        if not inside:
            continue
        city = max(inside, key=lambda e: e.population)
        why = [f"the city named as the province {province.entry.name} before it: {city.name}"]
        found.append(
            PlaceMention(m.start(), m.end(), city.name, province.sentence, city, EXACT, "", why)
        )
    return found
