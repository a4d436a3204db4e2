"""Semantic roles: who did what to whom in one clause, from where each actor stands.

Before the trigger: the agent (or, with a passive trigger, "were killed", "killed in ... by X",
a headline's "Five soldiers killed in ... attack": the target); after "by": the agent; after
"support to"/"backing": the supported; after "brokered by"/"mediated by": a mediator; after
"between": a party; an actor named right before the attack that is the trigger ("RSF attack"):
the agent; otherwise after the trigger: the target. Civilians are always the target. ACLED roles
are given later, from the roles of every mention of one happening (events/ingest/drafts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.ingest.actors import ActorMention, ActorRef
from events.ingest.actors_generic import CIVILIANS
from events.ingest.numbers import TOLL_WORDS, words_pattern
from events.ingest.places_candidates import ADMIN_WORD
from events.ingest.text import Clause

__all__ = ["COORDINATED", "Role", "roles_of"]

# Semantic roles, from the words before an actor (within its clause).
_MEDIATOR = re.compile(
    r"\b(?:brokered|mediated|sponsored|guaranteed|hosted|facilitated)\s+by\s+(?:the\s+)?$", re.I
)
# "by gunmen", "by the militants", "by a number of armed terrorists", "by some \u201carmed
# terrorists\u201d": a quantity or an opening quote between "by" and the agent.
_AGENT_BY = re.compile(
    r"\bby\s+(?:the\s+|some\s+|a\s+(?:number|group|band)\s+of\s+|(?:dozens|scores|hundreds)"
    r"\s+of\s+)?(?:[\w'-]+\s+){0,2}[\"'\u201c\u2018]?$",
    re.I,
)
_SUPPORTED = re.compile(
    r"(?<!-)\b(?:support(?:ing|ed)?|support\s+(?:to|for)|backing|backed|to\s+support|in\s+support\s+of|"
    r"alongside|help(?:ing)?|aid(?:ing)?|assist(?:ing)?|cover\s+for|allied\s+with)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
_PARTY = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){0,3}$", re.I)
# Not a patron's adjective: in "Iran-backed Houthi rebels" the Houthis act.
# "by" that names who controls or leads, not who acted ("the town held by X").
# "a village held by the Islamic State group", "a city controlled by X": who holds the place
# the event happened at, no party to it (ACLED codes who struck and who was hit); "a post
# manned by soldiers": who was there, the side attacked, not who attacked.
_HOLDERS = r"held|controlled|run|occupied|dominated|ruled"
_BY_TAIL = r")\s+by\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$"
_NOT_AGENT_BY = re.compile(
    rf"\b(?:{_HOLDERS}|led|commanded|besieged|claimed|used|founded|supported|backed|sponsored|"
    rf"escorted|accompanied|guarded|protected|manned|staffed|defended|patrolled{_BY_TAIL}",
    re.I,
)


def _by_agent(before: str) -> bool:
    """Is the actor after these words who did it: "killed by X", "an attack by X", "the attack
    ... was led by X"; not who holds or commands ("held by", "forces led by X")?"""
    if _DONE_BY.search(before[-60:]):
        return True
    return bool(_AGENT_BY.search(before[-40:])) and not _NOT_AGENT_BY.search(before[-60:])


# An act itself "led by", "carried out by" X: X did it (forces "led by" X are only commanded).
_DONE_BY = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+|also\s+)?(?:led|carried\s+out|conducted|"
    r"launched|staged|perpetrated|mounted|orchestrated)\s+by\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$",
    re.I,
)
_HOLDER_BY = re.compile(rf"\b(?:{_HOLDERS}{_BY_TAIL}", re.I)
NO_PARTY = "none"
# A passive trigger ("were killed", "was attacked"): the actors before it suffered the act.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|got|get)\s+(?:\w+ly\s+|also\s+|later\s+)?$", re.I
)
# "the troops came under a complicated ambush", "the convoy was the target of an ambush": the
# subject suffered the attack the trigger names.
_UNDERGONE_BEFORE = re.compile(
    r"\b(?:(?:came|come|comes|coming)\s+under|(?:was|were|is|are|been)\s+(?:\w+\s+){0,2}?"
    r"[\"\u201c]?the\s+targets?\s+of)\s+(?:an?\s+|heavy\s+|the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
_PASSIVE_WITHIN = re.compile(
    r"\b(?:were|was|been|are|is)\s+(?:\w+\s+)?(?:\w+(?:ed|en)|shot\s+down)$"
)
# A headline's passive without its auxiliary: a count, the victims, the participle, then how
# ("Five Colombian soldiers killed in suspected ELN rebel attack", "12 police wounded by").
_REDUCED_PASSIVE_BEFORE = re.compile(
    rf"(?:^|[^\w,])(?:\d+|{words_pattern(TOLL_WORDS)})\s+(?:[\w'-]+\s+){{0,5}}$", re.I
)
_REDUCED_PASSIVE_AFTER = re.compile(r"\s+(?:in|by|as|when|during|after)\b", re.I)
_PARTICIPLE = re.compile(r"(?:ed|en|struck|hit|shot|overrun|fought|retook|overran)$")

# Between two places listed together: "Kafr Nabl and Maarat al-Numan", "Russia's Belgorod
# border region and the Kaluga region".
COORDINATED = re.compile(
    rf"^(?:\s+(?:border\s+)?(?:{ADMIN_WORD}|district)s?)?"
    r"\s*(?:,\s*and|,|and|&)\s*(?:(?:\d+|the|its|their|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\s+)?"
    # "in eastern Paktika, northern Sar-e Pul and Jawzjan provinces"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?\s+)?$",
    re.I,
)


# A happening named only as the time of another ("after the explosion", "following the attack",
# "in the wake of Friday's bombing"): who stands before it is a party of the other one.
_TIME_OF = re.compile(
    r"\b(?:after|following|since|before|in\s+the\s+wake\s+of|in\s+response\s+to)\s+"
    r"(?:the|this|that|[A-Z]\w+day['\u2019]s)\s+(?:(?!(?:was|were|is|are|had|has)\s)[a-z-]+\s+)?$"
)
# Who claimed the attack the trigger names did it ("X on Tuesday claimed responsibility for an
# attack on Y", "X claimed the bombing"), whatever the words between.
_CLAIMED_AFTER = re.compile(
    r"(?:(?!\bnot\b|\bnever\b|n['\u2019]t\b)[^.;]){0,40}?\bclaim(?:ed|s)\s+"
    r"(?:(?:responsibility|credit)\s+for\s+)?(?:[\w'\u2019-]+\s+){0,3}$"
)


# Whom a source blames: "the military attributed the attack to the ELN", "officials blamed the
# bombing on al-Shabab", "the RSF was blamed for the attack", "the army accused X of carrying
# out the attack". The one who blames only tells.
_BLAMES_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:attribut(?:ed|es|ing)|blam(?:ed|es|ing)|pinned)\s+(?:the\s+|an?\s+|"
    r"[A-Z]\w+day['\u2019]s\s+)?(?:[\w'-]+\s+){0,2}$"
)
_ACCUSES_AFTER = re.compile(
    r"[^.;]{0,30}?\baccus(?:ed|es|ing)\s+[^.;]{1,60}?\s+of\s+(?:carrying\s+out|staging|"
    r"launching|conducting|mounting|perpetrating|being\s+behind)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w'-]+\s+){0,2}$"
)
_BLAMED_TO_BEFORE = re.compile(
    r"\b(?:attribut(?:ed|es|ing)|blam(?:ed|es|ing)|pinned)\b[^.;]{0,60}?\s(?:to|on)\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+){0,2}$"
)
# "was blamed for the attack", "were suspected of carrying out the attack": the blamed did it.
_BLAMED_FOR_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:blamed\s+for|"
    r"suspected\s+of\s+(?:carrying\s+out|staging|launching|conducting|mounting|perpetrating|"
    r"being\s+behind))\s+(?:the\s+|an?\s+)?(?:[\w'-]+\s+){0,2}$"
)


def _blame_role(text: str, before: str, mention: ActorMention, trigger_start: int) -> str:
    """The role a blaming gives: the blamed did it, the one who blames is no party."""
    if mention.end <= trigger_start:
        if _BLAMED_FOR_AFTER.match(text, mention.end, trigger_start):
            return "agent"
        if _BLAMES_AFTER.match(text, mention.end, trigger_start):
            return NO_PARTY
        if _ACCUSES_AFTER.match(text, mention.end, trigger_start):
            return NO_PARTY  # "the army accused JNIM of carrying out the attack": the army tells
        return ""
    return "agent" if _BLAMED_TO_BEFORE.search(before[-90:]) else ""


# Men the report calls by what they did ("the attackers", "the assailants", "raiders") are the
# side that attacked wherever the clause puts them, unless the trigger says they were caught.
_ATTACKERS = re.compile(r"\b(?:attackers|assailants|raiders)\b", re.I)
_CAUGHT = re.compile(r"arrest|detain|captur|apprehend|nabbed|seiz|held|surrender", re.I)


def _attackers_role(text: str, mention: ActorMention, trigger_start: int, trigger_end: int) -> str:
    """ "17 of the attackers were killed": still the side that attacked."""
    if _ATTACKERS.search(mention.text) and not _CAUGHT.search(text, trigger_start, trigger_end):
        return "agent"
    return ""


@dataclass
class Role:
    actor: ActorRef
    role: str  # agent, mediator, supported, party, target
    mention: ActorMention
    lead: bool = False


def _semantic_role(
    text: str,
    clause: Clause,
    mention: ActorMention,
    trigger_end: int,
    trigger_start: int,
    previous: Role | None,
    passive: bool = False,
) -> str:
    before = text[clause.start : mention.start]
    fixed = _fixed_role(mention) or _attackers_role(text, mention, trigger_start, trigger_end)
    if fixed:
        return fixed
    if previous is not None and COORDINATED.match(text[previous.mention.end : mention.start]):
        return previous.role
    marked = _marked_role(before)
    if not marked and _patron(text, before, mention, trigger_start):
        marked = NO_PARTY  # "Iran-backed Houthi rebels", "the coalition backing Yemen's government"
    if marked:
        return marked
    if mention.end <= trigger_start and _TIME_OF.search(text, mention.end, trigger_start):
        return NO_PARTY  # "a police car dispatched after the explosion": no party to it
    blame = _blame_role(text, before, mention, trigger_start)
    if blame:
        return blame
    if mention.end <= trigger_start and _CLAIMED_AFTER.match(text, mention.end, trigger_start):
        return "agent"  # "The group also claimed responsibility for an attack on X"
    if _supported(text, before, mention, trigger_start, trigger_end):
        return "supported"
    subordinate = _subordinate_role(text, before, mention, trigger_start, trigger_end)
    if subordinate:
        return subordinate
    return _placed_role(text, before, mention, trigger_start, trigger_end, passive)


def _placed_role(
    text: str, before: str, mention: ActorMention, trigger_start: int, trigger_end: int,
    passive: bool,
) -> str:  # fmt: skip
    """The role by where the actor stands: whose attack, the subject (the target of a passive),
    the by-agent, else the object."""
    if _whose_attack(text, mention, trigger_start, trigger_end):
        return "agent"  # "killed in RSF attack on a village", "a Taliban assault": whose attack
    if mention.start < trigger_start:
        return "target" if passive else "agent"
    if _by_agent(before):
        return "agent"
    if passive and _FOUGHT_WITH.match(text, trigger_end, mention.start):
        return "agent"  # "(militants) were killed in a gunfight with troops": the troops did
    return "target"


# An actor named right before the noun of an attack is whose attack it was ("in RSF attack on",
# "a suspected ELN rebel attack", "an Israeli strike"), unless it is what was attacked ("an
# attack on RSF positions").
_ATTACK_NOUN_AFTER = re.compile(
    r"\s+(?:(?:rebels?|militants?|fighters?|insurgents?|jihadists?|forces?|militia)\s+)?"
    r"(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive|(?:air\s*|drone\s+|missile\s+)?strikes?|"
    r"airstrikes?|shelling|bombardment)\b",
    re.I,
)


# A subordinate clause's subject and its active verb: "(seven people were killed) when
# insurgents attacked", "after militants belonging to the TJP stormed a compound".
_SUBORDINATOR_BEFORE = re.compile(
    r"\b(?:after|when|as|before|while|because)\s+(?:the\s+|some\s+|hundreds\s+of\s+|"
    r"dozens\s+of\s+|\d+\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
_ACTIVE_VERB_AFTER = re.compile(
    # "LTTE (Liberation Tigers of Tamil Eelam) rebels targeted them": an acronym spelled out
    r"(?:\s*\([^()]{1,60}\))?"
    r"(?:\s+(?:fighters|militants|rebels|insurgents|jihadists|gunmen|troops|forces|soldiers))?"
    r"(?:\s+(?:belonging\s+to|from|of|loyal\s+to)\s+[^,.;]{0,60}?)?\s+(?:\w+ly\s+)?"
    r"(?:attacked|stormed|raided|ambushed|struck|targeted|detonated|fired|shelled|launched|"
    r"overran|seized|killed|abducted|kidnapped|bombed|hit|opened\s+fire)\b",
    re.I,
)
# What the trigger answers or follows, told as another happening: "the aerial attack was likely
# retaliation after the PDF attacked a camp", "the airstrikes come days after the Houthis
# launched drones".
_ANOTHER_BEFORE = re.compile(
    r"\b(?:retaliat\w*|reprisals?|revenge|response|came|comes?|days|hours|weeks|months|"
    r"shortly|soon)\s+after\s+(?:the\s+|some\s+|\d+\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
# The object of an attack verb before the trigger is what was attacked, whatever the trigger.
_ATTACK_OBJECT_BEFORE = re.compile(
    r"\b(?:attacked|overrun|overran|stormed|raided|ambushed|targeted|shelled|bombed|struck|"
    r"besieged|killed|killing|wounded|wounding|injured|injuring|abducted|abducting|kidnapped|"
    r"kidnapping|(?:attack|overrun|storm|raid|ambush|target|shell|bomb)(?:ing)?)\s+"
    r"(?:(?:at\s+least|more\s+than|some|about|nearly|over)\s+)?(?:\d+\s+)?"
    r"(?:the\s+|an?\s+|their\s+|its\s+)?(?:(?!by\b)[\w-]+\s+){0,2}$",
    re.I,
)
# Harm the subject suffered before the subordinate clause that tells who did it ("were killed
# after", "30 troops wounded after").
_HARMED_BEFORE = re.compile(
    r"\b(?:killed|wounded|injured|hurt|shot\s+dead)\b[^.;]*?\b(?:after|when|as)\s", re.I
)


def _subordinate_role(
    text: str, before: str, mention: ActorMention, trigger_start: int, trigger_end: int
) -> str:
    """The subject of a subordinate clause's attack verb is its agent ("... were killed when
    insurgents attacked the town"); who suffered harm the main clause tells before it is the
    target of the attack the subordinate clause names ("13 militants were killed after Afghan
    warplanes targeted their hideouts"); but the actor right before the trigger's noun is whose
    attack it was, however the clause began ("were killed in an Israeli strike")."""
    if _names_the_attack(text, mention, trigger_start, trigger_end):
        return "agent"
    if _SUBORDINATOR_BEFORE.search(before[-40:]) and _ACTIVE_VERB_AFTER.match(text, mention.end):
        if mention.start > trigger_start and _ANOTHER_BEFORE.search(before[-60:]):
            return NO_PARTY  # "the strike was retaliation after X attacked a camp": X's own
        return "agent"
    if mention.start > trigger_start and _ACTIVE_VERB_AFTER.match(text, mention.end):
        return "agent"  # "In the attack, ... said the Taliban targeted a police checkpoint"
    if mention.start < trigger_start and _ATTACK_OBJECT_BEFORE.search(before[-50:]):
        return "target"  # "fighters tried to overrun a military post ..., using artillery"
    if mention.start < trigger_start and _HARMED_BEFORE.search(text, mention.end, trigger_start):
        return "target"
    return ""


# "the first attack ... since insurgents were expelled by Rwandan forces in 2021": what follows
# "since" is another, earlier happening, none of this one's parties.
_SINCE_AFTER_TRIGGER = re.compile(
    r"\b(?:attacks?|raids?|assaults?|clash(?:es)?|fighting|violence)\b[^,;]*?\bsince\s+"
    r"(?!then\b)[^,;]*?\b(?:was|were|had|has|have|took|began|ended|left|came)\b[^,;]*$",
    re.I,
)


def _marked_role(before: str) -> str:
    """The role the words right before an actor mark: who holds the place ("held by": no
    party), a mediator ("brokered by"), a party ("between")."""
    if _HOLDER_BY.search(before[-50:]):
        return NO_PARTY
    if _SINCE_AFTER_TRIGGER.search(before):
        return NO_PARTY  # "the first attack in the town since insurgents were expelled by X"
    if _MEDIATOR.search(before[-40:]):
        return "mediator"
    return "party" if _PARTY.search(before[-60:]) else ""


def _fixed_role(mention: ActorMention) -> str:
    """Civilians and an "anti-X" side are targets, a "pro-X" side is supported, wherever named."""
    if mention.prefix == "anti" or mention.actor.kind == CIVILIANS:
        return "target"
    return "supported" if mention.prefix == "pro" else ""


# A patron named as the subject's backer: "Iran-backed Houthis", "a Turkish-sponsored faction";
# and the side the subject is said to back or be allied with before it acts ("the coalition
# backing Yemen's government carried out airstrikes"): no party to what the subject did. "backed
# by X" (X took part: "troops, backed by Russian warplanes, recaptured") is still X's support.
_PATRON_AFTER = re.compile(r"-(?:backed|sponsored|supported|funded|armed|allied)\b", re.I)
_BACKING_BEFORE = re.compile(
    r"\b(?:backing|supporting|allied\s+(?:with|to)|loyal\s+to|aligned\s+with)\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+)?$",
    re.I,
)


def _patron(text: str, before: str, mention: ActorMention, trigger_start: int) -> bool:
    if _PATRON_AFTER.match(text, mention.end):
        return True
    return mention.end <= trigger_start and bool(_BACKING_BEFORE.search(before[-40:]))


def _supported(
    text: str, before: str, mention: ActorMention, trigger_start: int, trigger_end: int
) -> bool:
    """ "backed by X", "in support of X", "air support to X": who was helped."""
    return bool(_SUPPORTED.search(before[-40:])) or (
        mention.start >= trigger_start
        and _SUPPORTED.match(text[trigger_start:trigger_end] + " ") is not None
        and text[trigger_end : mention.start].strip(" ").lower() in {"", "a", "an", "the"}
    )


def _names_the_attack(
    text: str, mention: ActorMention, trigger_start: int, trigger_end: int
) -> bool:
    """Is the actor the word right before the trigger's noun ("an Israeli strike", "suspected
    Russian airstrikes"), however the clause began ("were killed in ...")?"""
    if _ON_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return False
    word = text[trigger_start:trigger_end].lower()
    if any(_VERB_FORM.search(w) for w in word.split()):
        return False
    return _MODIFIER_GAP.fullmatch(text, mention.end, trigger_start) is not None


def _whose_attack(text: str, mention: ActorMention, trigger_start: int, trigger_end: int) -> bool:
    """Is the actor named right before the attack that is the trigger, or that a bare killing
    was in ("killed in RSF attack")? Not an attack another happening fought off ("air support to
    troops fighting off a Daesh attack")."""
    if _ON_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return False
    word = text[trigger_start:trigger_end].lower()
    if _names_the_attack(text, mention, trigger_start, trigger_end):
        return True  # "suspected Russian airstrikes", "Saudi-led airstrikes": whose strikes
    m = _ATTACK_NOUN_AFTER.match(text, mention.end)
    if m is None:
        return False
    return (m.start() < trigger_end and trigger_start < m.end()) or word.startswith("kill")


# Between a demonym or a name and the noun it modifies; a participle or a past tense after an
# actor is a verb ("soldiers killed", "Russia attacked"), not a noun the actor modifies.
_MODIFIER_GAP = re.compile(r"(?:-led)?\s+")
_VERB_FORM = re.compile(r"(?:ed|en)$|^(?:struck|hit|shot|overran|down|were|was|is|are)$")


_ON_BEFORE = re.compile(r"\b(?:on|against|at|targeting)\s+(?:the\s+)?$", re.I)
# "were killed on Wednesday in a fierce gunfight with": the fight's victims before it.
_KILLED_IN_FIGHT = re.compile(
    r"\b(?:(?:were|was|have\s+been|had\s+been)\s+(?:reportedly\s+)?(?:killed|shot\s+dead|"
    r"gunned\s+down|wounded|injured|hurt)|died|perished)\b[^.;]*\b(?:in|during)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


_FOUGHT_WITH = re.compile(r"\s+(?:with|against)\s+(?:the\s+)?$", re.I)


def _passive(
    text: str, clause: Clause, actors: list[ActorMention], t_start: int, t_end: int
) -> bool:
    """Does the trigger report what was done to the actors before it? "were killed", "was
    attacked", and "killed in an attack by X" / "an air strike by X": a by-agent after it."""
    word = text[t_start:t_end].lower()
    if word.endswith("ing"):
        # "were backing", "is shelling": progressive, active; but a noun of the fight its
        # subject suffered ("was killed in fighting with", "came under shelling") is passive.
        return _suffered_in_fight(text, clause, t_start)
    if _PASSIVE_WITHIN.search(word):
        return True  # a trigger that holds its own auxiliary: "drones were intercepted"
    if _PARTICIPLE.search(word) and _PASSIVE_BEFORE.search(
        text[max(clause.start, t_start - 30) : t_start]
    ):
        return True
    if _suffered_before(text, clause, t_start, t_end):
        return True
    for a in actors:
        if a.start < t_end:
            continue
        between_ = text[t_end : a.start]
        if "," in between_ or len(between_) > 60:
            break
        before = text[clause.start : a.start]
        if _AGENT_BY.search(before[-40:]) and not _NOT_AGENT_BY.search(before[-60:]):
            return True
    return False


def _suffered_in_fight(text: str, clause: Clause, t_start: int) -> bool:
    """Do the words before a noun of fighting say its subject suffered it ("a commander was
    killed in fighting with", "the troops came under heavy shelling")?"""
    window = text[max(clause.start, t_start - 80) : t_start]
    return bool(_UNDERGONE_BEFORE.search(window[-60:]) or _KILLED_IN_FIGHT.search(window))


def _suffered_before(text: str, clause: Clause, t_start: int, t_end: int) -> bool:
    """Do the words before the trigger say its subject suffered it, with no auxiliary right
    before the trigger?"""
    if _UNDERGONE_BEFORE.search(text[max(clause.start, t_start - 60) : t_start]):
        return True  # "the troops came under a complicated ambush by ..."
    if _REDUCED_PASSIVE_BEFORE.search(
        text[max(clause.start, t_start - 40) : t_start]
    ) and _REDUCED_PASSIVE_AFTER.match(text, t_end):
        return True  # a headline's "Five Colombian soldiers killed in ... attack": its victims
    # "two militants were killed ... in a gunfight with troops": its victims
    return _KILLED_IN_FIGHT.search(text[max(clause.start, t_start - 80) : t_start]) is not None


def roles_of(
    text: str, clause: Clause, actors: list[ActorMention], t_start: int, t_end: int
) -> list[Role]:
    """Each actor once, in the role it first takes; the first actor of each role leads."""
    roles: list[Role] = []
    seen: dict[str, Role] = {}
    previous: Role | None = None
    passive = _passive(text, clause, actors, t_start, t_end)
    for a in actors:
        role = _semantic_role(text, clause, a, t_end, t_start, previous, passive)
        if role == NO_PARTY:
            continue
        if a.actor.key in seen:
            previous = seen[a.actor.key]
            continue
        entry = Role(a.actor, role, a)
        seen[a.actor.key] = entry
        roles.append(entry)
        previous = entry
    for role in ("agent", "mediator", "target", "party", "supported"):
        first = next((r for r in roles if r.role == role), None)
        if first:
            first.lead = True
    return roles
