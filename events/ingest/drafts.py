"""Draft events: the mentions of one happening merged, with ACLED roles, precision, confidence.

A headline, a lead and a detail sentence about the same strikes make one draft event: each
mention joins the best-fitting earlier draft, or opens one. The best-placed mention's sentence
is the draft's quote; ACLED roles (actor1, assoc1, actor2, assoc2) come from the semantic roles
of all its mentions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from events.domain.vocabulary import NEAR, REGION
from events.ingest.actors import STATE_FORCES, ActorRef
from events.ingest.actors_generic import ARMED_NON_STATE, CIVILIANS
from events.ingest.dates import DateSpan, night_spans
from events.ingest.kinds import kinds_resolved
from events.ingest.mentions import Mention
from events.ingest.places import PlaceMention
from events.ingest.spans import between
from events.ingest.text import Sentence
from events.ingest.triggers import LOOT_WORDS, RIOT_WORDS, Trigger

BATTLES = "Battles"
# Actor.Kind values of armed sides: state forces, rebels, political and identity militias.
ARMED_KINDS = frozenset({1, *ARMED_NON_STATE})
# The words that tell a fight between two sides (not "ambushed", "stormed": one side's act).
_MUTUAL = re.compile(
    r"clash(?:ed|es)?|fighting|fought|battled|firefights?|gun\s*battles?|gun\s*fights?|"
    r"shoot-?outs?|exchanged\s+fire|exchanges?\s+of\s+fire|skirmish(?:es|ed)?",
    re.I,
)
_ONE_SIDED = re.compile(r"storm(?:ed|ing)|ambush(?:ed)?", re.I)
_MASSACRE = re.compile(r"massacred?|massacres", re.I)
BOMB_TRIGGERS = {"suicide", "ied", "bomb"}  # the triggers that name a bomb
# "... a suicide car bomb at the base followed by an infantry attack", "... car bombs at a
# checkpoint before heavily armed militants attacked the base", "... then gunmen stormed": a
# ground assault after the bomb, in the bomb's sentence.
_GROUND_ASSAULT_AFTER = re.compile(
    r"\b(?:followed\s+by|before|then|after\s+which)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:attack(?:ed|s)?|assault(?:ed|s)?|storm(?:ed|ing)|raid(?:ed)?|firefights?|"
    r"gun\s*battles?|gun\s*fights?|fighting|gunmen|fighters|opened\s+fire)\b",
    re.I,
)
# A town the gazetteer lacks ("the town of X", kept unlocated) is finer than a province.
PLACE_RANK = {"relative": 5, "gazetteer": 4, "unknown": 3, "province": 2, "country": 1, "none": 0}


def trigger_word(m: Mention) -> str:
    """The words of a mention's trigger, as the sentence has them."""
    at = m.sentence.start
    return m.sentence.text[m.trigger_start - at : m.trigger_end - at]


def _primary_rank(m: Mention) -> tuple[int, bool]:
    """How well a mention quotes its draft: the finer its place, then the body's sentence over
    the headline's (the body tells the event with its date and detail; the headline sums up)."""
    return PLACE_RANK[place_kind(m)], not m.headline


def place_kind(m: Mention) -> str:
    if m.place is not None and m.place.entry is not None:
        if m.relative:
            return "relative"
        return "province" if m.place.entry.kind == "admin1" else "gazetteer"
    if m.place is not None:
        return "relative" if m.relative else "unknown"
    return "country" if m.country else "none"


@dataclass
class EventDraft:
    """One happening, from one or more mentions (added with `add`, which keeps what merging asks
    of a draft up to date, so a comparison costs the same however many mentions it has)."""

    mentions: list[Mention]
    _primary: Mention = field(init=False, repr=False)
    _first_country: str = field(init=False, default="", repr=False)
    _dates: dict[tuple, DateSpan] = field(init=False, default_factory=dict, repr=False)
    _reported: set[tuple] = field(init=False, default_factory=set, repr=False)  # said-on days
    _actor_keys: set[str] = field(init=False, default_factory=set, repr=False)
    _roles: list[tuple[ActorRef, str]] | None = field(init=False, default=None, repr=False)
    # The day its first sentence inherits from the text before it when none of its mentions
    # states one (pipeline.py dates such a draft by it): set by the merger.
    inherited: DateSpan | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        mentions, self.mentions = self.mentions, []
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        if not self.mentions or _primary_rank(m) > _primary_rank(self._primary):
            self._primary = m
        self.mentions.append(m)
        self._first_country = self._first_country or m.country
        if m.date is not None:
            key = (m.date.start, m.date.last)
            if key not in self._dates and m.date_reported:
                self._reported.add(key)
            elif not m.date_reported:
                self._reported.discard(key)
            self._dates.setdefault(key, m.date)
        self._actor_keys |= m.actor_keys
        self._roles = None

    @property
    def primary(self) -> Mention:
        """The mention best placed, then one of the body over the headline, then the first: its
        sentence is the quote."""
        return self._primary

    @property
    def dates(self) -> list[DateSpan]:
        """The distinct dates its mentions give."""
        return list(self._dates.values())

    @property
    def actor_keys(self) -> set[str]:
        return self._actor_keys

    def date_fits(self, date: DateSpan, reported: bool) -> bool:
        """Can a mention of this date be this happening? A day that is only when someone said
        so ("at least 13 soldiers were killed ..., the army announced Monday") fits a
        happening of the days before it ("On Sunday, armed elements attacked"), as a report's
        lead tells what its body dates."""
        return any(
            _dates_fit(date, reported, d, (d.start, d.last) in self._reported)
            for d in self._dates.values()
        )

    @property
    def trigger(self) -> Trigger:
        return self.mentions[0].trigger

    @property
    def place(self) -> PlaceMention | None:
        return self.primary.place

    @property
    def country(self) -> str:
        return self.primary.country or self._first_country

    @property
    def date(self) -> DateSpan | None:
        """The most precise date its mentions give, a day of the happening before a day someone
        only said so, the small hours' day before the evening's of one night."""
        dated = [(m.date, m.date_reported) for m in self.mentions if m.date is not None]
        if not dated:
            return None
        days = {d.start for d, _ in dated}
        return min(
            dated,
            key=lambda pair: (
                pair[1],
                pair[0].precision,
                _night_before(pair[0], days),
                pair[0].offset,
            ),
        )[0]

    @property
    def fatalities(self) -> int | None:
        known = [m.fatalities for m in self.mentions if m.fatalities is not None]
        return max(known) if known else None

    def roles(self) -> list[tuple[ActorRef, str]]:
        """ACLED roles from the semantic roles of every mention (kept until a mention joins)."""
        if self._roles is None:
            self._roles = self._roles_vote()
        return list(self._roles)

    def _roles_vote(self) -> list[tuple[ActorRef, str]]:
        votes: dict[str, Counter] = {}
        leads: Counter = Counter()
        actors: dict[str, ActorRef] = {}
        order: dict[str, int] = {}
        for m in self.mentions:
            for r in m.roles:
                votes.setdefault(r.actor.key, Counter())[r.role] += 1
                actors.setdefault(r.actor.key, r.actor)
                order.setdefault(r.actor.key, len(order))
                if r.lead:
                    leads[r.actor.key] += 1
        priority = ["mediator", "agent", "supported", "party", "target"]
        semantic = {
            key: max(c, key=lambda role: (c[role], -priority.index(role)))
            for key, c in votes.items()
        }

        def group(role: str) -> list[str]:
            keys = [k for k, r in semantic.items() if r == role]
            return sorted(keys, key=lambda k: (-leads[k], order[k]))

        agents, mediators = group("agent"), group("mediator")
        supported, parties, targets = group("supported"), group("party"), group("target")
        out: list[tuple[str, str]] = []
        if self.trigger.sub_event_type == "Agreement":
            if mediators:
                first, *rest = mediators + agents
                out += [(first, "actor1")] + [(k, "assoc1") for k in rest + supported]
                second = parties + targets
                out += [(k, "actor2" if i == 0 else "assoc2") for i, k in enumerate(second)]
            else:
                sides = agents + parties + targets
                out += [
                    (k, ("actor1", "actor2")[i] if i < 2 else "assoc2") for i, k in enumerate(sides)
                ]
                out += [(k, "assoc1") for k in supported]
        else:
            out += _acting_roles(self.trigger.head, mediators + agents, supported, parties, targets)
        return [(actors[k], role) for k, role in out]

    @property
    def sub_event_type(self) -> str:
        sub = self.trigger.sub_event_type
        if self._one_sided() and self._civilian_target():
            return "Attack"
        if self._armed_massacre():
            return "Armed clash"
        if self._complex_attack():
            return "Armed clash"
        if self._violent_crowd():
            return "Violent demonstration"
        if self.trigger.head == "territory":
            actor1 = next((a for a, role in self.roles() if role == "actor1"), None)
            if actor1 is not None:
                state = actor1.kind == STATE_FORCES
                sub = (
                    "Government regains territory"
                    if state
                    else ("Non-state actor overtakes territory")
                )
        return sub

    @property
    def event_type(self) -> str:
        if self._one_sided() and self._civilian_target():
            return "Violence against civilians"
        if self._armed_massacre():
            return BATTLES
        if self._violent_crowd():
            return "Riots"
        if self._complex_attack():
            return BATTLES
        return self.trigger.event_type

    def _complex_attack(self) -> bool:
        """A bomb that opened a ground assault on an armed target ("detonated a suicide car bomb
        at the base, followed by an infantry attack", "car bombs at a checkpoint before armed
        militants attacked the base"): ACLED codes the complex attack as an armed clash, the
        bomb being one of its weapons. Not when civilians are the target."""
        if self.trigger.name not in BOMB_TRIGGERS or self._civilian_target():
            return False
        return any(
            _GROUND_ASSAULT_AFTER.search(m.sentence.text, max(0, m.trigger_end - m.sentence.start))
            for m in self.mentions
            if m.trigger.name in BOMB_TRIGGERS
        )

    def _violent_crowd(self) -> bool:
        """A protest whose sentences tell stones thrown or a riot ("a showdown between protesters
        and police, who fired tear gas at stone-throwing demonstrators"): ACLED's violent
        demonstration, the demonstrators having turned to violence."""
        return self.trigger.event_type == "Protests" and any(
            RIOT_WORDS.search(m.sentence.text) or LOOT_WORDS.search(m.sentence.text)
            for m in self.mentions
        )

    def _civilian_target(self) -> bool:
        """Are civilians the other side (ACLED: an attack on civilians, not a clash)? Not when
        an armed side is among the targets too ("an assault on a militia camp ... the attack
        killed a resident": the fight with the camp's defenders, the resident caught in it), nor
        when a sentence tells the happening as a fight ("103 people died in the clash")."""
        targets = [a for a, r in self.roles() if r in {"actor2", "assoc2"}]
        if not any(a.kind == CIVILIANS for a in targets):
            return False
        if any(a.kind in ARMED_KINDS for a in targets):
            return False
        return not any(
            m.definite and m.trigger.name == "clash" and _MUTUAL.fullmatch(trigger_word(m))
            for m in self.mentions
        )

    def _one_sided(self) -> bool:
        """A bare attack or killing, or one side's assault ("stormed the villages", "ambushed
        a bus"): an attack on civilians when they are its only target. Not a fight both sides
        fought ("clashed", "a gun battle")."""
        if self.trigger.head == "assault":
            return True
        first = self.mentions[0]
        return first.trigger.name == "clash" and bool(_ONE_SIDED.fullmatch(trigger_word(first)))

    def _armed_massacre(self) -> bool:
        """ "a massacre ... thirty militiamen were killed", "terrorists attacked ... targeting
        the militia": the killing of an armed side, no civilians among the targets, is a fight
        (ACLED's armed clash), whatever the word for it. Not an execution (of captives)."""
        first = self.mentions[0]
        if first.trigger.name != "massacre" or not _MASSACRE.fullmatch(trigger_word(first)):
            return False
        targets = [a for a, r in self.roles() if r in {"actor2", "assoc2"}]
        return bool(targets) and all(a.kind in ARMED_KINDS for a in targets)


# How many days before the day someone said so the happening may have been.
REPORT_LAG_DAYS = 7


def _night_before(date: DateSpan, days: set[dt.date]) -> bool:
    """Is `date` an "overnight" whose next day another mention names (that night's date)?"""
    after = date.last + dt.timedelta(days=1)
    return after in days and night_spans(date, DateSpan(after, None, date.precision))


def _dates_fit(a: DateSpan, a_reported: bool, b: DateSpan, b_reported: bool) -> bool:
    if a_reported == b_reported:
        return a.overlaps(b) or night_spans(a, b) or night_spans(b, a)
    said, happened = (a, b) if a_reported else (b, a)
    return said.start - dt.timedelta(days=REPORT_LAG_DAYS) <= happened.start <= said.last


def _acting_roles(
    head: str, doers: list[str], supported: list[str], parties: list[str], targets: list[str]
) -> list[tuple[str, str]]:
    """ACLED roles of an event someone did to someone: the doers, then the other side."""
    if not doers and parties:
        doers, targets = parties[:1], parties[1:] + targets
    elif parties:
        targets = targets + parties
    if head == "clashes" and len(doers) > 1 and not targets:
        doers, targets = doers[:1], doers[1:]  # "X and Y clashed": the two sides
    out: list[tuple[str, str]] = []
    if doers:
        out.append((doers[0], "actor1"))
    out += [(k, "assoc1") for k in doers[1:] + supported]
    out += [(k, "actor2" if i == 0 else "assoc2") for i, k in enumerate(targets)]
    return out


def _same_kind(m: Mention, event: EventDraft) -> bool:
    if m.trigger.event_type != event.trigger.event_type:
        return False
    if m.trigger.sub_event_type != event.trigger.sub_event_type:
        return False
    # Talks, a ceasefire and an agreement are each an Agreement, and different happenings.
    return m.trigger.head == event.trigger.head or m.trigger.sub_event_type != "Agreement"


def _same_place(a: PlaceMention, b: PlaceMention) -> bool:
    if a.entry is not None and b.entry is not None:
        return a.entry.geonames_id == b.entry.geonames_id
    return a.entry is None and b.entry is None and a.text == b.text


def _place_fit(m: Mention, event: EventDraft) -> int | None:
    """3 for the same place, 0 when only one side has a place (in no other country), None when
    the places cannot be one."""
    place = event.place
    if m.place is not None and place is not None:
        if _same_place(m.place, place):
            return 3
        return 1 if m.headline and _town_of_province(place, m.place, event.country) else None
    if m.place is not None:
        return _country_fit(m.place, event.country)
    if place is not None:
        return _country_fit(place, m.country)
    return 0


def _town_of_province(town: PlaceMention, area: PlaceMention, country: str) -> bool:
    """Is `town` a smaller place in the province `area` names, or in the province of the
    larger place `area` is ("Shelling kills 8 in Idlib" over "The shelling in Ibleen, a village
    in southern Idlib province"): a headline names the province or its city, the body the
    village, which may be one the gazetteer lacks (in the country `country`, if known)."""
    if area.entry is None:
        return False
    if town.entry is None:
        return not country or country == area.entry.country_code
    if town.entry.kind == "admin1":
        return False
    larger = area.entry.kind == "admin1" or area.entry.population > town.entry.population
    return larger and (town.entry.country_code, town.entry.admin1) == (
        area.entry.country_code,
        area.entry.admin1,
    )


def _country_fit(located: PlaceMention, other_country: str) -> int | None:
    """0 when the side without a place names no other country than the placed side's; else None."""
    if other_country and located.country_code and other_country != located.country_code:
        return None
    return 0


def _compatible(m: Mention, event: EventDraft) -> int | None:
    """How well a mention fits an event already drafted; None when it cannot be the same."""
    if not _same_kind(m, event):
        return None
    score = _place_fit(m, event)
    if score is None:
        return None
    if m.date is not None and not _day_fits(m, event):
        return None
    if _another_toll(m, event):
        return None
    overlap = len(m.actor_keys & event.actor_keys)
    own_date = m.date is not None and not m.date_inherited
    anaphora = m.definite and m.place is None and not own_date and not m.country
    if m.roles and event.mentions[0].roles and not overlap and not anaphora:
        return None
    if m.place is None and not overlap and not anaphora:
        return None
    return score + overlap * 2 + (1 if anaphora else 0)


def _day_fits(m: Mention, event: EventDraft) -> bool:
    """Can the dated mention `m` be `event`? Against the event's own dates; with none, a date `m`
    states itself ("On November 11, gunmen opened fire") against the day the event's first
    sentence inherits ("early Tuesday" before "The attack on X ..."), which will date it."""
    assert m.date is not None
    if event.dates:
        return event.date_fits(m.date, m.date_reported)
    if event.inherited is None or m.date_inherited or m.date_reported:
        return True
    return m.date.overlaps(event.inherited)


# "a bomb", "an explosion", "another blast": a happening the sentence introduces.
_INDEFINITE = re.compile(r"\b(?:a|an|another|one)\s+(?:[\w'-]+\s+){0,2}$", re.I)


def _another_toll(m: Mention, event: EventDraft) -> bool:
    """ "An explosion at a funeral in X killed five ... In southern X, a bomb killed three
    pilgrims": a happening introduced anew ("a bomb") with a toll of its own, other than the
    draft's, is another happening."""
    if m.headline or m.fatalities is None or event.fatalities is None:
        return False
    if m.fatalities == event.fatalities:
        return False
    at = m.sentence.start
    before = m.sentence.text[max(0, m.trigger_start - at - 30) : m.trigger_start - at]
    return bool(_INDEFINITE.search(before))


# A mention is compared with the drafts of its kind within this many sentences before it (a
# wire report is 10-40 sentences; "the strikes" refers back a paragraph or two) and with the
# latest drafts of its kind at its place; a headline with those of the sentences after it. That
# bounds the comparisons per mention: merging is linear in the report's length.
MERGE_WINDOW = 50
SAME_PLACE_DRAFTS = 20


def _kind(m: Mention) -> tuple[str, str]:
    return (m.trigger.event_type, m.trigger.sub_event_type)


def _place_key(place: PlaceMention) -> tuple:
    return ("id", place.entry.geonames_id) if place.entry is not None else ("text", place.text)


@dataclass
class _Merger:
    """The drafts opened so far, indexed so each mention meets only those it could join."""

    drafts: list[EventDraft] = field(default_factory=list)
    recent: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)  # kind: seq: last
    at_place: dict[tuple, list[int]] = field(default_factory=dict)  # (kind, place): seqs
    by_sentence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # sub: (sent, seq)
    headlines: list[int] = field(default_factory=list)  # drafts headlines opened
    compared: int = 0  # the most drafts any one mention was compared with
    # The day a sentence inherits from the text before it (pipeline.py's), if given.
    inherited: Callable[[Sentence], DateSpan | None] | None = None

    def _note(self, seq: int, m: Mention) -> None:
        sentence = m.sentence.index
        self.recent.setdefault(_kind(m), {})[seq] = sentence
        if m.place is not None:
            seqs = self.at_place.setdefault((_kind(m), _place_key(m.place)), [])
            if not seqs or seqs[-1] != seq:
                seqs.append(seq)
        self.by_sentence.setdefault(m.trigger.sub_event_type, []).append((sentence, seq))

    def _body_candidates(self, m: Mention) -> list[int]:
        recent = self.recent.get(_kind(m), {})
        floor = m.sentence.index - MERGE_WINDOW
        for seq in [seq for seq, last in recent.items() if last < floor]:
            del recent[seq]  # out of reach for every later mention too
        seqs = set(recent)
        if m.place is not None:
            seqs.update(self.at_place.get((_kind(m), _place_key(m.place)), [])[-SAME_PLACE_DRAFTS:])
        return sorted(seqs)

    def _headline_candidates(self, m: Mention) -> list[int]:
        """The drafts of the headline's sub-type mentioned in the sentences after it."""
        noted = self.by_sentence.get(m.trigger.sub_event_type, [])
        span = between(noted, m.sentence.index, m.sentence.index + MERGE_WINDOW + 1, _first)
        return sorted({seq for _, seq in span} | set(self.headlines[-SAME_PLACE_DRAFTS:]))

    def add(self, m: Mention) -> None:
        seqs = self._headline_candidates(m) if m.headline else self._body_candidates(m)
        self.compared = max(self.compared, len(seqs))
        scored = [(s, i) for i in seqs if (s := _compatible(m, self.drafts[i])) is not None]
        if not scored and m.headline:
            scored = [
                (0, i)
                for i in seqs
                if (e := self.drafts[i]).trigger.sub_event_type == m.trigger.sub_event_type
                and (not m.country or not e.country or m.country == e.country)
            ][:1]
        if scored:
            best = max(scored, key=lambda pair: (pair[0], -pair[1]))[1]
            self.drafts[best].add(_headline_placed(m, self.drafts[best]))
            if not m.headline:
                self._note(best, m)
        elif not (m.definite and m.place is None and m.date is None and not m.roles):
            draft = EventDraft([m])
            if self.inherited is not None and m.date is None:
                draft.inherited = self.inherited(m.sentence)
            self.drafts.append(draft)
            if m.headline:
                self.headlines.append(len(self.drafts) - 1)
            else:
                self._note(len(self.drafts) - 1, m)


def _headline_placed(m: Mention, event: EventDraft) -> Mention:
    """A headline joining the body's happening at a smaller place of its province ("... in
    Idlib" over the shelling in a village of Idlib province) is placed by the body: its larger
    place is no better a quote."""
    place = event.place
    if not m.headline or m.place is None or place is None or _same_place(m.place, place):
        return m
    return replace(m, place=None, relative=None, country=m.country or event.country)


def _first(pair: tuple[int, int]) -> int:
    return pair[0]


def events_merge(
    mentions: list[Mention],
    merger: _Merger | None = None,
    inherited: Callable[[Sentence], DateSpan | None] | None = None,
) -> list[EventDraft]:
    """One draft per happening: each mention joins the best-fitting draft within reach, or opens
    one. `merger` (for tests) shows how many drafts a mention was compared with; `inherited`
    gives the day a sentence inherits from the text before it (pipeline.py's)."""
    merger = merger if merger is not None else _Merger()
    merger.inherited = inherited or merger.inherited
    mentions = kinds_resolved(mentions)  # "the bombings" after "suicide bombings": those
    # Headlines summarise the body: they join a body event of their kind when there is one.
    for m in [m for m in mentions if not m.headline] + [m for m in mentions if m.headline]:
        merger.add(m)
    # In the report's order; events/ingest/folds.py then folds the placeless ones into the
    # happenings they go on telling.
    return sorted(merger.drafts, key=lambda e: min(mm.trigger_start for mm in e.mentions))


def geo_precision(event: EventDraft) -> int:
    place = event.place
    if place is None:  # placed by its country only, or not at all
        return REGION
    return NEAR if event.primary.relative and not place.entry else place.precision
