"""How the other words of a clause change what its triggers tell (events/ingest/triggers.py
calls these on the triggers it found): a raid that only looted is looting, the artillery an
assault used is part of it, what a suicide bomber did is the bombing, the fight after which a
town fell is part of its capture. They take the triggers found and return those that stand.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from events.ingest.text import Clause

if TYPE_CHECKING:  # triggers.py imports this module
    from events.ingest.triggers import Trigger

EXPLOSIONS = "Explosions/Remote violence"
STRATEGIC = "Strategic developments"


# Someone harmed: the happening is the attack, what was looted or burned part of it.
HARMED = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|died|deaths?|shot|wound(?:ed|ing)|injur(?:ed|ing)|"
    r"abduct\w*|kidnapp?\w*|massacre\w*|behead\w*|executed|rap(?:ed|ing))\b",
    re.I,
)


def looting_or_harm(
    text: str, clause: Clause, found: list[tuple[Trigger, int, int]]
) -> list[tuple[Trigger, int, int]]:
    """Looting or burning told with an attack: the attack when someone was harmed (drop the
    looting), else the looting (a bare "attacked" or "raided" then drops as a weak word)."""
    if not any(t.name == "looting" for t, _, _ in found):
        return found
    violent = [t for t, _, _ in found if not t.weak and t.event_type != STRATEGIC]
    if violent or HARMED.search(text, clause.start, clause.end):
        return [f for f in found if f[0].name != "looting"]
    raids = [(a, b) for t, a, b in found if t.name == "assault"]
    if not raids:
        return found
    # "attacked X and Y islands ..., looting various items": the raid's words place it.
    looting = next(t for t, _, _ in found if t.name == "looting")
    kept = [f for f in found if f[0].name not in {"looting", "assault"}]
    return kept + [(looting, a, b) for a, b in raids]


# "tried to overrun a military post ..., using artillery shells", "stormed the base with
# mortars": the weapon an assault used, not a shelling of its own.
_USING = re.compile(r"\b(?:using|with)\s+(?:[\w-]+\s+){0,2}$", re.I)


def weapons_of_assault(
    text: str, found: list[tuple[Trigger, int, int]]
) -> list[tuple[Trigger, int, int]]:
    """The clause's strikes and shellings told as what a ground assault before them used are
    part of that assault (ACLED: an armed clash)."""
    assaults = [a for t, a, _ in found if t.name == "clash"]
    if not assaults:
        return found
    return [
        f
        for f in found
        if not (
            f[0].event_type == EXPLOSIONS
            and any(a < f[1] for a in assaults)
            and _USING.search(text, max(0, f[1] - 30), f[1])
        )
    ]


# "two suicide bombers stormed a building", "a suicide bomber attacked the convoy": what the
# bomber did is the bombing, not an assault of its own.
_BOMBER_GAP = re.compile(r"\s+(?:(?:also|then|reportedly|allegedly|who|had|have)\s+){0,2}")


def bombers_acts(
    text: str, found: list[tuple[Trigger, int, int]]
) -> list[tuple[Trigger, int, int]]:
    """Drop the assault word whose subject is the suicide bomber just named."""
    bombers = [
        b
        for t, _, b in found
        if t.name == "suicide" and text[:b].lower().endswith(("bomber", "bombers"))
    ]
    if not bombers:
        return found
    return [
        f
        for f in found
        if not (
            f[0].name in {"clash", "assault"}
            and any((m := _BOMBER_GAP.match(text, b)) and m.end() == f[1] for b in bombers)
        )
    ]


# "After a night of violent fighting, the rebels took hold of the town": the fight that took
# the place is part of the territorial change ACLED codes.
_AFTER_FIGHT = re.compile(r"\b(?:after|following)\s+(?:[\w-]+\s+){0,5}$", re.I)


def fight_before_capture(
    text: str, found: list[tuple[Trigger, int, int]]
) -> list[tuple[Trigger, int, int]]:
    takes = [a for t, a, _ in found if t.head == "territory"]
    if not takes:
        return found
    return [
        f
        for f in found
        if not (
            f[0].name == "clash"
            and any(f[1] < a for a in takes)
            and _AFTER_FIGHT.search(text, max(0, f[1] - 40), f[1])
        )
    ]
