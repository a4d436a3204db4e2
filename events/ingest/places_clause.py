"""Which of a clause's places is its happening's: the rules about how wire copy writes where
something happened, beside the places it names for other reasons (mentions.py asks them).

- A place in a speaker's title is the office, not the scene: "Katsina state police spokesman
  Gambo Isah said", "Jean Lenga, chief of Bahema Badjere district, said militiamen massacred
  ... in the middle of the camp"; when the clause speaks of a village or a camp of its own, the
  happening is there.
- A clause coordinated after the trigger with a subject of its own tells something else: "...
  shot down drones overnight, and European leaders gathered in Berlin" did not shoot anything
  down in Berlin.
- A village written with the district it lies in is the finer place: "gunmen invaded Zakka
  village in Safana district early Monday, kidnapping six" happened at Zakka.
- "Kanbalu township's Thin Taw, ... villages": the villages, not the township that owns them.
- "killed 22 civilians in a village held by the Islamic State group in eastern Syria. The
  civilians were from two families in the village of Hojna": the village the next sentences
  name is the one the clause spoke of.
"""

from __future__ import annotations

import re

from events.ingest.places import CountryMention, PlaceMention
from events.ingest.roles import COORDINATED

__all__ = [
    "OWNER_GAP",
    "abroad_after",
    "city_of_part",
    "indefinite_kind",
    "listed_before",
    "new_subject_at",
    "speaks_of_unnamed_place",
    "title_place",
    "town_in_district",
]

_TITLE_NOUN = (
    r"(?:spokes(?:man|woman|person)|governor|commissioner|chief|administrator|official|mayor|"
    r"chairman|chairperson|lawmaker|legislator|councill?or|head|prefect)"
)
# "Katsina state police spokesman", "Darfur Governor", "the Sinnar state health official".
_TITLE_AFTER = re.compile(  # matched at the name's end (no "^": a match from an offset)
    r"\s+(?:(?:state|provincial|regional|district|county|local|municipal|city|area|zonal)\s+)?"
    r"(?:(?:police|army|military|government|health|security|council|administration)\s+)?"
    rf"{_TITLE_NOUN}\b",
    re.I,
)
# "chief of Bahema Badjere district", "the governor of the state of".
_TITLE_BEFORE = re.compile(
    rf"\b{_TITLE_NOUN}\s+(?:of|for)\s+(?:the\s+)?(?:(?:state|province|region|district)\s+of\s+)?$",
    re.I,
)
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|confirmed|added|stated|reported|announced|explained)\b", re.I
)


def title_place(text: str, place: PlaceMention, sentence_end: int) -> bool:
    """Does the place name a speaker's office ("X state police spokesman ... said")?"""
    titled = _TITLE_AFTER.match(text, place.end) or _TITLE_BEFORE.search(
        text, max(0, place.start - 40), place.start
    )
    return titled is not None and _REPORTING.search(text, place.end, sentence_end) is not None


# "stormed into a farming village", "in the middle of the camp": a place the clause speaks of,
# named elsewhere or not at all.
_UNNAMED_PLACE = re.compile(
    r"\b(?:a|an|the|that|this)\s+(?:[\w-]+\s+){0,2}?(?:village|camp|hamlet|settlement)s?\b"
    # not "the village head", "the camp's chairman": a person
    r"(?!\s+of\b|\s+(?:heads?|chiefs?|elders?|leaders?|council|chairman|officials?)\b|['\u2019])",
    re.I,
)


def speaks_of_unnamed_place(text: str, start: int, end: int) -> bool:
    return _UNNAMED_PLACE.search(text, start, end) is not None


# ", and European leaders gathered in": a new subject (no verb straight after the conjunction,
# no place word: ", and in Homs" goes on with the same happening), then its verb.
_NEW_SUBJECT = re.compile(
    r",\s*(?:and|but|while|whereas)\s+"
    r"(?!(?:in|at|near|on|to|from|the\s+(?:village|town|city|district|province|region))\b)"
    r"(?![a-z]+(?:ed|ing)\b)"
    r"(?:[\w'-]+\s+){1,3}?"
    r"(?:[a-z]+ed|met|said|says|held|went|came|fled|began|sat|spoke|told|were|was|have|has)\b"
)


def new_subject_at(text: str, start: int, end: int) -> int:
    """Where, between `start` and `end`, a coordinated clause with its own subject begins (or
    `end`): the places after it are that clause's."""
    m = _NEW_SUBJECT.search(text, start, end)
    return m.start() if m else end


# "Zakka village in Safana district", "Zakka, in the Safana district": a village, then the
# district it lies in.
_VILLAGE_IN = re.compile(r"^\s+(?:village|town|hamlet|settlement)s?\s*,?\s+in\s+(?:the\s+)?$", re.I)
_COMMA_IN = re.compile(r"^\s*,?\s+in\s+(?:the\s+)?$", re.I)
_DISTRICT_AFTER = re.compile(
    r"\s+(?:district|sub-district|township|county|municipality|local\s+government|"
    r"commune|division|tehsil|zone)\b",
    re.I,
)


def town_in_district(text: str, town: PlaceMention, district: PlaceMention) -> bool:
    """Is `town` written as lying in `district`, the place named right after it?"""
    gap = text[town.end : district.start]
    if _VILLAGE_IN.match(gap):
        return True
    in_district = _DISTRICT_AFTER.match(text, district.end) is not None
    return in_district and _COMMA_IN.match(gap) is not None


# "Kanbalu township's ", "Farah's ": the place before owns the one after it.
OWNER_GAP = re.compile(
    r"^(?:\s+(?:township|district|county|province|region|state|municipality|city))?"
    r"['\u2019]s\s+$",
    re.I,
)


# "in a village held by the Islamic State group", "a remote camp", "one of the last villages
# still held by": a place the clause does not name (yet).
_A_PLACE = re.compile(
    r"\b(?:a|an|one\s+of\s+the(?:\s+[\w-]+){0,3}?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<kind>village|town|camp|hamlet|settlement)s?\b(?!\s+of\b)",
    re.I,
)


def indefinite_kind(text: str, start: int, end: int) -> str:
    """The kind of place ("village") an indefinite phrase between start and end speaks of."""
    m = _A_PLACE.search(text, start, end)
    return m["kind"].lower() if m else ""


# "in Qiyara neighborhood, which is part of ... Sadr district in eastern Baghdad": a part of a
# city, coded at the city (as ACLED codes a city's neighbourhoods), whatever town elsewhere
# bears its name.
_PART_WORD = re.compile(r"\s+(?:neighbou?rhood|quarter|suburb)\b", re.I)
_IN_CITY = re.compile(
    r"\b(?:in|of)\s+(?:the\s+)?(?:(?:central|eastern|western|northern|southern|north-?eastern|"
    r"north-?western|south-?eastern|south-?western)\s+)?(?:(?:city|capital)\s+(?:of\s+)?)?$",
    re.I,
)
PART_OF_CITY_GAP = 100  # characters from the neighbourhood's name to its city's


def city_of_part(text: str, part: PlaceMention, later: list[PlaceMention]) -> PlaceMention | None:
    """The city a place written as a neighbourhood is said to be in, among the places after it
    (the largest: "part of ... Sadr district in eastern Baghdad" is Baghdad's)."""
    if _PART_WORD.match(text, part.end) is None:
        return None
    cities = []
    for city in later:
        gap = text[part.end : city.start]
        if len(gap) > PART_OF_CITY_GAP or "." in gap:
            break
        if city.entry is not None and city.entry.kind != "admin1" and _IN_CITY.search(gap):
            cities.append((city.entry.population, city))
    return max(cities, key=lambda c: c[0])[1] if cities else None


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def listed_before(text: str, before: list[PlaceMention]) -> list[PlaceMention]:
    """The places coordinated together that end right before the trigger ("bombarding A and B
    villages with airstrikes": A and B), or [] (one place, or "between A and B")."""
    run = [before[-1]]
    for a in reversed(before[:-1]):
        if not COORDINATED.match(text[a.end : run[0].start]):
            break
        run.insert(0, a)
    if len(run) < 2 or _BETWEEN.search(text, max(0, run[0].start - 40), run[0].start):
        return []
    return run


def abroad_after(
    countries: list[CountryMention], place: PlaceMention, start: int, end: int
) -> bool:
    """Is a country other than the place's named as where it happened between start and end
    ("Sanaa has been held by ..., and ... drone attacks against a pipeline in Saudi Arabia")?"""
    return any(
        start <= c.start < end and c.cue in {"in", "inside", "across", "throughout"}
        and place.country_code and c.iso != place.country_code
        for c in countries
    )  # fmt: skip
