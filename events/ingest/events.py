"""From sentences to draft events: classification into ACLED's taxonomy, roles, merging.

A trigger ("jointly targeted", "air support", "recaptured", "ceasefire", "clashes") opens a
mention in its clause; the clause's actors, place and date become the mention's. Actors take a
semantic role from where they stand (before the trigger: the agent; after "by": the agent; after
"support to"/"backing": the supported; after "brokered by"/"mediated by": a mediator; after
"between": a party; otherwise after the trigger: the target), and ACLED roles are given once all
mentions of one happening are merged, so a headline, a lead and a detail sentence about the same
strikes make one draft event, with the best-placed sentence as its quote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from events.domain.vocabulary import NEAR, REGION
from events.ingest.actors import STATE_FORCES, ActorMention, ActorRef, is_speaker
from events.ingest.dates import DateSpan
from events.ingest.places import CountryMention, PlaceMention
from events.ingest.relative import RelativeMention
from events.ingest.text import Clause, Sentence

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
STRATEGIC = "Strategic developments"

AIR_WORDS = re.compile(
    r"\b(?:war\s*planes?|warplanes?|jets?|planes?|aircraft|air\s*force|helicopters?|drones?|"
    r"aerial|air|bombers?|sorties)\b",
    re.I,
)
ARTILLERY_WORDS = re.compile(r"\b(?:artillery|mortars?|rockets?|missiles?|shells?|tanks?)\b", re.I)


@dataclass(frozen=True)
class Trigger:
    name: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    head: str  # what a later "the <head>" refers back to
    strength: float
    needs: re.Pattern[str] | None = None  # a word that must be in the clause


def _p(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


TRIGGERS: list[Trigger] = [
    Trigger("suicide", _p(r"\bsuicide\s+(?:bomb(?:ers?|ings?)?|attacks?|car\s+bombs?|blasts?)"),
            EXPLOSIONS, "Suicide bomb", "bombing", 0.9),
    Trigger("ied", _p(r"\b(?:roadside\s+bombs?|IEDs?|improvised\s+explosive|land\s*mines?|"
                      r"car\s+bombs?|explosive\s+devices?|bomb\s+(?:blast|explosion)s?)\b"),
            EXPLOSIONS, "Remote explosive/landmine/IED", "bombing", 0.8),
    Trigger("air", _p(r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|aerial\s+(?:attacks?|"
                      r"bombardment|bombing|strikes?|campaign|operations?)|air\s+(?:operations?|"
                      r"campaign|attacks?)|bombing\s+raids?|drone\s+strikes?|barrel\s+bombs?|"
                      r"air\s+support)\b"),
            EXPLOSIONS, "Air/drone strike", "strike", 0.9),
    Trigger("shelling", _p(r"\b(?:shell(?:ed|ing)|artillery\s+(?:fire|strikes?|shells?)|mortar"
                           r"(?:s|\s+fire|\s+rounds|\s+shells)|rocket\s+(?:fire|attacks?)|"
                           r"missile\s+(?:strikes?|attacks?)|bombarded|bombardment)\b"),
            EXPLOSIONS, "Shelling/artillery/missile attack", "shelling", 0.85),
    Trigger("air_verb", _p(r"\b(?:targeted|targeting|struck|strikes|hit|hitting|bombed|bombing|"
                           r"pounded|pounding|raided|attacked|backing|backed|supporting|"
                           r"supported|operations?)\b", 0),
            EXPLOSIONS, "Air/drone strike", "strike", 0.6, AIR_WORDS),
    Trigger("shell_verb", _p(r"\b(?:targeted|struck|hit|pounded|pounding|fired)\b", 0),
            EXPLOSIONS, "Shelling/artillery/missile attack", "shelling", 0.55, ARTILLERY_WORDS),
    Trigger("recapture", _p(r"\b(?:recaptur(?:ed|e|ing)|retook|retaken|re-took|regained\s+control|"
                            r"recovered\s+control|liberated)\b"),
            BATTLES, "Government regains territory", "territory", 0.8),
    Trigger("capture", _p(r"\b(?:captured|seized|overran|took\s+control|taken\s+control|"
                          r"fell\s+to)\b"),
            BATTLES, "Non-state actor overtakes territory", "territory", 0.75),
    Trigger("clash", _p(r"\b(?:clash(?:ed|es)?|fighting|fought|battled|firefights?|"
                        r"gun\s*battles?|exchanged\s+fire|skirmish(?:es|ed)?|ambush(?:ed)?|"
                        r"stormed|repelled|repulsed|fended\s+off)\b"),
            BATTLES, "Armed clash", "clashes", 0.75),
    Trigger("ceasefire", _p(r"\b(?:cease-?fires?|truces?|cessation\s+of\s+hostilities)\b"),
            STRATEGIC, "Agreement", "ceasefire", 0.8),
    Trigger("talks", _p(r"\b(?:peace\s+talks|talks|negotiations)\b"),
            STRATEGIC, "Agreement", "talks", 0.7),
    Trigger("agreement", _p(r"\b(?:agreed|agreements?|signed\s+(?:a|an|the)\s+\w+|memorandum|"
                            r"accord|deal)\b"),
            STRATEGIC, "Agreement", "agreement", 0.7),
    Trigger("launch", _p(r"\b(?:launched|kicked\s+off|began|started|announced)\s+(?:a\s+|an\s+|"
                         r"the\s+|its\s+)?(?:new\s+|major\s+|military\s+|ground\s+)*"
                         r"(?:operation|offensive|campaign)\b"),
            STRATEGIC, "Change to group/activity", "operation", 0.75),
    Trigger("massacre", _p(r"\b(?:massacred?|massacres|executed|executions?)\b"),
            "Violence against civilians", "Attack", "attack", 0.7),
    Trigger("protest", _p(r"\b(?:protest(?:ed|ers|s)?|demonstrat(?:ed|ors|ions?))\b"),
            "Protests", "Peaceful protest", "protest", 0.6),
    Trigger("arrest", _p(r"\b(?:arrested|detained)\b"), STRATEGIC, "Arrests", "arrests", 0.6),
]  # fmt: skip
# A trigger after these words is something planned, threatened or agreed to, not a happening.
_IRREALIS = re.compile(
    r"\b(?:agreed|agree|plans?|planned|planning|threaten(?:ed|s)?|vow(?:ed|s)?|intends?|intended|"
    r"will|would|could|might|to\s+coordinate|to\s+conduct|to\s+launch|ready\s+to|"
    r"prepar(?:ing|ed)\s+to|refus\w*\s+to|avoid|prevent|no)\s+(?:[\w'\"-]+\s+){0,2}$",
    re.I,
)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$", re.I)
_NATIONWIDE = re.compile(r"\b(?:nationwide|nation-wide|countrywide|country-wide)\b", re.I)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "dozens": None, "scores": None,
}  # fmt: skip
_N = r"(?P<n>\d{1,5}|" + "|".join(k.replace(" ", r"\s+") for k in NUMBER_WORDS) + r")"
_QUALIFIER = r"(?:at\s+least\s+|some\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?"
_FATALITIES = [
    re.compile(rf"\bkill(?:ed|ing|s)\s+{_QUALIFIER}{_N}\b", re.I),
    re.compile(
        rf"\b{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,3}}?(?:were|was|have\s+been|had\s+been|are|"
        rf"being)\s+(?:reportedly\s+|also\s+)?killed\b",
        re.I,
    ),
    re.compile(rf"\b(?:left|leaving)\s+{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}dead\b", re.I),
    re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached)\s+{_QUALIFIER}{_N}\b",
               re.I),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:people\s+|civilians\s+|soldiers\s+|fighters\s+)?dead\b",
               re.I),
]  # fmt: skip
_NO_FATALITIES = re.compile(
    r"\b(?:no\s+(?:one|casualties|deaths|fatalities)\s+(?:was|were)?|no\s+casualties|"
    r"nobody\s+was\s+killed|without\s+casualties)\b",
    re.I,
)

# Semantic roles, from the words before an actor (within its clause).
_MEDIATOR = re.compile(
    r"\b(?:brokered|mediated|sponsored|guaranteed|hosted|facilitated)\s+by\s+(?:the\s+)?$", re.I
)
_AGENT_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$", re.I)
_SUPPORTED = re.compile(
    r"\b(?:support(?:ing|ed)?|support\s+(?:to|for)|backing|backed|to\s+support|in\s+support\s+of|"
    r"alongside|help(?:ing)?|aid(?:ing)?|assist(?:ing)?|cover\s+for|allied\s+with)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
_PARTY = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){0,3}$", re.I)
_COORDINATED = re.compile(
    r"^\s*(?:,\s*and|,|and|&)\s*(?:(?:\d+|the|its|their|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\s+)?$",
    re.I,
)
_EXCLUDED_BEFORE = re.compile(
    r"\b(?:not\s+cover|not\s+include|not\s+apply\s+to|excluding|except(?:\s+for)?)\s+"
    r"(?:[\w'-]+\s+){0,8}$",
    re.I,
)
_ANAPHORIC_PLACE = re.compile(r"\b(?:there|the\s+(?:town|village|city|area))\b", re.I)
_EXCLUDED = re.compile(
    r"^(?:[\s\w'-]{0,60}?)\b(?:(?:are|is|were|was)\s+(?:excluded|not\s+(?:part|involved))|"
    r"excluded\s+from)\b",
    re.I,
)


@dataclass
class Role:
    actor: ActorRef
    role: str  # agent, mediator, supported, party, target
    mention: ActorMention
    lead: bool = False


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
    headline: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def actor_keys(self) -> set[str]:
        return {r.actor.key for r in self.roles}


def fatalities_find(text: str) -> int | None:
    """The number killed as the clause gives it; None when it says nothing."""
    for pattern in _FATALITIES:
        m = pattern.search(text)
        if m:
            word = re.sub(r"\s+", " ", m.group("n").lower())
            return int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    if _NO_FATALITIES.search(text):
        return 0
    return None


def _triggers_in(text: str, clause: Clause) -> list[tuple[Trigger, int, int]]:
    body = text[clause.start : clause.end]
    found: list[tuple[Trigger, int, int]] = []
    for trigger in TRIGGERS:
        if trigger.needs is not None and not trigger.needs.search(body):
            continue
        for m in trigger.pattern.finditer(text, clause.start, clause.end):
            start, end = m.start(), m.end()
            if any(start < b and a < end for _, a, b in found):
                continue  # a stronger trigger already claimed these words
            if _IRREALIS.search(text[max(clause.start, start - 50) : start]):
                continue
            found.append((trigger, start, end))
    # One mention per kind of happening in a clause: its first trigger.
    seen: set[tuple[str, str]] = set()
    unique = []
    for trigger, start, end in sorted(found, key=lambda f: f[1]):
        key = (trigger.sub_event_type, trigger.head)
        if trigger.needs is not None:
            key = (trigger.sub_event_type, "strike" if trigger.name == "air_verb" else "shelling")
        if key in seen:
            continue
        seen.add(key)
        unique.append((trigger, start, end))
    # Air and artillery verbs say the same as an explicit strike or shelling trigger.
    subs = Counter(t.sub_event_type for t, _, _ in unique)
    return [f for f in unique if not (f[0].needs is not None and subs[f[0].sub_event_type] > 1)]


def _semantic_role(
    text: str,
    clause: Clause,
    mention: ActorMention,
    trigger_end: int,
    trigger_start: int,
    previous: Role | None,
) -> str:
    before = text[clause.start : mention.start]
    if mention.prefix == "anti":
        return "target"
    if mention.prefix == "pro":
        return "supported"
    if previous is not None and _COORDINATED.match(text[previous.mention.end : mention.start]):
        return previous.role
    if _MEDIATOR.search(before[-40:]):
        return "mediator"
    if _PARTY.search(before[-60:]):
        return "party"
    if _SUPPORTED.search(before[-40:]) or (
        mention.start >= trigger_start
        and _SUPPORTED.match(text[trigger_start:trigger_end] + " ")
        and text[trigger_end : mention.start].strip(" ").lower() in {"", "a", "an", "the"}
    ):
        return "supported"
    if mention.start < trigger_start:
        return "agent"
    if _AGENT_BY.search(before[-40:]):
        return "agent"
    return "target"


def mentions_find(
    text: str,
    sentences: list[Sentence],
    actors: list[ActorMention],
    places: list[PlaceMention],
    countries: list[CountryMention],
    dates: list[DateSpan],
    relatives: list[RelativeMention],
) -> list[Mention]:
    """Every clause-level report of a happening, with its actors, place and date."""
    mentions: list[Mention] = []
    for sentence in sentences:
        for clause in sentence.clauses:
            triggers = _triggers_in(text, clause)
            if not triggers:
                continue
            inside = lambda items, c=clause: [i for i in items if c.start <= i.start < c.end]  # noqa: E731
            clause_actors = [
                a
                for a in inside(actors)
                if not is_speaker(text, a, sentence.end)
                and not _EXCLUDED.match(text[a.end : clause.end])
                and not _EXCLUDED_BEFORE.search(text[clause.start : a.start])
            ]
            clause_places = [p for p in inside(places) if not p.anchor]
            clause_countries = [c for c in inside(countries) if c.cue]
            clause_dates = [d for d in dates if clause.start <= d.offset < clause.end]
            earlier_dates = [
                d
                for d in dates
                if sentence.start <= d.offset < clause.start
                and sentence.clause_at(d.offset).kind not in {"which", "who", "where"}
            ]
            body = text[clause.start : clause.end]
            for n, (trigger, t_start, t_end) in enumerate(triggers):
                next_start = triggers[n + 1][1] if n + 1 < len(triggers) else clause.end
                mention = Mention(sentence, clause, trigger, t_start, t_end)
                mention.definite = bool(
                    _DEFINITE.search(text[max(clause.start, t_start - 30) : t_start])
                )
                mention.reasons.append(f"trigger '{text[t_start:t_end]}' ({trigger.name})")
                # Actors: those after this trigger up to the next; those before the first.
                mine = [
                    a
                    for a in clause_actors
                    if (a.start < t_start and n == 0) or t_end <= a.start < next_start
                ]
                seen: dict[str, Role] = {}
                previous: Role | None = None
                for a in mine:
                    role = _semantic_role(text, clause, a, t_end, t_start, previous)
                    if a.actor.key in seen:
                        previous = seen[a.actor.key]
                        continue
                    entry = Role(a.actor, role, a)
                    seen[a.actor.key] = entry
                    mention.roles.append(entry)
                    previous = entry
                for role in ("agent", "mediator", "target", "party", "supported"):
                    first = next((r for r in mention.roles if r.role == role), None)
                    if first:
                        first.lead = True
                # Place: the first after the trigger (before the next one), else the last before.
                prev_end = triggers[n - 1][2] if n else clause.start
                after = [p for p in clause_places if t_end <= p.start < next_start]
                before = [p for p in clause_places if prev_end <= p.start and p.end <= t_start]
                place = (after or before[-1:] or [None])[0]
                if place is None and clause.kind in {"which", "where"}:
                    antecedent = [p for p in places if sentence.start <= p.start < clause.start]
                    place = antecedent[-1] if antecedent else None
                    if place:
                        mention.reasons.append(f"place from the antecedent of '{clause.kind}'")
                # "hit Kafr Nabl and Maarat al-Numan": one event per place, as ACLED codes.
                listed = []
                if place is not None and after and place is after[0]:
                    for a, b in pairwise(after):
                        if not _COORDINATED.match(text[a.end : b.start]):
                            break
                        listed.append(b)
                mention.place = place
                if place is not None:
                    mention.country = place.country_code
                    related = [r for r in relatives if r.subject is place]
                    mention.relative = related[0] if related else None
                elif clause_countries:
                    mention.country = clause_countries[0].iso
                    mention.nationwide = bool(_NATIONWIDE.search(body))
                # Date: in the clause, else stated earlier in the sentence.
                if clause_dates:
                    mention.date = min(clause_dates, key=lambda d: abs(d.offset - t_start))
                elif earlier_dates:
                    mention.date = earlier_dates[-1]
                    mention.date_inherited = True
                mention.fatalities = fatalities_find(body)
                mention.headline = sentence.headline
                if place is None and not mention.country and _ANAPHORIC_PLACE.search(body):
                    mention.definite = True
                mentions.append(mention)
                for other in listed:
                    twin = Mention(**{**mention.__dict__, "place": other, "roles": mention.roles})
                    twin.relative = next((r for r in relatives if r.subject is other), None)
                    twin.reasons = [*mention.reasons, "one of several places listed together"]
                    mentions.append(twin)
    return mentions


PLACE_RANK = {"relative": 4, "gazetteer": 3, "unknown": 2, "country": 1, "none": 0}


def _place_kind(m: Mention) -> str:
    if m.place is not None and m.place.entry is not None:
        return "relative" if m.relative else "gazetteer"
    if m.place is not None:
        return "relative" if m.relative else "unknown"
    return "country" if m.country else "none"


@dataclass
class EventDraft:
    """One happening, from one or more mentions."""

    mentions: list[Mention]

    @property
    def primary(self) -> Mention:
        """The mention best placed, then the first: its sentence is the quote."""
        return max(
            self.mentions,
            key=lambda m: (PLACE_RANK[_place_kind(m)], -self.mentions.index(m)),
        )

    @property
    def trigger(self) -> Trigger:
        return self.mentions[0].trigger

    @property
    def place(self) -> PlaceMention | None:
        return self.primary.place

    @property
    def country(self) -> str:
        return self.primary.country or next((m.country for m in self.mentions if m.country), "")

    @property
    def date(self) -> DateSpan | None:
        dated = [m.date for m in self.mentions if m.date is not None]
        return min(dated, key=lambda d: (d.precision, d.offset)) if dated else None

    @property
    def fatalities(self) -> int | None:
        known = [m.fatalities for m in self.mentions if m.fatalities is not None]
        return max(known) if known else None

    def roles(self) -> list[tuple[ActorRef, str]]:
        """ACLED roles from the semantic roles of every mention."""
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
            doers = mediators + agents
            if not doers and parties:
                doers, targets = parties[:1], parties[1:] + targets
            elif parties:
                targets = targets + parties
            if doers:
                out.append((doers[0], "actor1"))
                out += [(k, "assoc1") for k in doers[1:] + supported]
            else:
                out += [(k, "assoc1") for k in supported]
            out += [(k, "actor2" if i == 0 else "assoc2") for i, k in enumerate(targets)]
        return [(actors[k], role) for k, role in out]

    @property
    def sub_event_type(self) -> str:
        sub = self.trigger.sub_event_type
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
        return self.trigger.event_type


def _compatible(m: Mention, event: EventDraft) -> int | None:
    """How well a mention fits an event already drafted; None when it cannot be the same."""
    if m.trigger.event_type != event.trigger.event_type:
        return None
    if m.trigger.sub_event_type != event.trigger.sub_event_type:
        return None
    if m.trigger.head != event.trigger.head and m.trigger.sub_event_type == "Agreement":
        return None
    score = 0
    place = event.place
    if m.place is not None and place is not None:
        same = (
            m.place.entry is not None
            and place.entry is not None
            and m.place.entry.geonames_id == place.entry.geonames_id
        ) or (m.place.entry is None and place.entry is None and m.place.text == place.text)
        if not same:
            return None
        score += 3
    elif m.place is not None or place is not None:
        located = m.place or place
        other_country = event.country if m.place is not None else m.country
        if other_country and located.country_code and other_country != located.country_code:
            return None
    dates = [d for d in (mm.date for mm in event.mentions) if d is not None]
    if m.date is not None and dates and not any(m.date.overlaps(d) for d in dates):
        return None
    overlap = len(m.actor_keys & {k for mm in event.mentions for k in mm.actor_keys})
    own_date = m.date is not None and not m.date_inherited
    anaphora = m.definite and m.place is None and not own_date and not m.country
    if m.roles and event.mentions[0].roles and not overlap and not anaphora:
        return None
    if m.place is None and not overlap and not anaphora:
        return None
    return score + overlap * 2 + (1 if anaphora else 0)


def events_merge(mentions: list[Mention]) -> list[EventDraft]:
    """One draft per happening: each mention joins the best-fitting earlier draft, or opens one."""
    events: list[EventDraft] = []
    # Headlines summarise the body: they join a body event of their kind when there is one.
    body = [m for m in mentions if not m.headline]
    for m in body + [m for m in mentions if m.headline]:
        scored = [(s, i) for i, e in enumerate(events) if (s := _compatible(m, e)) is not None]
        if not scored and m.headline:
            scored = [
                (0, i)
                for i, e in enumerate(events)
                if e.trigger.sub_event_type == m.trigger.sub_event_type
                and (not m.country or not e.country or m.country == e.country)
            ][:1]
        if scored:
            best = max(scored, key=lambda pair: (pair[0], -pair[1]))[1]
            events[best].mentions.append(m)
        elif not (m.definite and m.place is None and m.date is None and not m.roles):
            events.append(EventDraft([m]))
    events.sort(key=lambda e: min(mm.trigger_start for mm in e.mentions))
    return events


def geo_precision(event: EventDraft) -> int:
    kind = _place_kind(event.primary)
    if kind in {"country", "none"}:
        return REGION
    return NEAR if event.primary.relative and not event.place.entry else event.place.precision


def confidence(event: EventDraft, *, proposed: bool, fuzzy: bool) -> tuple[float, list[str]]:
    """0..1 and the reasons: how much of who/what/where/when the report itself states."""
    reasons = []
    score = 0.1 + 0.3 * max(m.trigger.strength for m in event.mentions)
    reasons.append(f"classified from {len(event.mentions)} mention(s)")
    kind = _place_kind(event.primary)
    gain = {"relative": 0.2, "gazetteer": 0.2, "unknown": 0.05, "country": 0.05, "none": 0.0}[kind]
    score += gain
    reasons.append(
        {
            "relative": "place in the gazetteer, with a stated distance and bearing",
            "gazetteer": "place in the gazetteer",
            "unknown": "place named but not in the gazetteer: unlocated",
            "country": "only a country named",
            "none": "no place named",
        }[kind]
    )
    check = event.primary.relative.check() if event.primary.relative else None
    if check and check.get("consistent") is False:
        score -= 0.1
        reasons.append(f"stated distance disagrees with the gazetteer by {check['gap_km']} km")
    roles = dict((r, a) for a, r in event.roles())
    if "actor1" in roles:
        score += 0.15
        reasons.append("acting party named")
    if "actor2" in roles:
        score += 0.05
        reasons.append("target or second party named")
    if event.date is not None:
        score += 0.15
        reasons.append(f"date stated ('{event.date.text}')")
    else:
        score += 0.03
        reasons.append("no date stated: the week of publication")
    if len(event.mentions) > 1:
        score += 0.05
        reasons.append("reported more than once")
    if proposed:
        score -= 0.05
        reasons.append("an actor is new to the registry (proposed)")
    if fuzzy:
        score -= 0.03
        reasons.append("an actor matched by a near-miss spelling")
    return round(min(0.99, max(0.05, score)), 2), reasons
