"""Reads behind the OGC API - Features collection (events/api/ogc/): its extent, the number of
events a filter matches, and one page of them in id order.

The extent and the counts are whole-table aggregates (a count of 1M events is most of an items
page's time), so each is kept in Django's cache under the data version: any write moves the
version (events/db/dataversion.py) and so retires every entry at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.contrib.gis.db.models import Extent
from django.core.cache import cache
from django.db.models import Max, Min, QuerySet
from django.db.models.functions import Coalesce

from events.domain.filters import EventFilter
from events.models import Event
from events.selectors.dataversion import data_version

T = TypeVar("T")
CACHE_SECONDS = 3600


def _cached(key: str, compute: Callable[[], T]) -> T:
    version, changed = data_version()
    # The time as well as the number: a test's rolled-back writes can bring a number back.
    # Hashed: a filter's text (q, actor names) may be long or hold what memcached refuses.
    digest = hashlib.sha256(f"{version}:{changed.timestamp()}:{key}".encode()).hexdigest()
    full_key = f"ogc:{digest}"
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found, CACHE_SECONDS)
    return found


def collection_extent(*, staff: bool) -> dict:
    """The OGC extent of the events this audience sees by default (the unfiltered layer): the
    bounding box of the located ones, and the first and last day of all of them."""
    return _cached(f"extent:{staff}", lambda: _extent(staff))


def _extent(staff: bool) -> dict:
    events = Event.objects.matching(EventFilter(staff=staff))
    box = events.located().aggregate(box=Extent("location"))["box"]
    days = events.aggregate(first=Min("date"), last=Max(Coalesce("end_date", "date")))
    return {
        "spatial": {
            "bbox": [list(box) if box else [-180.0, -90.0, 180.0, 90.0]],
            "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        },
        "temporal": {
            "interval": [[_instant(days["first"]), _instant(days["last"], end=True)]],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        },
    }


def _instant(day: dt.date | str | None, *, end: bool = False) -> str | None:
    if day is None:
        return None
    return f"{day}T23:59:59Z" if end else f"{day}T00:00:00Z"


def matched_count(events: QuerySet[Event], f: EventFilter) -> int:
    """How many events the filter matches (numberMatched), counted once per data version."""
    key = "|".join(f"{k}={v}" for k, v in sorted(f.as_query()))
    return _cached(f"count:{f.staff}:{key}", events.count)


def page_ids(
    events: QuerySet[Event], offset: int, limit: int, after: int | None = None
) -> list[int]:
    """The ids of one page of events, in id order (stable, so paging neither skips nor repeats
    while the data stands still): those after the id `after` when given, else from `offset`.
    Read once: the features' rows, actor links and sources then select by these ids rather
    than running the filter again for each."""
    ordered = events.order_by("id").values_list("pk", flat=True)
    if after is not None:
        return list(ordered.filter(pk__gt=after)[:limit])
    return list(ordered[offset : offset + limit])


def page_matched(
    events: QuerySet[Event], f: EventFilter, ids: list[int], page: tuple[int, int, int | None]
) -> int:
    """numberMatched for a page (offset, limit, after): a short page found by offset and not
    past the end says it without a count (offset + its length); a full one, one past the end,
    or one found by `after` (whose offset the client may not have kept) asks `matched_count`."""
    offset, limit, after = page
    if after is None and len(ids) < limit and (ids or offset == 0):
        return offset + len(ids)
    return matched_count(events, f)
