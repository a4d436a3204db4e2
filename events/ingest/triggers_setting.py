"""Happenings a clause speaks of without reporting one: a trend ("ISIS attacks have been on the
rise", "Russia has stepped up its attacks on the city") or an appeal to stop them ("called on
the world to stop the shelling", "urged both sides to end the fighting"). Both name a kind of
happening; neither tells one that happened on a day at a place, so neither is drafted. The
happenings a trend or an appeal refers to are told elsewhere in the report, if at all.
"""

from __future__ import annotations

import re

__all__ = ["appeal_or_trend", "war_background"]

# "attacks have been on the rise", "strikes have increased", "clashes are rising": the trigger
# (a plural) is the subject of a verb of growth or decline.
_TREND_AFTER = re.compile(
    r"^(?:\s+(?:by|on|against|in|across|of)\s+(?:[\w'-]+\s+){0,4}?)?\s*"
    r"(?:have|has|had)?\s*(?:been\s+)?(?:also\s+|steadily\s+|sharply\s+)?"
    r"(?:on\s+the\s+(?:rise|increase|decline|wane)|ris(?:en|ing)|rose|increas(?:ed|ing)|"
    r"surg(?:ed|ing)|intensif(?:ied|ying)|escalat(?:ed|ing)|grown|growing|declin(?:ed|ing)|"
    r"dropp(?:ed|ing)|decreas(?:ed|ing)|multipli(?:ed|es)|spik(?:ed|ing))\b",
    re.I,
)
# "has stepped up its attacks", "have intensified their strikes on", "an upsurge in attacks",
# "a rise in kidnappings": the trigger is what grows.
_TREND_BEFORE = re.compile(
    r"\b(?:(?:stepped|stepping|ramped|ramping)\s+up|intensif(?:ied|ying|y)|escalat(?:ed|ing|e)|"
    r"(?:a|an|the)\s+(?:sharp\s+|steady\s+|recent\s+)?(?:rise|increase|surge|upsurge|uptick|"
    r"spike|escalation|resurgence|decline|drop)\s+(?:in|of))\s+"
    r"(?:(?:its|their|his|her|the|such|deadly|cross-border|[A-Z][\w-]*)\s+)*$",
    re.I,
)
# "called on the international community to take urgent action to stop the shelling", "urged
# both sides to end the fighting", "demanded a halt to the attacks": what is to stop.
_APPEAL_BEFORE = re.compile(
    r"\b(?:call(?:ed|s|ing)?\s+(?:on|upon|for)|urg(?:ed|es|ing)|demand(?:ed|s|ing)|"
    r"appeal(?:ed|s|ing)\s+(?:to|for)|press(?:ed|ing)|ask(?:ed|s|ing))\b[^.;]{0,80}?"
    r"\b(?:to\s+(?:stop|halt|end|cease|prevent)|(?:an?\s+|the\s+)?(?:end|halt|stop|cessation)\s+"
    r"(?:to|of))\s+(?:(?:the|all|its|their|such|these|deliberate|indiscriminate|ongoing|"
    r"continued|daily|[\w-]+ing)\s+){0,3}$",
    re.I,
)


# A day in the clause makes a trend a happening of that day ("fighting intensified in Bakhmut on
# Monday"): ACLED codes the fighting of that day.
_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|overnight|"
    r"last\s+night|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})\b"
)


def appeal_or_trend(text: str, clause_start: int, start: int, end: int, clause_end: int) -> bool:
    """Is the trigger at text[start:end] a trend or a call to stop, not a happening?"""
    word = text[start:end].lower()
    trend = (word.endswith("s") or word.endswith("ing")) and (
        _TREND_AFTER.match(text[end:clause_end]) is not None
        or _TREND_BEFORE.search(text, max(clause_start, start - 60), start) is not None
    )
    if trend and not _DAY.search(text, clause_start, clause_end):
        return True
    return bool(_APPEAL_BEFORE.search(text, max(clause_start, start - 160), start))


# "a war since April 2023 that has killed more than 20,000 people", "The conflict has killed
# thousands", "an insurgency which has claimed 40,000 lives": a war's toll so far, background
# a wire report gives, not a happening of a day. The subject is the war itself, and the verb is
# in the perfect (what it has done until now), with at most a few words between.
_WAR_SUBJECT = re.compile(
    r"\b(?:war|wars|conflict|insurgency|rebellion|uprising|crisis|civil\s+strife)\b"
    r"(?:[^.;:]{0,70}?\b(?:that|which))?\s+(?:[\w-]+\s+){0,2}?(?:has|have|had)\s+"
    r"(?:(?:so\s+far|already|since|reportedly|now)\s+(?:[\w-]+\s+){0,2}?)?$",
    re.I,
)
_TOLL_WORD = re.compile(r"kill(?:ed|s)|claimed|left", re.I)


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
# "Fighting between the government and the militia was sparked in April when ...", "the
# clashes, which erupted in 2019", "fighting that broke out in mid-April last year": when a war
# began, told by its month or year, not by a day (a day makes it that day's fighting: "fighting
# broke out on Monday").
_ONSET_AFTER = re.compile(
    r"^(?:\s+between\s+[^.;]{0,80}?)?(?:,?\s+(?:which|that))?\s+(?:was\s+|were\s+|had\s+|has\s+)?"
    r"(?:first\s+)?(?:sparked|broke\s+out|erupted|began|begun|started|flared(?:\s+up)?)\s+"
    r"(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:" + _MONTH + r"(?!\s+\d)|(?:19|20)\d\d\b)",
    re.I,
)


def war_background(text: str, clause_start: int, start: int, end: int, clause_end: int) -> bool:
    """Is the trigger at text[start:end] a war's toll so far ("a war ... that has killed more
    than 20,000 people") or when it began ("Fighting ... was sparked in April"): background,
    not a happening?"""
    if _TOLL_WORD.fullmatch(text[start:end]):
        return _WAR_SUBJECT.search(text, max(clause_start, start - 120), start) is not None
    return _ONSET_AFTER.match(text[end:clause_end]) is not None
