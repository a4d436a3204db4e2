"""Who claimed an attack: "Al-Shabab claimed responsibility for the attack", "the militant group
later claimed the bombing". Wire copy names the perpetrator of a bombing or a raid this way,
often a sentence or two after the lead that told the attack without naming anyone; ACLED then
codes the claimant as actor 1, not an Unidentified Armed Group."""

from __future__ import annotations

import re
from collections.abc import Sequence

from events.ingest.actors_generic import ARMED_NON_STATE, named_group_before
from events.ingest.actors_registry import ActorMention, ActorRef
from events.ingest.text import Sentence

__all__ = ["claimed_roles", "claims_in"]

_ACT_NOUNS = (
    r"attacks?|bombings?|blasts?|explosions?|assaults?|raids?|ambush(?:es)?|killings?|"
    r"strikes?|massacre|abductions?|kidnappings?"
)
# "claimed responsibility for the attack", "claimed credit for", "claimed the bombing",
# "claimed Saturday's attack", "claimed a drone attack on". `definite`: an attack told before
# ("the", "Saturday's").
_CLAIM = re.compile(
    r"\bclaim(?:ed|s)?\s+(?:(?:responsibility|credit)\s+for\s+(?P<det1>(?:the|this|that|"
    r"[A-Z]\w+day['\u2019]s)\s+|an?\s+|)|(?P<det2>the\s+|this\s+|that\s+|[A-Z]\w+day['\u2019]s\s+)|"
    r"an?\s+)"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{_ACT_NOUNS})\b"
)
# Between the claimant and "claimed": a day, an auxiliary, an adverb, a dash; never a negation
# ("The rebel group has not yet claimed the attack", "No group has claimed").
_SUBJECT_GAP = re.compile(r"[\s,\u2014\u2013-]*(?:\w+[\s,\u2014\u2013-]+){0,4}")
_NEGATED = re.compile(r"\b(?:not|never|no|n['\u2019]t|yet\s+to|denied|denies)\b", re.I)
# "the terror group on Tuesday claimed": the group the report named before.
_GROUP_SUBJECT = re.compile(
    r"\b[Tt]he\s+(?:(?:terror|terrorist|militant|jihadist|extremist|rebel|armed|insurgent)\s+)?"
    r"(?:group|organi[sz]ation|movement)\s+[^.;,]{0,30}$"
)
# How many sentences before a claim of "the attack" may tell that attack: the lead and the one
# or two after it.
CLAIM_BACK = 3


def _armed(mention: ActorMention) -> bool:
    return mention.actor.kind in ARMED_NON_STATE and not mention.actor.proposed


def _subject(
    text: str, start: int, claim_at: int, actors: Sequence[ActorMention]
) -> ActorRef | None:
    """The named armed group right before "claimed" in its sentence (from `start`), else the
    group the report named last when the subject is "the (militant) group"."""
    before = [a for a in actors if start <= a.start and a.end <= claim_at]
    if _NEGATED.search(text, start, claim_at):
        return None
    if before and _armed(before[-1]):
        gap = _SUBJECT_GAP.match(text, before[-1].end, claim_at)
        if gap is not None and gap.end() == claim_at:
            return before[-1].actor
    if _GROUP_SUBJECT.search(text, start, claim_at):
        groups = [(a.start, a.actor) for a in actors if _armed(a)]
        return named_group_before(groups, claim_at, reach=0)
    return None


def claims_in(
    text: str, sentences: Sequence[Sentence], actors: Sequence[ActorMention]
) -> list[tuple[int, int, ActorRef]]:
    """(first, last sentence index, claimant) of each claim: the sentences whose attack it may
    be (one told before when the claim says "the attack", else the claim's own sentence)."""
    out = []
    for s in sentences:
        for m in _CLAIM.finditer(text, s.start, s.end):
            claimant = _subject(text, s.start, m.start(), actors)
            if claimant is None:
                continue
            definite = bool(m.group("det1") or m.group("det2"))
            out.append((s.index - CLAIM_BACK if definite else s.index, s.index, claimant))
    return out


def claimed_roles(
    roles: list[tuple[ActorRef, str]],
    sentence_indices: set[int],
    claims: list[tuple[int, int, ActorRef]],
    unidentified: ActorRef,
) -> list[tuple[ActorRef, str]]:
    """The claimant leads an attack the report told without a name (no actor 1, or the
    Unidentified Armed Group) when the claim is of one of its sentences."""
    lead = next((a for a, role in roles if role == "actor1"), None)
    if lead is not None and lead.key != unidentified.key:
        return roles  # the report named who did it
    for first, last, claimant in claims:
        if not any(first <= i <= last for i in sentence_indices):
            continue
        if any(a.key == claimant.key and role in {"actor2", "assoc2"} for a, role in roles):
            return roles  # the claimant was attacked: no claim of this one
        rest = [(a, r) for a, r in roles if a.key not in {claimant.key, unidentified.key}]
        return [(claimant, "actor1"), *rest]
    return roles
