"""A report's runs of capitalised words, sorted into countries, place candidates and names
that are no place (with the reason, for the curator).

Every run of capitalised words (Arabic-article forms such as "al-Bab" and "ez-Zor" count as
capitalised) is looked up, longest first, by `normalize_name` in the gazetteer's index. Words
that are also towns somewhere ("Most", "Of", "Press", "Union") are kept out by demanding real
capitalisation, a stop list of common words, names the actor registry knows ("Moscow says"),
organisation names ("Russian Defense Ministry", "Iran Press TV") and person names ("Vladimir
Putin", a person whose first name is a town). A run the gazetteer lacks but a locative cue
introduces ("in X", "X province") is kept as a guess, for the skeleton and fuzzy fallbacks that
only run within the report's countries (events/ingest/places.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from events.domain.countries import country_of, is_country_name
from events.domain.names import QUALIFIERS, normalize_name
from events.geo.gazetteer import Gazetteer, GazetteerEntry
from events.ingest.places_false import dateline_city, not_event_place
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
    asian latin gulf
    along across around beside besides beyond near inside outside within without amid amidst
    among toward towards upon onto via behind ahead past throughout despite
    xinhua afp reuters ap upi anadolu irna isna tasnim tass ria interfax sana yonhap kyodo
    bernama efe ansa dpa pti ani apa bbc cnn""".split()
)
# (The last lines: prepositions a sentence may begin with ("Along the border, ..."), and news
# agencies, which a dateline or a byline names and which are never where things happened,
# though GeoNames has towns called Xinhua or Along.)
# Words after a place name that keep it a place ("Idlib province", "Raqqa Governorate"), and
# the facilities named by their town ("Zhob Garrison", "the Kamra Cantonment": the town's).
GEO_WORDS = frozenset(
    """province governorate city town district countryside region area outskirts suburbs airport
    airbase base dam valley plain plains mountains mountain river desert crossing border
    garrison cantonment barracks airfield""".split()
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
# Words after a name that make it a province, state or governorate ("Borno state").
ADMIN_WORDS = frozenset(
    "province governorate state region oblast prefecture department wilaya county".split()
)
ADMIN_WORD = "(?:" + "|".join(sorted(ADMIN_WORDS)) + ")"  # the same, for the regexes that need it
# Verbs whose object is a place as often as an actor: they introduce a name the gazetteer has
# only under another spelling ("shelled Alhasakah").
ATTACK_VERBS = frozenset(
    """shelled struck bombed attacked hit raided stormed captured seized recaptured retook
    besieged targeted overran entered liberated pounded bombarded""".split()
)
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(TITLES)) + r")\.?\s+$", re.I)
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
# Lower-case words inside a place's name: Arabic articles (Jisr al-Shugour, Ras al Ain) and the
# articles and prepositions of Portuguese, Spanish, French and Italian names (Mocímboa da Praia,
# Puerto de la Cruz, Bordj du Sud, Reggio di Calabria, Nossa Senhora dos Remédios).
ARTICLE_WORDS = frozenset(
    "al el ad ar as ash az ez an at ath adh ed es er de del "
    "da do das dos di du des la le los las".split()
)
# A foreign town of fewer people needs a locative cue before it to be believed.
FOREIGN_MIN_POPULATION = 15000
MAX_NAME_TOKENS = 4


# Continents and world regions: some are also a town's alternate name in GeoNames ("Africa"
# for Mahdia, Tunisia), and none is where an event happened (South Africa is a country).
_WORLD_REGION = re.compile(
    r"(?!South\s+Africa$)(?:(?:North|South|East|West|Central|Southern|Northern|Eastern|Western|Sub-Saharan|"
    r"Southeast|South-East|Northeast|North-East)\s+)?(?:Africa|Asia|Europe|America|Americas)"
    r"|Middle\s+East|Near\s+East|Far\s+East|Sahel|Maghreb|Horn\s+of\s+Africa|Latin\s+America|"
    r"Caribbean|Balkans|Caucasus|Levant|Oceania|Antarctica|Eurasia|the\s+West",
)


@dataclass
class CountryMention:
    start: int
    end: int
    text: str
    iso: str
    cue: str = ""  # "in", "inside", "across"...: the country is where something happens
    sentence: int = -1


def name_token(token: Token) -> bool:
    """Can this token be part of a name? Acronyms (NATO, UN, JOIN) are not places."""
    if token.text.isupper() and len(token.text) <= 4:
        return False
    return token.is_capitalised


def _joined(text: str, a: Token, b: Token) -> bool:
    """Are two tokens adjacent words of one name (only spaces between, no line break)?"""
    gap = text[a.end : b.start]
    return gap.strip(" ") == "" and len(gap) <= 2


def _dateline_acronym(text: str, token: Token) -> bool:
    """ "GOMA, Congo (AP) -", "GAZA:": a short city name in capitals opening a dateline is a
    name, not an acronym (it says which country the report is about)."""
    return (
        token.text.isupper()
        and len(token.text) >= 3
        and dateline_city(text, token.start, token.end)
    )


def name_runs(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens (article words allowed inside), as token index ranges."""
    runs = []
    i = 0
    while i < len(tokens):
        if not name_token(tokens[i]) and not _dateline_acronym(text, tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _joined(text, tokens[j], tokens[j + 1]):
            nxt = tokens[j + 1]
            if name_token(nxt):
                j += 1
            elif (
                nxt.text.lower() in ARTICLE_WORDS
                and j + 2 < len(tokens)
                and name_token(tokens[j + 2])
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


# "the village of X", "the villages of X, Y and Z", "X village", "X and Y villages".
_VILLAGE_BEFORE = re.compile(
    r"\b(?:villages?|hamlets?)\s+of\s+(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*(?:,\s*|\s+and\s+))*$"
)
_VILLAGE_AFTER = re.compile(r"(?:\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?\s+villages?\b")


def called_village(text: str, start: int, end: int) -> bool:
    """Does the report call the name at text[start:end] a village?"""
    return bool(
        _VILLAGE_BEFORE.search(text[max(0, start - 120) : start]) or _VILLAGE_AFTER.match(text, end)
    )


def preposition_before(text: str, start: int, floor: int) -> str:
    """The preposition directly before a name ("in Moscow", "in the Kazakh capital")."""
    words = re.findall(r"[\w'-]+", text[max(floor, start - 30) : start].lower())
    words = [w for w in words if w != "the"]
    return words[-1] if words and words[-1] in STRONG_PREPOSITIONS else ""


def generic_name(text: str) -> bool:
    """ "Old City", "New Town", "Upper Valley": common words only, once qualifiers are set aside;
    such a name has no other spelling to guess at (its skeleton, "kata", is Kota's)."""
    words = normalize_name(text).split()
    return all(w in STOP_WORDS or w in QUALIFIERS for w in words)


# Kinds of place that are small: no spelling guess makes one a town of this many people.
SMALL_KIND = re.compile(
    r"\b(?:villages?|hamlet|camp|settlement|outpost|post|checkpoint|base|neighbou?rhood|quarter)"
)
SMALL_PLACE_MAX = 20_000


def too_big_for(kind: str, entry: GazetteerEntry) -> bool:
    """Is a guessed entry far larger than the kind of place the report calls it (the words
    around the name: "the village of X", "the X camp")?"""
    return SMALL_KIND.search(kind) is not None and entry.population >= SMALL_PLACE_MAX


def common_word(word: str, lowercase_words: set[str]) -> bool:
    key = word.lower()
    return key in STOP_WORDS or key in lowercase_words


_LISTED_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"
# "Idlib province", "the Belgorod border region", "Sumy and Kharkiv regions", "the Borno, Yobe
# and Adamawa states": the kind of subdivision after the name (or after the list it opens).
_ADMIN_AFTER = re.compile(
    rf"(?:(?:,\s*|,?\s+and\s+){_LISTED_NAME})*?\s+(?:border\s+)?(?!and\b)([a-z]+)\b"
)
# "the province of Idlib", "the regions of Sumy and Kharkiv": the kind before the name.
_ADMIN_OF = re.compile(
    r"\b(?:provinces?|governorates?|states?|regions?|oblasts?)\s+of\s+"
    rf"(?:{_LISTED_NAME}(?:,\s*|,?\s+and\s+))*$"
)


def admin_after(text: str, end: int) -> str:
    """The subdivision word ("province", "state"...) written after a name, or ""."""
    m = _ADMIN_AFTER.match(text, end, end + 60)
    if m is None:
        return ""
    word = m.group(1)
    listed = m.group(0).lstrip().startswith((",", "and "))
    singular = word[:-1] if word.endswith("s") and word[:-1] in ADMIN_WORDS else ""
    if listed:
        return singular  # "Sumy and Kharkiv regions", not "Sumy and Kharkiv region"'s Sumy
    return word if word in ADMIN_WORDS else singular


class SpanSet:
    """Character spans, asked whether any overlaps a given one in O(log n): the spans sorted by
    start, with the running maximum of their ends (a linear scan per question made a 1 MB
    report quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.max_end: list[int] = []
        top = -1
        for _, b in ordered:
            top = max(top, b)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.max_end[i - 1] > start


class Candidate(NamedTuple):
    """A name the gazetteer may have, not yet ranked against the report's countries."""

    sentence: Sentence
    start: int
    end: int
    text: str
    cue: str
    admin: str = ""  # "province", "state"...: the word after it, naming a subdivision
    guess: bool = False  # not in the gazetteer as written: skeleton and fuzzy fallbacks only


@dataclass
class NameScan:
    """A report's runs of name tokens, sorted into countries, place candidates and names
    rejected (with the reason and its kind, for the curator)."""

    text: str
    gazetteer: Gazetteer
    blocked: SpanSet
    alias_spans: SpanSet
    lowercase_words: set[str]
    candidates: list[Candidate] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    # Names the report gave a person after a title ("President Uribe"): that person wherever
    # the name comes again alone ("Uribe has negotiated"), not the town of that name.
    persons: set[str] = field(default_factory=set)

    def scan(self, sentences: list[Sentence]) -> None:
        for sentence in sentences:
            tokens = sentence.tokens
            for first, last in name_runs(self.text, tokens):
                self.scan_run(sentence, tokens[first : last + 1])

    def scan_run(self, sentence: Sentence, run: list[Token]) -> None:
        words = [t.text.lower() for t in run]
        # Organisation names: none of their words is a place (Iran Press TV, General Staff).
        if words[-1] in ORGANISATION_HEADS and len(run) > 1:
            span = self.text[run[0].start : run[-1].end]
            self.rejected.append({"text": span, "why": "organisation", "kind": "organisation"})
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
                self._candidate(sentence, run, i, n, guess=kind == "guess")
            i += n

    def _longest_name(self, run: list[Token], i: int) -> tuple[str, int, str] | None:
        """The longest name from token i: ("country", tokens, ISO code) for a country,
        ("place", tokens, text) for a name in the gazetteer (a city, an imported place or a
        province), ("guess", tokens, text) for a whole run the gazetteer lacks that a locative
        cue introduces; else None."""
        whole = len(run) - i  # a guess is the whole rest of the run, when short enough
        for n in range(min(MAX_NAME_TOKENS, whole), 0, -1):
            a, b = run[i], run[i + n - 1]
            if not name_token(b) and not _dateline_acronym(self.text, b):
                continue
            span = self.text[a.start : b.end]
            iso = country_of(span)
            if iso:
                return ("country", n, iso)
            if self.gazetteer.has(span) or self.gazetteer.provinces(span):
                rest = [t.text.lower() for t in run[i + n :]]
                if not all(w in GEO_WORDS for w in rest) and (guess := self._guess(run, i)):
                    # "Jisr al-Shugour": "Jisr" alone would leave words no place has; the
                    # whole run, under another spelling, is the better guess.
                    return guess
                return ("place", n, span)
        return self._guess(run, i)

    def _guess(self, run: list[Token], i: int) -> tuple[str, int, str] | None:
        """The rest of the run from token i as a guess, when a cue introduces it."""
        n = len(run) - i
        a, b = run[i], run[-1]
        if n > MAX_NAME_TOKENS or not name_token(b) or not self._introduced(a, b):
            return None
        return ("guess", n, self.text[a.start : b.end])

    def _introduced(self, a: Token, b: Token) -> bool:
        """Does a locative word or a verb of attack stand before the name (directly, or before
        the list it is in: "shelled X and Y"), or a place word after it?"""
        window = self.text[max(0, a.start - 80) : a.start]
        before = re.search(r"([\w-]+)\s+(?:the\s+)?$", window)
        after = re.match(r"\s+([a-z]+)", self.text[b.end : b.end + 20])
        if after and after.group(1) in GEO_WORDS:
            return True
        if before is None:
            return False
        word = before.group(1).lower()
        if word in LOCATIVE_CUES or word in ATTACK_VERBS:
            return True
        listed = re.search(r"(?:,|\band|\bor)\s+$", window)
        words = re.findall(r"[a-z]+", window.lower())
        return bool(listed) and any(w in LOCATIVE_CUES or w in ATTACK_VERBS for w in words[-8:])

    def _country(self, sentence: Sentence, a: Token, b: Token, iso: str) -> None:
        if self.blocked.overlaps(a.start, b.end):
            return
        span = self.text[a.start : b.end]
        where = (
            preposition_before(self.text, a.start, sentence.start) if is_country_name(span) else ""
        )
        self.countries.append(CountryMention(a.start, b.end, span, iso, where, sentence.index))

    def _candidate(
        self, sentence: Sentence, run: list[Token], i: int, n: int, *, guess: bool
    ) -> None:
        a, b = run[i], run[i + n - 1]
        span = self.text[a.start : b.end]
        others = [t.text.lower() for t in run[:i] + run[i + n :]]
        others = [w for w in others if w not in STOP_WORDS or w in GEO_WORDS]
        # A dateline first: "WASHINGTON -" is where the report was filed, even though the
        # registry knows Washington as a metonym of the US government.
        kind, reason = not_event_place(self.text, a.start, b.end, sentence.start)
        if kind not in {"dateline", "byline"}:
            reason, kind = self._rejection(sentence, a, b, others, single=n == 1)
            if not reason:
                kind, reason = not_event_place(self.text, a.start, b.end, sentence.start)
        if reason:
            self.rejected.append(
                {"text": span, "why": reason, "kind": kind, "start": a.start, "end": b.end}
            )
            return
        cue = cue_before(self.text, a.start, sentence.start)
        after = re.match(r"\s+(?:border\s+)?([a-z]+)(\s+of\b)?", self.text[b.end : b.end + 24])
        admin = admin_after(self.text, b.end)
        if guess and admin and after and after.group(2):
            # "the southern Philippine province of Sulu", "the Ukrainian region of Kharkiv": the
            # province is named after "of"; a word before it the gazetteer lacks qualifies it.
            self.rejected.append(
                {"text": span, "why": f"qualifies the {admin} named after it", "kind": "other",
                 "start": a.start, "end": b.end}
            )  # fmt: skip
            return
        if not admin and _ADMIN_OF.search(self.text, max(0, a.start - 60), a.start):
            admin = "province"
        self.candidates.append(Candidate(sentence, a.start, b.end, span, cue, admin, guess))

    def _rejection(
        self, sentence: Sentence, a: Token, b: Token, others: list[str], *, single: bool
    ) -> tuple[str, str]:
        """Why a gazetteer name here is no place, and its kind; ("", "") when it may be one."""
        text = self.text
        if self.blocked.overlaps(a.start, b.end):
            return "date or organisation words", "other"
        if self.alias_spans.overlaps(a.start, b.end) and not preposition_before(
            text, a.start, sentence.start
        ):
            return "an actor's name (e.g. a capital standing for its government)", "metonym"
        if single and common_word(text[a.start : b.end], self.lowercase_words):
            return "a common word", "other"
        if others and not all(w in GEO_WORDS for w in others):
            return "part of a longer name that is no place (a person, an organisation)", "person"
        if _WORLD_REGION.fullmatch(text[a.start : b.end]):
            return "a continent or world region, not a place of the gazetteer", "other"
        if re.match(r"\s+time\b", text[b.end : b.end + 6]):
            return "a time zone (Damascus time)", "other"
        if re.match(r"['\u2019][a-z]{2,}", text[b.end : b.end + 4]):
            return "the start of a word with an apostrophe (Shi'ite), not a name", "other"
        name = text[a.start : b.end]
        if _TITLE_BEFORE.search(text[max(0, a.start - 25) : a.start]):
            self.persons.add(name)
            return "a person's name after a title", "person"
        if name in self.persons:
            return "the person the report named after a title", "person"
        return "", ""
