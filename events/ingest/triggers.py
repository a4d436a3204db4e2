"""Triggers: the words that open a mention of a happening, classified into ACLED's taxonomy.

A trigger ("jointly targeted", "air support", "recaptured", "ceasefire", "clashes") names the
kind of happening a clause reports. Stronger, more specific triggers come first in `TRIGGERS` and
claim their words before weaker ones; a verb that only means a strike when the clause speaks of
aircraft or artillery (`needs`) counts only then; a trigger after words of intent ("agreed to",
"threatened") reports no happening.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from events.ingest.text import Clause
from events.ingest.triggers_context import (
    bombers_acts,
    fight_before_capture,
    looting_or_harm,
    weapons_of_assault,
)
from events.ingest.triggers_setting import (
    agreement_background,
    appeal_or_trend,
    history_told,
    recurring_or_known_for,
    war_background,
)

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
STRATEGIC = "Strategic developments"

AIR_WORDS = re.compile(
    r"\b(?:war\s*planes?|warplanes?|jets?|planes?|aircraft|air\s*force|helicopters?|drones?|"
    r"aerial|air|bombers?|sorties)\b",
    re.I,
)
STRIKE_HARM = re.compile(
    r"\b(?:killed|killing|kills|dead|died|wounded|injured|hit|hitting|destroyed|damaged|"
    r"targeted|targeting|struck)\b",
    re.I,
)
# A workers' or prisoners' strike: "went on strike", "a general strike", "a hunger strike";
# after the noun, "strike action", "a strike by teachers".
NOT_LABOUR_AFTER = r"(?!\s+(?:action|by\s+(?:workers|teachers|doctors)))"
LABOUR_STRIKE = re.compile(r"\b(?:general|hunger|labou?r|workers['\u2019]?|on)\s+strikes?\b", re.I)
ARTILLERY_WORDS = re.compile(r"\b(?:artillery|mortars?|rockets?|missiles?|shells?|tanks?)\b", re.I)


@dataclass(frozen=True)
class Trigger:
    name: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    head: str  # what a later "the <head>" refers back to
    strength: float
    needs: re.Pattern[str] | None = None  # a word that must be in the clause
    weak: bool = False  # only when no other trigger is in the clause, and an actor is named
    generic: bool = False  # only when no other trigger of its event type is in the clause


def _p(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_WEAPONS = r"(?:drones?|missiles?|rockets?|projectiles?|UAVs?|shells)"
# Unarmed crowds: who a violent demonstration's rioters are.
_CROWD = (
    r"(?:youths?|young\s+men|protesters|protestors|demonstrators|rioters|mobs?|crowds?|students|"
    r"stone[- ]?(?:pelters|throwers))"
)
_DISRUPTED = r"(?:intercepted|shot\s+down|downed|destroyed|neutrali[sz]ed)"
_COUNT = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

TRIGGERS: list[Trigger] = [
    # "air defences shot down five drones", "two missiles were intercepted over the region":
    # ACLED's disrupted weapons use, a weapon stopped before it struck.
    Trigger("disrupted", _p(rf"\b(?:{_DISRUPTED}\s+(?:[\w-]+\s+){{0,3}}?{_WEAPONS}|{_WEAPONS}\s+"
                            rf"(?:[\w,-]+\s+){{0,6}}?(?:were|was)\s+(?:\w+\s+)?{_DISRUPTED})\b"),
            STRATEGIC, "Disrupted weapons use", "interception", 0.8),
    # "... destroyed three drones over the Voronezh region and one drone each over the Belgorod,
    # Kursk and Ryazan regions", "... ten over Belgorod and two more over Kursk": a defence
    # ministry's tally, one interception for each further count over a place.
    Trigger("disrupted_more", _p(rf"\b(?:{_COUNT})\s+(?:more\s+)?(?:{_WEAPONS}\s+)?(?:each\s+)?"
                                 r"over\b"),
            STRATEGIC, "Disrupted weapons use", "interceptions", 0.8),
    Trigger("suicide", _p(r"\bsuicide\s+(?:(?:car|truck|vehicle|motorcycle)\s+)?"
                          r"(?:bomb(?:ers?|ings?|s)?|attacks?|blasts?)"),
            EXPLOSIONS, "Suicide bomb", "bombing", 0.9),
    Trigger("ied", _p(r"\b(?:roadside\s+bombs?|IEDs?|improvised\s+explosive|land\s*mines?|"
                      # "by exploding a claymore mine", "detonated a mine under the truck"
                      r"claymores?(?:\s+mines?)?|(?:explod\w+|detonat\w+|planted|set\s+off|"
                      r"triggered|struck|hit|stepped\s+on)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+)?mines?|"
                      r"car\s+bombs?|explosive\s+devices?|bomb\s+(?:blast|explosion)s?)\b"),
            EXPLOSIONS, "Remote explosive/landmine/IED", "bombing", 0.8),
    Trigger("air", _p(r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|aerial\s+(?:attacks?|"
                      r"bombardment|bombing|strikes?|campaign|operations?)|air\s+(?:operations?|"
                      r"campaign|attacks?)|bombing\s+raids?|drone\s+(?:strikes?|attacks?|raids?)|barrel\s+bombs?|"
                      r"(?:guided\s+)?(?:aerial|glide)\s+bombs?|guided\s+bombs?|"
                      # bombs are dropped from the air: "dropped 500 pound bombs on the village"
                      r"dropp(?:ed|ing)\s+(?:[\w-]+\s+){0,3}?bombs?|bombs?\s+(?:were\s+)?dropped|"
                      r"air\s+support)\b"),
            EXPLOSIONS, "Air/drone strike", "strike", 0.9),
    Trigger("shelling", _p(r"\b(?:shell(?:ed|ing)|artillery\s+(?:fire|strikes?|shells?)|mortar"
                           r"(?:s|\s+fire|\s+rounds|\s+shells)|rocket\s+(?:fire|attacks?)|"
                           r"missile\s+(?:strikes?|attacks?)|bombarded|bombardment|"
                           # "Russian troops launched several missiles at Kharkiv"
                           r"(?:launched|fired)\s+(?:[\w-]+\s+){0,3}?(?:missiles|rockets))\b"),
            EXPLOSIONS, "Shelling/artillery/missile attack", "shelling", 0.85),
    Trigger("air_verb", _p(r"\b(?:targeted|targeting|struck|strikes|hit|hitting|bombed|bombing|"
                           r"pounded|pounding|raided|attacked|backing|backed|supporting|"
                           r"supported|operations?)\b", 0),
            EXPLOSIONS, "Air/drone strike", "strike", 0.6, AIR_WORDS),
    Trigger("shell_verb", _p(r"\b(?:targeted|struck|hit|pounded|pounding|fired)\b", 0),
            EXPLOSIONS, "Shelling/artillery/missile attack", "shelling", 0.55, ARTILLERY_WORDS),
    # "killed in an Israeli strike", "a strike that hit their house": a strike with nothing
    # more telling is one from the air (ACLED's usual reading of wire copy's bare "strike"),
    # not a workers' strike: the clause must tell of harm, and no other explosion is named.
    Trigger("strike_noun", _p(r"\bstrikes?\b" + NOT_LABOUR_AFTER),
            EXPLOSIONS, "Air/drone strike", "strike", 0.6, STRIKE_HARM, generic=True),
    # A bomb, a blast or an explosion with no more telling word ("twin bombings killed", "a bomb
    # exploded", "a blast hit the convoy"): ACLED's remote explosive, unless the clause already
    # names an air strike, a shelling or a suicide bomb (`generic`), which is what exploded.
    Trigger("bomb", _p(r"\b(?:bomb(?:s|ings?)?|blasts?|explosions?|detonated|exploded)\b"),
            EXPLOSIONS, "Remote explosive/landmine/IED", "bombing", 0.65, generic=True),
    Trigger("recapture", _p(r"\b(?:recaptur(?:ed|e|ing)|retook|retaken|re-took|regained\s+control|"
                            r"recovered\s+control|liberated)\b"),
            BATTLES, "Government regains territory", "territory", 0.8),
    Trigger("capture", _p(r"\b(?:captured|capturing|seized|seizing|overran|took\s+control|"
                          r"taken\s+control|(?:took|taken|taking)\s+hold\s+of|"
                          r"(?:gained|wrested|grabbed)\s+control|"
                          r"fell\s+to|(?:now\s+)?in\s+(?:full\s+|complete\s+|total\s+)?control\s+of)\b"),
            BATTLES, "Non-state actor overtakes territory", "territory", 0.75),
    # A clash whose other side is a crowd ("clashes broke out with youths taking to the streets",
    # "protesters clashed with police"): unarmed people fighting the police are ACLED's violent
    # demonstration, not an armed clash.
    Trigger("crowd_clash", _p(rf"\b(?:clash(?:ed|es)?\s+(?:[\w-]+\s+){{0,6}}?(?:with|between)\s+"
                              rf"(?:[\w-]+\s+){{0,2}}?{_CROWD}|{_CROWD}\s+(?:[\w-]+\s+){{0,2}}?"
                              r"clash(?:ed|es)?)\b"),
            "Riots", "Violent demonstration", "riot", 0.75),
    Trigger("clash", _p(r"\b(?:clash(?:ed|es)?|fighting|fought|battled|firefights?|"
                        r"gun\s*battles?|gun\s*fights?|gunfire|shoot-?outs?|exchanged\s+fire|"
                        r"exchanges?\s+of\s+fire|skirmish(?:es|ed)?|ambush(?:ed)?|"
                        r"storm(?:ed|ing)|repelled|repulsed|fended\s+off|"
                        # "tried to overrun a post": an assault that failed to take it
                        r"(?:tried|attempted|trying|attempting)\s+to\s+overrun)\b"),
            BATTLES, "Armed clash", "clashes", 0.75),
    Trigger("ceasefire", _p(r"\b(?:cease-?fires?|truces?|cessation\s+of\s+hostilities)\b"),
            STRATEGIC, "Agreement", "ceasefire", 0.8),
    Trigger("talks", _p(r"\b(?:peace\s+talks|talks|negotiations)\b"),
            STRATEGIC, "Agreement", "talks", 0.7),
    Trigger("agreement", _p(r"\b(?:agreed|agreements?|signed\s+(?:a|an|the)\s+\w+|memorandum|"
                            r"accord|deal(?!\s+with))\b"),
            STRATEGIC, "Agreement", "agreement", 0.7),
    Trigger("launch", _p(r"\b(?:launched|kicked\s+off|began|started|announced)\s+(?:a\s+|an\s+|"
                         r"the\s+|its\s+)?(?:new\s+|major\s+|military\s+|ground\s+)*"
                         r"(?:operation|offensive|campaign)\b"),
            STRATEGIC, "Change to group/activity", "operation", 0.75),
    Trigger("massacre", _p(r"\b(?:massacred?|massacres|executed|executions?)\b"),
            "Violence against civilians", "Attack", "attack", 0.7),
    # People taken: ACLED's abduction (of civilians: violence against civilians).
    Trigger("abduction", _p(r"\b(?:abduct(?:ed|s|ing|ions?)?|kidnapp?(?:ed|s|ings?)?|"
                            r"took\s+(?:\w+\s+){0,3}?hostages?|taken\s+hostage)\b"),
            "Violence against civilians", "Abduction/forced disappearance", "abduction", 0.7),
    # Stones thrown, a riot: a demonstration turned violent.
    Trigger("riot", _p(r"\b(?:riot(?:s|ed|ing)?|stone[- ]?(?:throwing|pelting)(?:\s+clash(?:es)?)?|"
                       r"threw\s+stones|"
                       r"pelted\s+(?:\w+\s+){0,3}?(?:with\s+)?stones)\b"),
            "Riots", "Violent demonstration", "riot", 0.7),
    Trigger("protest", _p(r"\b(?:protest(?:ed|ers|s)?|demonstrat(?:ed|ors|ions?))\b"),
            "Protests", "Peaceful protest", "protest", 0.6),
    Trigger("arrest", _p(r"\b(?:arrested|detained)\b"), STRATEGIC, "Arrests", "arrests", 0.6),
    # Goods taken or property burned, no one harmed: ACLED's looting/property destruction (a
    # raid that killed is an attack, its looting part of it: `_looting_or_harm`).
    Trigger("looting", _p(r"\b(?:loot(?:ed|ing)|plunder(?:ed|ing)|pillag(?:ed|ing)|"
                          r"ransack(?:ed|ing)|torched|set\s+(?:\w+\s+){0,2}?(?:on\s+)?fire|razed|"
                          r"burn(?:ed|t|ing)\s+(?:down\s+)?(?:[\w-]+\s+){0,2}?"
                          r"(?:houses|homes|huts|shops|buildings|villages?|market|churches|"
                          r"mosques|schools|vehicles|granaries|crops))\b"),
            STRATEGIC, "Looting/property destruction", "looting", 0.6),
    # A killing or an attack with no more telling word: a clash between armed actors, or an
    # attack on civilians when civilians are its target (events/ingest/drafts.py decides).
    Trigger("assault", _p(r"\b(?:attack(?:ed|s|ing)?|assault(?:ed|s)?|raid(?:ed|s)?|"
                          r"kill(?:ed|ing|s)|shot\s+dead|gunned\s+down|opened\s+fire|struck)\b"),
            BATTLES, "Armed clash", "assault", 0.5, weak=True),
]  # fmt: skip
RIOT_WORDS = next(t.pattern for t in TRIGGERS if t.name == "riot")
# "protesters looted shops": a demonstration that looted is a riot too.
LOOT_WORDS = next(t.pattern for t in TRIGGERS if t.name == "looting")
_KILLING = re.compile(r"kill(?:ed|ing)|shot\s+dead|gunned\s+down", re.I)
# "backed by X", "supported by X": who helped, said of an actor, not a strike of its own.
_SUPPORT_PHRASE = re.compile(r"\s+by\b", re.I)
_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|in\s+case)\b", re.I)
_DETERMINED = re.compile(r"\b(?:their|its|his|her|our|any|further|future|more)\s+$", re.I)
# "were planning to attack the troops with IED-laden vehicles": the weapon of a planned attack.
_PLANNED_WITH = re.compile(
    r"\b(?:plann?\w*|intend\w*|threat\w*|prepar\w+|attempt\w*|tried|trying|seeking|sought|"
    r"aim\w*|plotting|plotted)\s+to\s+(?:[\w'-]+\s+){1,6}?(?:with|using)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# A trigger after these words is something planned, threatened or agreed to, not a happening.
_IRREALIS = re.compile(
    r"\b(?:agreed|agree|plans?|planned|planning|threaten(?:ed|s)?|vow(?:ed|s)?|intends?|intended|"
    r"will|would|could|might|to\s+coordinate|to\s+conduct|to\s+launch|ready\s+to|"
    # "resisted attempts to abduct": tried, and not done
    r"prepar(?:ing|ed)\s+to|refus\w*\s+to|(?:attempts|bids|efforts)\s+to|avoid|prevent|no)\s+"
    r"(?:[\w'\"-]+\s+){0,2}$",
    re.I,
)


# "have been fighting ... for the past four months", "has been shelling since April": a war
# going on, not one event (ACLED codes the days' events, not the state of war).
# A reaction to a happening already told: "condemned the bombings", "mourned the victims of the
# attack", "denounced the strikes as barbaric": the object is an event of the report's, the
# place of the sentence is where the reaction came from.
_REACTION = re.compile(
    r"\b(?:condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|deplor(?:ed|es|ing)|mourn(?:ed|s|ing)|"
    r"decr(?:ied|ies|ying)|lament(?:ed|s|ing)|protest(?:ed|s|ing)\s+against)\s+"
    r"(?:the|this|that|these|those|today's|yesterday's|(?:[\w'\u2019]+['\u2019]s))\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.I,
)
# What a reaction calls the happening: "condemned the bombings as \"barbaric attacks on innocent
# civilians\"", "denounced the strike as a massacre".
_REACTION_AS = re.compile(
    r"\b(?:condemn\w*|denounc\w*|deplor\w*|decr(?:ied|ies|ying)|describ\w*|call(?:ed|s|ing)|"
    r"branded|labell?ed)\s+(?:[\w'\u2019-]+\s+){1,4}as\s+[\"\u201c]?(?:an?\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)
# ... unless the reaction tells the happening itself: "condemned the killing of over 100
# civilians in the village of Wad al Noora by the RSF" (a place, a figure, a perpetrator).
# "Sunday's attack allegedly perpetrated by the anti-Balaka group ..., in which one peacekeeper
# was killed": who did it, or the harm.
_TOLD_HERE = re.compile(
    r"\b(?:in|at|near|outside|by)\s+(?:the\s+)?[A-Z]|\b\d+\b|village|town|"
    r"\b(?:perpetrated|carried\s+out|committed|staged)\s+by\b|\b(?:killed|killing|kills)\b"
)
_LASTING_BEFORE = re.compile(r"\b(?:been|have|has)\s+$", re.I)
_LASTING_AFTER = re.compile(
    r"\b(?:for\s+(?:the\s+(?:past|last)\s+)?(?:\w+\s+)?(?:days|weeks|months|years|decades)|"
    r"since\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|\d{4}|last|the\s+start))\b",
    re.I,
)


# "ended a deal", "breaching a shaky ceasefire", "cancellation of peace talks": an agreement
# undone or broken is no agreement made (ACLED codes the fighting that broke it).
_UNDONE = re.compile(
    r"\b(?:ended|ending|breach(?:ed|ing|es)?|violat\w+|broke|breaking|collapse\w*|suspen\w+|"
    r"cancel\w*|scrap\w*|withdr\w+\s+from|abandon\w*|tore\s+up)\s+(?:of\s+)?(?:the\s+|a\s+|"
    r"an\s+|its\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


# "following the peace deal", "under the ceasefire", "despite the truce": an agreement named as
# the frame of what the clause tells, made before it, not one made here.
_FRAME = re.compile(
    r"\b(?:following|after|since|under|despite|in\s+line\s+with|in\s+violation\s+of)\s+"
    r"(?:the|a|an|its|their|last\s+\w+['\u2019]s)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# "hours after a ceasefire in Aleppo was extended": the agreement is the subject of a verb of
# its own, a happening the clause tells, not a frame.
_OWN_VERB = re.compile(
    r"(?:\s+[\w,'-]+){0,4}?\s+(?:was|were|had\s+been|has\s+been)\s+\w+(?:ed|en)\b", re.I
)


# "seized control of northern Mali in 2012", "captured by Islamic State in 2014", "In 2014,
# militants seized": a happening told with a bare year before the report's is its history, not
# an event of the report. Not a year of birth ("born in 1961"), nor one a relative clause or
# "since" gives something else ("the first attack since ... in 2021", "the airport, which was
# destroyed in 2014").
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# ... or with its month ("in November 2022"), or a year back told without its month ("a year
# ago", "three years ago", "last year"; not "in December last year", a month ACLED can code).
_YEAR = re.compile(
    rf"\b(?<!born )(?:in|by|during)\s+(?:early\s+|late\s+|mid-?)?(?:{_MONTHS}\s+)?"
    r"(1[89]\d\d|20\d\d)\b|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"years?\s+ago\b|\blast\s+year\b",
    re.I,
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s+(?:of\s+)?$", re.I)
_ELSEWHERE = re.compile(r"\b(?:since|which|who|whom|whose|where|when|that)\b", re.I)
_OPENING_YEAR = re.compile(r"\W*(?:\w+\s+){0,2}$")


def in_history(text: str, start: int, end: int, trigger_end: int, year: int) -> bool:
    """Does the stretch [start, end) of a trigger ending at `trigger_end` date it to a year
    before `year` ("seized ... in 2012", "In 2014, ...")?"""
    for m in _YEAR.finditer(text, start, end):
        if m.group(1) and int(m.group(1)) >= year:
            continue
        if not m.group(1) and _MONTH_BEFORE.search(text, max(0, m.start() - 14), m.start()):
            continue  # "In December last year": a month, not a year back
        if m.start() >= trigger_end:
            if not _ELSEWHERE.search(text, trigger_end, m.start()):
                return True
        elif _OPENING_YEAR.fullmatch(text, start, m.start()):
            return True
    return False


# "accused rivals of abductions, killings", "carried out similar attacks in June": an
# accusation or a likeness (in the plural: a kind, not "a similar gunfight in X") names a kind of
# happening, not one the report tells.
_ACCUSED = re.compile(
    r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\s+(?:[\w'-]+\s+){0,4}?(?:of|for)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
_ALIKE = re.compile(r"\b(?:similar|such)\s+$", re.I)
# "Gunmen have killed two policemen and five farmers in two separate attacks": a lead summing up
# happenings the body tells one by one is none of them (its toll and its sides are their sum).
_SEPARATE = re.compile(
    r"\s+(?:[\w,'-]+\s+){0,12}?in\s+(?:(?:two|three|four|five|several|multiple|\d+)\s+)?"
    r"separate\s+(?:attacks|incidents|raids|assaults|strikes|clashes)\b",
    re.I,
)


def _reacted_to(text: str, clause: Clause, start: int, end: int) -> bool:
    """ "The White House condemned the bombings": told, not happening, here (unless the clause
    tells it: a place, a figure); "condemned the bombings as 'barbaric attacks'": a judgement."""
    if _REACTION.search(text[max(clause.start, start - 40) : start]) and not _TOLD_HERE.search(
        text, end, clause.end
    ):
        return True
    return bool(_REACTION_AS.search(text, max(clause.start, start - 80), start))


def _agreement_not_made(text: str, clause: Clause, start: int, end: int) -> bool:
    """An agreement broken or ended ("breaching a shaky ceasefire"), or named as the frame of
    what the clause tells ("following the peace deal"), unless a verb of its own follows
    ("hours after a ceasefire was extended")."""
    if _UNDONE.search(text[max(clause.start, start - 50) : start]):
        return True
    if agreement_background(text, clause.start, start, end, clause.end):
        return True  # "excluded from a truce brokered in February": triggers_setting.py
    return bool(
        _FRAME.search(text, max(clause.start, start - 40), start)
        and not _OWN_VERB.match(text, end, clause.end)
    )


# "twenty people were killed in multiple attacks across Iraq", "a wave of bombings across the
# country": a sum over a country's happenings, which the body tells one by one.
_ACROSS = re.compile(
    r"\s+(?:[\w,'-]+\s+){0,12}?in\s+(?:multiple|several|numerous|a\s+(?:series|wave|string)\s+"
    r"of)\s+(?:[\w-]+\s+){0,2}?(?:attacks|bombings|blasts|explosions|strikes|raids|incidents)\s+"
    r"(?:across|around|throughout)\b",
    re.I,
)
_ACROSS_BEFORE = re.compile(
    r"\b(?:multiple|several|numerous|a\s+(?:series|wave|string)\s+of)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_ACROSS_AFTER = re.compile(r"\s+(?:across|around|throughout)\b", re.I)
# "the militants, who are purportedly fighting to impose Islamic law": what an actor is
# described as doing, in a relative clause, is no happening.
_DESCRIBED = re.compile(
    r"\b(?:who|which|that)\s+(?:are|is|have\s+been|has\s+been)\s+(?:[\w-]+ly\s+)?$",
    re.I,
)


def _setting_or_sum(text: str, clause: Clause, start: int, end: int) -> bool:
    """What happens again and again without its day ("gangs regularly raid villages"), what a
    place is known for ("an area wracked by kidnappings"), a trend or a call to stop
    (triggers_setting.py), or a lead's sum of happenings told apart ("in two separate
    attacks"; "separate attacks")."""
    plural = text[start:end].endswith("s")
    if _ACROSS_BEFORE.search(text, max(clause.start, start - 40), start) and _ACROSS_AFTER.match(
        text, end, clause.end
    ):
        return True
    if _ACROSS.match(text, end, clause.end):
        return True
    if text[start:end].endswith("ing") and _DESCRIBED.search(
        text, max(clause.start, start - 40), start
    ):
        return True  # "who are fighting": what they do, not what happened
    if _SEPARATE.match(text, end, clause.end) or (
        plural and re.search(r"\bseparate\s+$", text[start - 12 : start])
    ):
        return True
    if appeal_or_trend(text, clause.start, start, end, clause.end):
        return True  # "attacks have been on the rise", "called on ... to stop the shelling"
    if war_background(text, clause.start, start, end, clause.end):
        return (
            True  # "a war ... that has killed 20,000 people", "fighting ... was sparked in April"
        )
    return recurring_or_known_for(text, clause.start, start, end, clause.end)


# "mourn the seventh-century killing of the Prophet's grandson", "an ancient massacre":
# history told by its century.
_CENTURY = re.compile(r"\b(?:[\w-]+[- ]century|centuries-old|ancient)\s+(?:[\w-]+\s+)?$", re.I)


def _intended_or_accused(text: str, clause: Clause, start: int) -> bool:
    """Words of intent before it ("agreed to launch", "planning to attack ... with IEDs"), an
    accusation ("accused rivals of abductions") or a century ("the seventh-century killing")."""
    before = text[max(clause.start, start - 50) : start]
    if _IRREALIS.search(before) or _ACCUSED.search(before) or _CENTURY.search(before):
        return True
    return bool(_PLANNED_WITH.search(text, max(clause.start, start - 90), start))


def _no_happening(text: str, clause: Clause, trigger: Trigger, start: int, end: int) -> bool:
    """Words of intent before it ("agreed to launch"), "backed by X" (a supporter named), or a
    state of war over months ("have been fighting each other for the past four months")."""
    if _intended_or_accused(text, clause, start):
        return True
    if _ALIKE.search(text, max(clause.start, start - 10), start) and text[start:end].endswith("s"):
        return True
    if _setting_or_sum(text, clause, start, end):
        return True
    if _LASTING_BEFORE.search(
        text[max(clause.start, start - 20) : start]
    ) and _LASTING_AFTER.search(text[end : min(clause.end, end + 60)]):
        return True
    if _reacted_to(text, clause, start, end):
        return True
    if trigger.sub_event_type == "Agreement" and _agreement_not_made(text, clause, start, end):
        return True
    if trigger.name == "strike_noun" and LABOUR_STRIKE.search(text, clause.start, clause.end):
        return True
    if history_told(text, clause.start, clause.end, trigger.head, start, end):
        return True  # over a period, during a war, a war's holdings and history
    word = text[start:end].lower()
    if trigger.weak and (
        _CONDITIONAL.search(text, clause.start, start)
        or _DETERMINED.search(text[max(clause.start, start - 12) : start])
    ):
        return True  # "if government forces halted their attacks": no attack reported
    return (
        trigger.needs is not None
        and word in {"backed", "supported"}
        and bool(_SUPPORT_PHRASE.match(text, end))
    )


def triggers_in(text: str, clause: Clause) -> list[tuple[Trigger, int, int]]:
    """The triggers of a clause in text order, one per kind of happening, with their offsets."""
    body = text[clause.start : clause.end]
    found: list[tuple[Trigger, int, int]] = []
    for trigger in TRIGGERS:
        if trigger.needs is not None and not trigger.needs.search(body):
            continue
        for m in trigger.pattern.finditer(text, clause.start, clause.end):
            start, end = m.start(), m.end()
            if any(start < b and a < end for _, a, b in found):
                continue  # a stronger trigger already claimed these words
            if _no_happening(text, clause, trigger, start, end):
                continue
            found.append((trigger, start, end))
    # "coalition forces killed four militiamen and detained eight people in an operation": a raid
    # that killed is a fight (or an attack), its arrests part of it; ACLED codes arrests alone
    # only when no one was harmed.
    found = [s for f in found if (s := _seized_what(text, clause, f)) is not None]
    found = weapons_of_assault(text, found)
    found = bombers_acts(text, found)
    found = fight_before_capture(text, found)
    found = [_crowd_attack(text, clause, f) for f in found]
    if not any(t.name == "disrupted" for t, _, _ in found):
        found = [f for f in found if f[0].name != "disrupted_more"]  # a count of what, else?
    if any(t.name == "arrest" for t, _, _ in found) and any(
        _KILLING.match(text, a) for t, a, _ in found if t.weak
    ):
        found = [f for f in found if f[0].name != "arrest"]
    found = looting_or_harm(text, clause, found)
    if any(not t.weak for t, _, _ in found):
        found = [f for f in found if not f[0].weak]
    specific = {t.event_type for t, _, _ in found if not t.generic}
    found = [f for f in found if not (f[0].generic and f[0].event_type in specific)]
    return _one_per_kind(found)


# What was seized when it was no place: goods (part of the fight: ACLED codes no territory
# taken) or people (an abduction).
_GOODS = (
    r"(?:weapons?|arms|munitions?|ammunition|vehicles?|trucks?|cars?|equipment|guns?|rifles?|"
    r"cattle|livestock|drugs|cash|money|supplies|food|documents|phones?)"
)
_PEOPLE = (
    r"(?:workers|soldiers|troops|policemen|police\s+officers|officers|guards|hostages|people|men|"
    r"women|children|girls|boys|civilians|villagers|residents|farmers|herders|fishermen|traders|"
    r"teachers|pupils|passengers|others|members|relatives|students|nationals|foreigners)"
)
_SEIZED_AFTER = re.compile(
    rf"\s+(?:(?:their|its|his|her|the|some|several|a\s+number\s+of|\w+)\s+){{0,3}}?"
    rf"(?:(?P<goods>{_GOODS})|(?P<people>{_PEOPLE}))\b",
    re.I,
)
# A passive: "their ammunition seized by", "arms were also seized", "the workers - seized last
# month" (not "troops captured the town": the troops are its subject).
_SEIZED_BEFORE = re.compile(
    rf"\b(?:(?P<goods>{_GOODS})|(?P<people>{_PEOPLE}))\s*(?P<passive>[\u2013\u2014-]\s*|"
    r"\s(?:were|was|had\s+been|have\s+been)\s+(?:also\s+)?)?$",
    re.I,
)
_BY = re.compile(r"\s+by\b", re.I)
ABDUCTION = next(t for t in TRIGGERS if t.name == "abduction")
RIOT = next(t for t in TRIGGERS if t.name == "riot")
# An attack by a crowd ("a police car was attacked by Usterzai's residents", "angry villagers
# attacked the police station"): unarmed people turned violent, ACLED's violent demonstration.
_BY_CROWD = re.compile(
    rf"\s+by\s+(?:(?:the|angry|local|[\w-]+['\u2019]s)\s+){{0,2}}(?:{_CROWD}|residents|villagers)\b",
    re.I,
)
_CROWD_BEFORE = re.compile(rf"\b(?:{_CROWD}|residents|villagers)\s+(?:[\w-]+\s+)?$", re.I)


def _crowd_attack(
    text: str, clause: Clause, found: tuple[Trigger, int, int]
) -> tuple[Trigger, int, int]:
    """A bare attack whose doer is a crowd is a riot (not "villagers attacked by gunmen")."""
    trigger, start, end = found
    if trigger.name != "assault" or _KILLING.match(text, start):
        return found
    by = _BY_CROWD.match(text, end, clause.end)
    before = _CROWD_BEFORE.search(text, max(clause.start, start - 30), start)
    if by or (before and not _BY.match(text, end)):
        return (RIOT, start, end)
    return found


def _seized_what(
    text: str, clause: Clause, found: tuple[Trigger, int, int]
) -> tuple[Trigger, int, int] | None:
    """A capture whose object is goods ("seizing vehicles and weapons", "their ammunition
    seized") is no territory taken: None. One whose object is people ("capturing six
    policemen", "the workers - seized last month") is an abduction."""
    trigger, start, end = found
    if trigger.name != "capture":
        return found
    m = _SEIZED_AFTER.match(text, end, clause.end)
    if m is None:
        m = _SEIZED_BEFORE.search(text, max(clause.start, start - 40), start)
        if m is not None and not (m.group("passive") or _BY.match(text, end)):
            m = None
    if m is None:
        return found
    return None if m.group("goods") else (ABDUCTION, start, end)


def _one_per_kind(found: list[tuple[Trigger, int, int]]) -> list[tuple[Trigger, int, int]]:
    """One mention per kind of happening in a clause: its first trigger."""
    # "stone-throwing demonstrators": the crowd the riot words describe, one violent demonstration.
    if any(t.event_type == "Riots" for t, _, _ in found):
        found = [f for f in found if f[0].event_type != "Protests"]
    seen: set[tuple[str, str]] = set()
    unique = []
    for trigger, start, end in sorted(found, key=lambda f: f[1]):
        key = (trigger.sub_event_type, trigger.head)
        if trigger.sub_event_type == "Agreement":
            # "agreed to the cease-fire after 10 hours of talks": one clause, one agreement
            key = (trigger.sub_event_type, "")
        if trigger.needs is not None:
            key = (trigger.sub_event_type, "strike" if trigger.name == "air_verb" else "shelling")
        if key in seen:
            continue
        seen.add(key)
        unique.append((trigger, start, end))
    # Air and artillery verbs say the same as an explicit strike or shelling trigger.
    subs = Counter(t.sub_event_type for t, _, _ in unique)
    return [f for f in unique if not (f[0].needs is not None and subs[f[0].sub_event_type] > 1)]
