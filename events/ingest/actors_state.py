"""State forces a report names without their state (no ORM).

"Government troops" and "the junta" are the forces of the country the report is about. So are
forces written with a bare noun ("soldiers", "troops", "security forces", "the army", "police"),
posts and men of theirs ("a police checkpoint", "an army base", "policemen"): a wire report
names the state once and then says "the army". Their state is the report's country, unless the
report names no forces of that country but does name another's: "The Congolese army retook the
town ... the military sought to ..." in a report whose places lean to Uganda (where a rebel
leader fled) is Congo's military. "A Russian-Turkish agreement" names two states.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from events.domain.countries import country_name, country_of
from events.domain.names import normalize_name
from events.ingest.actors_generic import ARMED_NON_STATE, insurgent_head
from events.ingest.actors_registry import (
    EXTERNAL_OTHER,
    STATE_FORCES,
    ActorMention,
    ActorRef,
    ActorRegistry,
    demonym_index,
    demonyms,
)
from events.ingest.places import DIRECTION_CUES, CountryMention, PlaceMention
from events.ingest.places_candidates import ADMIN_WORD
from events.ingest.spans import SpanSet
from events.ingest.text import Sentence

# The report's government named as such: always the report's country ("government forces" in a
# report on Syria that also names Russian warplanes are Syria's).
_GENERIC_STATE = re.compile(
    r"\b(?:pro-)?(?:government|regime|junta)\s+(?:forces|troops|soldiers|army|warplanes|"
    r"war\s+planes|jets|aircraft|helicopters|artillery|drones)\b|\b(?:the\s+)?(?:military\s+)?"
    r"junta\b|\b(?:government|regime)\b(?=\s+(?:shell|bomb|attack|struck|pound|advanc|recaptur|"
    r"retook|captur))",
    re.I,
)
# What a source says or who speaks for the forces ("army spokesman", "police said", "the army
# chief's office", "a police source"): the forces as a source, no party to the event.
_SOURCE_AFTER = (
    r"(?!\s*(?:['\u2019]s\s+)?(?:spokes\w*|chiefs?|commanders?|officials?|statements?|"
    r"sources?|headquarters|officers?\s+said|general|office|website|ministry)\b)"
)
# A state's forces, posts or men written without the state: "the army", "soldiers", "security
# forces", "police", "targeted a police checkpoint", "an army base", "policemen".
# Lower case but for a first capital ("Security forces kill ..."): "Security Forces" is a
# name's part ("Jubaland Security Forces") or a headline's capitals, not a bare noun.
_BARE_STATE = re.compile(
    r"\b(?:(?P<police>[Pp]olice(?:\s+(?:officers?|forces|personnel|check\s*points?|posts?|"
    r"stations?|out\s*posts?|headquarters|patrols?|convoys?|vehicles?|units?))?|[Pp]olicem[ae]n|"
    r"[Gg]endarmes)|[Ss]ecurity\s+(?:forces|personnel|men|out\s*posts?|check\s*points?)|[Ss]oldiers|[Tt]roops|[Ss]ervicemen|"
    r"[Tt]he\s+(?:army|military)(?!\s+of\b)|"
    r"(?:[Aa]rmy|[Mm]ilitary)\s+(?:(?:security|forward)\s+)?(?:bases?|posts?|check\s*points?|"
    r"camps?|out\s*posts?|convoys?|patrols?|barracks|positions?))\b" + _SOURCE_AFTER
)
# Forces of no state, or of one the next word names: "peacekeeping troops", "rebel soldiers".
_NOT_STATE_BEFORE = re.compile(
    r"\b(?:peacekeeping|coalition|foreign|rebel|opposition|allied|international|enemy|child|"
    r"former|militia|U\.?N\.?|NATO|AU|UN)\s+$",
    re.I,
)
_HYPHENATED_DEMONYMS = re.compile(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b")
_MILITARY_BEFORE = re.compile(r"\b(?:[Mm]ilitary|[Aa]rmy)\s+$")
_PREVIOUS_WORD = re.compile(r"([A-Z][\w'.\u2019-]*)\s+$")
BARE, GOVERNMENT = "bare", "context"  # ActorMention.how of each kind


def country_of_word(word: str) -> str | None:
    """The country of a demonym or a country's name ("Malian", "Burkinabe", "Myanmar's")."""
    word = re.sub(r"['\u2019]s$", "", word)
    iso = country_of(word)
    if iso is None and not (word.isupper() and len(word) <= 4):
        iso = demonym_index().get(normalize_name(word))
    return iso


def _owner_before(text: str, start: int, floor: int, registry: ActorRegistry) -> str | None:
    """Whose are the bare forces by the word before them: "" for another actor's men
    ("peacekeeping troops", "M23 soldiers"), a country for a state's ("U.S. servicemen"), None
    when the word (of the same sentence, from `floor` on) says nothing."""
    before = text[max(floor, start - 30) : start]
    if _NOT_STATE_BEFORE.search(before):
        return ""
    m = _PREVIOUS_WORD.search(before)
    if m is None:
        return None
    word = m.group(1)
    actor = registry.lookup(word.rstrip("."))
    if actor is None:
        actor = registry.lookup(word)
    if actor is not None:
        # A state's forces or government (the seed actors of a state are external/other)
        return actor.country if actor.kind in {STATE_FORCES, EXTERNAL_OTHER} else ""
    return country_of_word(word)


def _bare_in(
    text: str, sentence: Sentence, registry: ActorRegistry, country: str, spans: SpanSet
) -> list[ActorMention]:
    """Bare force nouns ("soldiers", "the army", "a police post"): the forces of the state the
    word before names ("U.S. servicemen"), else of the report's country (BARE, for
    `state_forces_resolve`); none that are another actor's ("peacekeeping troops")."""
    found = []
    for m in _BARE_STATE.finditer(text, sentence.start, sentence.end):
        if spans.covers(m.start(), m.end()):
            continue
        owner = _owner_before(text, m.start(), sentence.start, registry)
        if owner == "":
            continue
        # "military police" are the army's: ACLED codes them as the state's Military Forces.
        police = bool(m.group("police")) and not _MILITARY_BEFORE.search(
            text, max(sentence.start, m.start() - 10), m.start()
        )
        actor = registry.state_actor(owner or country, "", police=police)
        found.append(
            ActorMention(m.start(), m.end(), m.group(), actor, "demonym" if owner else BARE)
        )
        spans.add(m.start(), m.end())
    return found


def actors_scan_context(
    text: str,
    sentences: list[Sentence],
    registry: ActorRegistry,
    context: list[str],
    taken: list[tuple[int, int]],
) -> list[ActorMention]:
    """Phrases that need the report's country: "government troops", "the junta" and bare
    force nouns are the forces of the country the report is about (`state_forces_resolve`
    may give the bare ones another); "a Russian-Turkish agreement" names two states."""
    found: list[ActorMention] = []
    spans = SpanSet(taken)
    for sentence in sentences:
        if context:
            for m in _GENERIC_STATE.finditer(text, sentence.start, sentence.end):
                if spans.covers(m.start(), m.end()):
                    continue
                actor = registry.state_actor(context[0], m.group())
                found.append(ActorMention(m.start(), m.end(), m.group(), actor, GOVERNMENT))
                spans.add(m.start(), m.end())
            found += _bare_in(text, sentence, registry, context[0], spans)
        for m in _HYPHENATED_DEMONYMS.finditer(text, sentence.start, sentence.end):
            first, second = country_of_word(m.group(1)), country_of_word(m.group(2))
            if not (first and second) or spans.covers(m.start(), m.end()):
                continue
            for group, iso in ((1, first), (2, second)):
                actor = registry.state_actor(iso, m.group(group))
                found.append(
                    ActorMention(m.start(group), m.end(group), m.group(group), actor, "demonym")
                )
    return found


def _is_police(actor: ActorRef) -> bool:
    return actor.name.startswith("Police Forces of")


def state_forces_resolve(
    mentions: list[ActorMention],
    registry: ActorRegistry,
    context: list[str],
    sentences: list[Sentence],
    where: list[tuple[int, int, str]],
) -> list[ActorMention]:
    """The state of each bare force noun: the country of the first place or country its
    sentence names (`where`: (sentence index, offset, country), sorted), else, in a report that
    names no forces of its own country but another's ("The Congolese army retook ... the
    military sought"), the country whose forces it names most, else the report's country."""
    # Per force: a report naming Congo's army but only Uganda as a place has Congo's military;
    # one naming Rwanda's troops and no police at all has its own country's police.
    named: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    for m in mentions:
        if m.actor.kind == STATE_FORCES and m.actor.country and m.how != BARE:
            named[_is_police(m.actor)][m.actor.country] += 1
    # Where the report's places are, before the countries it mentions (a report from Niger that
    # names Mali three times as its neighbour): bare forces are where the events are.
    located = Counter(iso for _, _, iso in where if iso)
    home = located.most_common(1)[0][0] if located else context[0] if context else ""
    default = {}
    for police, counts in named.items():
        default[police] = home
        if counts and not counts[default[police]]:
            default[police] = counts.most_common(1)[0][0]
    first_place: dict[int, str] = {}
    for index, _, iso in where:
        if iso:
            first_place.setdefault(index, iso)
    starts = [s.start for s in sentences]
    out = []
    for m in mentions:
        if m.how == BARE:
            index = bisect_right(starts, m.start) - 1
            fallback = default[_is_police(m.actor)]
            country = first_place.get(sentences[index].index if index >= 0 else -1, fallback)
            if country and country != m.actor.country:
                m = replace(m, actor=registry.state_actor(country, "", police=_is_police(m.actor)))
        out.append(m)
    return out


def regional_groups_resolve(
    mentions: list[ActorMention], registry: ActorRegistry, regions: list[str]
) -> list[ActorMention]:
    """Unnamed insurgents in a region the registry names a group by ("Cabo Delgado insurgents",
    "Baloch separatists", "Cameroonian separatists") are that group, as ACLED codes every
    unnamed insurgent of those conflicts; `regions` are the names of the report's places, their
    provinces and countries (and demonyms), most telling first."""
    armed = registry.generic_actor("armed")
    out = []
    for m in mentions:
        head = insurgent_head(m.text) if m.actor == armed else ""
        for region in regions if head else ():
            group = registry.lookup(f"{region} {head}")
            if group is not None and group.kind in ARMED_NON_STATE:
                m = replace(m, actor=group, how="regional")
                break
        out.append(m)
    return out


def report_regions(
    places: list[PlaceMention], admin1_name: Callable[[str, str], str | None]
) -> list[str]:
    """The names a group may take from where the report is: its places' provinces, then the
    places themselves, then their countries and demonyms (each once, in the report's order)."""
    provinces, named, countries = [], [], []
    for p in places:
        named.append(p.text)
        if p.entry is None:
            continue
        provinces.append(admin1_name(p.entry.country_code, p.entry.admin1) or "")
        countries.append(country_name(p.entry.country_code) or "")
        countries += demonyms().get(p.entry.country_code, ())
    return [r for r in dict.fromkeys(provinces + named + countries) if r]


# "Chad said its forces had liberated ...", "The Nigerian army said Thursday that its troops
# ...", "The SDF said on Sunday that five of its members ...": the speaker's own men, a party.
_OWN_MEN = re.compile(
    r"\s+(?:has\s+|had\s+)?(?:said|says|claimed|announced|stated|reported)\s+(?:on\s+)?"
    r"(?:[A-Z]\w+day\s+)?(?:that\s+)?(?:[\w-]+\s+of\s+)?(?:its|their)\s+(?:own\s+)?"
    r"(?P<noun>forces|troops|soldiers|army|military|fighters|men|members|units|warplanes|jets)\b"
)
_SPEAKER_WORD = re.compile(r"([A-Z][\w'\u2019-]*)$")


def _own_men(
    text: str, mentions: list[ActorMention], registry: ActorRegistry, sentences: list[Sentence]
) -> list[ActorMention]:
    """The speakers' own men ("its forces") as mentions of the speaker's forces: a named
    actor's, or a country's written as its name ("Chad said its forces")."""
    by_end = {m.end: m for m in mentions}
    found = []
    for sentence in sentences:
        for said in _OWN_MEN.finditer(text, sentence.start, sentence.end):
            speaker = by_end.get(said.start())
            word = _SPEAKER_WORD.search(text, sentence.start, said.start())
            iso = country_of_word(word.group(1)) if word and speaker is None else None
            if speaker is not None and speaker.actor.kind in {STATE_FORCES, EXTERNAL_OTHER}:
                iso = speaker.actor.country or None
            actor = registry.state_actor(iso, "") if iso else speaker.actor if speaker else None
            if actor is not None:
                start, end = said.start("noun"), said.end("noun")
                found.append(ActorMention(start, end, text[start:end], actor, "self-report"))
    return found


_NEIGHBOUR_BEFORE = re.compile(
    r"\b(?:borders?\s+with|bordering|bordered\s+by|frontier\s+with)\s+(?:the\s+)?$",
    re.I,
)
# What a country's possessive is followed by when it owns a place, not forces: "Russia's Belgorod
# border region", "Ethiopia's northern Amhara region", "Yemen's province of Taiz", "Nigeria's
# capital".
_OWNED_PLACE = re.compile(
    rf"\s*(?:['\u2019]s)?\s+(?:(?:north|south|east|west|central|north-?east|north-?west|"
    rf"south-?east|south-?west)(?:ern)?\s+|restive\s+|border\s+|port\s+)*"
    rf"(?:(?:{ADMIN_WORD}|capital|city|town|village|border|district)\b|(?P<name>[A-Z]))"
)


def _place_owners_dropped(
    text: str, mentions: list[ActorMention], places: list[PlaceMention]
) -> list[ActorMention]:
    """Without a country written in the possessive before a place of its own ("Russia's
    Belgorod border region"): where the event was, not who took part."""
    starts = sorted(p.start for p in places)
    out = []
    for m in mentions:
        owned = _owned_place(text, m, starts)
        if not owned:
            out.append(m)
    return out


def _owned_place(text: str, m: ActorMention, place_starts: list[int]) -> bool:
    if m.actor.kind not in {STATE_FORCES, EXTERNAL_OTHER}:
        return False
    if _CAPITAL_BEFORE.search(text, max(0, m.start - 12), m.start):
        return True  # "the Russian capital, Moscow": the city, not its government
    if country_of_word(m.text) is None:
        return False
    if _NEIGHBOUR_BEFORE.search(text[max(0, m.start - 30) : m.start]):
        return True  # "near the border with Turkey": a frontier, not Turkey's forces
    if _PAIR_AFTER.match(text, m.end) or (
        _PAIR_BEFORE.search(text, max(0, m.start - 30), m.start) and _PAIR_END.match(text, m.end)
    ):
        return True
    possessive = re.search(r"['\u2019]s$", m.text) or re.match(r"['\u2019]s\b", text[m.end :])
    owned = _OWNED_PLACE.match(text, m.end) if possessive else None
    if owned is None:
        return False
    if owned.group("name") is None:
        return True
    i = bisect_right(place_starts, owned.start("name") - 1)
    return i < len(place_starts) and place_starts[i] == owned.start("name")


_CAPITAL_BEFORE = re.compile(r"\bcapital,?\s+$")
# "near the Lebanon-Israel border", "the Afghan-Pakistan frontier": two countries joined to name
# the line between them, a place, not either side's forces.
_PAIR_BEFORE = re.compile(r"[\w.]+\s*[-\u2013]\s*$")
_PAIR_AFTER = re.compile(r"\s*[-\u2013]\s*[A-Z][\w.]+\s+(?:border|frontier|boundary)\b")
_PAIR_END = re.compile(r"\s+(?:border|frontier|boundary)\b")
_UNNAMED = frozenset({"generic", "coreference"})  # ActorMention.how of unnamed armed men


def _named_men(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Armed men right after a group's name are that group's ("four Mahdi Army militiamen"),
    also when the name is one the registry lacks, found after the unnamed men were."""
    out: list[ActorMention] = []
    for m in mentions:
        before = out[-1] if out else None
        if (
            before is not None
            and m.how in _UNNAMED
            and before.actor.kind in ARMED_NON_STATE
            and m.start - before.end <= 1
            and text[before.end : m.start].strip() == ""
        ):
            m = replace(m, actor=before.actor, how="named")
        out.append(m)
    return out


class _Where(Protocol):
    places: list[PlaceMention]
    countries: list[CountryMention]
    context: list[str]
    sentences: list[Sentence]


def actors_settle(
    text: str,
    mentions: list[ActorMention],
    registry: ActorRegistry,
    doc: _Where,
    admin1_name: Callable[[str, str], str | None],
) -> list[ActorMention]:
    """What the report's places and countries settle of its actors: the state of bare force
    nouns, groups unnamed insurgents of a region are, and the men a speaker calls its own."""
    where = [(p.sentence, p.start, p.country_code) for p in doc.places if not p.anchor]
    # Not a country someone went to or came from ("crossed the border into Uganda"), nor the
    # neighbour a border is with ("a town near the border with Mali").
    countries = [
        c
        for c in doc.countries
        if c.cue not in DIRECTION_CUES
        and not _NEIGHBOUR_BEFORE.search(text[max(0, c.start - 30) : c.start])
    ]
    where = sorted(where + [(c.sentence, c.start, c.iso) for c in countries])
    mentions = _named_men(text, mentions)
    mentions = _place_owners_dropped(text, mentions, doc.places)
    mentions = state_forces_resolve(mentions, registry, doc.context, doc.sentences, where)
    regions = report_regions(doc.places, admin1_name)
    mentions = regional_groups_resolve(mentions, registry, regions)
    mentions = named_branch_resolve(mentions, registry)
    own = _own_men(text, mentions, registry, doc.sentences)
    return sorted(mentions + own, key=lambda m: m.start) if own else mentions


def named_branch_resolve(
    mentions: list[ActorMention], registry: ActorRegistry
) -> list[ActorMention]:
    """A movement the report also names by one of its branches is that branch: "al-Qaida
    militants" in a report that writes "Al-Qaida in the Islamic Maghreb" (the registry's branch
    of the movement) once are that branch's men, wherever the report is from."""
    named = {m.actor.key for m in mentions}
    out = []
    for m in mentions:
        branches = {b.key: b for b in registry.branches.get(m.actor.key, {}).values()}
        here = [b for key, b in branches.items() if key in named]
        if len(here) == 1:
            m = replace(m, actor=here[0])
        out.append(m)
    return out


def report_militaries(mentions: list[ActorMention]) -> tuple[ActorRef, ...]:
    """The state militaries a report names, in the order it first names them: whose an air
    strike nobody is named for was when it names one only ("killed in a drone strike" in a
    report on the Ethiopian army's war with a militia), and whose weapons the other shot down
    when it names two ("its air defenses destroyed three drones" in a report naming Ukraine's
    drone attacks on Russia)."""
    # A state's military, also a seed actor of another kind ("Military Forces of Russia").
    armies = {
        m.actor.key: m.actor
        for m in mentions
        if m.actor.name.startswith("Military Forces of")
        or (m.actor.kind == STATE_FORCES and not _is_police(m.actor))
    }
    return tuple(armies.values())
