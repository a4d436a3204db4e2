"""Happenings a clause speaks of without reporting one: a trend ("ISIS attacks have been on the
rise", "Russia has stepped up its attacks on the city"), a running total ("944 civilians have
been killed since the state of siege was declared") or an appeal to stop them ("called on
the world to stop the shelling", "urged both sides to end the fighting"). Both name a kind of
happening; neither tells one that happened on a day at a place, so neither is drafted. The
happenings a trend or an appeal refers to are told elsewhere in the report, if at all.
"""

from __future__ import annotations

import re

from events.ingest.text import MONTH_PATTERN, WEEKDAY_PATTERN

__all__ = [
    "CLAUSE_DAY",
    "agreement_background",
    "appeal_or_trend",
    "history_told",
    "war_background",
]

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


# "Some 944 civilians have been killed in North Kivu and Ituri since the state of siege was
# declared", "more than 2,000 people have died since January": a running total, no happening.
_RUNNING_TOTAL = re.compile(
    r"\b(?:have|has)\s+(?:now\s+|so\s+far\s+)?(?:been\s+)?(?:killed|died|been\s+killed|"
    r"displaced|abducted|kidnapped)\b[^.;]{0,100}?\b(?:since|so\s+far\s+this\s+year|"
    r"this\s+year)\b",
    re.I,
)
# A day in the clause makes a trend a happening of that day ("fighting intensified in Bakhmut on
# Monday"): ACLED codes the fighting of that day.
CLAUSE_DAY = re.compile(
    rf"\b(?:{WEEKDAY_PATTERN}|(?i:today|yesterday|overnight|last\s+night)|"
    rf"{MONTH_PATTERN}\s+\d{{1,2}})\b"
)


def appeal_or_trend(text: str, clause_start: int, start: int, end: int, clause_end: int) -> bool:
    """Is the trigger at text[start:end] a trend or a call to stop, not a happening?"""
    word = text[start:end].lower()
    trend = (word.endswith("s") or word.endswith("ing")) and (
        _TREND_AFTER.match(text[end:clause_end]) is not None
        or _TREND_BEFORE.search(text, max(clause_start, start - 60), start) is not None
    )
    if trend and not CLAUSE_DAY.search(text, clause_start, clause_end):
        return True
    total = _RUNNING_TOTAL.search(text, max(clause_start, start - 30), clause_end)
    if total is not None and total.start() <= end:
        return True
    return bool(_APPEAL_BEFORE.search(text, max(clause_start, start - 160), start))


# "were excluded from a broader truce", "are not included in a ceasefire": the agreement frames
# who is outside it.
_OUTSIDE_OF = re.compile(
    r"\b(?:excluded\s+from|not\s+(?:included\s+in|party\s+to|covered\s+by|part\s+of)|"
    r"outside)\s+(?:the\s+|a\s+|an\s+|any\s+)?(?:(?!and\b)[\w-]+\s+){0,2}$",
    re.I,
)
# "a broader truce brokered by Moscow and Washington in February", "a ceasefire ... announced
# earlier this month", "signed a peace agreement in June 2015": an agreement of another time,
# the report's background.
_EARLIER_TIME = re.compile(
    rf"\b(?:in\s+(?:{MONTH_PATTERN}|(?:19|20)\d\d)|earlier\s+this\s+(?:month|year)|"
    r"last\s+(?:month|year)|"
    r"(?:months|years)\s+ago|a\s+year\s+ago)\b",
    re.I,
)
# "The truce was negotiated between Turkey and Russia": the agreement already in place, told
# again; not "The ceasefire was announced on Tuesday".
_THE_AGREEMENT = re.compile(r"(?:^|[.;:]\s*|\n)\s*(?:The|the|This|this)\s+(?:[\w-]+\s+){0,2}$")


# "proposals for a cessation of hostilities", "refused to enter into an agreement until a
# cease-fire is implemented", "who do not accept the peace agreement", "efforts to reach a
# truce": an agreement proposed, refused, sought or made a condition, none made that day.
_UNMADE_BEFORE = re.compile(
    r"\b(?:propos\w+|refus\w+|reject\w+|until|unless|if|seek\w*|sought|push\w*\s+for|"
    r"efforts?|bids?|attempts?|would|could|might|may|not|never|no|any|possible|"
    r"potential|prospects?|proposals?)\b(?:\s+[\w'-]+){0,5}?\s+$",
    re.I,
)
# "the 2016 peace agreement", "a 2015 deal": an agreement named by its year, an earlier one.
_OF_A_YEAR = re.compile(r"\b(?:the|a|an)\s+(?:19|20)\d\d\s+(?:[\w-]+\s+){0,2}$", re.I)


_PLURAL_AGREEMENTS = frozenset(
    {"agreements", "deals", "ceasefires", "cease-fires", "truces", "accords"}
)  # not "talks", plural by nature


def agreement_background(
    text: str, clause_start: int, start: int, end: int, clause_end: int
) -> bool:
    """Is the agreement at text[start:end] one the report mentions, not one made in its days:
    who is outside it, one of another month or year, one proposed, refused or sought, agreements
    in the plural, or the agreement in place told again without a day?"""
    if _OUTSIDE_OF.search(text, max(clause_start, start - 50), start):
        return True
    clause = text[clause_start:clause_end]
    if _EARLIER_TIME.search(clause):
        return True
    before = text[max(clause_start, start - 60) : start]
    if _UNMADE_BEFORE.search(before) or _OF_A_YEAR.search(before):
        return True
    plural = text[start:end].lower().split()[-1] in _PLURAL_AGREEMENTS
    if plural and not CLAUSE_DAY.search(clause):
        return True  # "evacuation agreements reached as ...": a kind of agreement
    told_again = _THE_AGREEMENT.search(text, max(0, start - 30), start) is not None
    return told_again and not CLAUSE_DAY.search(clause)


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


# "Fighting between the government and the militia was sparked in April when ...", "the
# clashes, which erupted in 2019", "fighting that broke out in mid-April last year": when a war
# began, told by its month or year, not by a day (a day makes it that day's fighting: "fighting
# broke out on Monday").
_ONSET_AFTER = re.compile(
    r"^(?:\s+between\s+[^.;]{0,80}?)?(?:,?\s+(?:which|that))?\s+(?:was\s+|were\s+|had\s+|has\s+)?"
    r"(?:first\s+)?(?:sparked|broke\s+out|erupted|began|begun|started|flared(?:\s+up)?)\s+"
    r"(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:" + MONTH_PATTERN + r"(?!\s+\d)|(?:19|20)\d\d\b)",
    re.I,
)


def war_background(text: str, clause_start: int, start: int, end: int, clause_end: int) -> bool:
    """Is the trigger at text[start:end] a war's toll so far ("a war ... that has killed more
    than 20,000 people") or when it began ("Fighting ... was sparked in April"): background,
    not a happening?"""
    if _TOLL_WORD.fullmatch(text[start:end]):
        return _WAR_SUBJECT.search(text, max(clause_start, start - 120), start) is not None
    return _ONSET_AFTER.match(text[end:clause_end]) is not None


# "rebels who were captured in combat", "ten soldiers were captured": people taken, not ground.
_CAPTIVES_BEFORE = re.compile(
    r"\b(?:rebels|fighters|militants|soldiers|troops|people|civilians|men|women|children|"
    r"members|hostages|suspects|prisoners|jihadists|insurgents|officers|policemen|"
    r"[\w-]+ists)\s+(?:(?:who|that)\s+)?(?:were|was|had\s+been|have\s+been|being)\s+$",
    re.I,
)
# "The group has seized a number of towns of X and Y states", "have captured large parts of":
# what a side holds after years, in the perfect, over many places.
_HOLDINGS_AFTER = re.compile(
    r"\s+(?:a\s+(?:number|string|series)\s+of|several|many|dozens\s+of|hundreds\s+of|"
    r"(?:large|vast|huge)\s+(?:parts|swathes|swaths|areas|tracts)\s+of|swathes\s+of|"
    r"swaths\s+of|much\s+of|most\s+of)\b",
    re.I,
)
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:[\w-]+ly\s+)?$", re.I)
# "a civil war since 2014, when the Houthis captured the capital": history the war is told by.
_SINCE_YEAR_WHEN = re.compile(r"\bsince\s+(?:19|20)\d\d\s*,?\s+when\b[^.;]{0,80}$", re.I)


def territory_background(text: str, clause_start: int, start: int, end: int) -> bool:
    """Is the capture at text[start:end] no change of territory of a day: people captured ("rebels
    who were captured in combat"), a side's holdings ("has seized a number of towns"), or the
    history a war is told by ("a civil war since 2014, when the rebels captured the capital")?"""
    before = text[max(clause_start, start - 60) : start]
    if _CAPTIVES_BEFORE.search(before):
        return True
    if _PERFECT_BEFORE.search(before) and _HOLDINGS_AFTER.match(text, end):
        return not CLAUSE_DAY.search(text, clause_start, min(len(text), end + 120))
    return _SINCE_YEAR_WHEN.search(text, max(0, start - 100), start) is not None


# "areas seized by the insurgents over the past two years": what was done over a period.
_OVER_PERIOD = re.compile(
    r"(?:\s+[\w,'-]+){0,6}?\s+(?:over|in|during|throughout)\s+the\s+(?:past|last|previous)\s+"
    r"(?:[\w-]+\s+)?(?:days|weeks|months|years|decades)\b",
    re.I,
)

# "fought on the same side during the recent war", "during the two-year war": what someone did in
# a war told as a period, the report's background, not one of its events.
_DURING_WAR = re.compile(
    r"(?:\s+[\w,'-]+){0,8}?\s+during\s+(?:the|a|its|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:war|civil\s+war|conflict|insurgency|uprising|revolution)\b",
    re.I,
)


# "comes two weeks after", "came a month after", "comes just weeks after": what follows
# happened weeks or more before (days before may still be of the report's own days).
_RECALLED = re.compile(
    r"\b(?:comes?|came|coming)\s+(?:just\s+|only\s+|barely\s+|nearly\s+|about\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|several|a\s+few|\d+)\s+)?"
    r"(?:weeks?|months?|years?)\s+after\b",
    re.I,
)
RECALL_REACH = 200  # characters back within the sentence


def history_told(
    text: str, clause_start: int, clause_end: int, head: str, start: int, end: int
) -> bool:
    """What a period or a war holds, or a happening weeks before recalled to set the report's
    in its time, not a happening of a day."""
    recalled = _RECALLED.search(text, max(0, start - RECALL_REACH), start)
    if recalled and not re.search(r"[.!?]\s", text[recalled.end() : start]):
        return True  # "The attack comes two weeks after al-Shabaab laid siege to a hotel"
    if _OVER_PERIOD.match(text, end, clause_end):
        return True  # "seized by the insurgents over the past two years": over a period
    if _DURING_WAR.match(text, end, clause_end):
        return True  # "fought alongside federal troops during the two-year war": its history
    # "rebels who were captured", "has seized a number of towns", "since 2014, when X captured"
    return head == "territory" and territory_background(text, clause_start, start, end)


# "Armed gangs regularly raid villages", "Tsayau has been repeatedly attacked", "Civilians often
# get caught in the crossfire": what happens again and again is the setting, not one happening.
# Not when the clause gives its day ("shelled the town repeatedly on Monday").
_HABITUAL = re.compile(
    r"\b(?:regularly|frequently|routinely|often|repeatedly|usually|typically|habitually|"
    r"constantly)\s+(?:[\w'-]+\s+){0,3}",
    re.I,
)
# "an area wracked by cattle-rustling and kidnappings", "a region plagued by attacks": what a
# place is known for, in the plural, is its setting.
_WRACKED_BY = re.compile(
    r"\b(?:wracked|racked|plagued|marred|beset|blighted|ravaged|troubled|known)\s+(?:by|for)\s+"
    r"(?:[\w,'-]+\s+){0,6}$",
    re.I,
)
# "al-Shabab has also struck coastal areas and Nairobi", "the group has previously attacked":
# a group's record, told in the perfect without a day, not a happening of the report's days.
_RECORD = re.compile(
    r"\b(?:has|have)\s+(?:also\s+|previously\s+|long\s+|in\s+the\s+past\s+){1,2}$", re.I
)
# "have launched periodic attacks on government targets", "the latest in ongoing clashes",
# "Russia's nightly drone attacks": a kind of happening that recurs, in the plural, is the
# setting too (not with its day: "repeated strikes on the town on Monday").
_RECURRING = re.compile(
    r"\b(?:periodic|sporadic|frequent|repeated|regular|recurring|recurrent|occasional|"
    r"persistent|relentless|ongoing|continuing|constant|incessant|near-daily|daily|nightly|"
    r"weekly|routine)\s+(?:[\w-]+\s+)?$",
    re.I,
)


def recurring_or_known_for(
    text: str, clause_start: int, start: int, end: int, clause_end: int
) -> bool:
    """What happens again and again ("gangs regularly raid villages"), a group's record ("has
    also struck Nairobi"), both without the clause's day, or what a place is known for ("an
    area wracked by kidnappings")?"""
    plural = text[start:end].endswith("s")
    if plural and _WRACKED_BY.search(text, max(clause_start, start - 80), start):
        return True
    recurring = plural and _RECURRING.search(text, max(clause_start, start - 30), start)
    record = _RECORD.search(text, max(clause_start, start - 30), start)
    return bool(
        (recurring or record or _HABITUAL.search(text, clause_start, start))
        and not CLAUSE_DAY.search(text, clause_start, clause_end)
    )
