"""Mentions: one clause's report of a happening, with its actors, place, date and fatalities.

A trigger opens a mention in its clause; the clause's actors, place and date become the
mention's. Actors take a semantic role from where they stand (events/ingest/roles.py). ACLED
roles are given later, once every mention of one happening is merged (events/ingest/drafts.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol, TypeVar

from events.ingest.actors import ActorMention, is_speaker
from events.ingest.dates import REPORTED_ON, DateSpan
from events.ingest.fatalities import fatalities_find
from events.ingest.places import DIRECTION_CUES, CountryMention, PlaceMention
from events.ingest.places_candidates import ADMIN_WORD
from events.ingest.places_clause import (
    OWNER_GAP,
    abroad_after,
    city_of_part,
    indefinite_kind,
    listed_before,
    new_subject_at,
    speaks_of_unnamed_place,
    title_place,
    town_in_district,
)
from events.ingest.relative import RelativeMention
from events.ingest.roles import COORDINATED, Role, roles_of
from events.ingest.spans import between, starting_in
from events.ingest.text import Clause, Sentence
from events.ingest.triggers import Trigger, in_history, triggers_in


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


# Actors, places, countries: whatever starts at an offset of the text.
_Spanned = TypeVar("_Spanned", bound=_HasStart)

_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$", re.I)
_NATIONWIDE = re.compile(r"\b(?:nationwide|nation-wide|countrywide|country-wide)\b", re.I)

_SUBJECT_GAP = re.compile(r"(?:\s+[\w'-]+){0,2}?\s+|\s*")
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|by|of|on|against|to|from|at|in|near|for)\s+(?:the\s+)?$", re.I
)
_CONJUNCTION = re.compile(r",\s*(?:and|but|while|whereas)\s+(?:that\s+)?", re.I)
# Where a clause's second verb gets a subject of its own ("X struck A, and Y shelled B").
_COORDINATION = re.compile(r",\s*(?:and|while|but|whereas)\s+|\s+and\s+(?=[A-Z])|,\s+(?=[A-Z])")
# "X said its fighters had repelled ...": a speaker telling what it did is a party to the event.
_SELF_REPORT = re.compile(
    r"(?:['\u2019]s)?(?:\s+[\w'-]+){0,4}?\s+(?:said|says|claimed|announced|stated)\s+"
    r"(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they|its|their)\b"
)
# "was reported": a passive report of the event, not a speaker introducing it.
_PASSIVE_REPORT = re.compile(
    r"(?:['\u2019]s)?(?:\s+[\w'-]+){0,4}?\s+(?:was|were|is|are|been|being)\s+"
    r"(?:reportedly\s+|also\s+)?(?:reported|said|claimed)\b"
)
_EXCLUDED_BEFORE = re.compile(
    r"\b(?:not\s+cover|not\s+include|not\s+apply\s+to|excluding|except(?:\s+for)?)\s+"
    r"(?:[\w'-]+\s+){0,8}$",
    re.I,
)
# "in the Mopti region, near the town of Diallassagou": the finer place right after a province.
_FINER_AFTER = re.compile(
    rf"^\s*(?:{ADMIN_WORD}\b)?\s*(?:,\s*)?"
    r"(?:(?:near|in|at|outside|around|close\s+to)\s+)?(?:the\s+)?"
    r"(?:(?:town|village|city|hamlet|locality|area|district)\s+of\s+)?"
    # "the Kashmir capital Srinagar", "Amhara's regional capital, Bahir Dar"
    r"(?:(?:regional\s+|provincial\s+|state\s+)?capital(?:\s+city)?(?:\s+of)?\s*,?\s*)?$",
    re.I,
)
# "Tripoli's southern suburb of Qaser Bin Ghashir": a part of a city, finer than the city.
_PART_OF_CITY = re.compile(
    r"^['\u2019]s\s+(?:[a-z-]+\s+){0,2}(?:suburbs?|districts?|neighbou?rhoods?|quarters?|"
    r"outskirts|township)\s+of\s+(?:the\s+)?$",
    re.I,
)
# "Tibu, in the Norte de Santander department": a town, then the province it is in.
# Also "Kankara district of Katsina state", "Galgani in the central province of Sennar",
# "in Khogyani district, also in Nangarhar province", "the remote Malam-Fatori town in the
# northeastern Borno state".
_PROVINCE_OF_TOWN = re.compile(
    r"^\s*(?:(?:district|township|county|area|town|village|city|locality|camp)\s*)?,?\s*"
    r"(?:also\s+)?(?:(?:in|of)\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w-]*['\u2019]s\s+)?(?:(?:central|eastern|western|northern|southern|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
    rf"(?:{ADMIN_WORD}\s+of\s+)?$"
)
# "In Kostyantynivka, west of the town of Bakhmut, ...", "a rebel-held town outside
# Damascus", "a military base south of Mogadishu": the place after the bearing only says where
# the one before it (named or not) is; not "a rural area near Tibu", which is Tibu's.
_REFERENCE_BEFORE = re.compile(
    r"(?:(?P<named>[A-Z][\w'-]*,?)|\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:town|village|city|hamlet|camp|base|outpost|checkpoint))\s+"
    r"(?:(?:just|some|about)\s+)?(?:(?:north|south)?-?(?:north|south|east|west)(?:ern)?\s+of|"
    r"outside|near|close\s+to|not\s+far\s+from)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+)?(?:(?:town|city|village|capital)(?:\s+of)?\s+)?$"
)
# "stormed the village", "in the middle of the camp": the one named before.
_THE_PLACE = re.compile(r"\b(?:the|that)\s+(?:same\s+)?(?:village|town|camp)\b(?!\s+of\b)", re.I)
ANAPHOR_SENTENCES = 3
NAMED_NEXT_SENTENCES = 2  # "a village ...": the village the next two sentences name
_HAPPENED_AT = re.compile(
    r"\b(?:took\s+place|happened|occurred|(?:was|were)\s+carried\s+out)\b", re.I
)
_ANAPHORIC_PLACE = re.compile(r"\b(?:there|the\s+(?:town|village|city|area))\b", re.I)
_EXCLUDED = re.compile(
    r"^(?:[\s\w'-]{0,60}?)\b(?:(?:are|is|were|was)\s+(?:excluded|not\s+(?:part|involved))|"
    r"excluded\s+from)\b",
    re.I,
)


def _offset(d: DateSpan) -> int:
    return d.offset


@dataclass
class Mention:
    """One clause's report of a happening."""

    sentence: Sentence
    clause: Clause
    trigger: Trigger
    trigger_start: int
    trigger_end: int
    roles: list[Role] = field(default_factory=list)
    place: PlaceMention | None = None
    country: str = ""
    nationwide: bool = False
    date: DateSpan | None = None
    fatalities: int | None = None
    relative: RelativeMention | None = None
    definite: bool = False
    date_inherited: bool = False  # the date was stated earlier in the sentence
    date_reported: bool = False  # the date is only when someone said so ("the army said Monday")
    headline: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def actor_keys(self) -> set[str]:
        return {r.actor.key for r in self.roles}


def _listed(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The places coordinated with the first ("hit Kafr Nabl and Maarat al-Numan")."""
    listed = []
    for a, b in pairwise(places):
        if not COORDINATED.match(text[a.end : b.start]):
            break
        listed.append(b)
    return listed


@dataclass
class _ClauseFacts:
    """A clause with triggers, and what in it its mentions draw on."""

    sentence: Sentence
    clause: Clause
    body: str
    triggers: list[tuple[Trigger, int, int]]
    actors: list[ActorMention]  # parties: neither speakers nor said to be excluded
    places: list[PlaceMention]  # not the anchors of "40 km northeast of X"
    titled: list[PlaceMention]  # in a speaker's title: the place only when nothing else is
    countries: list[CountryMention]  # named as where something happens ("in Syria")
    dates: list[DateSpan]
    earlier_dates: list[DateSpan]  # stated earlier in the sentence, outside relative clauses

    def segment(self, n: int, text: str) -> tuple[int, int]:
        """Where the n-th trigger's stretch starts and ends: from the clause's start (or where a
        new subject is coordinated in, "..., and Y shelled") to where the next one's begins."""
        _, start, end = self.triggers[n]
        seg_start = self.clause.start if n == 0 else start
        if n == 0:
            # "X, which is allied with Y, said ..., and that Z shelled": Z's verb, Z's stretch.
            cut = [m.end() for m in _CONJUNCTION.finditer(text, self.clause.start, start)]
            if cut and starting_in(self.actors, cut[-1], start):
                seg_start = cut[-1]
        else:
            prev_end = self.triggers[n - 1][2]
            cut = [m.end() for m in _COORDINATION.finditer(text, prev_end, start)]
            # "... came a day after Russian warplanes struck": the actor right before the verb
            # is its subject, not the object of the trigger before.
            cut += [
                a.start
                for a in starting_in(self.actors, prev_end, start)
                if _SUBJECT_GAP.fullmatch(text, a.end, start)
                and not _OBJECT_BEFORE.search(text, max(prev_end, a.start - 12), a.start)
            ][:1]
            seg_start = max(cut) if cut else start
        seg_end = self.clause.end
        if n + 1 < len(self.triggers):
            seg_end = self.segment(n + 1, text)[0]
            seg_end = seg_end if seg_end > end else self.triggers[n + 1][1]
        return seg_start, seg_end

    def trigger_span(self, n: int) -> tuple[int, int, int]:
        """The n-th trigger's start and end, and where the next one starts (or the clause ends)."""
        _, start, end = self.triggers[n]
        next_start = self.triggers[n + 1][1] if n + 1 < len(self.triggers) else self.clause.end
        return start, end, next_start


def _date_set(mention: Mention, facts: _ClauseFacts, segment: tuple[int, int], text: str) -> None:
    """The date in the trigger's own stretch nearest it, else the clause's nearest, else one
    stated earlier in the sentence outside another happening's clause. A date that is when
    someone said so ("said on Sunday that ... an attack ... on July 31") yields to another."""
    own = [d for d in facts.dates if segment[0] <= d.offset < segment[1]] or facts.dates
    happened = [d for d in own if not REPORTED_ON.search(text[max(0, d.offset - 40) : d.offset])]
    mention.date_reported = bool(own) and not happened
    own = happened or own
    if own:
        mention.date = min(own, key=lambda d: abs(d.offset - mention.trigger_start))
    elif facts.earlier_dates:
        mention.date = facts.earlier_dates[-1]
        mention.date_inherited = True


@dataclass
class _MentionFinder:
    """The report's findings, from which each clause's mentions take theirs."""

    text: str
    actors: list[ActorMention]
    places: list[PlaceMention]
    countries: list[CountryMention]
    dates: list[DateSpan]
    relatives: list[RelativeMention]
    year: int | None = None  # the report's: a happening told with an earlier year is history
    relative_by_subject: dict[int, RelativeMention] = field(default_factory=dict)
    # The clauses of the sentence at hand that report a happening of their own (by start): a
    # date there ("Last July the army recaptured it, but ...") is that happening's, not a frame
    # for the clauses after it.
    _sentence: int = -1
    _reporting: set[int] = field(default_factory=set)
    _place_ends: dict[int, PlaceMention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.places:
            self._place_ends.setdefault(p.end, p)
        # The first relative of each subject place, as a scan in text order would find it.
        for r in reversed(self.relatives):
            if r.subject is not None:
                self.relative_by_subject[id(r.subject)] = r

    def clause_mentions(self, sentence: Sentence, clause: Clause) -> list[Mention]:
        triggers = triggers_in(self.text, clause)
        if sentence.index != self._sentence:
            self._sentence, self._reporting = sentence.index, set()
        if not triggers:
            return []
        facts = self._facts(sentence, clause, triggers)
        self._reporting.add(clause.start)
        mentions: list[Mention] = []
        for n in range(len(triggers)):
            mentions += self._trigger_mentions(facts, n)
        return mentions

    def _facts(
        self, sentence: Sentence, clause: Clause, triggers: list[tuple[Trigger, int, int]]
    ) -> _ClauseFacts:
        text = self.text

        def inside(items: list[_Spanned]) -> Sequence[_Spanned]:
            return starting_in(items, clause.start, clause.end)

        actors = [
            a
            for a in inside(self.actors)
            if (
                not is_speaker(text, a, sentence.end)
                or _PASSIVE_REPORT.match(text, a.end)
                or _SELF_REPORT.match(text, a.end)
            )
            and not _EXCLUDED.match(text[a.end : clause.end])
            and not _EXCLUDED_BEFORE.search(text[clause.start : a.start])
        ]
        earlier_dates = [
            d
            for d in between(self.dates, sentence.start, clause.start, _offset)
            if (c := sentence.clause_at(d.offset)).kind not in {"which", "who", "where"}
            and c.start not in self._reporting
        ]
        places, titled = self._clause_places(sentence, clause)
        return _ClauseFacts(
            sentence=sentence,
            clause=clause,
            body=text[clause.start : clause.end],
            triggers=triggers,
            actors=actors,
            places=places,
            titled=titled,
            countries=[c for c in inside(self.countries) if c.cue],
            dates=list(between(self.dates, clause.start, clause.end, _offset)),
            earlier_dates=earlier_dates,
        )

    def _clause_places(
        self, sentence: Sentence, clause: Clause
    ) -> tuple[list[PlaceMention], list[PlaceMention]]:
        """The clause's places but the anchors of "40 km northeast of X" and the reference
        points of "a town outside X", and apart, those in a speaker's title ("chief of X
        district, said ...", "X state police spokesman ... said")."""
        places = [
            p
            for p in starting_in(self.places, clause.start, clause.end)
            if not p.anchor and not self._reference(p)
        ]
        titled = [p for p in places if title_place(self.text, p, sentence.end)]
        return [p for p in places if p not in titled], titled

    def _the_village(self, mention: Mention, facts: _ClauseFacts) -> PlaceMention | None:
        """ "Hundreds of fighters stormed the village on Thursday": the village (town, camp)
        named last before it, within three sentences, when the clause names no place."""
        said = _THE_PLACE.search(facts.body)
        if said is None:
            return None
        sentence = facts.sentence.index
        # The places are in text order, so in sentence order too: those of the last three
        # sentences are a slice found by bisection, not a scan of the report's places.
        first = bisect_left(self.places, sentence - ANAPHOR_SENTENCES, key=lambda p: p.sentence)
        if first == len(self.places):
            return None
        before = [
            p
            for p in starting_in(self.places, self.places[first].start, facts.clause.start)
            if not p.anchor and (p.entry is None or p.entry.kind != "admin1")
        ]
        if not before:
            return None
        # The one written as that kind of place ("stormed Jalagani village ... in southern
        # Sennar. ... men of the village": Jalagani), else the last.
        noun = said[0].split()[-1].lower()
        kind = [p for p in before if p.cue.startswith(noun)]
        chosen = (kind or before)[-1]
        mention.reasons.append(f"'{said[0]}': {chosen.text}")
        return chosen

    def _named_next(self, mention: Mention, facts: _ClauseFacts, n: int) -> PlaceMention | None:
        """ "killed 22 civilians in a village held by IS in eastern Syria. The civilians were
        from ... the village of Hojna": a village (town, camp) the trigger's stretch of the
        clause leaves unnamed is the first one the next two sentences name as a village."""
        start, _, end = facts.trigger_span(n)
        kind = indefinite_kind(self.text, start, end)
        if not kind:
            return None
        sentence = facts.sentence.index
        first = bisect_left(self.places, sentence + 1, key=lambda p: p.sentence)
        for p in self.places[first:]:
            if p.sentence > sentence + NAMED_NEXT_SENTENCES:
                break
            if p.cue.startswith(kind) and not p.anchor:
                mention.reasons.append(f"'a {kind}', named next: {p.text}")
                return p
        return None

    def _reference(self, place: PlaceMention) -> bool:
        """Is the place only the reference point of the place before it ("X, west of the town
        of Y", "a town outside Y")? A named one must be a town or a village itself: "in Idlib
        province, near the Turkish border" still happened in the province."""
        m = _REFERENCE_BEFORE.search(self.text, max(0, place.start - 80), place.start)
        if m is None:
            return False
        if m.group("named") is None:
            return True
        named = self._place_ends.get(m.start("named") + len(m["named"].rstrip(",")))
        return named is not None and (named.entry is None or named.entry.kind != "admin1")

    def _trigger_mentions(self, facts: _ClauseFacts, n: int) -> list[Mention]:
        """The mention the clause's n-th trigger opens, and a twin for each place listed with
        its place: "hit Kafr Nabl and Maarat al-Numan" is one event per place, as ACLED codes."""
        text, clause = self.text, facts.clause
        trigger = facts.triggers[n][0]
        t_start, t_end, _ = facts.trigger_span(n)
        mention = Mention(facts.sentence, clause, trigger, t_start, t_end)
        mention.definite = bool(_DEFINITE.search(text[max(clause.start, t_start - 30) : t_start]))
        mention.reasons.append(f"trigger '{text[t_start:t_end]}' ({trigger.name})")
        # The trigger's own stretch of the clause: its subject and object, its fatality figure.
        seg_start, seg_end = facts.segment(n, text)
        if self.year and in_history(text, seg_start, seg_end, t_end, self.year):
            return []
        mine = [
            a for a in facts.actors if seg_start <= a.start < t_start or t_end <= a.start < seg_end
        ]
        if n and not any(a.start < t_start for a in mine) and seg_start == t_start:
            # "X struck A and shelled B": the clause's subject did both.
            mine = [a for a in facts.actors if a.start < facts.triggers[0][1]] + mine
        mention.roles = roles_of(text, clause, mine, t_start, t_end)
        listed = self._place_set(mention, facts, n)
        # "five fighters were killed": a detail of an event told elsewhere; but "the attack ...
        # took place in the town of X" places the happening told before, and "the attack
        # happened on Sunday" dates it (folds.py folds either into it).
        _date_set(mention, facts, (seg_start, seg_end), text)
        own_date = mention.date is not None and not mention.date_inherited
        # ... and "hurt in the attack on Friday" dates it: the day right after the trigger.
        dated_here = (
            own_date
            and mention.date is not None
            and 0 <= mention.date.offset - mention.trigger_end <= 4
        )
        told_anaphor = mention.definite and (
            (
                (mention.place is not None or own_date)
                and _HAPPENED_AT.search(facts.body) is not None
            )
            or dated_here
        )
        if trigger.weak and not mention.roles and not told_anaphor:
            return []
        mention.fatalities = fatalities_find(text[seg_start:seg_end])
        mention.headline = facts.sentence.headline
        if mention.place is None and not mention.country and _ANAPHORIC_PLACE.search(facts.body):
            mention.definite = True
        return [mention, *self._twins(mention, listed)]

    def _place_set(self, mention: Mention, facts: _ClauseFacts, n: int) -> list[PlaceMention]:
        """The first place after the trigger (before the next one), else the last before it, else
        the antecedent of "which"/"where"; else the country named. Returns the places listed
        together with the mention's place."""
        t_start, t_end, next_start = facts.trigger_span(n)
        prev_end = facts.triggers[n - 1][2] if n else facts.clause.start
        # ", and European leaders gathered in Berlin": a clause of its own, not this one's place.
        next_start = new_subject_at(self.text, t_end, next_start)
        after = [p for p in facts.places if t_end <= p.start < next_start]
        before = [p for p in facts.places if prev_end <= p.start and p.end <= t_start]
        nearest = after or before[-1:]
        place = nearest[0] if nearest else None
        if place is not None and len(after) > 1 and place is after[0]:
            place = self._finer_than_province(place, after[1])
        run: list[PlaceMention] = []
        if place is not None and not after and len(before) > 1:
            # "bombarding Zee Phyu Kone and Kan Gyi villages with airstrikes": each of a list
            # right before the trigger, else the finest of "X village in Y district".
            place = self._finest_before(before)
            run = listed_before(self.text, before[: before.index(place) + 1])
            place = run[0] if run else place
        if place is not None:
            later = starting_in(self.places, place.end, facts.sentence.end)
            place = city_of_part(self.text, place, list(later)) or place
        if (
            place is not None
            and not after
            and abroad_after(facts.countries, place, t_end, next_start)
        ):
            # "Sanaa has been held by ..., and ... drone attacks against a pipeline in Saudi
            # Arabia": the country after the trigger, not a town of another before it.
            place = None
        if place is None and facts.clause.kind in {"which", "where"}:
            place = self._antecedent(mention, facts)
        if place is None:
            place = self._the_village(mention, facts) or self._named_next(mention, facts, n)
        if place is None and facts.titled and not mention.definite:
            # "Katsina state police spokesman X said gunmen killed five": the state, as ACLED
            # codes it when nothing finer is given; not when the sentence speaks of a village
            # or a camp, nor for "the assault" a follow-up tells again.
            sentence = facts.sentence
            if not speaks_of_unnamed_place(self.text, sentence.start, sentence.end):
                place = facts.titled[0]
        mention.place = place
        self._country_set(mention, facts, after, t_end)
        if place is not None and place in after[:2]:
            return _listed(self.text, after[after.index(place) :])
        return run[1:] if place is not None and run and place is run[0] else []

    def _country_set(
        self, mention: Mention, facts: _ClauseFacts, after: list[PlaceMention], t_end: int
    ) -> None:
        """The mention's country: its place's; for a town the gazetteer lacks, the country its
        clause names ("near Kahtaniya in Iraq"), not one someone went to ("crossed the border
        into Uganda"), else that of a place listed with it; with no place, the country named
        (after the trigger first: "drone attacks against a pipeline in Saudi Arabia")."""
        place = mention.place
        if place is not None:
            located = [c for c in facts.countries if c.cue not in DIRECTION_CUES]
            named = located[0].iso if located and place.entry is None else ""
            mention.country = (
                place.country_code or named or (after[0].country_code if after else "")
            )
            mention.relative = self._relative_of(place)
        elif facts.countries:
            after_country = [c for c in facts.countries if c.start >= t_end]
            mention.country = (after_country or facts.countries)[0].iso
            mention.nationwide = bool(_NATIONWIDE.search(facts.body))

    def _finer_than_province(self, first: PlaceMention, second: PlaceMention) -> PlaceMention:
        """A province followed at once by a town or village in it, or a city by a part of it
        ("Tripoli's suburb of X"): the finer place, located or not (ACLED codes the finest
        place the report gives)."""
        gap = self.text[first.end : second.start]
        if _PART_OF_CITY.match(gap) is not None or OWNER_GAP.match(gap) is not None:
            # "Tripoli's southern suburb of Qaser ...", "Farah's Khak-e-Safad district"
            second.why.append(f"a part of {first.name}, named after it")
            return second
        province = first.entry is not None and first.entry.kind == "admin1"
        finer = second.entry is None or second.entry.kind != "admin1"
        joined = _FINER_AFTER.match(gap) is not None
        if province and finer and joined and second.start - first.end <= 60:
            second.why.append(f"finer than the province {first.name} named before it")
            return second
        return first

    def _finest_before(self, before: list[PlaceMention]) -> PlaceMention:
        """The finest of the places written each inside the next, before the trigger: "Mararaba
        village in Kankara district of Katsina state, kidnapping": Mararaba."""
        place = before[-1]
        for town in reversed(before[:-1]):
            if self._town_of_province(town, place) is not town:
                break
            place = town
        return place

    def _town_of_province(self, town: PlaceMention, province: PlaceMention) -> PlaceMention:
        """A town followed at once by its own province, the trigger after both ("near Tibu, in
        the Norte de Santander department, when a blast hit"): the town, ACLED's finest place."""
        entry = province.entry
        if town_in_district(self.text, town, province):
            town.why.append(f"a village of {province.name}, named before it")
            return town
        if entry is None or entry.kind != "admin1":
            return province
        in_it = town.entry is None or (
            town.entry.kind != "admin1"
            and (town.entry.country_code, town.entry.admin1) == (entry.country_code, entry.admin1)
        )
        joined = _PROVINCE_OF_TOWN.match(self.text[town.end : province.start]) is not None
        if in_it and joined:
            town.why.append(f"a town of the province {province.name} named after it")
            return town
        return province

    def _antecedent(self, mention: Mention, facts: _ClauseFacts) -> PlaceMention | None:
        sentence, clause = facts.sentence, facts.clause
        antecedent = starting_in(self.places, sentence.start, clause.start)
        place = antecedent[-1] if antecedent else None
        if place:
            mention.reasons.append(f"place from the antecedent of '{clause.kind}'")
        return place

    def _relative_of(self, place: PlaceMention) -> RelativeMention | None:
        return self.relative_by_subject.get(id(place))

    def _twins(self, mention: Mention, listed: list[PlaceMention]) -> list[Mention]:
        twins = []
        for other in listed:
            twin = Mention(**{**mention.__dict__, "place": other, "roles": mention.roles})
            twin.relative = self._relative_of(other)
            twin.reasons = [*mention.reasons, "one of several places listed together"]
            twins.append(twin)
        return twins


def mentions_find(
    text: str,
    sentences: list[Sentence],
    actors: list[ActorMention],
    places: list[PlaceMention],
    countries: list[CountryMention],
    dates: list[DateSpan],
    relatives: list[RelativeMention],
    year: int | None = None,
) -> list[Mention]:
    """Every clause-level report of a happening, with its actors, place and date; none of what
    a report told with a year before `year` (the report's)."""
    finder = _MentionFinder(text, actors, places, countries, dates, relatives, year)
    mentions: list[Mention] = []
    previous: list[Mention] = []
    for sentence in sentences:
        found = [m for c in sentence.clauses for m in finder.clause_mentions(sentence, c)]
        if not found:
            _toll_follows(text, sentence, previous)
        mentions += found
        previous = found
    return mentions


def _toll_follows(text: str, sentence: Sentence, previous: list[Mention]) -> None:
    """ "Fighting broke out near X. At least five fighters were killed.": a toll told in a
    sentence of its own, reporting nothing else, is that of the one happening just before."""
    if len({(m.trigger_start, m.sentence.index) for m in previous}) != 1 or sentence.headline:
        return
    if any(m.fatalities is not None or m.headline for m in previous):
        return
    toll = fatalities_find(sentence.text)
    if toll:
        for m in previous:  # the mention and the twins of its listed places
            m.fatalities = toll
            m.reasons.append("fatalities from the sentence after it")
