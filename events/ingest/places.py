"""Place names in a report, found in the gazetteer behind our geopy geocoder.

Every run of capitalised words (Arabic-article forms such as "al-Bab" and "ez-Zor" count as
capitalised) is looked up, longest first, by `normalize_name` in the gazetteer's index, so
"Dayr al-Zawr", "Deir ez-Zor" and "Tadmur" meet their GeoNames rows. Words that are also towns
somewhere ("Most", "Of", "Press", "Union") are kept out by demanding real capitalisation, a stop
list of common words, names the actor registry knows ("Moscow says", "Washington's refusal"),
organisation names ("Russian Defense Ministry", "UN Security Council", "Iran Press TV") and
person names ("Vladimir Putin"). Candidates are ranked towards the countries the report names.
A place named in a locative phrase but missing from the gazetteer ("the village of X") is kept
as an unknown place, so its event is drafted unlocated rather than dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from events.domain.countries import context_countries, country_of, is_country_name
from events.domain.names import normalize_name
from events.domain.vocabulary import EXACT, NEAR
from events.geo.gazetteer import Gazetteer, GazetteerEntry
from events.ingest.text import Sentence, Token

# Common English words that are also the name of some town in GeoNames, and words that start
# sentences and headlines. A single word from this list is never taken for a place.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just me
    more most my no nor not now of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yet still even though although however meanwhile moreover also earlier later today tonight
    yesterday tomorrow now since ago last next first second third new old great good bad best
    biggest largest big large small long high low early late major minor main central eastern
    western northern southern east west north south northeast northwest southeast southwest
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue wed thu fri sat sun week month year day days morning evening night
    president minister prime general lieutenant colonel major captain sergeant commander chief
    sheikh king prince queen emir pope mr mrs ms dr sir lord spokesman spokeswoman official
    officials leader leaders governor mayor ambassador envoy secretary senator deputy director
    army air force forces navy military police security council ministry defense defence staff
    government regime opposition rebels rebel militants militia troops soldiers fighters group
    union party front state states republic kingdom federation alliance coalition nato un eu
    press tv news agency media report reports reported says said told according statement
    join read more click subscribe share watch live video photo photos home page contact
    mass weapons destruction network career jobs intelligence cleared
    operation shield storm dawn spring victory peace hope freedom liberty justice unity
    independence democracy progress union liberty eagle lion star sun moon river lake mountain
    valley bay port city town village province district region area border capital island
    islands coast gulf sea ocean desert airport base camp center centre market square road street
    bridge station hospital school university mosque church palace hall tower gate dam
    war battle attack attacks strike strikes killed dead death deaths people civilians children
    women men man woman family home house land water fire oil gas power energy money time world
    life hand part place case point number way fact work business service office level line
    side head body face name word order rule law court trial prison camp aid help support care
    media social public private national international local global regional federal royal
    human rights humanitarian relief refugee refugees crisis conflict ceasefire truce talks deal
    agreement memorandum accord summit meeting conference session plan program programme project
    us we our ours they them he she it i me you your yours its mine
    bad good nice fine ok okay yes no none all any every each many much few several various
    faith grace love unity trust charity providence concord harmony felicity prosperity
    liberty victoria paradise eden hope glory arab arabs kurdish kurds western eastern islamic
    muslim muslims christian christians sunni shia shiite alawite druze turkmen european african
    asian latin gulf""".split()
)
# Words after a place name that keep it a place ("Idlib province", "Raqqa Governorate").
GEO_WORDS = frozenset(
    """province governorate city town district countryside region area outskirts suburbs airport
    airbase base dam valley plain plains mountains mountain river desert crossing border""".split()
)
# Words ending an organisation's name: its other words are not places.
ORGANISATION_HEADS = frozenset(
    """ministry council staff tv news agency press committee commission organization organisation
    observatory department party network times post channel radio corporation company bank
    institute foundation office command coalition alliance union""".split()
)
TITLES = frozenset(
    """president minister prime general lieutenant colonel major captain sergeant commander chief
    sheikh king prince queen emir pope mr mrs ms dr sir lord spokesman secretary senator governor
    mayor ambassador envoy foreign defense defence deputy director brigadier admiral marshal
    ayatollah imam""".split()
)
# Words before a name that say it is a place.
LOCATIVE_CUES = frozenset(
    """in near at around outside inside from into to toward towards across within throughout
    capital city town village province district region area countryside outskirts suburbs
    governorate north south east west northeast northwest southeast southwest north-east
    north-west south-east south-west""".split()
)
NEAR_CUES = frozenset("near around outside outskirts countryside area suburbs vicinity".split())
STRONG_PREPOSITIONS = frozenset(
    "in near at around outside inside into to from across throughout".split()
)
ARTICLE_WORDS = frozenset("al el ad ar as ash az ez an at ath adh ed es er de del".split())
# A foreign town of fewer people needs a locative cue before it to be believed.
FOREIGN_MIN_POPULATION = 15000
MAX_NAME_TOKENS = 4


@dataclass
class CountryMention:
    start: int
    end: int
    text: str
    iso: str
    cue: str = ""  # "in", "inside", "across"...: the country is where something happens


@dataclass
class PlaceMention:
    """A place as the report writes it, and what the gazetteer made of it."""

    start: int
    end: int
    text: str
    sentence: int
    entry: GazetteerEntry | None  # None: a place the gazetteer lacks, kept for the curator
    precision: int = EXACT
    cue: str = ""
    why: list[str] = field(default_factory=list)
    anchor: bool = False  # the reference point of "40 km northeast of X"

    @property
    def country_code(self) -> str:
        return self.entry.country_code if self.entry else ""

    @property
    def name(self) -> str:
        return self.entry.name if self.entry else self.text

    def as_dict(self) -> dict:
        data = {"text": self.text, "start": self.start, "end": self.end, "why": self.why}
        if self.entry:
            data |= {
                "name": self.entry.name,
                "geonames_id": self.entry.geonames_id,
                "latitude": self.entry.latitude,
                "longitude": self.entry.longitude,
                "country_code": self.entry.country_code,
            }
        return data


@dataclass
class PlaceScan:
    places: list[PlaceMention]
    countries: list[CountryMention]
    rejected: list[dict]
    context: list[str] = field(default_factory=list)


def _name_token(token: Token) -> bool:
    """Can this token be part of a name? Acronyms (NATO, UN, JOIN) are not places."""
    if token.text.isupper() and len(token.text) <= 4:
        return False
    return token.is_capitalised


def _joined(text: str, a: Token, b: Token) -> bool:
    """Are two tokens adjacent words of one name (only spaces between, no line break)?"""
    gap = text[a.end : b.start]
    return gap.strip(" ") == "" and len(gap) <= 2


def _runs(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens (article words allowed inside), as token index ranges."""
    runs = []
    i = 0
    while i < len(tokens):
        if not _name_token(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _joined(text, tokens[j], tokens[j + 1]):
            nxt = tokens[j + 1]
            if _name_token(nxt):
                j += 1
            elif (
                nxt.text.lower() in ARTICLE_WORDS
                and j + 2 < len(tokens)
                and _name_token(tokens[j + 2])
                and _joined(text, nxt, tokens[j + 2])
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j + 1
    return runs


def cue_before(text: str, start: int, floor: int) -> str:
    """The locative word among the words before `start` ("around the city of" -> around), or ""."""
    words = re.findall(r"[\w'-]+", text[max(floor, start - 60) : start].lower())
    if text[max(floor, start - 3) : start].rstrip().endswith("'s"):
        return "'s"
    near = [w for w in words[-5:] if w in NEAR_CUES]
    if near:
        return near[-1]
    for word in reversed(words[-3:]):
        if word in LOCATIVE_CUES:
            return word
    return ""


def preposition_before(text: str, start: int, floor: int) -> str:
    """The preposition directly before a name ("in Moscow", "in the Kazakh capital")."""
    words = re.findall(r"[\w'-]+", text[max(floor, start - 30) : start].lower())
    words = [w for w in words if w != "the"]
    return words[-1] if words and words[-1] in STRONG_PREPOSITIONS else ""


def common_word(word: str, lowercase_words: set[str]) -> bool:
    key = word.lower()
    return key in STOP_WORDS or key in lowercase_words


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _rank(gazetteer: Gazetteer, name: str, context: list[str]) -> tuple[GazetteerEntry, str] | None:
    ranked = gazetteer.rank(name, context)
    if not ranked:
        return None
    order = {iso: i for i, iso in enumerate(context)}
    entry, why = min(
        ranked,
        key=lambda pair: (order.get(pair[0].country_code, len(order)), -pair[0].population),
    )
    # A world city outweighs a small namesake in a country the report happens to name
    # (Geneva, Switzerland over Geneva, Illinois in a report that mentions the United States).
    largest, largest_why = max(ranked, key=lambda pair: pair[0].population)
    if largest.population >= 100_000 and largest.population >= 5 * entry.population:
        return largest, largest_why + "; far larger than its namesakes"
    return entry, why


class _Candidate(NamedTuple):
    """A name the gazetteer has, not yet ranked against the report's countries."""

    sentence: Sentence
    start: int
    end: int
    text: str
    cue: str


@dataclass
class _NameScan:
    """A report's runs of name tokens, sorted into countries, place candidates and names
    rejected (with the reason, for the curator)."""

    text: str
    gazetteer: Gazetteer
    blocked: list[tuple[int, int]]
    alias_spans: list[tuple[int, int]]
    lowercase_words: set[str]
    candidates: list[_Candidate] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def scan_run(self, sentence: Sentence, run: list[Token]) -> None:
        words = [t.text.lower() for t in run]
        # Organisation names: none of their words is a place (Iran Press TV, General Staff).
        if words[-1] in ORGANISATION_HEADS and len(run) > 1:
            span = self.text[run[0].start : run[-1].end]
            self.rejected.append({"text": span, "why": "organisation"})
            return
        i = 0
        while i < len(run):
            match = self._longest_name(run, i)
            if match is None:
                i += 1
                continue
            kind, n, value = match
            if kind == "country":
                self._country(sentence, run[i], run[i + n - 1], value)
            else:
                self._candidate(sentence, run, i, n)
            i += n

    def _longest_name(self, run: list[Token], i: int) -> tuple[str, int, str] | None:
        """The longest name from token i: ("country", tokens, ISO code) for a country,
        ("place", tokens, text) for a name in the gazetteer, else None."""
        for n in range(min(MAX_NAME_TOKENS, len(run) - i), 0, -1):
            a, b = run[i], run[i + n - 1]
            if not _name_token(b):
                continue
            span = self.text[a.start : b.end]
            iso = country_of(span)
            if iso:
                return ("country", n, iso)
            if normalize_name(span) in self.gazetteer.index:
                return ("place", n, span)
        return None

    def _country(self, sentence: Sentence, a: Token, b: Token, iso: str) -> None:
        if _covered(a.start, b.end, self.blocked):
            return
        span = self.text[a.start : b.end]
        where = (
            preposition_before(self.text, a.start, sentence.start) if is_country_name(span) else ""
        )
        self.countries.append(CountryMention(a.start, b.end, span, iso, where))

    def _candidate(self, sentence: Sentence, run: list[Token], i: int, n: int) -> None:
        a, b = run[i], run[i + n - 1]
        span = self.text[a.start : b.end]
        others = [t.text.lower() for t in run[:i] + run[i + n :]]
        others = [w for w in others if w not in STOP_WORDS or w in GEO_WORDS]
        reason = self._rejection(sentence, a, b, others, single=n == 1)
        if reason:
            self.rejected.append({"text": span, "why": reason})
            return
        cue = cue_before(self.text, a.start, sentence.start)
        self.candidates.append(_Candidate(sentence, a.start, b.end, span, cue))

    def _rejection(
        self, sentence: Sentence, a: Token, b: Token, others: list[str], *, single: bool
    ) -> str:
        """Why a gazetteer name here is no place, or "" when it may be one."""
        text = self.text
        if _covered(a.start, b.end, self.blocked):
            return "date or organisation words"
        if _covered(a.start, b.end, self.alias_spans) and not preposition_before(
            text, a.start, sentence.start
        ):
            return "an actor's name (e.g. a capital standing for its government)"
        if single and common_word(text[a.start : b.end], self.lowercase_words):
            return "a common word"
        if others and not all(w in GEO_WORDS for w in others):
            return "part of a longer name that is no place"
        if re.match(r"\s+time\b", text[b.end : b.end + 6]):
            return "a time zone (Damascus time)"
        return ""


def _report_countries(
    gazetteer: Gazetteer, countries: list[CountryMention], candidates: list[_Candidate]
) -> list[str]:
    """The countries the report is about, the most telling first."""
    # Countries named as where things happen ("in Syria") first, then all named ones.
    located = context_countries([c.iso for c in countries if c.cue])
    context = located + [
        iso for iso in context_countries([c.iso for c in countries]) if iso not in located
    ]
    # Then the countries of places that are, in effect, in one country: a single candidate,
    # or a city ten times larger than any namesake ("New York", "Idlib").
    for candidate in candidates:
        found = sorted(gazetteer.candidates(candidate.text), key=lambda e: -e.population)
        dominant = len(found) == 1 or (
            found[0].population >= 100_000 and found[0].population >= 10 * found[1].population
        )
        if found and dominant and found[0].country_code not in context:
            context.append(found[0].country_code)
    return context


def _followed_by_country(
    text: str, candidates: list[_Candidate], countries: list[CountryMention]
) -> dict[int, str]:
    """ "Palmyra, Syria": a country right after a name says which one (by the name's start)."""
    followed = {}
    for candidate in candidates:
        end = candidate.end
        after = text[end : end + 40]
        for c in countries:
            if c.start - end <= 2 and c.start >= end and after.startswith(", "):
                followed[candidate.start] = c.iso
    return followed


def _foreign_refusal(entry: GazetteerEntry, cue: str, *, initial: bool) -> str:
    """Why a town outside the report's countries is not believed here, or "" when it is."""
    if initial and not cue:
        return "foreign, capitalised only as first word"
    if entry.population < FOREIGN_MIN_POPULATION and not cue:
        return "small foreign town without a locative cue"
    return ""


def _place(
    gazetteer: Gazetteer,
    candidate: _Candidate,
    context: list[str],
    followed: dict[int, str],
    rejected: list[dict],
) -> PlaceMention | None:
    """The candidate ranked towards the report's countries, or None (rejected, with why)."""
    sentence, start, end, span, cue = candidate
    hint = [followed[start]] if start in followed else []
    best = _rank(gazetteer, span, hint + [c for c in context if c not in hint])
    if best is None:
        return None
    entry, rank_why = best
    why = [f"gazetteer: {entry.name} ({entry.country_code}), {rank_why}"]
    if entry.country_code in context:
        why.append(f"in the report's countries ({','.join(context)})")
    else:
        refusal = _foreign_refusal(entry, cue, initial=start == sentence.start)
        if refusal:
            rejected.append({"text": span, "why": refusal})
            return None
        why.append(
            "outside the report's countries, but " + (f"after '{cue}'" if cue else "a large town")
        )
    precision = NEAR if cue in NEAR_CUES else EXACT
    return PlaceMention(start, end, span, sentence.index, entry, precision, cue, why)


def places_scan(
    text: str,
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    *,
    blocked: list[tuple[int, int]],
    alias_spans: list[tuple[int, int]],
    context: list[str] | None = None,
) -> PlaceScan:
    """Every place and country the report names. `context` orders candidates; when None it is
    taken from the countries found."""
    lowercase_words = {m.group() for m in re.finditer(r"\b[a-z]+\b", text)}
    names = _NameScan(text, gazetteer, blocked, alias_spans, lowercase_words)
    for sentence in sentences:
        tokens = sentence.tokens
        for first, last in _runs(text, tokens):
            names.scan_run(sentence, tokens[first : last + 1])
    if context is None:
        context = _report_countries(gazetteer, names.countries, names.candidates)
    followed = _followed_by_country(text, names.candidates, names.countries)
    places = [
        place
        for candidate in names.candidates
        if (place := _place(gazetteer, candidate, context, followed, names.rejected)) is not None
    ]
    return PlaceScan(places, names.countries, names.rejected, context)


_UNKNOWN_PLACE = re.compile(
    r"\b(?P<kind>village|town|hamlet|neighbou?rhood|district|suburb|settlement|camp)\s+of\s+"
    r"(?P<name>(?:(?:al|el|ad|ar|as|ash|az|ez|an|at)-)?[A-Z][\w'-]*"
    r"(?:\s+(?:(?:al|el|ad|ar|as|ash|az|ez|an|at)-)?[A-Z][\w'-]*){0,2})"
    r"|\b(?P<name2>[A-Z][\w'-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'-]*){0,2})\s+(?P<kind2>village)\b"
)


def unknown_places_scan(
    text: str,
    sentences: list[Sentence],
    known: list[PlaceMention],
    blocked: list[tuple[int, int]],
) -> list[PlaceMention]:
    """Places named in a locative phrase ("in the village of X") that the gazetteer lacks."""
    found = []
    known_spans = [(p.start, p.end) for p in known]
    for sentence in sentences:
        for m in _UNKNOWN_PLACE.finditer(text, sentence.start, sentence.end):
            group = "name" if m.group("name") else "name2"
            start, end = m.start(group), m.end(group)
            name = m.group(group)
            if _covered(start, end, known_spans) or _covered(start, end, blocked):
                continue
            if name.lower() in STOP_WORDS or country_of(name):
                continue
            kind = m.group("kind") or m.group("kind2")
            why = [f"named as a {kind}, not in the gazetteer: left for a curator to place"]
            found.append(PlaceMention(start, end, name, sentence.index, None, EXACT, kind, why))
    return found
