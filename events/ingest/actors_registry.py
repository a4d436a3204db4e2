"""The actor registry as ingest holds it (no ORM), and the starter registry's state forces,
generated from the one country table.

Every country of events/domain/countries.py gets two actors named as ACLED names them, "Military
Forces of Mali" and "Police Forces of Mali", with aliases made by rule from the country's name and
its demonyms ("Malian army", "Malian soldiers", "the army of Mali", "Malian police"). Demonyms
come from countryinfo's country records (the one well-kept table that spells them: "Burkinabe",
"Congolese", "Emirati") plus the country table's own extra demonyms; a demonym two countries
share ("Congolese", "Dominican") goes to the more populous of them.
Acronyms no rule can make (FAMa, FARDC, IDF, Tatmadaw) come from a small data file
(seeds/state_forces.json) and are passed in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from countryinfo import CountryInfo
from rapidfuzz import fuzz, process

from events.domain.countries import (
    EXTRA_NAMES,
    country_index,
    country_name,
    geonames_countries,
    is_country_name,
)
from events.domain.names import fold, is_latin, normalize_name
from events.ingest.actors_generic import GENERIC_NAMES

STATE_FORCES, REBEL_GROUP, POLITICAL_MILITIA, EXTERNAL_OTHER = 1, 2, 3, 8  # Actor.Kind values
FUZZY_CUTOFF = 88
FUZZY_MIN_CHARS = 8
MILITARY, POLICE = "military", "police"

# Nouns news writes after a demonym for a country's armed forces and for its police.
# Ingest finds any demonym before any of events/ingest/actors.py FORCE_NOUNS by rule; these are
# stored as aliases too, for the actor filter, the importers and curators.
MILITARY_NOUNS = ("army", "military", "soldiers", "troops", "forces")
POLICE_NOUNS = ("police",)


# Demonyms neither table has (countryinfo's records for these lack an ISO code or a demonym).
TABLE_GAPS = {"NO": ["Norwegian"], "XK": ["Kosovar", "Kosovan"], "DO": ["Dominican"],
              "CG": ["Congolese"], "HK": ["Hong Kong"]}  # fmt: skip


def _population(iso: str) -> int:
    return int(geonames_countries().get(iso, {}).get("population") or 0)


@lru_cache(maxsize=1)
def _countryinfo_demonyms() -> dict[str, str]:
    """ISO alpha-2 -> countryinfo's demonym ("ML" -> "Malian")."""
    out: dict[str, str] = {}
    for record in CountryInfo.all().values():
        iso = (record.get("ISO") or {}).get("alpha2")
        demonym = (record.get("demonym") or "").strip()
        if iso and demonym:
            out[iso.upper()] = demonym
    return out


def _candidates() -> dict[str, list[str]]:
    """ISO alpha-2 -> every demonym the tables give, the country table's own first."""
    candidates: dict[str, list[str]] = defaultdict(list)
    for form, iso in EXTRA_NAMES.items():
        # The table's extra names: the adjectives only ("Afghan", not "Afghans", "UK", "Burma").
        adjective = form[:1].isupper() and not form.isupper() and not form.endswith("s")
        if adjective and not is_country_name(form):
            candidates[iso].append(form)
    for iso, demonym in _countryinfo_demonyms().items():
        candidates[iso].append(demonym)
    for iso, forms in TABLE_GAPS.items():
        candidates[iso] += forms
    return candidates


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, ...]]:
    """ISO alpha-2 -> the country's demonyms, most usual first. A demonym two countries share
    ("Congolese", "Dominican") is the more populous one's."""
    candidates = _candidates()
    owners: dict[str, set[str]] = defaultdict(set)
    for iso, forms in candidates.items():
        for form in forms:
            owners[normalize_name(form)].add(iso)
    out: dict[str, tuple[str, ...]] = {}
    for iso, forms in candidates.items():
        kept = tuple(
            form
            for form in dict.fromkeys(forms)
            if max(owners[normalize_name(form)], key=_population) == iso
        )
        if kept:
            out[iso] = kept
    return out


@lru_cache(maxsize=1)
def demonym_index() -> dict[str, str]:
    """normalize_name(demonym or country name) -> ISO alpha-2: the country table's index and
    countryinfo's demonyms, for "demonym + force noun" in running text."""
    index = dict(country_index())
    for iso, forms in demonyms().items():
        for form in forms:
            index.setdefault(normalize_name(form), iso)
    return index


def _military_aliases(country: str, forms: tuple[str, ...]) -> list[str]:
    aliases = [f"army of {country}", f"{country} army", f"{country} military"]
    for demonym in forms:
        aliases += [f"{demonym} {noun}" for noun in MILITARY_NOUNS]
    return aliases


def _police_aliases(country: str, forms: tuple[str, ...]) -> list[str]:
    aliases = [f"{country} police"]
    for demonym in forms:
        aliases += [f"{demonym} {noun}" for noun in POLICE_NOUNS]
    return aliases


def _slug(name: str) -> str:
    return fold(name).replace(" ", "-")


def state_force_specs(acronyms: dict[str, dict[str, list[str]]]) -> list[dict]:
    """Military and police actors of every country in the table, as seed specs
    ({"slug", "name", "kind", "country", "aliases", "force"}); `acronyms` is ISO ->
    {"military": [...], "police": [...]} (seeds/state_forces.json)."""
    specs = []
    for iso in sorted(geonames_countries()):
        country = country_name(iso)
        forms = demonyms().get(iso, ())
        extra = acronyms.get(iso, {})
        # ACLED writes "the" only where English needs it ("Military Forces of the United States").
        the = "the " if country.startswith(("United ", "Central African", "Philippines")) else ""
        specs.append(
            {
                "slug": _slug(f"Military Forces of {country}"),
                "name": f"Military Forces of {the}{country}",
                "kind": STATE_FORCES,
                "country": iso,
                "force": MILITARY,
                "aliases": _military_aliases(country, forms) + extra.get(MILITARY, []),
            }
        )
        specs.append(
            {
                "slug": _slug(f"Police Forces of {country}"),
                "name": f"Police Forces of {the}{country}",
                "kind": STATE_FORCES,
                "country": iso,
                "force": POLICE,
                "aliases": _police_aliases(country, forms) + extra.get(POLICE, []),
            }
        )
    return specs


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


@lru_cache(maxsize=1 << 16)
def span_key(span: str) -> str:
    """normalize_name, remembered: the scans look up the same capitalised runs again and again."""
    return normalize_name(span)


def _is_acronym(alias: str) -> bool:
    """One word of two or more capitals: "SDF", "FAMa", "JeM", "ISIS-K", "AFC/M23"; not words
    joined by a hyphen, each a capitalised word ("Anti-Balaka", also written "anti-Balaka")."""
    if " " in alias:
        return False
    parts = alias.split("-")
    if len(parts) > 1 and all(len(p) > 1 and p[1:].islower() for p in parts):
        return False
    return sum(c.isupper() for c in alias) >= 2


def _case_fits(alias: str, span: str) -> bool:
    """Is `span` written as the acronym `alias` may be? In capitals of up to five letters only
    in capitals ("SDF", not "Sdf"); longer ones also capitalised ("CODECO", "Codeco"); mixed-case
    ones only as written ("FAMa", "JeM")."""
    if not _is_acronym(alias):
        return True
    letters = [c for c in alias if c.isalpha()]
    if all(c.isupper() for c in letters):
        return span.replace(".", "").isupper() or len(letters) > 5
    return span.replace(".", "") == alias.replace(".", "")


def _branches(actors: list[ActorRef]) -> dict[str, dict[str, ActorRef]]:
    """Movements of no one country (no country in the registry) -> country -> the actor of that
    country whose name starts with the movement's ("Islamic State Sahel Province")."""
    unique = {a.key: a for a in actors}.values()
    movements = {a.name: a for a in unique if not a.country}
    out: dict[str, dict[str, ActorRef]] = {}
    for a in unique:  # each name's leading words looked up once: linear in the registry's size
        # "AQAP: Al Qaeda in the Arabian Peninsula": the name after ACLED's acronym.
        words = a.name.split(": ", 1)[-1].split(" ")
        for n in range(1, len(words)) if a.country else ():
            movement = movements.get(" ".join(words[:n]))
            if movement is not None:
                out.setdefault(movement.key, {}).setdefault(a.country, a)
    return out


class ActorRegistry:
    """The registry's aliases, looked up in memory by the key `actor_resolve` looks a name up by
    (events/services/ingest.py `actor_registry` loads them in one query)."""

    def __init__(self, aliases: dict[str, tuple[str, ActorRef]]):
        # normalize_name(alias) -> (alias as written, actor). Latin-script aliases only, as the
        # gazetteer keeps only Latin-script place names: reports we ingest are in English, and
        # the key of an alias in another script is a lossy transliteration that can meet an
        # English word ("حماس", Hamas, folds to "hms": HMS). Those aliases serve search.
        aliases = {key: hit for key, hit in aliases.items() if is_latin(hit[0])}
        self.aliases = aliases
        self.keys = list(aliases)
        self.state_by_country: dict[str, ActorRef] = {}
        self.police_by_country: dict[str, ActorRef] = {}
        self.generic: dict[str, ActorRef] = {}
        self._fuzzy_memo: dict[str, tuple[ActorRef, float] | None] = {}
        # First word of every alias key -> the most words an alias starting with it has: the
        # alias scan tries no span from a word no alias starts with, and no longer one.
        self.first_words: dict[str, int] = {}
        for key in aliases:
            words = key.split()
            if words:
                self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))
        for _, actor in aliases.values():
            if actor.proposed:
                continue
            if actor.country and actor.kind in {STATE_FORCES, EXTERNAL_OTHER}:
                self._state_add(actor)
        for key, (name, _) in GENERIC_NAMES.items():
            hit = aliases.get(normalize_name(name))
            if hit is not None:
                self.generic[key] = hit[1]
        self.branches = _branches([actor for _, actor in aliases.values() if not actor.proposed])

    def branch_of(self, actor: ActorRef, country: str) -> ActorRef:
        """A movement's branch in the report's country ("Islamic State" in a report about
        Mozambique is its Mozambique Province, as ACLED codes it), else the actor itself."""
        return self.branches.get(actor.key, {}).get(country, actor)

    def _state_add(self, actor: ActorRef) -> None:
        """The country's state actor: its "Military Forces of", else a state-forces actor, else
        any external force of that country; its police apart."""
        if actor.name.startswith("Police Forces of"):
            self.police_by_country.setdefault(actor.country, actor)
            return
        current = self.state_by_country.get(actor.country)

        def rank(a: ActorRef) -> int:
            return 2 if a.name.startswith("Military Forces of") else int(a.kind == STATE_FORCES)

        if current is None or rank(actor) > rank(current):
            self.state_by_country[actor.country] = actor

    def span_limit(self, token: str) -> int:
        """How many words an alias starting with this token may have; 0 when none starts so."""
        words = span_key(token).split()
        return self.first_words.get(words[0], 0) if words else 0

    def lookup(self, span: str) -> ActorRef | None:
        hit = self.aliases.get(span_key(span))
        if hit is None:
            return None
        alias, actor = hit
        # Acronyms ("IS", "US", "SAA") only when written in capitals: "is" and "us" are words.
        return actor if _case_fits(alias, span) else None

    def state_actor(self, iso: str, phrase: str, police: bool = False) -> ActorRef:
        """The state forces of a country: by the phrase's alias, else the registry's state actor
        (its police for a police noun), else a proposal named as ACLED names state forces."""
        actor = self.lookup(phrase)
        if actor is not None:
            return actor
        table = self.police_by_country if police else self.state_by_country
        if iso in table:
            return table[iso]
        force = "Police Forces" if police else "Military Forces"
        name = f"{force} of {country_name(iso) or iso}"
        return self.lookup(name) or ActorRef(name, kind=STATE_FORCES, country=iso, proposed=True)

    def generic_actor(self, key: str) -> ActorRef:
        """ACLED's generic actor (GENERIC_NAMES key): the registry's, else proposed by name."""
        if key in self.generic:
            return self.generic[key]
        name, kind = GENERIC_NAMES[key]
        return ActorRef(name, kind=kind, proposed=True)

    def fuzzy(self, span: str) -> tuple[ActorRef, float] | None:
        key = span_key(span)
        if len(key) < FUZZY_MIN_CHARS or not self.keys:
            return None
        if key not in self._fuzzy_memo:
            # Remembered: a long report repeats its names, and each look-up scans every alias.
            best = process.extractOne(key, self.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            self._fuzzy_memo[key] = None if best is None else (self.aliases[best[0]][1], best[1])
        return self._fuzzy_memo[key]
