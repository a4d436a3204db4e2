"""Who is named in a report: actors from the registry, and armed groups it does not know yet.

The registry's aliases (ActorAlias.normalized, by `normalize_name`) are matched longest first.
News writes state forces as a demonym and a noun ("Russian warplanes", "nine Russian and eight
Turkish planes", "the Syrian army"): those are resolved through the registry's alias for the
phrase, else the registry's state actor of that country. Near-miss spellings ("JabhatFateh
al-Sham", "Jabhat Fateh al-Shaam") are caught with rapidfuzz. A name that looks like an armed
group ("... Brigade", "... Front", "Army of ...", "Jaish al-...") and is not in the registry is
proposed as a new actor (Actor.proposed) for a curator to accept, not dropped.

Acronyms are matched only as written: an alias in capitals of up to five letters ("SDF", "IS",
"AA") only in capitals, a mixed-case one ("FAMa", "JeM") only in its own case; an acronym the
report defines ("the Syrian National Army (SNA)") means that actor for the rest of the report.
Common nouns name ACLED's generic actors (events/ingest/actors_generic.py). Every scan checks its
candidates against the spans taken so far through a SpanSet (bisection), so scanning is linear in
the length of the report.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from events.domain.countries import country_of
from events.domain.names import ARTICLES
from events.ingest.actors_generic import (
    ARMED_NON_STATE,
    NAMED_AFTER_REACH,
    armed_spans,
    civilian_spans,
    crowd_spans,
    insurgent_noun,
    named_group_before,
    referring_only,
)
from events.ingest.actors_registry import (
    POLITICAL_MILITIA,
    REBEL_GROUP,
    STATE_FORCES,
    ActorMention,
    ActorRef,
    ActorRegistry,
    span_key,
)
from events.ingest.actors_state import actors_scan_context, country_of_word, state_forces_resolve
from events.ingest.spans import SpanSet

__all__ = [  # the registry's types, where the pipeline has always imported them from
    "STATE_FORCES",
    "ActorMention",
    "ActorRef",
    "ActorRegistry",
    "actors_scan",
    "actors_scan_context",
    "actors_scan_unknown",
    "is_speaker",
    "state_forces_resolve",
]
from events.ingest.text import Sentence, Token

MAX_ALIAS_TOKENS = 8

POLICE_NOUNS = r"police(?:\s+officers|men|\s+forces)?|policemen|gendarmes|gendarmerie"
FORCE_NOUNS = (
    r"war\s*planes|warplanes|fighter\s+jets|jets|planes|aircraft|helicopters|drones|bombers|"
    r"forces|troops|soldiers|servicemen|army|military|air\s+force|navy|artillery|tanks|"
    r"junta|paratroopers|marines|commandos|gunboats|warships|government|" + POLICE_NOUNS
)
# What a state's forces fire: "a Russian missile attack", "Turkish air strikes", "Israeli
# shelling" name the forces that fired as surely as "Russian troops" does.
WEAPON_NOUNS = (
    r"missiles?|ballistic\s+missiles?|cruise\s+missiles?|rockets?|shells|shelling|"
    r"bombardments?|air\s*strikes?|drone\s+strikes?|missile\s+(?:attacks?|strikes?)|"
    r"(?:drone|air|rocket|artillery)\s+attacks?|strikes?|"
    # "a Russian attack drone hit...", "Ukrainian drones struck...": the drone is the attacker's.
    r"(?:(?:attack|kamikaze|suicide|combat|armed)\s+)?drones?"
)
# Any case: "Malian Armed Forces", "Mali's Defense and Security Forces (FDS)".
_FORCE_MODIFIERS = (
    r"(?i:(?:government|regime|military|army|air|naval|special|ground|war|fighter|armed|"
    r"security|defen[cs]e(?:\s+and\s+security)?)\s+)*"
)
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens\s+of)"
# A demonym or a country's name, of one or two words ("Malian", "South Sudanese", "Myanmar's").
_DEMONYM_ITEM = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?:['\u2019]s)?"
_DEMONYM_PHRASE = re.compile(
    rf"\b(?P<block>{_DEMONYM_ITEM}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:{_NUM}\s+)?"
    rf"{_DEMONYM_ITEM})*)\s+{_FORCE_MODIFIERS}(?P<noun>(?i:{WEAPON_NOUNS}|{FORCE_NOUNS}))\b"
)
_POLICE = re.compile(rf"^(?:{POLICE_NOUNS})$", re.I)
_MILITARY_MODIFIER = re.compile(r"\b(?:military|army)\s+$", re.I)
_ACRONYM_DEFINED = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9/-]{1,9})\)")
# Names that look like armed groups.
_GROUP_HEAD = (
    r"Brigades?|Battalions?|Front|Army|Militias?|Movement|Forces|Units|Regiment|Division|Corps|"
    r"Legion|Guards?|Group"
)
_NAME_WORD = r"(?:(?:al|el|ad|ar|as|ash|az|ez|an|at)-)?[A-Z][\w'\u2019-]*"
_PROPOSED_PATTERNS = [
    re.compile(rf"\b(?P<name>(?:{_NAME_WORD}\s+){{1,4}}(?:{_GROUP_HEAD}|Military\s+Council))\b"),
    re.compile(rf"\b(?P<name>(?:Army|Brigades?|Front|Movement|Legion)\s+of\s+(?:the\s+)?"
               rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"),
    re.compile(rf"\b(?P<name>(?:{_NAME_WORD}\s+){{1,3}})(?:militias?|brigades?|battalions?)\b"),
    re.compile(
        rf"\b(?P<name>(?:Jabhat|Jaish|Jaysh|Harakat|Liwa|Liwaa|Ahrar|Kataib|Kata'ib|Hayat|Hay'at|"
        rf"Faylaq|Ansar|Saraya|Firqat|Alwiya|Jund|Tajammu)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
    ),
]  # fmt: skip
# Words that alone do not make a group's name ("Kurdish militias", "Security Forces").
GENERIC_GROUP_WORDS = frozenset(
    """the a an security armed special ground air government regime opposition rebel rebels
    islamist jihadist kurdish arab shia shiite sunni alawite druze christian turkmen yazidi
    tribal local western foreign allied pro-government pro-regime rival other several two three
    some many federal national state regular popular""".split()
)
_SPEAKER = re.compile(
    r"^(?:['\u2019]s)?(?:\s+[\w'-]+){0,4}?\s+(?:(?:says|said|say|told|tells|claimed|stated|added|"
    r"insisted|reported)\b|(?:announced|confirmed|denied)(?=\s+that\b|\s*[,.]))"
)


# "according to police", "According to a police official", "according to Malian army
# sources": the source of the report (any case: a sentence may open with it).
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# The inverted attribution after a quote or a clause: '"...," said policeman Ali Hasan', "...,
# police said" is _SPEAKER's; "residents said soldiers killed" (no comma or quote) is no source.
_SAID_BEFORE = re.compile(
    r"[,\"\u201d]\s*(?:said|says|told\s+\w+|added|according\s+to)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
# What ends an inverted attribution: the speaker's name or the sentence ('said policeman Ali
# Hasan.'), not a verb of its own ("Lenga, a local chief, said militiamen massacred 46 people").
_ATTRIBUTION_END = re.compile(r"\s*(?:[.,;:]|$|\s+(?:[A-Z]|on\s+\w+day\b))")


def _covered(start: int, end: int, spans: SpanSet) -> bool:
    return spans.covers(start, end)


def _sub_tokens(tokens: list[Token], registry: ActorRegistry) -> list[tuple[Token, str]]:
    """Tokens, with "anti-Daesh" / "pro-Assad" split into their name and a prefix (unless the
    whole token is a name: "Anti-Balaka")."""
    out = []
    for t in tokens:
        head, _, rest = t.text.partition("-")
        split = rest and head.lower() in {"anti", "pro"} and rest[:1].isupper()
        if split and registry.lookup(t.text) is None:
            offset = t.start + len(head) + 1
            out.append((Token(offset, t.end, rest), head.lower()))
        else:
            out.append((t, ""))
    return out


def is_speaker(text: str, mention: ActorMention, limit: int) -> bool:
    """A source of the report, not a party to the event: "Moscow says", "the ministry said".
    Not when it speaks of itself ("the government said on Tuesday that it accepted")."""
    before = text[max(0, mention.start - 40) : mention.start]
    if _ACCORDING_TO.search(before):
        return True
    if _SAID_BEFORE.search(before) and _ATTRIBUTION_END.match(text, mention.end):
        return True
    said = _SPEAKER.match(text[mention.end : min(limit, mention.end + 60)])
    if not said:
        return False
    rest = text[mention.end + said.end() : min(limit, mention.end + said.end() + 40)]
    return not re.match(r"(?:\s+on\s+\w+)?\s+that\s+(?:it|they|he|she|we)\b", rest)


class _Scan:
    """One report's alias scan: acronyms it defines ("the Syrian National Army (SNA)") mean
    that actor in the rest of it, before the registry's meaning."""

    def __init__(self, text: str, registry: ActorRegistry):
        self.text = text
        self.registry = registry
        self.defined: dict[str, ActorRef] = {}

    def lookup(self, span: str) -> ActorRef | None:
        return self.defined.get(span) or self.registry.lookup(span)

    def alias_at(self, tokens: list[tuple[Token, str]], i: int) -> ActorMention | None:
        """The longest alias of words on one line from token i (capitalised), or None."""
        first, prefix = tokens[i]
        head, _, rest = first.text.partition("-")
        if not first.is_capitalised and not (rest[:1].isupper() and head.islower()):
            return None  # but "anti-Balaka", "ex-Seleka": a name after a lowercase prefix
        if first.text in self.defined:
            return ActorMention(first.start, first.end, first.text, self.defined[first.text],
                                "alias", prefix)  # fmt: skip
        # No span from a word no alias starts with; none longer than the longest alias from it
        # (plus articles, which keys drop: "Al Shabaab"). An article alone may start one.
        limit = self.registry.span_limit(first.text)
        if limit == 0 and span_key(first.text) not in ARTICLES:
            return None
        limit = limit + 2 if limit else MAX_ALIAS_TOKENS
        text = self.text
        for n in range(min(MAX_ALIAS_TOKENS, limit, len(tokens) - i), 0, -1):
            last = tokens[i + n - 1][0]
            if n > 1 and "\n" in text[first.start : last.end]:
                continue
            span = text[first.start : last.end]
            actor = self.lookup(span)
            if actor is not None:
                self._define(last.end, actor)
                return ActorMention(first.start, last.end, span, actor, "alias", prefix)
        return None

    def _define(self, end: int, actor: ActorRef) -> None:
        m = _ACRONYM_DEFINED.match(self.text, end)
        if m:
            self.defined[m.group("acronym")] = actor

    def define_force_acronyms(self, sentence: Sentence) -> None:
        """ "Mali's Defense and Security Forces (FDS)": in this report FDS are Mali's forces,
        whichever country's the registry says the acronym is."""
        for _, _, actor, phrase_end in _demonym_phrases(self.text, sentence, self.registry):
            self._define(phrase_end, actor)

    def aliases_in(self, sentence: Sentence) -> list[ActorMention]:
        tokens = _sub_tokens(sentence.tokens, self.registry)
        ends = [t.end for t, _ in tokens]
        found: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            hit = self.alias_at(tokens, i)
            if hit:
                found.append(hit)
                i = max(i + 1, bisect_left(ends, hit.end + 1))  # the first token past the hit
            else:
                i += 1
        return found


def _demonyms_in(
    text: str, sentence: Sentence, registry: ActorRegistry, taken: SpanSet
) -> list[ActorMention]:
    """State forces written as a demonym and a noun ("nine Russian and eight Turkish planes",
    "South Sudanese troops", "Malian police")."""
    found: list[ActorMention] = []
    for start, end, actor, _ in _demonym_phrases(text, sentence, registry):
        if not _covered(start, end, taken):
            found.append(ActorMention(start, end, text[start:end], actor, "demonym"))
            taken.add(start, end)
    return found


def _demonym_phrases(
    text: str, sentence: Sentence, registry: ActorRegistry
) -> Iterator[tuple[int, int, ActorRef, int]]:
    """(start, end, state forces, end of the phrase) of each demonym in a force phrase."""
    for m in _DEMONYM_PHRASE.finditer(text, sentence.start, sentence.end):
        noun = m.group("noun")
        # Military police are the army's (ACLED: Military Forces), not the police's.
        police = bool(_POLICE.match(noun)) and not _MILITARY_MODIFIER.search(
            text, m.end("block"), m.start("noun")
        )
        block_start = m.start("block")
        for item in re.finditer(_DEMONYM_ITEM, m.group("block")):
            hit = _item_country(item)
            if hit is None:
                continue
            iso, (start, end) = hit[0], (block_start + hit[1], block_start + hit[2])
            actor = registry.state_actor(iso, f"{text[start:end]} {noun}", police)
            yield start, end, actor, m.end()


def _item_country(item: re.Match[str]) -> tuple[str, int, int] | None:
    """(country, start, end) of a demonym item: the whole item ("South Sudanese"), else its
    last word ("Monday Russian"), else its first ("Syrian Arab")."""
    iso = country_of_word(item.group())
    if iso:
        return iso, item.start(), item.end()
    words = list(re.finditer(r"[A-Z][a-z]+(?:['\u2019]s)?", item.group()))
    for word in (words[-1], words[0]) if len(words) > 1 else ():
        iso = country_of_word(word.group())
        if iso:
            return iso, item.start() + word.start(), item.start() + word.end()
    return None


def _generic_in(
    text: str, sentence: Sentence, registry: ActorRegistry, taken: SpanSet
) -> list[ActorMention]:
    """Civilians harmed, protesters, rioters: ACLED's generic actors named by common nouns."""
    found: list[ActorMention] = []
    spans = [(a, b, "civilians") for a, b in civilian_spans(text, sentence.start, sentence.end)]
    spans += crowd_spans(text, sentence.start, sentence.end)
    for start, end, key in spans:
        if taken.covers(start, end):
            continue
        mention = ActorMention(start, end, text[start:end], registry.generic_actor(key), "generic")
        if key == "civilians" and is_speaker(text, mention, sentence.end):
            continue  # "residents said": a source, not a victim
        found.append(mention)
        taken.add(start, end)
    return found


_MEN_OF = re.compile(
    r"\s+(?:of|from|belonging\s+to|loyal\s+to|linked\s+to|affiliated\s+with)\s+(?:the\s+)?"
)


_NAME_AFTER = re.compile(r"[A-Z][\w'\u2019-]*")


# A paragraph that opens on another time tells another happening: "Last month, ...", "In
# December last year, ...", "Earlier on Sunday ...", "On Thursday, ...".
_OTHER_TIME = re.compile(
    r"\s*(?:(?:In|On|Since|Back\s+in|By)\s+(?:(?:early|mid|late)[\s-]+)?(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\w+day|\d{4}|last|"
    r"the\s+(?:past|previous))|Last\s+(?:week|month|year|\w+day)|Earlier|Previously|"
    r"(?:A|One|Two|Three)\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier))\b"
)


def _forward_reach(text: str, sentence: Sentence, start: int) -> int:
    """How far after unnamed armed men the name they are given may be: a headline's anywhere,
    others' within NAMED_AFTER_REACH but not in a paragraph that opens on another time
    ("Gunmen had mounted an attack ..." are not the group "In December last year, militants
    of X stormed ..." names)."""
    if sentence.headline:
        return len(text)
    reach = NAMED_AFTER_REACH
    line = text.find("\n", start, start + reach)
    while line >= 0:
        if _OTHER_TIME.match(text, line + 1):
            return line - start
        line = text.find("\n", line + 1, start + reach)
    return reach


def _other_time_floor(text: str, sentence_start: int) -> int:
    """Where the names unnamed armed men may take start: their paragraph's start when it opens
    on another time ("On Sunday three militants were gunned down in a similar gunfight": men of
    another happening, not the group the paragraphs before named), else the report's."""
    paragraph = text.rfind("\n", 0, sentence_start) + 1
    return paragraph if _OTHER_TIME.match(text, paragraph) else 0


def _armed_in(
    text: str,
    sentences: list[Sentence],
    registry: ActorRegistry,
    mentions: list[ActorMention],
    taken: SpanSet,
) -> list[ActorMention]:
    """Unnamed armed men: the report's one named non-state armed group (or the nearest one
    named before, when it names several), else an Unidentified Armed Group."""
    groups = [(m.start, m.actor) for m in mentions if m.actor.kind in ARMED_NON_STATE]
    rebels = [(start, a) for start, a in groups if a.kind == REBEL_GROUP]
    found: list[ActorMention] = []
    for sentence in sentences:
        for start, end in armed_spans(text, sentence.start, sentence.end):
            # "Boko Haram militants": the name before already says who.
            if taken.covers(start, end) or taken.covers(start - 2, start):
                continue
            # "Rebels of the National Liberation Front", "militants belonging to the TJP": the
            # name after says who, also one the registry lacks ("Fighters of the Sultan Qadir
            # Brigade": a name to propose): the name is the mention, they are no one else's.
            of = _MEN_OF.match(text, end)
            name = _NAME_AFTER.match(text, of.end()) if of else None
            if name and not country_of_word(name.group()):
                continue
            reach = _forward_reach(text, sentence, start)
            floor = _other_time_floor(text, sentence.start)
            candidates = rebels if insurgent_noun(text[start:end]) else groups
            named = named_group_before([g for g in candidates if g[0] >= floor], start, reach)
            if named is None and referring_only(text[start:end]):
                continue
            actor = named or registry.generic_actor("armed")
            how = "coreference" if named else "generic"
            found.append(ActorMention(start, end, text[start:end], actor, how))
            taken.add(start, end)
    return found


def actors_scan(
    text: str, sentences: list[Sentence], registry: ActorRegistry
) -> list[ActorMention]:
    """Registry aliases (longest first), demonym phrases for state forces, and ACLED's generic
    actors named by common nouns."""
    scan = _Scan(text, registry)
    mentions: list[ActorMention] = []
    taken = SpanSet()
    for sentence in sentences:
        scan.define_force_acronyms(sentence)
        aliases = scan.aliases_in(sentence)
        for m in aliases:
            taken.add(m.start, m.end)
        mentions += aliases
        mentions += _demonyms_in(text, sentence, registry, taken)
        mentions += _generic_in(text, sentence, registry, taken)
    mentions.sort(key=lambda m: m.start)
    mentions += _armed_in(text, sentences, registry, mentions, taken)
    return sorted(mentions, key=lambda m: m.start)


def _group_name(m: re.Match[str]) -> tuple[int, int, str, list[str]]:
    """A group name's span, text and lower-case words, without a leading "the"."""
    start = m.start("name")
    name = m.group("name").strip()
    end = start + len(name)
    words = [w.lower() for w in re.findall(r"[\w'-]+", name)]
    if words and words[0] == "the":
        return start + 4, end, name[4:], words[1:]
    return start, end, name, words


def _names_a_group(words: list[str]) -> bool:
    """Does the name say which group, beyond generic words and the head ("Kurdish militias")?"""
    head_free = [w for w in words if not re.fullmatch(_GROUP_HEAD.lower(), w)]
    return any(w not in GENERIC_GROUP_WORDS and not country_of(w) for w in head_free)


def _group_mention(
    registry: ActorRegistry, start: int, end: int, name: str, words: list[str]
) -> ActorMention:
    """A near-miss spelling of a registry name, else an actor proposed under this name."""
    fuzzy = registry.fuzzy(name)
    if fuzzy is not None:
        actor, score = fuzzy
        return ActorMention(start, end, name, actor, "fuzzy", score=score)
    kind = POLITICAL_MILITIA if "militia" in words[-1] else REBEL_GROUP
    actor = registry.lookup(name) or ActorRef(name, kind=kind, proposed=True)
    return ActorMention(start, end, name, actor, "proposed")


_STATE_UNIT_WORDS = frozenset({"gendarmerie", "police", "policemen", "gendarmes"})


def _group_names_in(
    text: str, sentence: Sentence, registry: ActorRegistry, spans: SpanSet
) -> list[ActorMention]:
    found: list[ActorMention] = []
    for pattern in _PROPOSED_PATTERNS:
        for m in pattern.finditer(text, sentence.start, sentence.end):
            start, end, name, words = _group_name(m)
            if _covered(start, end, spans) or "\n" in name or not _names_a_group(words):
                continue
            if _STATE_UNIT_WORDS & set(words):
                continue  # "Zhoa Gendarmerie Brigade": a post of the state's forces, no new group
            mention = _group_mention(registry, start, end, name, words)
            if mention.how == "proposed" and _written_lower(text, name, start):
                continue  # a headline's "Border Guard Outpost": the body's "border guard outpost"
            found.append(mention)
            spans.add(start, end)
    return found


# How far after a title's name its body may write it in lower case: the lead and a few
# paragraphs (a bound keeps the check linear in the report's length).
LOWER_REACH = 5_000  # characters


def _written_lower(text: str, name: str, start: int) -> bool:
    """Does the report write the name in lower case too, soon after? Then it is a common noun
    in a title's capitals ("Attack on Border Guard Outpost"), not a group's name."""
    lower = name.lower()
    if lower == name:
        return False
    pattern = re.compile(rf"\b{re.escape(lower)}\b")
    return pattern.search(text, start, start + LOWER_REACH) is not None


def _near_miss_at(
    text: str, tokens: list[Token], i: int, registry: ActorRegistry, spans: SpanSet
) -> ActorMention | None:
    """The closest near-miss of a registry name among the 1..4 capitalised words from token i."""
    best = None
    for n in range(min(4, len(tokens) - i), 0, -1):
        a, b = tokens[i], tokens[i + n - 1]
        if not (a.is_capitalised and b.is_capitalised) or "\n" in text[a.start : b.end]:
            continue
        if _covered(a.start, b.end, spans):
            continue
        span = text[a.start : b.end]
        # Generic words alone ("Security Forces") are no group's name, however close the spelling.
        if country_of(span) or not _names_a_group(re.findall(r"[\w'-]+", span.lower())):
            continue
        hit = registry.fuzzy(span)
        # State forces are written as a demonym and a noun (the demonym scan's): a near miss of
        # "army of Democratic Republic of Congo" is the country's name, not its army.
        if hit and hit[0].kind == STATE_FORCES:
            continue
        if hit and (best is None or hit[1] > best.score):
            best = ActorMention(a.start, b.end, span, hit[0], "fuzzy", score=hit[1])
    return best


def _near_misses_in(
    text: str, sentence: Sentence, registry: ActorRegistry, spans: SpanSet
) -> list[ActorMention]:
    """Near misses among the capitalised runs the group names left: every sub-span of 1..4."""
    found: list[ActorMention] = []
    tokens = sentence.tokens
    starts = [t.start for t in tokens]
    i = 0
    while i < len(tokens):
        best = _near_miss_at(text, tokens, i, registry, spans)
        if best:
            found.append(best)
            spans.add(best.start, best.end)
            i = max(i + 1, bisect_left(starts, best.end))
        else:
            i += 1
    return found


def actors_scan_unknown(
    text: str,
    sentences: list[Sentence],
    registry: ActorRegistry,
    taken: list[tuple[int, int]],
) -> list[ActorMention]:
    """Near-miss spellings of registry names, and armed-group names to propose."""
    found: list[ActorMention] = []
    spans = SpanSet(taken)
    for sentence in sentences:
        found += _group_names_in(text, sentence, registry, spans)
        found += _near_misses_in(text, sentence, registry, spans)
    return sorted(found, key=lambda m: m.start)
