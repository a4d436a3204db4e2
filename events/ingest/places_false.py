"""Places a report names that are not where its events happened.

- datelines: the city a report was filed from ("DARAA, Syria (AP) -", "MOGADISHU:", "Kyiv —" at
  the start of the text or of a line);
- bylines: "By ... in Beirut", "(Reporting by ... in Cairo; Editing by ...)";
- where something was said: "said in X", "told reporters in X", "a statement from X";
- metonyms: a place standing for its government ("Ankara said", "Moscow accused", "Kyiv's
  decision");
- origins: where forces came from, not where they struck ("jets that took off from X", "troops
  from X", "flew from X");
- destinations: where people fled or were taken to ("forcing civilians to take refuge in the
  nearby village of X", "many have fled to the town of X", "were evacuated to X").

Each rule reads only a few words on either side of the name, so a report is scanned in time
linear in its length. A dateline's city is not an event place, but it does say which country
the report is about (events/ingest/context.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.domain.countries import capitals
from events.domain.names import normalize_name

_DASH = r"(?:--?|\u2013|\u2014|:)"
# After the dateline's city: ", Region" words, a date, "(Agency)", then a dash or a colon.
_DATELINE_REST = re.compile(
    r"(?:\s*,\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})?"
    r"(?:\s*,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"(?P<agency>\s*\([A-Za-z][\w .&/-]{0,30}\))?"
    # "Mogadishu, September 4 (SO News/Agency) Somalia's ...": an agency's mark, no dash
    rf"(?:\s*(?P<dash>{_DASH})\s|(?<=\))\s+(?=[A-Z]))"
)
_BYLINE_LINE = re.compile(r"^\s*By\s+[A-Z]", re.M)
_BYLINE_CREDIT = re.compile(
    r"\((?:Additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b[^)]*$", re.I
)
# "said in", "told reporters in", "a statement from", "speaking at a news conference in", "who
# spoke to the AP in", "told AFP by phone from".
_SPOKEN = re.compile(
    r"\b(?:said|says|say|told\s+(?:reporters|journalists|the\s+\w+|\w+)|announced|declared|"
    r"(?:spoke|speaking|talked|talking)\s+(?:to|with)\s+(?:reporters|journalists|the\s+\w+|\w+)|"
    r"stated|added|speaking|spoke|statement(?:\s+(?:issued|released|sent))?|"
    r"(?:news|press)\s+(?:conference|briefing)|briefing|interview|remarks|quoted)"
    r"(?:\s+(?:on|late|early|yesterday|today|tonight|\w+day|at|a|an|the|news|press|conference|"
    r"briefing|statement|speech|video|interview|meeting|summit|by|phone|telephone)){0,4}"
    r"\s+(?:in|from|at)\s+(?:the\s+)?$",
    re.I,
)
# A place doing what governments do: "Ankara said", "Moscow has accused", "Kyiv denied".
_GOVERNMENT_VERB = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+|also\s+|again\s+|later\s+|quickly\s+|on\s+\w+day\s+)?"
    r"(?:said|says|say|accused|accuses|denied|denies|warned|warns|demanded|demands|condemned|"
    r"condemns|announced|announces|rejected|rejects|insisted|insists|claimed|claims|blamed|"
    r"blames|urged|urges|vowed|vows|threatened|threatens|welcomed|welcomes|protested|summoned|"
    r"recalled|pledged|pledges|responded|responds|retaliated|sanctioned|recognized|recognised|"
    r"considers|believes|wants|hopes|insists|sees|views|called\s+(?:for|on))\b",
    re.I,
)
_GOVERNMENT_NOUN = re.compile(
    r"^['\u2019]s\s+(?:\w+\s+)?(?:government|decision|position|support|refusal|policy|stance|"
    r"response|ally|allies|backing|offensive|forces|troops|military|army|demands?|plan|role|"
    r"intervention|involvement|strategy|relations|ties|envoy|ambassador|foreign|defence|"
    r"defense|leadership|regime|president|warplanes|jets|aircraft|drones)\b",
    re.I,
)
_ORIGIN_HEAD = re.compile(
    r"(?:\b(?:took|take|takes|taking)\s+off|\b(?:flew|flown|flying|launched|fired|departed|"
    r"departing|came|coming|arrived|returning|returned|fled|fleeing|deployed|sent|brought|"
    r"withdrew|withdrawn|evacuated|relocated|transferred|based)"
    r"|\b(?:troops|soldiers|forces|fighters|jets|aircraft|planes|warplanes|militants|"
    r"reinforcements|volunteers|units|refugees|convoy|drones|missiles|rockets|bombers|"
    r"helicopters|mercenaries))\b",
    re.I,
)
# "from", "from the", "from Russia's", "from occupied", "from the air base of", at the end.
_FROM_TAIL = re.compile(
    r"\bfrom\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[A-Z][\w-]*['\u2019]s\s+)?"
    r"(?:(?:nearby|neighbou?ring|northern|southern|eastern|western|central|occupied|"
    r"city\s+of|town\s+of|base\s+(?:of|in|at)|airbase\s+(?:of|in|at)|"
    r"air\s+base\s+(?:of|in|at))\s+)?$",
    re.I,
)
ORIGIN_GAP_WORDS = 6  # "drones launched from Russia's Kursk region and from occupied X"
_PLACE_BEFORE_ORIGIN = re.compile(r"\b(?:in|at|near|on|hit|struck|shelled|targeted)\b", re.I)


BODY_LINE_CHARS = 80  # a paragraph's sentence, longer than a headline's rest


def dateline_city(text: str, start: int, end: int) -> bool:
    """Does the name open its line (or the text) as a dateline does?"""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t\"'*_"):
        return False
    m = _DATELINE_REST.match(text, end)
    if m is None:
        return False
    shouting = text[start:end].isupper() and len(text[start:end]) > 2
    # "Aleppo: a city in ruins" as a headline is no dateline; "ALEPPO:" or "Aleppo (AFP) -" is,
    # and so is "Colombo : Tamil Tiger rebels ... killed ..., officials said." opening a
    # paragraph of the body: a whole sentence after it, below the headline.
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    body = line_start > 0 and line_end - end >= BODY_LINE_CHARS
    return shouting or bool(m.group("agency")) or m.group("dash") != ":" or body


def _spoken_at(before: str) -> bool:
    return bool(_SPOKEN.search(before))


def _origin(before: str) -> bool:
    """ "jets that took off from X", "troops from X": a verb of going or a force, then "from"
    right before the name, with no place-words between ("fighting in Idlib ... from X" is a
    place of its own)."""
    tail = _FROM_TAIL.search(before)
    if tail is None:
        return False
    heads = list(_ORIGIN_HEAD.finditer(before, 0, tail.start() + 1))
    if not heads:
        return False
    between = before[heads[-1].end() : tail.start()]
    return len(between.split()) <= ORIGIN_GAP_WORDS and not _PLACE_BEFORE_ORIGIN.search(between)


# "accused Kyiv of", "urged Ankara to": a place as the object of what governments do to others.
_GOVERNMENT_OBJECT = re.compile(
    r"\b(?:accused|accuses|accusing|blamed|blames|blaming|urged|urges|urging|warned|warns|"
    r"criticised|criticized|condemned|pressed|sanctioned|called\s+on|asked|told)\s+$",
    re.I,
)


_OFFICIALS_IN = re.compile(
    r"\b(?:officials?|authorities|government|ministry|diplomats?|sources|spokes(?:man|woman|"
    r"person)|officers?)\s+(?:\w+\s+)?in\s+(?:the\s+)?$",
    re.I,
)
_SAID_AFTER = re.compile(r"^\s+(?:have\s+|has\s+)?(?:said|say|says|told|announced|confirmed)\b")


def _officials_in_capital(text: str, start: int, end: int) -> bool:
    """ "officials in Kabul said": the capital is where the officials sit."""
    return (
        normalize_name(text[start:end]) in _capital_keys()
        and bool(_OFFICIALS_IN.search(text[max(0, start - 50) : start]))
        and bool(_SAID_AFTER.match(text[end : end + 30]))
    )


def _metonym(text: str, start: int, end: int) -> bool:
    after = text[end : end + 60]
    # "Ankara said" (the subject), not "residents of Homs said" (a preposition's object).
    governed = re.search(r"\b(?:of|in|at|from|near|to|into|around|across)\s+(?:the\s+)?$",
                         text[max(0, start - 12) : start], re.I)  # fmt: skip
    if _GOVERNMENT_VERB.match(after) and not governed:
        return True
    if _GOVERNMENT_OBJECT.search(text[max(0, start - 30) : start]) and re.match(
        r"\s+(?:of|for|to|over|that|not)\b", after
    ):
        return True
    is_capital = normalize_name(text[start:end]) in _capital_keys()
    return is_capital and bool(_GOVERNMENT_NOUN.match(after))


@lru_cache(maxsize=1)
def _capital_keys() -> frozenset[str]:
    return frozenset(normalize_name(c) for c in capitals().values())


# "to take refuge in the nearby village of", "have fled to the town of", "were evacuated to",
# "headed toward": where people went to escape or were sent, not where the happening was.
_DESTINATION = re.compile(
    r"\b(?:(?:take|takes|took|taken|taking|seek|seeks|sought|seeking|find|found|finding)\s+"
    r"(?:refuge|shelter|sanctuary)(?:\s+[\w-]+){0,2}?\s+(?:in|at)"
    r"|(?:fled|flee|flees|fleeing|displaced|evacuated|relocated|head(?:ed|ing)?|"
    r"escaped)(?:\s+[\w-]+){0,2}?\s+(?:to|towards?|for)(?!\s+(?:the\s+)?(?:safety|hills))"
    r")\s+(?:the\s+|a\s+)?(?:(?:nearby|neighbou?ring|safer|relative\s+safety\s+of)\s+)?"
    r"(?:(?:town|city|village|capital|camp|area|region)\s+of\s+)?$",
    re.I,
)


def destination(text: str, start: int, floor: int) -> bool:
    """Is the name at `start` where people fled or were sent ("fled to the town of X")?"""
    return bool(_DESTINATION.search(text[max(floor, start - 80) : start]))


def not_event_place(text: str, start: int, end: int, sentence_start: int) -> tuple[str, str]:
    """(kind, reason) when the name at text[start:end] is no event place; ("", "") else.
    Kinds: dateline, byline, passing (where something was said, where people fled to), metonym,
    origin."""
    if dateline_city(text, start, end):
        return "dateline", "the dateline: where the report was filed"
    line_start = text.rfind("\n", 0, start) + 1
    if _BYLINE_LINE.match(text, line_start) and start - line_start < 120:
        return "byline", "a byline: where the reporter is"
    before = text[max(sentence_start, start - 80) : start]
    if _BYLINE_CREDIT.search(text[max(0, start - 120) : start]):
        return "byline", "a reporting credit"
    if _spoken_at(before) or _officials_in_capital(text, start, end):
        return "passing", "where something was said, not where it happened"
    if _metonym(text, start, end):
        return "metonym", "the place stands for its government (a metonym)"
    if _origin(before):
        return "origin", "where forces came from, not where they struck"
    if destination(text, start, sentence_start):
        return "passing", "where people fled or were sent, not where it happened"
    if _BORDER_OF.search(before):
        return "passing", "the neighbour whose border it happened near, not where it happened"
    return "", ""


# "The clashes took place near the provincial borders of Taez", "close to the border with
# Mali": the place across the border is a reference point; the event is on this side of it.
_BORDER_OF = re.compile(
    r"\b(?:near|close\s+to|along|on|at|by|not\s+far\s+from)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:border|borders|frontier|boundary|boundaries)\s+(?:of|with)\s+(?:the\s+)?$",
    re.I,
)
