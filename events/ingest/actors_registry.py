"""The starter registry's state forces, generated from the one country table (no ORM).

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
from functools import lru_cache

from countryinfo import CountryInfo

from events.domain.countries import (
    EXTRA_NAMES,
    country_index,
    country_name,
    geonames_countries,
    is_country_name,
)
from events.domain.names import fold, normalize_name

STATE_FORCES, EXTERNAL_OTHER = 1, 8  # Actor.Kind values
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
