"""Places the gazetteer lacks as written, named in a locative phrase ("in the village of X",
"X town", "attacked ... on X", "near X"): kept as unknown places, so their events are drafted
unlocated for a curator, or found under another romanisation in the report's countries
(`unknown_places_resolve`). The pipeline runs this after places.py's scan."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from events.domain.countries import continent_of, country_of
from events.domain.vocabulary import EXACT
from events.geo.gazetteer import Gazetteer, GazetteerEntry
from events.ingest.places import PlaceMention
from events.ingest.places_candidates import (
    ADMIN_WORD,
    ORGANISATION_HEADS,
    STOP_WORDS,
    SpanSet,
    generic_name,
    too_big_for,
)
from events.ingest.places_false import destination
from events.ingest.text import Sentence

__all__ = ["unknown_places_resolve", "unknown_places_scan"]

# The Arabic article inside a place's name, hyphenated or not ("Wad al Noora", "Ras al-Ain",
# "Dar es Salaam"); "as" and "at" only hyphenated, being English words too.
_ARTICLE = r"(?:(?:al|el|ad|ar|as|ash|az|ez|an|at)-|(?:al|el|ad|ar|ash|az|ez|es|ed|an)\s+)"
_WORD = rf"{_ARTICLE}?[A-Z][a-z][\w'-]*"
_NAME = rf"{_ARTICLE}?[A-Z][\w'-]*(?:\s+{_ARTICLE}?[A-Z][\w'-]*){{0,2}}"
_UNKNOWN_PLACE = re.compile(
    r"\b(?P<kind>village|town|hamlet|neighbou?rhood|district|suburb|settlement|camp|area|"
    r"locality|commune|community|municipality|township|outskirts)\s+of\s+"
    rf"(?P<name>{_NAME})"
    # "a nearby town, Barire, south-west of the capital": the name in apposition to a kind.
    r"|\b(?:a|an|the)\s+(?:[\w-]+\s+)?(?P<kind8>town|village|hamlet|camp|settlement),\s+"
    rf"(?P<name8>{_WORD}(?:\s+{_WORD})?)"
    r"(?=\s*[,.;]|\s+(?:in|near|on|at|south|north|east|west|south-west|north-west|"
    r"south-east|north-east)\b)"
    # "the villages of Nsangue and Tambuzi", "the towns of A, B and C": a place each.
    r"|\b(?P<kind6>villages|towns|hamlets|settlements|camps)\s+of\s+"
    rf"(?P<name6>{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME}){{0,8}})"
    # not "the towns of Borno and Adamawa states"
    r"(?![\w'-])(?!\s+(?:states|provinces|regions|districts|governorates|counties)\b)"
    # "the Khakrez district", "in Mir Ali area of", "Farah's Khak-e-Safad district", "the
    # El-Salin military base", "Tambuzi and Quifuque islands": a place by the kind of place
    # written after it.
    # A list before a kind in the plural ("the Dantakuri, Tsayau, Barza and Zakka villages",
    # "Kanbalu township's Thin Taw, Zaw Chaung, and Ma Gyi Kone villages") names each place.
    r"|\b(?P<name2>[A-Z][\w'-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'-]*){0,2}"
    r"(?:,\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}){0,8}"
    r"(?:,?\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})?)[\u201d\"]?\s+"
    # The kind capitalised too, as part of the name ("Akobo County", "Rathedaung Township"),
    # and a post named for its place ("the Thazin Myaing police outpost").
    r"(?P<kind2>(?i:villages?|towns?|township|camp|districts?|area|county|islands?|"
    r"tribal\s+agency|"
    r"(?:military\s+|army\s+)?(?:base|camp))|(?:police\s+|military\s+|army\s+|border\s+guard\s+)"
    r"(?:outpost|post|checkpoint|station)|outpost|checkpoint)\b"
    # "near Kahtaniya", "outside Elbe", "in nearby Nagre": a place by its cue alone (not "in
    # X": "in Congress").
    rf"|\b(?P<kind4>near|outside|nearby)\s+(?P<name4>{_ARTICLE}?[A-Z][a-z][\w'-]*"
    rf"(?:\s+{_ARTICLE}?[A-Z][a-z][\w'-]*){{0,1}})(?=\s*[,.;]|\s+(?:in|on|and|of|at)\b)"
    # "in Usterzai, near the town of Kohat", "in Namsiguia, in the Centre-nord region", "in
    # Puerto Jordan, a small town in", "in Calugo and Ulo, in Mocimboa da Praia district": "in
    # X" (or "in X and Y") where the words after it say X is a place.
    # Also "at X": "At Umerasakulam in Mannar district", "in Juer in the Alabek payam".
    rf"|\b(?:[Ii]n|[Aa]t)\s+(?P<name5>{_WORD}(?:\s+{_WORD})?(?:\s+and\s+{_WORD}(?:\s+{_WORD})?)?)"
    r"(?=,?\s+(?:near|in)\s+the\s+(?:town|city|village|district)\b"
    r"|,?\s+(?:near|in)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}(?:region|province|state|district|"
    r"county|payam|department|municipality)\b"
    r"|,\s+an?\s+(?:small\s+|remote\s+|nearby\s+)?(?:town|village|city|district|community|"
    r"locality)\b"
    # "in Soumpi, Timbuktu region", "in Boni, central Mali": the province or the part of a
    # country it lies in, in apposition.
    r"|,\s+(?:[A-Z][\w'-]*\s+){1,3}(?:region|province|state|district|governorate|oblast)\b"
    r"|,\s+(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western)\s+[A-Z])"
    # "at Elasha Biyaha, about 20 kilometers west of Mogadishu": a place by its distance.
    rf"|\b(?:at|in|near)\s+(?P<name9>{_WORD}(?:\s+{_WORD}){{0,2}})(?=,?\s+(?:about\s+|some\s+|"
    r"around\s+|roughly\s+|nearly\s+|approximately\s+)?\d+\s*(?:km|kilomet(?:er|re)s|miles)\b)"
)
_AND = re.compile(r",?\s+and\s+|,\s*")
# A possessive before the name is the place it lies in ("Farah's Khak-e-Safad district").
_POSSESSIVE = re.compile(r"^.*['\u2019]s\s+")
# "the Nowgam area of Srinagar city": a neighbourhood, coded at its city the gazetteer has.
_OF_PLACE = re.compile(r"\s+of\s+")


def _no_town(name: str) -> bool:
    """A common word, a country, a province ("Borno State": the gazetteer's to know) or an
    organisation ("the African Union base": whose base, not where)."""
    return (
        name.lower() in STOP_WORDS
        or bool(country_of(name))
        or _ADMIN_NAME.search(name) is not None
        or name.split()[-1].lower() in ORGANISATION_HEADS
    )


def _part_of_known_town(text: str, end: int, known: list[PlaceMention]) -> bool:
    """Is the name at `end` followed by "area of"/"district of" a town the gazetteer has?"""
    m = _OF_PLACE.match(text, end)
    if m is None:
        return False
    town = next((p for p in known if p.start == m.end()), None)
    return town is not None and town.entry is not None and town.entry.kind != "admin1"


# "fighters struck before dawn Monday on Nampala": where an attack landed. Apart from the
# pattern above, so that "attacked the village of X in Afghanistan" still finds the village.
_LANDED_ON = re.compile(
    r"\b(?P<kind3>struck|attacked|stormed|raided|shelled|bombed|ambushed|overran|overrun|"
    r"killed|shot\s+dead|gunned\s+down|abducted|kidnapped|massacred|torched|looted)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:on|in|near|outside|at)\s+"
    r"(?P<name3>(?:(?:al|el)-)?[A-Z][a-z][\w'-]*(?:\s+(?:(?:al|el)-)?[A-Z][a-z][\w'-]*){0,1})"
    r"(?=\s*[,.;]|\s+(?:on|in|and|late|early|overnight)\b)"
)


_ADMIN_NAME = re.compile(rf"\b(?:{ADMIN_WORD}|district)$", re.I)
# How close a name written as a village or town must be to one of the gazetteer's, in the
# report's own countries, to be that place ("Qaser Bin Ghashir": Qaşr Bin Ghashīr, 97).
UNKNOWN_FUZZY_SCORE = 94.0


def unknown_places_resolve(
    found: list[PlaceMention],
    gazetteer: Gazetteer,
    countries: list[str],
    stray: Callable[[GazetteerEntry, str], str] | None = None,
) -> list[PlaceMention]:
    """A place named as a village or a town that the gazetteer lacks as written may be one it
    has under another romanisation ("Dasht-e-Arch", "Dasht-e Archī"): by its skeleton, then
    fuzzily, in the report's own countries only, unless `stray` (the place scan's) finds the
    guess far from the provinces and places the report names; otherwise it stays unlocated.
    The countries searched are those on the main country's continent: a second country of
    the report's elsewhere is one it mentions in passing, not where its villages are."""
    if not countries:
        return found
    countries = [c for c in countries if continent_of(c) == continent_of(countries[0])]
    out = []
    for p in found:
        if generic_name(p.text):
            out.append(p)
            continue
        entries = gazetteer.by_skeleton(p.text, countries)
        how = "skeleton"
        if not entries:
            close = [
                (e, s) for e, s in gazetteer.fuzzy(p.text, countries) if s >= UNKNOWN_FUZZY_SCORE
            ]
            entries, how = [e for e, _ in close[:1]], "fuzzy"
        if (
            len(entries) != 1
            or (stray and stray(entries[0], how))
            or too_big_for(p.cue, entries[0])
        ):
            # none, namesakes the text cannot choose between, one where it cannot be, or a
            # town far larger than the kind of place the report calls it (the "LALA" camp is
            # no Kananga, the village of Noaka no Nioko I of 65,000 people)
            out.append(p)
            continue
        entry = entries[0]
        why = [
            f"gazetteer ({how}): {entry.name} ({entry.country_code}), written {p.text!r}",
            f"named as a {p.cue}, in the report's countries ({', '.join(countries)})",
        ]
        out.append(replace(p, entry=entry, why=why))
    return out


def _cue(m: re.Match[str]) -> tuple[str, list[str]]:
    """The kind of place the words around a name make it, and why."""
    named = m.groupdict()
    kind = (
        named.get("kind") or named.get("kind2") or named.get("kind6") or named.get("kind8")
        or "place"
    )  # fmt: skip
    kind = kind[:-1] if named.get("kind6") else kind  # "villages of A and B": each a village
    if named.get("kind4"):
        kind = f"place {named['kind4']} which it happened"
    elif named.get("name5"):
        kind = "place the words after it describe"
    elif named.get("name9"):
        kind = "place the report gives a distance from"
    article = "an" if kind[0] in "aeiou" else "a"
    what = f"{article} {kind}" if kind != "place" else f"where the report says it was {m['kind3']}"
    return kind, [f"named as {what}, not in the gazetteer: left for a curator to place"]


def unknown_places_scan(
    text: str,
    sentences: list[Sentence],
    known: list[PlaceMention],
    blocked: list[tuple[int, int]],
) -> list[PlaceMention]:
    """Places named in a locative phrase ("in the village of X") that the gazetteer lacks."""
    found = []
    known_spans = SpanSet((p.start, p.end) for p in known)
    taken = SpanSet(blocked)
    for sentence in sentences:
        here: list[tuple[int, int]] = []  # this sentence's, found by either pattern
        matches = [
            *_UNKNOWN_PLACE.finditer(text, sentence.start, sentence.end),
            *_LANDED_ON.finditer(text, sentence.start, sentence.end),
        ]
        for m in matches:
            group = next(
                g
                for g in ("name", "name2", "name3", "name4", "name5", "name6", "name8", "name9")
                if m.groupdict().get(g)
            )
            start, end, name = _match_name(m, group)
            listed = group in {"name2", "name5", "name6"} and _AND.search(name) is not None
            # A list is checked name by name: one of them may be a place already found.
            if not listed and (taken.overlaps(start, end) or known_spans.overlaps(start, end)):
                continue
            if any(start < b and a < end for a, b in here):
                continue
            if destination(text, start, sentence.start):
                continue  # "fled to the town of X": where people went, not where it happened
            if _no_town(name) or (
                m.groupdict().get("kind2") and _part_of_known_town(text, m.end(), known)
            ):
                continue
            kind, why = _cue(m)
            if not listed and m.groupdict().get("kind2") and m["kind2"][0].isupper():
                # "Akobo County", "Rathedaung Township": the kind is part of the name.
                end = m.end("kind2")
                name = text[start:end]
            # "in Calugo and Ulo": two places, listed together (one event each, as ACLED codes).
            for part in _parts(name) if listed else [name]:
                at = text.index(part, start)
                if not known_spans.overlaps(at, at + len(part)) and not taken.overlaps(
                    at, at + len(part)
                ):
                    found.append(
                        PlaceMention(
                            at, at + len(part), part, sentence.index, None, EXACT, kind, why
                        )
                    )
            here.append((start, end))
    return sorted(found + _repeats(text, sentences, found, known_spans, taken), key=_start)


def _match_name(m: re.Match[str], group: str) -> tuple[int, int, str]:
    """The name a match found, its start and end: after a possessive ("Farah's X district":
    X), and only the last of a comma list before a kind in the singular ("On Sunday, Zakka
    village": Zakka), as only a plural kind lists places."""
    start, end, name = m.start(group), m.end(group), m.group(group)
    owner = _POSSESSIVE.match(name)
    if owner:
        start, name = start + owner.end(), name[owner.end() :]
    kind = m.groupdict().get("kind2") or m.groupdict().get("kind6") or ""
    if "," in name and not kind.lower().endswith("s"):
        cut = name.rindex(",") + 1
        cut += len(name[cut:]) - len(name[cut:].lstrip())
        start, name = start + cut, name[cut:]
    return start, end, name


def _parts(name: str) -> list[str]:
    """The places of a list ("A, B and C"), without a part that opens with a common word."""
    return [p for p in _AND.split(name) if p.split()[0].lower() not in STOP_WORDS]


def _start(p: PlaceMention) -> int:
    return p.start


def _repeats(
    text: str,
    sentences: list[Sentence],
    found: list[PlaceMention],
    known: SpanSet,
    taken: SpanSet,
) -> list[PlaceMention]:
    """A name the report once calls a place ("in North Waziristan tribal agency") is that place
    wherever else a locative preposition introduces it ("... with security forces in North
    Waziristan"): one name, one place, within a report."""
    first: dict[str, PlaceMention] = {}
    for p in sorted(found, key=_start):
        first.setdefault(p.text, p)
    if not first:
        return []
    spans = {(p.start, p.end) for p in found}
    names = "|".join(re.escape(n) for n in sorted(first, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:in|at|near|outside|around|inside)\s+(?:{names})(?![\w-])(?!\s+[A-Z])"
    )
    starts = [s.start for s in sentences]
    out = []
    for m in pattern.finditer(text):
        name = m.group().split(None, 1)[1]
        start, end = m.end() - len(name), m.end()
        if (start, end) in spans or known.overlaps(start, end) or taken.overlaps(start, end):
            continue
        origin = first[name]
        sentence = bisect_right(starts, start) - 1
        why = [*origin.why[:1], f"named so in sentence {origin.sentence} of the report"]
        out.append(PlaceMention(start, end, name, sentence, None, EXACT, origin.cue, why))
    return out
