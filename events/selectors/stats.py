"""Aggregates under a filter: the timeline histogram, the actor facet, type and country counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from events.domain.filters import EventFilter
from events.domain.trends import bucket_for_window
from events.models import Actor, Event, EventActor

BUCKETS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def bucket_for_span(start: dt.date | None, end: dt.date | None) -> str:
    """Days for up to three months, weeks for up to three years, months beyond (the domain's
    rule, trends.bucket_for_window, without its year bars)."""
    return bucket_for_window(start, end, with_years=False)


def _grouped(queryset: QuerySet[Event], bucket: str) -> list[dict]:
    return list(
        queryset.order_by()
        .annotate(start=BUCKETS[bucket]("date"))
        .values("start")
        .annotate(count=Count("id"), first=Min("date"), last=Max("date"))
        .order_by("start")
    )


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def timeline_counts(queryset: QuerySet[Event], f: EventFilter, bucket: str | None = None) -> dict:
    """Event counts per day, week or month; the bucket follows the span unless asked for.

    The span comes from the grouped rows themselves (a per-bucket MIN/MAX), not from a separate
    MIN/MAX query: PostgreSQL answers that one by walking the date index, seconds at 1M events.
    """
    if bucket is None and f.date_from and f.date_to:
        bucket = bucket_for_span(f.date_from, f.date_to)
    rows = _grouped(queryset, bucket or "month")
    first = min((r["first"] for r in rows), default=None)
    last = max((r["last"] for r in rows), default=None)
    if bucket is None:
        bucket = bucket_for_span(f.date_from or first, f.date_to or last)
        if bucket != "month":
            rows = _grouped(queryset, bucket)
    start, end = f.date_from or first, f.date_to or last
    counts = [{"start": _day(r["start"]).isoformat(), "count": r["count"]} for r in rows]
    return {
        "bucket": bucket,
        "date_from": start.isoformat() if start else None,
        "date_to": end.isoformat() if end else None,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "total": sum(c["count"] for c in counts),
        "counts": counts,
    }


def actor_counts(queryset: QuerySet[Event], f: EventFilter) -> list[dict]:
    """Every actor with events under the filter (and every selected actor), with its aliases."""
    per_actor = dict(
        EventActor.objects.filter(event__in=queryset.order_by().values("pk"))
        .values("actor_id")
        # One row per (event, actor) in practice; COUNT(DISTINCT) costs 3x at 1M events.
        .annotate(n=Count("event_id"))
        .values_list("actor_id", "n")
    )
    selected = {a.pk for a in f.actors}
    actors = Actor.objects.filter(pk__in=set(per_actor) | selected).prefetch_related("aliases")
    out = [
        {
            "slug": a.slug,
            "name": a.name,
            "kind": a.get_kind_display(),
            "country": a.country,
            "colour": a.colour,
            "aliases": sorted({al.alias for al in a.aliases.all()} - {a.name}),
            "count": per_actor.get(a.pk, 0),
            "selected": a.pk in selected,
        }
        for a in actors
    ]
    out.sort(key=lambda d: (-d["count"], d["name"]))
    return out


def facet_counts(f: EventFilter) -> dict[str, dict[str, int]]:
    """Located events per event type and per country under the filter, each facet without its
    own selection: what ticking another box would add, as the map's checklists show it.

    One GROUP BY (type, country) under the filter without either selection, both facets summed
    from its rows (at most types x countries of them): the type facet keeps the rows of the
    selected countries, the country facet those of the selected types. One pass over the
    window's events instead of one per facet (bench/bench_trends.py)."""
    rows = (
        Event.objects.matching(replace(f, event_types=[], countries=[]))
        .located()
        .order_by()
        .values_list("event_type", "country_code")
        .annotate(n=Count("id"))
    )
    types: dict[str, int] = {}
    countries: dict[str, int] = {}
    for event_type, country, n in rows:
        if event_type and (not f.countries or country in f.countries):
            types[event_type] = types.get(event_type, 0) + n
        if country and (not f.event_types or event_type in f.event_types):
            countries[country] = countries.get(country, 0) + n
    return {"event_type": types, "country": countries}


def country_fatalities(f: EventFilter) -> dict[str, int]:
    """Located events' known fatalities summed per country under the filter, without its own
    country selection (as facet_counts' countries): the map's choropleth of fatalities. A
    country whose events all have unknown fatalities counts 0."""
    rows = (
        Event.objects.matching(replace(f, countries=[]))
        .located()
        .order_by()
        .values_list("country_code")
        .annotate(n=Sum("fatalities"))
    )
    return {code: n or 0 for code, n in rows if code}
