"""Civilians named as the people an event struck: ACLED's generic actor "Civilians".

Wire reports name victims with plain nouns ("nine civilians", "villagers", "worshippers"), not
with names a registry holds, so they are found by their nouns. Civilians are always the target
side of an event (actor 2), never its agent: "civilians killed by X" and "X killed civilians" are
the same event.
"""

from __future__ import annotations

import re

from events.ingest.actors import ActorMention, ActorRef, ActorRegistry
from events.ingest.text import Sentence

CIVILIANS = 7  # Actor.Kind.CIVILIANS, ACLED's inter code
CIVILIANS_NAME = "Civilians"
_CIVILIAN_NOUNS = re.compile(
    r"\b(?:civilians|a\s+civilian|residents|villagers|worshipp?ers|passengers|farmers|herders|"
    r"fishermen|shoppers|pilgrims|mourners|schoolchildren|(?:school\s+)?children|students|"
    r"women\s+and\s+children|aid\s+workers|displaced\s+(?:people|persons|families)|"
    r"wedding\s+guests|market-goers|refugees)\b",
    re.I,
)


def civilians_ref(registry: ActorRegistry) -> ActorRef:
    """The registry's Civilians actor, else one proposed under ACLED's name."""
    return registry.lookup(CIVILIANS_NAME) or ActorRef(
        CIVILIANS_NAME, kind=CIVILIANS, proposed=True
    )


def civilians_find(
    text: str, sentence: Sentence, registry: ActorRegistry, taken: list[tuple[int, int]]
) -> list[ActorMention]:
    """The nouns for civilians in a sentence, outside the spans other findings took."""
    found = []
    actor: ActorRef | None = None
    for m in _CIVILIAN_NOUNS.finditer(text, sentence.start, sentence.end):
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        actor = actor or civilians_ref(registry)
        found.append(ActorMention(m.start(), m.end(), m.group(), actor, "generic"))
    return found
