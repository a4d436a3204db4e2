"""Actors named by common nouns (no ORM).

ACLED codes the victims of an attack on "civilians", "villagers" or "worshippers" (or on "people",
where no fight is reported) as its generic Civilians actor, and "gunmen", "militants" or
"unknown assailants" as an Unidentified Armed Group when the report names no group. Where the
report names exactly one non-state armed group, its unnamed "militants" are that group (a coder
reads the report whole); where it names several, the nearest one named before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

CIVILIANS, PROTESTERS, RIOTERS = 7, 6, 5  # Actor.Kind values
ARMED_NON_STATE = frozenset({2, 3, 4})  # rebel group, political militia, identity militia
GENERIC_NAMES = {
    "civilians": ("Civilians", CIVILIANS),
    "protesters": ("Protesters", PROTESTERS),
    "rioters": ("Rioters", RIOTERS),
    "armed": ("Unidentified Armed Group", 3),
    "military": ("Unidentified Military Forces", 1),
}

# People ACLED counts as civilians when they are harmed.
_CIVILIAN_NOUNS = re.compile(
    r"\b(?:civilians?|villagers?|residents|worshippers|worshipers|farmers|herders|passengers|"
    r"pupils|(?:school\s*)?children|students|mourners|fishermen|miners|traders|shoppers|"
    r"pilgrims|market-goers|refugees|aid\s+workers|displaced\s+(?:people|persons|families)|"
    r"IDPs|women\s+and\s+children|wedding\s+guests|churchgoers|congregants|commuters|"
    r"motorists|wom[ae]n|girls?|boys?|child|infants?|bab(?:y|ies)|elderly|journalists?|"
    r"teachers|doctors|nurses|health\s+workers|medics|paramedics|pensioners|shepherds|"
    r"labou?rers|workers|employees|vendors|merchants|"
    # "a 47-year-old agricultural worker", "a 43-year-old man": someone described by age
    r"\d{1,3}-year-old\s+(?:(?:male|female|local|agricultural|farm|retired|elderly)\s+)?"
    r"(?:m[ae]n|wom[ae]n|workers?|farmers?|residents?|teachers?|boys?|girls?|pensioners?|"
    r"shepherds?|drivers?|persons?|civilians?|villagers?|traders?|students?))\b",
    re.I,
)
_HARM = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|died|wound(?:ed|ing)|injur(?:ed|ing|ies)|abduct(?:ed|ing|s)?|"
    r"kidnap(?:ped|ping|s)?|massacre[ds]?|shot|shooting|attack(?:ed|ing|s)?|target(?:ed|ing)|"
    r"execut(?:ed|ing)|behead(?:ed|ing)|hostages?|rap(?:ed|ing)|tortur(?:ed|ing)|burn(?:ed|t)|"
    r"loot(?:ed|ing)|bomb(?:ed|ing)|shell(?:ed|ing)|struck|hit|raid(?:ed|s)?|storm(?:ed|ing)|"
    r"casualties|victims|slaughter(?:ed)?|murder(?:ed)?|lynch(?:ed)?)\b",
    re.I,
)
# "killed 12 people": ACLED counts harmed "people" as civilians, unless the sentence reports a
# fight, or counts armed men among them ("103 people died in the clash", "killed four
# militiamen and detained eight people"), where the dead may well be combatants.
_PEOPLE = re.compile(r"\b(?:people|persons)\b", re.I)
_COMBAT_CONTEXT = re.compile(
    r"\b(?:clash(?:ed|es)?|fighting|fought|battles?|gun\s*battles?|firefights?|exchanges?\s+of\s+"
    r"fire|exchanged\s+fire|skirmish(?:es)?|soldiers|troops|policemen|militiamen|fighters|"
    r"combatants|servicemen)\b",
    re.I,
)
# Aircraft nobody is said to own: ACLED's Unidentified Military Forces.
_UNIDENTIFIED_AIRCRAFT = re.compile(
    r"\b(?:unidentified|unknown|unmarked)\s+(?:war\s*planes|aircraft|(?:fighter\s+)?jets|"
    r"drones|planes|helicopters|bombers)\b",
    re.I,
)
_PROTESTERS = re.compile(r"\b(?:protesters|protestors|demonstrators)\b", re.I)
_RIOTERS = re.compile(r"\brioters\b", re.I)
_ARMED_NOUNS = re.compile(
    r"\b(?:(?:unknown|unidentified|suspected|armed|masked|heavily\s+armed|Islamist|jihadist)\s+)*"
    r"(?:gunmen|militants|assailants|attackers|insurgents|jihadists|bandits|"
    r"armed\s+(?:men|elements|individuals)|rebels|separatists|secessionists|extremists|"
    r"(?:armed|terrorist|jihadist|rebel)\s+(?:terrorist\s+)?(?:groups?|gangs?)|gangs?|"
    r"(?:separatist|secessionist|insurgent|jihadist)\s+(?:forces|fighters)|"
    r"terrorists|militiamen|kidnappers|fighters|suicide\s+(?:\w+\s+)?bombers?)\b",
    re.I,
)
# Nouns that call the armed men insurgents: a rebel group's men, never a militia that fights on
# the state's side ("suspected jihadists" in a report naming the army's VDP auxiliaries).
_INSURGENT = re.compile(
    r"\b(?:insurgents|jihadists?|terrorists?|rebels?|separatists|secessionists|extremists)\b",
    re.I,
)


# Nouns a report also uses for a side it does not call armed men of no name ("talks between
# the government and rebels", "separatists"): the named group they refer to, never an
# Unidentified Armed Group.
_REFERRING_ONLY = re.compile(
    r"^(?:rebels|separatists|secessionists|extremists|fighters|(?:\w+\s+)?group)$", re.I
)


def referring_only(text: str) -> bool:
    """Is this armed noun only ever a named group's ("rebels", "separatists")?"""
    return _REFERRING_ONLY.match(text) is not None


def insurgent_noun(text: str) -> bool:
    """Do these words call armed men insurgents ("suspected jihadists", "terrorist group")?"""
    return _INSURGENT.search(text) is not None


def insurgent_head(text: str) -> str:
    """The plural noun these words call insurgents by ("armed separatist forces":
    "separatists"), for a regional alias ("Cabo Delgado insurgents"); "" if none."""
    m = _INSURGENT_STEM.search(text)
    return f"{m.group(1).lower()}s" if m else ""


_INSURGENT_STEM = re.compile(
    r"\b(insurgent|jihadist|terrorist|rebel|separatist|secessionist|extremist|militant)s?\b", re.I
)


# People who fight are no civilians: "residents who fought side-by-side with police",
# "villagers fought back", and those who did the harm: "was attacked by Usterzai's residents".
_FIGHTING_AFTER = re.compile(
    r"\s+(?:who\s+|that\s+)?(?:had\s+|have\s+)?(?:fought|fight|took\s+up\s+arms|repelled|"
    r"repulsed|fired\s+back|retaliated|resisted|clashed)\b",
    re.I,
)
_HARMED_BY_BEFORE = re.compile(
    r"\b(?:attacked|beaten|stoned|lynched|killed|assaulted|set\s+upon|torched|burned|burnt)\s+"
    r"by\s+(?:the\s+|a\s+|an\s+)?(?:(?:angry|local|irate|armed)\s+)?"
    r"(?:[A-Z][\w'\u2019-]*['\u2019]s\s+)?$"
)


def _fighting_people(text: str, start: int, end: int) -> bool:
    """Do these people fight, or did they do the harm, rather than suffer it?"""
    return bool(
        _FIGHTING_AFTER.match(text, end)
        or _HARMED_BY_BEFORE.search(text, max(0, start - 50), start)
    )


# Who tells, not who was harmed: "medics said", "residents told AFP", "according to villagers".
_TELLS_AFTER = re.compile(r"\s+(?:said|say|says|told|reported|added|recounted)\b")
_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+|local\s+)*$", re.I)


def _telling(text: str, noun: re.Match[str], floor: int) -> bool:
    """Is the civilian noun the source ("medics said"), so that the harmed "people" the
    sentence counts are still civilians?"""
    if _TELLS_AFTER.match(text, noun.end()):
        return True
    return _ACCORDING_BEFORE.search(text, max(floor, noun.start() - 30), noun.start()) is not None


def civilian_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Civilian nouns in text[start:end], when the sentence speaks of harm."""
    if not _HARM.search(text, start, end):
        return []
    found = [
        (m.start(), m.end())
        for m in _CIVILIAN_NOUNS.finditer(text, start, end)
        if not _fighting_people(text, m.start(), m.end()) and not _telling(text, m, start)
    ]
    fighters_dead = _COMBAT_CONTEXT.search(text, start, end) or _DEAD_ARMED_AFTER.search(
        text, end, end + DEAD_COUNTED_REACH
    )
    if not found and not fighters_dead:
        found = [(m.start(), m.end()) for m in _PEOPLE.finditer(text, start, end)][:1]
    return found


# A sentence soon after counts armed men among the dead: "... killed at least five people in an
# attack on a town. ... The dead included three soldiers and two militants."
DEAD_COUNTED_REACH = 400  # characters: the lead's next two or three sentences
_DEAD_ARMED_AFTER = re.compile(
    r"\b(?:the\s+)?(?:dead|victims|those\s+killed)\s+(?:included|were|"
    r"are|include)\b[^.!?]{0,60}?\b(?:soldiers|troops|policemen|police\s+officers|militants|"
    r"fighters|militiamen|gunmen|attackers|insurgents|rebels|jihadists)\b",
    re.I,
)


def crowd_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Protesters, rioters and unidentified aircraft in text[start:end]: (start, end, generic
    key)."""
    found = [(m.start(), m.end(), "protesters") for m in _PROTESTERS.finditer(text, start, end)]
    found += [(m.start(), m.end(), "rioters") for m in _RIOTERS.finditer(text, start, end)]
    found += [
        (m.start(), m.end(), "military") for m in _UNIDENTIFIED_AIRCRAFT.finditer(text, start, end)
    ]
    return found


def armed_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnamed armed men in text[start:end]: "gunmen", "suspected jihadists", and "the group"
    that attacked ("the group fired homemade rockets")."""
    found = [(m.start(), m.end()) for m in _ARMED_NOUNS.finditer(text, start, end)]
    found += [(m.start(1), m.end(1)) for m in _GROUP_ACTING.finditer(text, start, end)]
    return sorted(found)


# "the group fired rockets", "the group then attacked": a named armed group referred to by what
# it did; not "the group said" (a monitor or a rights group speaks, it does not attack), nor
# "the group has seized towns" (what it has done over the years, no one happening).
_GROUP_ACTING = re.compile(
    r"\b[Tt]he\s+((?:armed\s+|militant\s+|rebel\s+|jihadist\s+)?group)\s+(?:then\s+|later\s+|also\s+)?"
    r"(?:attacked|stormed|raided|ambushed|fired|shelled|launched|overran|seized|"
    r"killed|abducted|kidnapped|bombed|struck|targeted|detonated|opened\s+fire)\b"
)


# How far after unnamed armed men a report may name them: a headline's or a lead's "militants"
# named in the next sentence or two, not attackers of another day a paragraph later.
NAMED_AFTER_REACH = 600  # characters


def named_group_before(
    groups: Sequence[tuple[int, T]], offset: int, reach: int = NAMED_AFTER_REACH
) -> T | None:
    """The group the report names last before `offset`, else the first one it names within
    `reach` after (a headline's: anywhere after); `groups` are (start, actor) sorted by start."""
    if not groups:
        return None
    i = bisect_left(groups, offset, key=lambda g: g[0])
    if i > 0:
        return groups[i - 1][1]
    return groups[0][1] if groups[0][0] - offset <= reach else None


# ACLED's coding rule for an act nobody is named for: a bomb or an attack on civilians whose
# perpetrator the report does not name is an Unidentified Armed Group's, the victims of violence
# against civilians are Civilians, and an unnamed crowd is Protesters (a protest) or Rioters (a
# riot), when the report names no one finer.
UNCLAIMED_SUB_TYPES = frozenset(
    {
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
    }
)
CROWDS = {"Protests": "protesters", "Riots": "rioters"}
BATTLES = "Battles"
ASSOCIATES = frozenset({"assoc1", "assoc2"})
AIR_STRIKE = "Air/drone strike"  # event type -> GENERIC_NAMES key


def unclaimed_roles(
    event_type: str,
    sub_event_type: str,
    roles: list[tuple[T, str]],
    *,
    generic: Callable[[str], T],
    defender: T | None = None,
    armies: tuple[T, ...] = (),
) -> list[tuple[T, str]]:
    """`roles` with ACLED's generic actors (`generic`: a GENERIC_NAMES key's actor) in the roles
    the report leaves empty; a weapon stopped over a country ("drones were intercepted over
    Belgorod") was stopped by that country's forces (`defender`) when it names no one else, and
    fired by the other of the two militaries the report names (`armies`); an air strike nobody
    is named for is the one military the report names."""
    out = _sides_kept(event_type, sub_event_type, list(roles), generic)
    if event_type in CROWDS:
        out = _crowd_first(out, generic(CROWDS[event_type]))
    taken = {role for _, role in out}
    first = None
    if "actor1" not in taken and sub_event_type in UNCLAIMED_SUB_TYPES:
        # The unnamed armed men the sentence names on the other side ("17 of the attackers
        # were killed") did it: the one Unidentified Armed Group of the event, not a second.
        first = generic("armed")
    elif "actor1" not in taken and event_type in CROWDS:
        first = generic(CROWDS[event_type])
    elif "actor1" not in taken and sub_event_type == "Disrupted weapons use":
        first = defender
    elif "actor1" not in taken and sub_event_type == AIR_STRIKE and armies:
        # The one military the report names, else ACLED's Unidentified Military Forces: several
        # air forces are named and the report does not say whose strike it was.
        first = armies[0] if len(armies) == 1 else generic("military")
    if first is not None:
        out = [(first, "actor1")] + [(a, role) for a, role in out if a != first]
    if sub_event_type == "Disrupted weapons use":
        out = _weapons_owner(out, armies)
    civilians = generic("civilians")
    victims_unnamed = "actor2" not in taken and all(actor != civilians for actor, _ in out)
    if event_type == "Violence against civilians" and victims_unnamed:
        out.append((civilians, "actor2"))
    return _second_side_led(out)


def _weapons_owner(roles: list[tuple[T, str]], armies: tuple[T, ...]) -> list[tuple[T, str]]:
    """The other side of a weapon stopped: when the report names one military besides the one
    that stopped it, the weapon was that one's."""
    stopper = next((a for a, role in roles if role == "actor1"), None)
    others = [a for a in armies if a != stopper]
    if stopper is None or len(others) != 1 or any(r == "actor2" for _, r in roles):
        return roles
    return [(a, role) for a, role in roles if a != others[0]] + [(others[0], "actor2")]


def _crowd_first(roles: list[tuple[T, str]], crowd: T) -> list[tuple[T, str]]:
    """The crowd leads its protest or riot (ACLED's actor 1: "a showdown between protesters and
    police" is the rioters' against the police); whoever it faced is the other side."""
    crowd_role = next((role for a, role in roles if a == crowd), None)
    if crowd_role is None or crowd_role == "actor1":
        return roles
    taken = {role for _, role in roles}
    other = crowd_role if crowd_role == "actor2" or "actor2" in taken else "actor2"
    out = []
    for a, role in roles:
        if a == crowd:
            role = "actor1"
        elif role == "actor1":
            role = other
        out.append((a, role))
    return out


def _sides_kept(
    event_type: str, sub_event_type: str, out: list[tuple[T, str]], generic: Callable[[str], T]
) -> list[tuple[T, str]]:
    """The sides a kind of event can have: rioters, not protesters, in a riot; no civilians
    signing a ceasefire or beside a side of a battle."""
    if event_type == "Riots":
        # Demonstrators who turned violent are ACLED's rioters (once, whatever they were called).
        protesters, rioters = generic("protesters"), generic("rioters")
        swapped = [(rioters if a == protesters else a, role) for a, role in out]
        out = [
            (a, role) for i, (a, role) in enumerate(swapped) if all(a != b for b, _ in swapped[:i])
        ]
    civilians = generic("civilians")
    if sub_event_type == "Agreement":
        # Civilians sign no ceasefire: the harmed people of a sentence that also tells one.
        out = [(a, role) for a, role in out if a != civilians]
    if event_type == BATTLES:
        # Nor do they fight beside a side of a battle (ACLED: a battle is between armed,
        # organised groups; bystanders hurt in the crossfire count in its fatalities).
        out = [(a, role) for a, role in out if a != civilians or role not in ASSOCIATES]
        out = _armed_side_led(out, civilians)
    return out


def _armed_side_led(roles: list[tuple[T, str]], civilians: T) -> list[tuple[T, str]]:
    """A battle's side that has an armed actor is that actor's, not the civilians' ("killed
    eight people in a raid on an army camp": the soldiers fought back, the dead are in the
    toll): civilians leading a side its associate fights for leave it, the associate leads."""
    for lead, assoc in (("actor1", "assoc1"), ("actor2", "assoc2")):
        if (civilians, lead) not in roles or all(role != assoc for _, role in roles):
            continue
        out, promoted = [], False
        for actor, role in roles:
            if actor == civilians and role == lead:
                continue
            if role == assoc and not promoted:
                role, promoted = lead, True
            out.append((actor, role))
        roles = out
    return roles


def _second_side_led(roles: list[tuple[T, str]]) -> list[tuple[T, str]]:
    """An actor 2 when the other side has one: the first of its associates leads it."""
    if any(role == "actor2" for _, role in roles):
        return roles
    out, promoted = [], False
    for actor, role in roles:
        if role == "assoc2" and not promoted:
            role, promoted = "actor2", True
        out.append((actor, role))
    return out
