"""Events as UCDP's GED API answers them (docs/api-compat.md): typed values (numbers, null),
GED's field names, its codes from the importer's own tables inverted (events/domain/ucdp.py).

What an event imported from GED kept in `extra` (conflict ids and names, deaths by side,
high/low) is written back as it was; for other events those are derived where a rule exists
(dyad_name from the sides, deaths_unknown = the best estimate, as nothing says whose they
were) and null where none does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from events.domain import ucdp as U
from events.domain.countries import continent_of, country_name, gw_code
from events.models import Actor, Event, EventActor
from events.selectors.exports import place_display_name

# The GED fields an imported event's extra may hold as they were.
_KEPT = (
    "relid", "active_year", "code_status", "conflict_dset_id", "conflict_new_id", "conflict_name",
    "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id",
    "side_b_dset_id", "side_b_new_id", "number_of_sources", "source_date", "source_headline",
    "source_original", "where_description", "adm_2", "priogrid_gid", "event_clarity",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip


def ged_events(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """The events GED would have: organised violence (the event types its codes map to)."""
    return queryset.filter(event_type__in=list(U.VIOLENCE_CODES))


def _state_linked() -> QuerySet[EventActor, Any]:
    return EventActor.objects.filter(actor__kind=Actor.Kind.STATE_FORCES).values("event_id")


def ged_violence_q(codes: list[int]) -> Q:
    """Events whose type_of_violence (ged_violence) is one of `codes`, in SQL."""
    kept = Q(extra__has_key="type_of_violence")
    battles = ~kept & Q(event_type="Battles")
    by_code = {
        U.STATE_BASED: battles & Q(pk__in=_state_linked()),
        U.NON_STATE: battles & ~Q(pk__in=_state_linked()),
        U.ONE_SIDED: ~kept & Q(event_type="Violence against civilians"),
    }
    out = Q(pk__in=[])
    for code in codes:
        out |= Q(extra__type_of_violence=code) | by_code[code]
    return out


def ged_violence(event: Event, actors: list[Actor]) -> int:
    kept = event.extra.get("type_of_violence") if isinstance(event.extra, dict) else None
    if isinstance(kept, int) and kept in U.VIOLENCE_TYPES:
        return kept
    if U.VIOLENCE_CODES.get(event.event_type) == (U.ONE_SIDED,):
        return U.ONE_SIDED
    state = any(a.kind == Actor.Kind.STATE_FORCES for a in actors)
    return U.STATE_BASED if state else U.NON_STATE


def ged_page(queryset: QuerySet[Event], *, pagesize: int, page: int) -> list[Event]:
    start = page * pagesize
    return list(
        queryset.order_by("id")
        .select_related("place", "source")
        .prefetch_related("event_actors__actor", "event_sources__source")[start : start + pagesize]
    )


def ged_record(event: Event) -> dict[str, Any]:
    """One event as a GED API record (its keys in GED's order)."""
    links = sorted(event.event_actors.all(), key=lambda link: (link.role, link.pk))
    side_a = [link.actor for link in links if link.role == "actor1"]
    side_b = [link.actor for link in links if link.role == "actor2"]
    extra = event.extra if isinstance(event.extra, dict) else {}
    kept = {name: extra.get(name) for name in _KEPT}
    names_a = "; ".join(a.name for a in side_a)
    names_b = "; ".join(a.name for a in side_b)
    code = event.country_code
    loc = event.location
    sources = [s.source for s in sorted(event.event_sources.all(), key=lambda s: s.pk)]
    first = event.source or (sources[0] if sources else None)
    best = event.fatalities
    derived_deaths = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": best}
    deaths = {k: kept[k] if "type_of_violence" in extra else v for k, v in derived_deaths.items()}
    end = event.end_date or event.date
    return {
        "id": event.pk,
        "relid": kept["relid"] or event.external_id or f"cm-{event.pk}",
        "year": event.date.year,
        "active_year": kept["active_year"],
        "code_status": kept["code_status"],
        "type_of_violence": ged_violence(event, side_a),
        "conflict_dset_id": kept["conflict_dset_id"],
        "conflict_new_id": kept["conflict_new_id"],
        "conflict_name": kept["conflict_name"],
        "dyad_dset_id": kept["dyad_dset_id"],
        "dyad_new_id": kept["dyad_new_id"],
        "dyad_name": kept["dyad_name"] or (f"{names_a} - {names_b}" if names_b else names_a),
        "side_a_dset_id": kept["side_a_dset_id"],
        "side_a_new_id": kept["side_a_new_id"],
        "side_a": names_a,
        "side_b_dset_id": kept["side_b_dset_id"],
        "side_b_new_id": kept["side_b_new_id"],
        "side_b": names_b,
        "number_of_sources": kept["number_of_sources"] or len(sources) or None,
        "source_article": "; ".join(s.title for s in sources) or None,
        "source_office": first.title if first else None,
        "source_date": kept["source_date"],
        "source_headline": kept["source_headline"],
        "source_original": kept["source_original"],
        "where_prec": U.WHERE_PREC_OF.get(event.geo_precision),
        "where_coordinates": place_display_name(
            event.place.name if event.place else None, event.place_name
        ),
        "where_description": kept["where_description"],
        "adm_1": (event.place.admin1 if event.place else "") or None,
        "adm_2": kept["adm_2"],
        "latitude": loc.y if loc else None,
        "longitude": loc.x if loc else None,
        "geom_wkt": f"POINT ({loc.x} {loc.y})" if loc else None,
        "priogrid_gid": kept["priogrid_gid"],
        "country": country_name(code) if code else None,
        "country_id": gw_code(code) if code else None,
        "region": U.region_of(code, continent_of(code)) or None,
        "event_clarity": kept["event_clarity"],
        "date_prec": U.DATE_PREC_OF.get(event.date_precision),
        "date_start": f"{event.date.isoformat()}T00:00:00",
        "date_end": f"{end.isoformat()}T00:00:00",
        **deaths,
        "best": best,
        "high": kept["high"] if "type_of_violence" in extra else best,
        "low": kept["low"] if "type_of_violence" in extra else best,
        "gwnoa": kept["gwnoa"],
        "gwnob": kept["gwnob"],
    }
