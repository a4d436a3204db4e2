"""Who is named in a report: actors from the registry, and armed groups it does not know yet.

The registry's aliases (ActorAlias.normalized, by `normalize_name`) are matched longest first.
News writes state forces as a demonym and a noun ("Russian warplanes", "nine Russian and eight
Turkish planes", "the Syrian army"): those are resolved through the registry's alias for the
phrase, else the registry's state actor of that country. Near-miss spellings ("JabhatFateh
al-Sham", "Jabhat Fateh al-Shaam") are caught with rapidfuzz. A name that looks like an armed
group ("... Brigade", "... Front", "Army of ...", "Jaish al-...") and is not in the registry is
proposed as a new actor (Actor.proposed) for a curator to accept, not dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from events.domain.countries import country_names, country_of
from events.domain.names import normalize_name
from events.ingest.text import Sentence, Token

STATE_FORCES, REBEL_GROUP, POLITICAL_MILITIA, EXTERNAL_OTHER = 1, 2, 3, 8  # Actor.Kind values
FUZZY_CUTOFF = 88
FUZZY_MIN_CHARS = 8
MAX_ALIAS_TOKENS = 8

FORCE_NOUNS = (
    r"war\s*planes|warplanes|fighter\s+jets|jets|planes|aircraft|helicopters|drones|bombers|"
    r"forces|troops|soldiers|army|military|air\s+force|navy|artillery|tanks|police|government"
)
_FORCE_MODIFIERS = (
    r"(?:(?:government|regime|military|army|air|naval|special|ground|war|fighter)\s+)*"
)
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens\s+of)"
_DEMONYM_PHRASE = re.compile(
    rf"\b(?P<block>[A-Z][a-z]+(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:{_NUM}\s+)?[A-Z][a-z]+)*)"
    rf"\s+{_FORCE_MODIFIERS}(?P<noun>{FORCE_NOUNS})\b"
)
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


@dataclass(frozen=True)
class ActorRef:
    """An actor of the registry, or one the pipeline proposes (slug None until created)."""

    name: str
    slug: str | None = None
    pk: int | None = None
    kind: int = EXTERNAL_OTHER
    country: str = ""
    proposed: bool = False

    @property
    def key(self) -> str:
        return self.slug or f"proposed:{normalize_name(self.name)}"

    def as_dict(self) -> dict:
        return {"name": self.name, "slug": self.slug, "proposed": self.proposed}


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    actor: ActorRef
    how: str  # alias, demonym, fuzzy, proposed
    prefix: str = ""  # "anti" / "pro" for "anti-Daesh"
    score: float = 100.0


class ActorRegistry:
    """The registry's aliases, looked up in memory by the key `actor_resolve` looks a name up by
    (events/services/ingest.py `actor_registry` loads them in one query)."""

    def __init__(self, aliases: dict[str, tuple[str, ActorRef]]):
        self.aliases = aliases  # normalize_name(alias) -> (alias as written, actor)
        self.keys = list(aliases)
        self.state_by_country: dict[str, ActorRef] = {}
        for _, actor in aliases.values():
            if (
                actor.country
                and actor.kind in {STATE_FORCES, EXTERNAL_OTHER}
                and not actor.proposed
            ):
                current = self.state_by_country.get(actor.country)
                if current is None or (actor.kind == STATE_FORCES and current.kind != STATE_FORCES):
                    self.state_by_country[actor.country] = actor

    def lookup(self, span: str) -> ActorRef | None:
        hit = self.aliases.get(normalize_name(span))
        if hit is None:
            return None
        alias, actor = hit
        # Acronyms ("IS", "US", "SAA") only when written in capitals: "is" and "us" are words.
        if alias.replace(".", "").isupper() and len(alias) <= 5 and not span.isupper():
            return None
        return actor

    def state_actor(self, iso: str, phrase: str) -> ActorRef:
        """The state forces of a country: by the phrase's alias, else the registry's state actor,
        else a proposal named as ACLED names state forces."""
        actor = self.lookup(phrase)
        if actor is not None:
            return actor
        if iso in self.state_by_country:
            return self.state_by_country[iso]
        name = f"Military Forces of {country_names().get(iso, iso)}"
        return self.lookup(name) or ActorRef(name, kind=STATE_FORCES, country=iso, proposed=True)

    def fuzzy(self, span: str) -> tuple[ActorRef, float] | None:
        key = normalize_name(span)
        if len(key) < FUZZY_MIN_CHARS or not self.keys:
            return None
        best = process.extractOne(key, self.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return None
        return self.aliases[best[0]][1], best[1]


def _covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _sub_tokens(tokens: list[Token]) -> list[tuple[Token, str]]:
    """Tokens, with "anti-Daesh" / "pro-Assad" split into their name and a prefix."""
    out = []
    for t in tokens:
        head, _, rest = t.text.partition("-")
        if rest and head.lower() in {"anti", "pro"} and rest[:1].isupper():
            offset = t.start + len(head) + 1
            out.append((Token(offset, t.end, rest), head.lower()))
        else:
            out.append((t, ""))
    return out


def is_speaker(text: str, mention: ActorMention, limit: int) -> bool:
    """A source of the report, not a party to the event: "Moscow says", "the ministry said".
    Not when it speaks of itself ("the government said on Tuesday that it accepted")."""
    if re.search(
        r"according\s+to\s+(?:the\s+)?$", text[max(0, mention.start - 20) : mention.start]
    ):
        return True
    said = _SPEAKER.match(text[mention.end : min(limit, mention.end + 60)])
    if not said:
        return False
    rest = text[mention.end + said.end() : min(limit, mention.end + said.end() + 40)]
    return not re.match(r"(?:\s+on\s+\w+)?\s+that\s+(?:it|they|he|she|we)\b", rest)


_GENERIC_STATE = re.compile(
    r"\b(?:pro-)?(?:government|regime)\s+(?:forces|troops|soldiers|army|warplanes|war\s+planes|"
    r"jets|aircraft|helicopters|artillery)\b|\b(?:government|regime)\b(?=\s+(?:shell|bomb|"
    r"attack|struck|pound|advanc|recaptur|retook|captur))",
    re.I,
)
_HYPHENATED_DEMONYMS = re.compile(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b")


def actors_scan_context(
    text: str,
    sentences: list[Sentence],
    registry: ActorRegistry,
    context: list[str],
    taken: list[tuple[int, int]],
) -> list[ActorMention]:
    """Phrases that need the report's country: "government troops" are the forces of the country
    the report is about; "a Russian-Turkish agreement" names two states."""
    found: list[ActorMention] = []
    for sentence in sentences:
        if context:
            for m in _GENERIC_STATE.finditer(text, sentence.start, sentence.end):
                if _covered(m.start(), m.end(), taken):
                    continue
                actor = registry.state_actor(context[0], m.group())
                found.append(ActorMention(m.start(), m.end(), m.group(), actor, "context"))
        for m in _HYPHENATED_DEMONYMS.finditer(text, sentence.start, sentence.end):
            first, second = country_of(m.group(1)), country_of(m.group(2))
            if not (first and second) or _covered(m.start(), m.end(), taken):
                continue
            for group, iso in ((1, first), (2, second)):
                actor = registry.state_actor(iso, m.group(group))
                found.append(
                    ActorMention(m.start(group), m.end(group), m.group(group), actor, "demonym")
                )
    return found


def _alias_at(
    text: str, tokens: list[tuple[Token, str]], i: int, registry: ActorRegistry
) -> ActorMention | None:
    """The longest registry alias of capitalised words on one line from token i, or None."""
    first, prefix = tokens[i]
    if not first.is_capitalised:
        return None
    for n in range(min(MAX_ALIAS_TOKENS, len(tokens) - i), 0, -1):
        last = tokens[i + n - 1][0]
        if n > 1 and "\n" in text[first.start : last.end]:
            continue
        span = text[first.start : last.end]
        actor = registry.lookup(span)
        if actor is not None:
            return ActorMention(first.start, last.end, span, actor, "alias", prefix)
    return None


def _aliases_in(text: str, sentence: Sentence, registry: ActorRegistry) -> list[ActorMention]:
    tokens = _sub_tokens(sentence.tokens)
    found: list[ActorMention] = []
    i = 0
    while i < len(tokens):
        hit = _alias_at(text, tokens, i, registry)
        if hit:
            found.append(hit)
            i += len([t for t, _ in tokens[i:] if t.end <= hit.end])
        else:
            i += 1
    return found


def _demonyms_in(
    text: str, sentence: Sentence, registry: ActorRegistry, taken: list[tuple[int, int]]
) -> list[ActorMention]:
    """State forces written as a demonym and a noun ("nine Russian and eight Turkish planes")."""
    found: list[ActorMention] = []
    for m in _DEMONYM_PHRASE.finditer(text, sentence.start, sentence.end):
        noun = m.group("noun")
        for word in re.finditer(r"[A-Z][a-z]+", m.group("block")):
            start, end = m.start("block") + word.start(), m.start("block") + word.end()
            iso = country_of(word.group())
            if iso is None or _covered(start, end, taken):
                continue
            actor = registry.state_actor(iso, f"{word.group()} {noun}")
            found.append(ActorMention(start, end, word.group(), actor, "demonym"))
            taken.append((start, end))
    return found


def actors_scan(
    text: str, sentences: list[Sentence], registry: ActorRegistry
) -> list[ActorMention]:
    """Registry aliases (longest first) and demonym phrases for state forces."""
    mentions: list[ActorMention] = []
    for sentence in sentences:
        mentions += _aliases_in(text, sentence, registry)
        taken = [(m.start, m.end) for m in mentions]
        mentions += _demonyms_in(text, sentence, registry, taken)
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


def _group_names_in(
    text: str, sentence: Sentence, registry: ActorRegistry, spans: list[tuple[int, int]]
) -> list[ActorMention]:
    found: list[ActorMention] = []
    for pattern in _PROPOSED_PATTERNS:
        for m in pattern.finditer(text, sentence.start, sentence.end):
            start, end, name, words = _group_name(m)
            if _covered(start, end, spans) or "\n" in name or not _names_a_group(words):
                continue
            found.append(_group_mention(registry, start, end, name, words))
            spans.append((start, end))
    return found


def _near_miss_at(
    text: str, tokens: list[Token], i: int, registry: ActorRegistry, spans: list[tuple[int, int]]
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
        if country_of(span):
            continue
        hit = registry.fuzzy(span)
        if hit and (best is None or hit[1] > best.score):
            best = ActorMention(a.start, b.end, span, hit[0], "fuzzy", score=hit[1])
    return best


def _near_misses_in(
    text: str, sentence: Sentence, registry: ActorRegistry, spans: list[tuple[int, int]]
) -> list[ActorMention]:
    """Near misses among the capitalised runs the group names left: every sub-span of 1..4."""
    found: list[ActorMention] = []
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        best = _near_miss_at(text, tokens, i, registry, spans)
        if best:
            found.append(best)
            spans.append((best.start, best.end))
            i = next((k for k, t in enumerate(tokens) if t.start >= best.end), len(tokens))
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
    spans = list(taken)
    for sentence in sentences:
        found += _group_names_in(text, sentence, registry, spans)
        found += _near_misses_in(text, sentence, registry, spans)
    return sorted(found, key=lambda m: m.start)
