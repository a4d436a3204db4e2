"""Events as ACLED's API answers them (docs/api-compat.md): every value a string, `event_date`
YYYY-MM-DD, `timestamp` epoch seconds of the event's last change; and what ACLED's deleted
endpoint lists: events deleted or withdrawn from the caller's view, with when.

The values follow the CSV export's rules (events/selectors/exports.py: the id, the place name,
the province, the sources joined with "; ") so both downloads say the same of an event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from functools import lru_cache

from django.db.models import CharField, DateTimeField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Greatest, NullIf

from events.domain import acled_api as A
from events.domain import datasets
from events.domain.columns import admin1_cells
from events.domain.countries import country_name, geonames_countries
from events.models import Actor, Dataset, Event, EventActor, StX, StY
from events.selectors.exports import csv_text, place_display_name


@lru_cache(maxsize=512)
def iso_numeric(code: str) -> int:
    """ISO 3166 numeric code of an alpha-2 code (SY -> 760); 0 when unknown."""
    number = geonames_countries().get(code, {}).get("isonumeric")
    return int(number) if number else 0


def acled_annotate(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """The columns ACLED's filters compare that are not plain columns of ours: the point's
    coordinates, the place name shown, the province names an import kept."""
    return queryset.annotate(
        lon=StX("location"),
        lat=StY("location"),
        acled_location=Coalesce(
            NullIf(F("place__name"), Value("")), F("place_name"), output_field=CharField()
        ),
        acled_admin1=Coalesce(
            NullIf(KT("extra__admin1"), Value("")), F("place__admin1"), output_field=CharField()
        ),
        acled_admin2=Coalesce(KT("extra__admin2"), Value(""), output_field=CharField()),
        acled_changed=changed_expression(),
    )


def changed_expression() -> Greatest:
    """When the event last changed for a reader: its own last change, or its dataset's (made
    public, say: its events are then new to the public, though none of them was written), the
    later of the two. ACLED's `timestamp`, so `timestamp>=` a last sync finds them all."""
    dataset_changed = (
        Dataset.history.filter(key=OuterRef("dataset"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return Greatest(
        "updated",
        Coalesce(Subquery(dataset_changed), "updated", output_field=DateTimeField()),
        output_field=DateTimeField(),
    )


def epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def acled_page(queryset: QuerySet[Event], *, limit: int, page: int) -> list[Event]:
    """One page of events in id order (new events come last, so pages already read stay put),
    with what their rows need read in a few queries."""
    start = (page - 1) * limit
    return list(
        queryset.order_by("id")
        .select_related("place", "source")
        .prefetch_related("event_actors__actor", "event_sources__source")[start : start + limit]
    )


def _names(links: Iterable[EventActor], role: str) -> list[Actor]:
    return [link.actor for link in links if link.role == role]


def acled_row(event: Event, fields: tuple[str, ...] = A.FIELDS) -> dict[str, str | None]:
    """One event as ACLED's API writes it: strings throughout. Unknowns are null where ACLED's
    clients parse the value as a number (latitude, longitude, fatalities), "" elsewhere."""
    links = sorted(event.event_actors.all(), key=lambda link: (link.role, link.pk))
    actor1, actor2 = _names(links, "actor1"), _names(links, "actor2")
    extra = event.extra if isinstance(event.extra, dict) else {}
    # The codes an ACLED import kept, else the first actor's kind (Actor.Kind is ACLED's code).
    inter1 = _kept_code(extra, "inter1", actor1[0].kind if actor1 else 0)
    inter2 = _kept_code(extra, "inter2", actor2[0].kind if actor2 else 0)
    interaction = _kept_code(extra, "interaction", A.interaction_code(inter1, inter2))
    targets = actor2 + _names(links, "assoc2")
    sources = [s.source.title for s in sorted(event.event_sources.all(), key=lambda s: s.pk)]
    if not sources and event.source is not None:
        sources = [event.source.title]
    place = event.place
    admin1 = str(extra.get("admin1") or admin1_cells(place.admin1 if place else "")[0])
    lat = getattr(event, "lat", None)
    lon = getattr(event, "lon", None)
    code = event.country_code
    values = {
        "event_id_cnty": lambda: event.external_id or f"cm-{event.pk}",
        "event_date": lambda: event.date.isoformat(),
        "year": lambda: str(event.date.year),
        "time_precision": lambda: str(event.date_precision),
        "disorder_type": lambda: A.DISORDER_TYPES.get(event.event_type, ""),
        "event_type": lambda: event.event_type,
        "sub_event_type": lambda: event.sub_event_type,
        "actor1": lambda: "; ".join(a.name for a in actor1),
        "assoc_actor_1": lambda: "; ".join(a.name for a in _names(links, "assoc1")),
        "inter1": lambda: str(inter1),
        "actor2": lambda: "; ".join(a.name for a in actor2),
        "assoc_actor_2": lambda: "; ".join(a.name for a in _names(links, "assoc2")),
        "inter2": lambda: str(inter2),
        "interaction": lambda: str(interaction),
        "civilian_targeting": lambda: (
            A.CIVILIAN_TARGETING if any(a.kind == Actor.Kind.CIVILIANS for a in targets) else ""
        ),
        "iso": lambda: str(iso_numeric(code)) if code else "",
        "region": lambda: "",  # ACLED's regions are its own grouping; we keep none
        "country": lambda: country_name(code) if code else "",
        "admin1": lambda: admin1,
        "admin2": lambda: str(extra.get("admin2") or ""),
        "admin3": lambda: str(extra.get("admin3") or ""),
        "location": lambda: place_display_name(place.name if place else None, event.place_name),
        "latitude": lambda: None if lat is None else f"{lat:.4f}",
        "longitude": lambda: None if lon is None else f"{lon:.4f}",
        "geo_precision": lambda: str(event.geo_precision),
        "source": lambda: "; ".join(sources),
        "source_scale": lambda: str(extra.get("source_scale") or ""),
        "notes": lambda: event.summary,
        "fatalities": lambda: None if event.fatalities is None else str(event.fatalities),
        "tags": lambda: str(extra.get("tags") or ""),
        "timestamp": lambda: str(epoch(getattr(event, "acled_changed", None) or event.updated)),
    }
    return {name: values[name]() for name in fields}


def _kept_code(extra: dict, key: str, default: int) -> int:
    value = extra.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def acled_csv(rows: list[dict], fields: tuple[str, ...]) -> str:
    """ACLED's CSV answer: its fields as columns; every text cell through csv_text, so no
    spreadsheet runs one as a formula (numbers stay numbers)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(fields)
    numeric = A.NUMBER_FIELDS | {"interaction", "event_date"}
    for row in rows:
        out.writerow(
            [
                (v or "") if name in numeric else csv_text(v or "")
                for name, v in ((n, row[n]) for n in fields)
            ]
        )
    return buf.getvalue()


def withdrawn(*, staff: bool) -> list[tuple[str, int]]:
    """(event_id_cnty, epoch) of what a copy kept from this API must drop, oldest first: events
    deleted, and events this audience could see once and cannot now (unpublished, rejected;
    for the public also those of a dataset made staff-only). "Could see once": verified at some
    time (its verified_at, which unpublishing keeps, or a verified version in its history), so
    a deleted or withdrawn draft never shows here, nor its id.

    The time is the deletion's, or for a withdrawal the later of the event's last change and
    its dataset's (`changed_expression`). A staff copy made
    with status=all keeps drafts and rejected events: for it only the deletions matter."""
    history = Event.history.model
    was_verified = Q(verified_at__isnull=False) | Q(status=Event.Status.VERIFIED)
    out: dict[int, tuple[str, int]] = {}
    once = history.objects.filter(was_verified)
    if not staff:
        # A staff-only dataset that was never public (its own history says): its events were
        # never the public's, so they are no withdrawal of theirs, and their ids stay unshown.
        never = _never_public_datasets()
        once = once.exclude(dataset__in=never)
    once = once.values("id")
    deleted = (
        history.objects.filter(history_type="-", id__in=once)
        .exclude(id__in=Event.objects.values("pk"))  # deleted, then restored from its history
        .values_list("id", "external_id", "history_date")
    )
    for pk, external_id, when in deleted:
        out[pk] = (external_id or f"cm-{pk}", epoch(when))
    visible = Event.objects.for_audience(staff=staff).filter(status=Event.Status.VERIFIED)
    gone = (
        Event.objects.filter(Q(verified_at__isnull=False) | Q(pk__in=once))
        .exclude(pk__in=visible.values("pk"))
        .exclude(dataset__in=[] if staff else _never_public_datasets())
        .annotate(changed=changed_expression())
        .values_list("pk", "external_id", "changed")
    )
    for pk, external_id, updated in gone:
        out[pk] = (external_id or f"cm-{pk}", epoch(updated))
    return sorted(out.values(), key=lambda v: (v[1], v[0]))


def _never_public_datasets() -> list[str]:
    public_once = Dataset.history.filter(visibility=datasets.PUBLIC).values("key")
    staff_only = Dataset.objects.filter(visibility=datasets.STAFF).exclude(key__in=public_once)
    return list(staff_only.values_list("key", flat=True))
