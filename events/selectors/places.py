"""Reads on places: the places a text search names, and the places imports taught, as
gazetteer entries for ingest.

Every located ACLED/UCDP row is stored as a Place (events/services/imports/resolution.py); those
without a GeoNames id are villages and neighbourhoods GeoNames' 500-population list may lack.
Ingest searches them beside the gazetteer (`Gazetteer.extended`), so a report naming such a
village is placed once a dataset of its country has been imported.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Q

from events.geo.gazetteer import Gazetteer, GazetteerEntry, get_gazetteer
from events.models import Place, StX, StY
from events.selectors.dataversion import data_version

_CACHE: dict[tuple, Gazetteer] = {}
# Spellings per query of the places without a GeoNames id (SQLite takes 999 parameters).
_NAMES_PER_QUERY = 500
# The most gazetteer entries the countries of a skeleton look-up may have: a country's skeleton
# table is built on its first look-up (Syria's 323 entries in 0.08 s, Ukraine's 5,518 in 0.4 s;
# all 246 countries take a minute), then kept by the process. Beyond it, no skeleton fallback.
SKELETON_MAX_ENTRIES = 25_000


def place_ids_named(text: str, countries: Iterable[str] = ()) -> list[int]:
    """Ids of the stored places `text` names by any name or alternate name the gazetteer knows
    ("Halab" -> Aleppo, "Nur-Sultan" -> Astana), folded as the gazetteer folds every name
    (`normalize_name`: case, accents, hyphens, the Arabic article). When no name has that key,
    by its `skeleton` ("Nursultan", "Dair ez Zor"), only within `countries`, else within the
    countries of the stored places: the skeleton collides too often to be asked worldwide, and
    costs too much to build for many countries (SKELETON_MAX_ENTRIES).

    A place with a GeoNames id is found by it; one without (an import's village) by its name
    when that is one of the spellings of a gazetteer entry the text names. The event filter's
    text search (`q`) asks this once, then selects events by their indexed place column.
    """
    gazetteer = get_gazetteer()
    entries = gazetteer.candidates(text)
    if not entries:
        scope = list(countries) or place_countries()
        if sum(gazetteer.country_size(c) for c in scope) <= SKELETON_MAX_ENTRIES:
            entries = gazetteer.by_skeleton(text, scope)
    if not entries:
        return []
    geonames_ids = sorted({e.geonames_id for e in entries})
    names = sorted({n for e in entries for n in (e.name, *e.alternate_names)})
    found = set(Place.objects.filter(geonames_id__in=geonames_ids).values_list("pk", flat=True))
    for start in range(0, len(names), _NAMES_PER_QUERY):
        chunk = names[start : start + _NAMES_PER_QUERY]
        unidentified = Q(geonames_id__isnull=True, name__in=chunk)
        found.update(Place.objects.filter(unidentified).values_list("pk", flat=True))
    return sorted(found)


def place_countries() -> list[str]:
    """The country codes of the stored places (one scan of the places table)."""
    rows = Place.objects.exclude(country_code="").order_by().values_list("country_code")
    return sorted({code for (code,) in rows.distinct()})


def imported_places() -> list[GazetteerEntry]:
    """Every Place without a GeoNames id, as a gazetteer entry (kind "imported"), one query."""
    rows = (
        Place.objects.filter(geonames_id__isnull=True)
        .annotate(x=StX("point"), y=StY("point"))
        .values_list(
            "id", "name", "country_code", "admin1", "population", "alternate_names", "y", "x"
        )
        .order_by("id")
    )
    return [
        GazetteerEntry(
            geonames_id=-pk,
            name=name,
            latitude=float(lat),
            longitude=float(lon),
            country_code=country or "",
            admin1=admin1 or "",
            population=population or 0,
            alternate_names=tuple(a for a in alternates or () if isinstance(a, str)),
            kind="imported",
        )
        for pk, name, country, admin1, population, alternates, lat, lon in rows
    ]


def ingest_gazetteer() -> Gazetteer:
    """The gazetteer with the imported places beside it, rebuilt only when places or the data
    version changed (two cheap reads per report)."""
    stats = Place.objects.filter(geonames_id__isnull=True).aggregate(n=Count("id"), top=Max("id"))
    key = (stats["n"], stats["top"], data_version()[0])
    gazetteer = _CACHE.get(key)
    if gazetteer is None:
        _CACHE.clear()
        gazetteer = _CACHE[key] = get_gazetteer().extended(imported_places())
    return gazetteer
