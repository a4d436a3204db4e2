"""How many were killed, as a clause says it ("killed 12", "the death toll rose to 30", "no one
was killed"): the mentions' fatalities (events/ingest/mentions.py)."""

from __future__ import annotations

import re

from events.ingest.numbers import TOLL_WORDS, words_pattern

__all__ = ["fatalities_find"]

_N = r"(?P<n>\d{1,5}|" + words_pattern(TOLL_WORDS) + r")"
_QUALIFIER = (
    r"(?:at\s+least\s+|some\s+|about\s+|around\s+|roughly\s+|approximately\s+|nearly\s+|"
    r"almost\s+|more\s+than\s+|over\s+|up\s+to\s+|as\s+many\s+as\s+|an\s+estimated\s+)?"
)
_KILLED = r"(?:killed|shot\s+dead|gunned\s+down)"
_YEAR = re.compile(r"(?:19|20)\d\d")
_FATALITIES = [
    # "killed 12", a headline's "Kill 45", "massacred 46 people", "claimed the lives of 9", "shot
    # dead 3".
    re.compile(rf"\b(?:kill(?:ed|ing|s)?|massacr(?:ed|ing)|slaughter(?:ed|ing)|claimed\s+the\s+"
               rf"lives\s+of|shot\s+dead|gunned\s+down)\s+{_QUALIFIER}{_N}\b", re.I),
    # "claimed nine lives", "cost 12 lives".
    re.compile(rf"\b(?:claimed|cost|took)\s+{_QUALIFIER}{_N}\s+lives\b", re.I),
    re.compile(
        rf"\b{_QUALIFIER}{_N}[\"\u201d]?\s+(?:[\w-]+\s+){{0,3}}?(?:were|was|have\s+been|had\s+been|are|"
        rf"being)\s+(?:reportedly\s+|also\s+)?{_KILLED}\b",
        re.I,
    ),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}?(?:people|civilians|soldiers|fighters|"
               rf"troops|militants|villagers|residents|children|women|men|police(?:men)?|"
               rf"officers|rebels|insurgents|worshippers|passengers)\s+(?:reportedly\s+)?"
               rf"(?:were\s+|was\s+)?{_KILLED}\b", re.I),
    # "103 people died in the clash", a headline's "19 Die".
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}?(?:have\s+|had\s+)?di(?:ed|e)\b", re.I),
    re.compile(rf"\b(?:left|leaving)\s+{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}dead\b", re.I),
    # "the death toll from Thursday's strikes on a city near the border has risen to 71".
    re.compile(rf"\bdeath\s+toll\s+(?:[\w'\u2019-]+\s+){{0,12}}?(?:to|of|at|reached)\s+{_QUALIFIER}"
               rf"{_N}\b", re.I),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:people\s+|civilians\s+|soldiers\s+|fighters\s+)?"
               rf"(?:(?:are|were|was|lay|lie|now)\s+)?dead\b", re.I),
]  # fmt: skip
# "At least 31 soldiers and three army auxiliaries were killed", "two dead on the army's side
# and five dead on the attackers' side": one toll in two figures, their sum.
_N2 = _N.replace("?P<n>", "?P<m>")
_PAIR = [
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:[\w'\u2019-]+\s+){{0,3}}?and\s+{_QUALIFIER}{_N2}\s+"
               rf"(?:[\w'\u2019-]+\s+){{0,3}}?(?:were|have\s+been|had\s+been|are)\s+"
               rf"(?:reportedly\s+|also\s+)?{_KILLED}\b", re.I),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+dead\s+(?:[^\s.;]+\s+){{0,8}}?and\s+{_QUALIFIER}"
               rf"{_N2}\s+dead\b", re.I),
]  # fmt: skip
# One person, by who they were: "killed a woman", "a 47-year-old agricultural worker".
_PERSON = (
    r"(?:woman|man|child|boy|girl|baby|soldier|serviceman|civilian|policeman|policewoman|"
    r"police\s+officer|officer|person|resident|farmer|villager|teenager|student|teacher|"
    r"journalist|worker|guard|militant|fighter|commander|pilgrim|trader|driver|shepherd|"
    r"pensioner)"
)
# "killed a woman", "shot dead a police officer".
_ONE = re.compile(
    rf"\b(?:kill(?:ed|ing|s)?|{_KILLED})\s+(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?{_PERSON}\b",
    re.I,
)
# "a 47-year-old agricultural worker ... was killed", "A 43-year-old man has been killed": the
# same, in the passive (not "a group of men").
_ONE_PASSIVE = re.compile(
    r"\ban?\s+(?:\d{1,3}-year-old\s+)?(?:(?!(?:of|group|number|dozen|couple)\b)[a-z-]+\s+){0,2}?"
    rf"{_PERSON}\b(?:[^.;]{{0,80}}?)\b(?:was|has\s+been|had\s+been)\s+"
    rf"(?:reportedly\s+|also\s+)?{_KILLED}\b",
    re.I,
)
_NO_FATALITIES = re.compile(
    r"\b(?:no\s+(?:one|casualties|deaths|fatalities)\s+(?:was|were)?|no\s+casualties|"
    r"nobody\s+was\s+killed|without\s+casualties)\b",
    re.I,
)


# "A Taliban spokesman claimed it captured the base after killing 74", "claiming that 9 soldiers
# were killed", "claims to have killed 10": a side's claim, which ACLED does not take for the
# toll when the report gives another (its most conservative figure); not "claimed
# responsibility" nor "claimed the lives of".
_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)?\b(?!\s+(?:responsibility|the\s+lives|(?:[\w-]+\s+){1,3}lives))", re.I
)
CLAIM_REACH = 80  # characters from the claim to its figure, within one clause


# "at least twenty people were killed in multiple attacks across Iraq": a total of several
# happenings, no one event's toll.
_SEVERAL = re.compile(
    r"\b(?:in|during|after|from)\s+(?:a\s+)?(?:multiple|several|separate|a\s+series\s+of|a\s+wave\s+of|"
    r"series\s+of|wave\s+of|coordinated)\s+(?:[\w-]+\s+)?(?:attacks|bombings|blasts|explosions|"
    r"strikes|incidents|clashes)\b|\b(?:attacks|bombings|blasts|explosions|strikes)\s+across\b",
    re.I,
)


def fatalities_find(text: str) -> int | None:
    """The number killed as the clause gives it; None when it says nothing, or gives only a
    side's claim or a total of several happenings."""
    if _SEVERAL.search(text):
        return None
    pair = _pair_toll(text)
    if pair is not None:
        return pair
    for pattern in _FATALITIES:
        for m in pattern.finditer(text):
            word = re.sub(r"\s+", " ", m.group("n").lower())
            if _YEAR.fullmatch(word):
                continue  # "women born in 1986, 1980, 1961 and 1952 were killed": years
            if _claimed(text, m.start("n")):
                continue
            return int(word) if word.isdigit() else TOLL_WORDS.get(word)
    passive = _ONE_PASSIVE.search(text)
    if _ONE.search(text) or (passive and not _claimed(text, passive.start())):
        return 1
    if _NO_FATALITIES.search(text):
        return 0
    return None


def _figure(word: str) -> int | None:
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else TOLL_WORDS.get(word)


def _pair_toll(text: str) -> int | None:
    """The sum of a toll told in two figures (the lower of a range), unless either is a year or
    a side's claim."""
    for pattern in _PAIR:
        for m in pattern.finditer(text):
            if any(_YEAR.fullmatch(m.group(g)) for g in ("n", "m")):
                continue
            if _claimed(text, m.start("n")):
                continue
            if _NOT_DEAD.search(text, m.end("n"), m.start("m")):
                continue  # "40 people were injured and four were killed": four dead
            a, b = _figure(m.group("n")), _figure(m.group("m"))
            if a is not None and b is not None:
                return min(a, b) if _range(text, m) else a + b
    return None


# "More than forty people were injured and four were killed": the first figure is of others.
_NOT_DEAD = re.compile(
    r"\b(?:injured|wounded|hurt|missing|arrested|detained|kidnapped|abducted|rescued|"
    r"displaced)\b",
    re.I,
)
# "between 24 and 28 soldiers were killed", "24 and 28 soldiers": one toll whose figure the
# sources disagree on, not two groups (those have a noun each: "31 soldiers and three
# auxiliaries"); the lowest, as ACLED takes.
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)


def _range(text: str, m: re.Match[str]) -> bool:
    bare = re.fullmatch(r"\s+and\s+", text[m.end("n") : m.start("m")]) is not None
    return bare or _BETWEEN.search(text, max(0, m.start("n") - 12), m.start("n")) is not None


def _claimed(text: str, at: int) -> bool:
    """Is the figure at `at` what a side claims ("claimed killing 26")?"""
    return any(
        c.end() <= at and at - c.end() <= CLAIM_REACH and not re.search(r"[.;]", text[c.end() : at])
        for c in _CLAIM.finditer(text, max(0, at - CLAIM_REACH - 10))
    )
