"""How many were killed, as a clause says it ("killed 12", "the death toll rose to 30", "no one
was killed"): the mentions' fatalities (events/ingest/mentions.py)."""

from __future__ import annotations

import re

from events.ingest.numbers import TOLL_WORDS, words_pattern

__all__ = ["fatalities_find"]

_N = r"(?P<n>\d{1,5}|" + words_pattern(TOLL_WORDS) + r")"
_QUALIFIER = r"(?:at\s+least\s+|some\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?"
_YEAR = re.compile(r"(?:19|20)\d\d")
_FATALITIES = [
    # "killed 12", a headline's "Kill 45", "massacred 46 people", "claimed the lives of 9".
    re.compile(rf"\b(?:kill(?:ed|ing|s)?|massacr(?:ed|ing)|slaughter(?:ed|ing)|claimed\s+the\s+"
               rf"lives\s+of)\s+{_QUALIFIER}{_N}\b", re.I),
    re.compile(
        rf"\b{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,3}}?(?:were|was|have\s+been|had\s+been|are|"
        rf"being)\s+(?:reportedly\s+|also\s+)?killed\b",
        re.I,
    ),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}?(?:people|civilians|soldiers|fighters|"
               rf"troops|militants|villagers|residents|children|women|men|police(?:men)?|"
               rf"officers|rebels|insurgents|worshippers|passengers)\s+(?:reportedly\s+)?"
               rf"(?:were\s+|was\s+)?killed\b", re.I),
    re.compile(rf"\b(?:left|leaving)\s+{_QUALIFIER}{_N}\s+(?:[\w-]+\s+){{0,2}}dead\b", re.I),
    re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached)\s+{_QUALIFIER}{_N}\b",
               re.I),
    re.compile(rf"\b{_QUALIFIER}{_N}\s+(?:people\s+|civilians\s+|soldiers\s+|fighters\s+)?"
               rf"(?:(?:are|were|was|lay|lie|now)\s+)?dead\b", re.I),
]  # fmt: skip
_NO_FATALITIES = re.compile(
    r"\b(?:no\s+(?:one|casualties|deaths|fatalities)\s+(?:was|were)?|no\s+casualties|"
    r"nobody\s+was\s+killed|without\s+casualties)\b",
    re.I,
)


def fatalities_find(text: str) -> int | None:
    """The number killed as the clause gives it; None when it says nothing."""
    for pattern in _FATALITIES:
        for m in pattern.finditer(text):
            word = re.sub(r"\s+", " ", m.group("n").lower())
            if _YEAR.fullmatch(word):
                continue  # "women born in 1986, 1980, 1961 and 1952 were killed": years
            return int(word) if word.isdigit() else TOLL_WORDS.get(word)
    if _NO_FATALITIES.search(text):
        return 0
    return None
