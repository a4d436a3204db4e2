"""Reads on places: the places imports taught, as gazetteer entries for ingest.

Every located ACLED/UCDP row is stored as a Place (events/services/imports/resolution.py); those
without a GeoNames id are villages and neighbourhoods GeoNames' 500-population list may lack.
Ingest searches them beside the gazetteer (`Gazetteer.extended`), so a report naming such a
village is placed once a dataset of its country has been imported.
"""

from __future__ import annotations

from django.db.models import Count, Max

from events.geo.gazetteer import Gazetteer, GazetteerEntry, get_gazetteer
from events.models import Place, StX, StY
from events.selectors.dataversion import data_version

_CACHE: dict[tuple, Gazetteer] = {}


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
