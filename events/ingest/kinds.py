"""What a later, vaguer word for a happening the report has already named means.

A report names its happening once with the telling word ("a series of suicide truck bombings",
"a Russian missile attack") and then goes on with a plainer one: "The four bombings took place
near X", "Another Russian strike killed a woman in Y". The plain word alone would be typed a
remote explosive or a bare killing; a reader takes the kind the report gave. Runs on the
mentions before they merge into drafts (events/ingest/drafts.py), in the report's order.
"""

from __future__ import annotations

import re
from dataclasses import replace

from events.ingest.mentions import Mention
from events.ingest.triggers import LABOUR_STRIKE, NOT_LABOUR_AFTER, Trigger

# The specific bomb kinds a later "the bombing", "the blast", "the explosion" refers back to.
_BOMB_KINDS = {"suicide", "ied"}
# The remote attacks a later bare "strike" refers back to.
_STRIKE_KINDS = {"air", "shelling", "air_verb", "shell_verb"}
# "another Russian strike", "a second strike", "the strike": a strike as a noun; not a
# workers' strike ("went on strike", "a general strike", "a hunger strike").
_STRIKE_NOUN = re.compile(
    r"\b(?i:another|a|an|the|second|third|new|further|fresh|later|separate|[\w-]+['\u2019]s)\s+"
    r"(?:[A-Z][\w-]*\s+)?strikes?\b" + NOT_LABOUR_AFTER,
)
# How many sentences back the named kind may be: a paragraph or three.
REACH = 8


def kinds_resolved(mentions: list[Mention]) -> list[Mention]:
    """`mentions` with a definite plain bomb word given the bomb kind named before it, and a
    bare killing told of "another strike", or "the attacks" just after strikes were named,
    given the strike's kind."""
    mentions = _suicide_bombs_joined(mentions)
    ordered = sorted(mentions, key=lambda m: m.trigger_start)
    last: dict[str, tuple[int, Trigger]] = {}  # "bomb" / "strike" / "named": (sentence, trigger)
    resolved: dict[int, Mention] = {}
    for m in ordered:
        new = _resolved(m, last)
        if new is not None:
            resolved[id(m)] = new
        name = m.trigger.name
        if name in _BOMB_KINDS:
            last["bomb"] = (m.sentence.index, m.trigger)
        elif name in _STRIKE_KINDS:
            last["strike"] = (m.sentence.index, _strike_trigger(m.trigger))
        if not m.trigger.weak and not m.headline:
            last["named"] = (m.sentence.index, (new or m).trigger)
    _strikes_named_after(ordered, resolved)
    return [resolved.get(id(m), m) for m in mentions]


# How many sentences after a plain "strike" (a headline's "double strike on Odesa") the report
# may name its kind ("launched lethal missile strikes on the city").
AHEAD = 2


def _strikes_named_after(ordered: list[Mention], resolved: dict[int, Mention]) -> None:
    """A plain strike noun the text before did not type takes the kind of the strike named in
    the next sentences."""
    for i, m in enumerate(ordered):
        if m.trigger.name != "strike_noun" or id(m) in resolved:
            continue
        for later in ordered[i + 1 :]:
            if later.sentence.index - m.sentence.index > AHEAD:
                break
            if later.trigger.name in _STRIKE_KINDS:
                resolved[id(m)] = replace(m, trigger=_strike_trigger(later.trigger))
                break


def _suicide_bombs_joined(mentions: list[Mention]) -> list[Mention]:
    """ "A suicide bomber detonated a car bomb", "a car bomb driven by a suicide attacker": the
    bomb of a suicide bomber's clause is the suicide bombing, one happening, not a second one set
    off from afar. The two mentions become one, the suicide bomber's, with what either tells."""
    suicides = {
        (m.sentence.index, m.clause.start): m for m in mentions if m.trigger.name == "suicide"
    }
    joined: dict[int, Mention] = {}
    dropped: set[int] = set()
    for m in mentions:
        suicide = suicides.get((m.sentence.index, m.clause.start))
        if suicide is None or m.trigger.name not in {"ied", "bomb"}:
            continue
        base = joined.get(id(suicide), suicide)
        joined[id(suicide)] = _joined(base, m)
        dropped.add(id(m))
    return [joined.get(id(m), m) for m in mentions if id(m) not in dropped]


def _joined(suicide: Mention, bomb: Mention) -> Mention:
    keys = suicide.actor_keys
    return replace(
        suicide,
        roles=suicide.roles + [r for r in bomb.roles if r.actor.key not in keys],
        place=suicide.place or bomb.place,
        country=suicide.country or bomb.country,
        relative=suicide.relative or bomb.relative,
        date=suicide.date or bomb.date,
        date_inherited=suicide.date_inherited if suicide.date else bomb.date_inherited,
        date_reported=suicide.date_reported if suicide.date else bomb.date_reported,
        fatalities=suicide.fatalities if suicide.fatalities is not None else bomb.fatalities,
    )


def _resolved(m: Mention, last: dict[str, tuple[int, Trigger]]) -> Mention | None:
    if m.trigger.name == "bomb" and m.definite:
        named = _within(m, last.get("bomb"))
        return replace(m, trigger=named) if named is not None else None
    if m.trigger.name in {"assault", "strike_noun"} and _strike_told(m):
        named = _within(m, last.get("strike"))
        return replace(m, trigger=named) if named is not None else None
    if m.trigger.name == "assault" and _attacks_told(m):
        # "Tuesday's attacks on X and Y villages", when the last kind the report named is a
        # strike: those strikes.
        named = _within(m, last.get("named"))
        if named is not None and named.name in _STRIKE_KINDS:
            return replace(m, trigger=_strike_trigger(named))
        if named is not None and named.name in _BOMB_KINDS:
            # "A suicide bomber struck ... Al-Shabab claimed the attack": that bombing.
            return replace(m, trigger=named)
    return None


# "the attacks", "Tuesday's attacks", "these attacks": a definite noun for what was told.
_ATTACKS_NOUN = re.compile(
    r"(?:\b(?:the|this|that|these|those)|[\w-]+['\u2019]s)\s+(?:[\w-]+\s+){0,2}$", re.I
)


def _attacks_told(m: Mention) -> bool:
    at = m.sentence.start
    word = m.sentence.text[m.trigger_start - at : m.trigger_end - at].lower()
    before = m.sentence.text[max(0, m.trigger_start - at - 40) : m.trigger_start - at]
    return word in {"attack", "attacks"} and bool(_ATTACKS_NOUN.search(before))


def _within(m: Mention, named: tuple[int, Trigger] | None) -> Trigger | None:
    if named is None or m.sentence.index - named[0] > REACH:
        return None
    return named[1]


def _strike_told(m: Mention) -> bool:
    """Does the clause of a bare killing name a strike as a noun ("Another Russian strike
    killed a woman")?"""
    at = m.sentence.start
    clause = m.sentence.text[m.clause.start - at : m.clause.end - at]
    return bool(_STRIKE_NOUN.search(clause)) and not LABOUR_STRIKE.search(clause)


def _strike_trigger(trigger: Trigger) -> Trigger:
    """A verb that only means a strike with aircraft or artillery named (`needs`) stands for
    the strike itself once it has been told."""
    return replace(trigger, needs=None) if trigger.needs is not None else trigger
