"""GeoJSON and CSV of a filtered queryset, streamed in chunks so memory stays flat at any size.

Bypasses Django's generic serializers on purpose: rows come out as plain tuples (coordinates as
floats from ST_X/ST_Y, no GEOS objects), actors arrive in one query per chunk, and JSON is written
chunk by chunk. bench/bench_geojson.py measures the difference.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

import orjson
from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from events.domain.columns import CSV_COLUMNS, admin1_cells
from events.domain.countries import country_names
from events.models import Actor, Event, EventActor, EventSource, Source, StX, StY
from events.selectors.sources import source_dict

CHUNK = 2000

ROW_FIELDS = (
    "id",
    "date",
    "date_precision",
    "end_date",
    "event_type",
    "sub_event_type",
    "place__name",
    "place_name",
    "place__admin1",
    "admin2",
    "country_code",
    "geo_precision",
    "fatalities",
    "summary",
    "quote",
    "source_id",
    "status",
    "dataset",
    "external_id",
    "lon",
    "lat",
)
_I = {name: i for i, name in enumerate(ROW_FIELDS)}
# A feature's row: ROW_FIELDS less what only the CSV shows (every column costs the driver 100k
# values per 100k events). Sources come as ids: the few distinct sources are read once.
_CSV_ONLY = {"place__admin1", "admin2", "dataset", "external_id"}
FEATURE_FIELDS = tuple(name for name in ROW_FIELDS if name not in _CSV_ONLY)
SOURCE_ID = FEATURE_FIELDS.index("source_id")
ROW_SOURCE_ID = _I["source_id"]


def _raw_rows(queryset: QuerySet) -> Iterator[tuple]:
    """The queryset's SQL run on a chunked (server-side on PostgreSQL) cursor, rows as the driver
    gives them: no per-value converters (dates are ISO strings on SQLite, date objects on
    PostgreSQL; both print the same with str())."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # Django proved it empty (an id past the column's range, pk__in=[])
        return
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK):
            yield from batch


def _row_values(queryset: QuerySet[Event], fields: tuple[str, ...] = ROW_FIELDS) -> QuerySet:
    """The export's row tuples (ROW_FIELDS, or FEATURE_FIELDS), in id order."""
    return (
        queryset.order_by("id")
        .annotate(lon=StX("location"), lat=StY("location"))
        # The district where the event's file named it (ACLED's admin2, kept in extra).
        .annotate(**({"admin2": KT("extra__admin2")} if "admin2" in fields else {}))
        .values_list(*fields)
    )


def _chunks(
    queryset: QuerySet[Event], fields: tuple[str, ...] = ROW_FIELDS
) -> Iterator[tuple[list[tuple], dict[int, list[dict]]]]:
    """Chunks of plain row tuples (`fields`) in id order, each with its events' (name, slug,
    role) actors.

    Rows and actor links are two cursors read side by side in event-id order (a merge join),
    so there is no query per row or per chunk, and memory holds one chunk at a time.
    """
    rows = _raw_rows(_row_values(queryset, fields))
    links = _actor_sets(queryset)
    names = {pk: (name, slug) for pk, name, slug in Actor.objects.values_list("pk", "name", "slug")}
    if connections[queryset.db].vendor == "postgresql":
        # Inside a transaction the server-side cursors stream; outside one (autocommit) they
        # must be WITH HOLD, and PostgreSQL then materialises the whole result before the
        # first row: 3x slower at 100k events, and temp files on the server.
        with transaction.atomic(using=queryset.db):
            yield from _merge(rows, links, names)
        return
    yield from _merge(rows, links, names)


def _actor_sets(queryset: QuerySet[Event]) -> Iterator[tuple[int, str]]:
    """(event id, "actor_id role,actor_id role...") for each linked event, in event-id order,
    its links in (role, id) order. On PostgreSQL the database folds them (one row per event,
    not per link); most events share their set of actors, so each set becomes dicts once."""
    links = EventActor.objects.filter(event_id__in=queryset.values("pk"))
    if connections[queryset.db].vendor == "postgresql":
        link = Concat(Cast("actor_id", CharField()), Value(" "), "role")
        folded = (
            links.values("event_id")
            .annotate(actors=StringAgg(link, ",", order_by=("role", "id")))
            .order_by("event_id")
            .values_list("event_id", "actors")
        )
        yield from _raw_rows(folded)
        return
    rows = _raw_rows(
        links.order_by("event_id", "role", "id").values_list("event_id", "actor_id", "role")
    )
    for event_id, group in groupby(rows, key=itemgetter(0)):
        yield event_id, ",".join(f"{actor_id} {role}" for _, actor_id, role in group)


# Distinct actor sets remembered during one export (each a list shared by its features).
MAX_ACTOR_SETS = 50_000


def _merge(
    rows: Iterator[tuple], links: Iterator[tuple[int, str]], names: dict[int, tuple[str, str]]
) -> Iterator[tuple[list[tuple], dict[int, list[dict]]]]:
    sets: dict[str, list[dict]] = {}
    entries: dict[str, dict] = {}  # "actor_id role" -> {"name", "slug", "role"}, shared
    pending = next(links, None)
    done = False
    while not done:
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                break
        else:
            done = True
        if not chunk:
            return
        actors: dict[int, list[dict]] = {}
        last = chunk[-1][0]
        while pending is not None and pending[0] <= last:
            event_id, key = pending
            found = sets.get(key)
            if found is None:
                if len(sets) >= MAX_ACTOR_SETS:
                    sets.clear()
                found = sets[key] = [
                    entries.get(link) or _entry(entries, link, names) for link in key.split(",")
                ]
            actors[event_id] = found
            pending = next(links, None)
        yield chunk, actors


def _entry(entries: dict[str, dict], link: str, names: dict[int, tuple[str, str]]) -> dict:
    """The {"name", "slug", "role"} of an "actor_id role" link, made once per export."""
    actor, role = link.split(" ")
    actor_id = int(actor)
    if actor_id not in names:  # an actor created while we stream
        names.update(
            (pk, (n, s))
            for pk, n, s in Actor.objects.filter(pk=actor_id).values_list("pk", "name", "slug")
        )
    name, slug = names[actor_id]
    entry = entries[link] = {"name": name, "slug": slug, "role": role}
    return entry


@lru_cache(maxsize=1)
def event_url_template() -> str:
    """The event pages' URL up to the id: /events/ (an event's page is that, its id and /)."""
    return reverse("events:event-detail", args=[0]).removesuffix("0/")


# Source dicts one download keeps for reuse across chunks; past it they are read again as needed,
# so a stream's memory does not grow with the number of distinct sources in the data.
MAX_SOURCES = 10_000


def _sources_add(
    sources: dict[int | None, dict | None], rows: list[tuple], at: int = SOURCE_ID
) -> dict[int, list[dict]]:
    """The source dicts of the rows' sources (Event.source, and every EventSource of the
    rows' events) not in `sources` yet, in one query each: each dict is then shared by every
    feature of that source. Returns each event's list of sources, in the order they were
    added; events citing the same sources share one list."""
    links: dict[int, list[int]] = defaultdict(list)
    for ids in _id_batches([r[0] for r in rows]):
        for event_id, source_id in (
            EventSource.objects.filter(event_id__in=ids)
            .order_by("event_id", "id")
            .values_list("event_id", "source_id")
        ):
            links[event_id].append(source_id)
    missing = {r[at] for r in rows} | {pk for ids in links.values() for pk in ids}
    missing -= sources.keys()
    missing.discard(None)
    sources[None] = None
    if missing:
        for pk, title, publisher, url, published in Source.objects.filter(
            pk__in=missing
        ).values_list("pk", "title", "publisher", "url", "published"):
            sources[pk] = source_dict(title, publisher, url, published)
    shared: dict[tuple[int, ...], list[dict]] = {}
    lists: dict[int, list[dict]] = {}
    for event_id, ids in links.items():
        key = tuple(ids)
        found = shared.get(key)
        if found is None:
            found = shared[key] = [d for d in map(sources.get, key) if d is not None]
        lists[event_id] = found
    # An event written around event_add_source (Event.source set, no EventSource row) still
    # lists its one source.
    for r in rows:
        first = sources.get(r[at]) if r[0] not in lists else None
        if first is not None:
            key = (r[at],)
            found = shared.get(key)
            if found is None:
                found = shared[key] = [first]
            lists[r[0]] = found
    return lists


# Event ids per EventSource query: within any database's limit on parameters.
ID_BATCH = 2000


def _id_batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]


_NO_SOURCES: list[dict] = []


def place_display_name(place: str | None, place_name: str | None) -> str:
    """The one place name every download writes (GeoJSON `place`, CSV `location`), as the
    event's page shows it: the place's own name ("Al Bāb"), else the name the source gave an
    unlocated event ("al-Bab"), else nothing."""
    return place or place_name or ""


def _feature(
    r: tuple, actors: dict[int, list[dict]], url: str, sources: dict, cited: dict[int, list[dict]]
) -> dict:
    """One event's GeoJSON Feature (r: FEATURE_FIELDS). The hot loop of every download: plain
    tuple unpacking, and the source dicts and lists of _sources_add. Its keys are declared once,
    in events/api/schemas.py (EventFeature, EventProperties: the OpenAPI schemas come from
    there); tests/test_api_schemas.py fails when this dict and that declaration differ."""
    (
        pk, date, date_precision, end_date, event_type, sub_event_type, place, place_name,
        country, geo_precision, fatalities, summary, quote, source_id, status, lon, lat,
    ) = r  # fmt: skip
    source = sources[source_id]
    listed = cited.get(pk, _NO_SOURCES)
    return {
        "type": "Feature",
        "id": pk,
        "geometry": None if lon is None else {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": pk,
            "date": date,
            "date_precision": date_precision,
            "end_date": end_date,
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actors": actors.get(pk, []),
            "place": place_display_name(place, place_name),
            "country": country,
            "geo_precision": geo_precision,
            "fatalities": fatalities,
            "summary": summary,
            "quote": quote,
            "source": source,  # the first source (Event.source)
            "sources": listed,
            "source_count": len(listed),
            "status": status,
            "url": f"{url}{pk}/",
        },
    }


def geojson_features(
    queryset: QuerySet[Event], *, base_url: str = "", located_only: bool = True
) -> Iterator[list[dict]]:
    """Chunks of GeoJSON Feature dicts; an unlocated event (if asked for) has a null geometry."""
    url = base_url + event_url_template()
    if located_only:
        queryset = queryset.filter(location__isnull=False)
    sources: dict = {}
    for chunk, actors in _chunks(queryset, FEATURE_FIELDS):
        if len(sources) > MAX_SOURCES:  # real ACLED data: a source per report, tens of thousands
            sources.clear()
        cited = _sources_add(sources, chunk)
        yield [_feature(r, actors, url, sources, cited) for r in chunk]


def geojson_features_at_most(
    queryset: QuerySet[Event], limit: int, *, base_url: str = ""
) -> list[dict] | None:
    """The located events' features when there are at most `limit` of them, else None.

    Reads at most limit + 1 rows, so asking costs little however many events match: in no
    particular order (ORDER BY id would make the database find and sort every match before
    the first row), then sorted here by id when they are all there is.
    """
    located = _row_values(queryset.filter(location__isnull=False), FEATURE_FIELDS).order_by()[
        : limit + 1
    ]
    # A plain cursor: a few hundred rows in one round trip (a server-side cursor costs three,
    # and outside a transaction PostgreSQL materialises it first).
    sql, params = located.query.get_compiler(using=located.db).as_sql()
    with connections[located.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if len(rows) > limit:
        return None
    rows.sort(key=lambda r: r[0])
    actors: dict[int, list[dict]] = defaultdict(list)
    links = (
        EventActor.objects.filter(event_id__in=[r[0] for r in rows])
        .order_by("event_id", "role", "id")
        .values_list("event_id", "actor__name", "actor__slug", "role")
    )
    for event_id, name, slug, role in links:
        actors[event_id].append({"name": name, "slug": slug, "role": role})
    url = base_url + event_url_template()
    sources: dict = {}
    cited = _sources_add(sources, rows)
    return [_feature(r, actors, url, sources, cited) for r in rows]


def geojson_stream(
    queryset: QuerySet[Event], *, base_url: str = "", datasets: list[dict] | None = None
) -> Iterator[bytes]:
    """An RFC 7946 FeatureCollection (lon/lat order, no crs member) of the located events; its
    foreign member `datasets` cites the datasets' terms (attribution, licence), when given."""
    head = {"type": "FeatureCollection"} | ({"datasets": datasets} if datasets is not None else {})
    yield orjson.dumps(head)[:-1] + b',"features":['
    first = True
    for features in geojson_features(queryset, base_url=base_url):
        if not first:
            yield b","  # on its own: prepending it would copy the whole chunk once more
        yield orjson.dumps(features)[1:-1]  # the list's items, without its brackets
        first = False
    yield b"]}"


class _Line:
    def write(self, value: str) -> str:
        return value


# CSV injection (OWASP): a spreadsheet runs a cell that begins with one of these as a formula.
_FORMULA = frozenset("=+-@")
_FORMULA_START = _FORMULA | {"\t", "\r"}
_MAYBE = _FORMULA_START | {"'"}  # first characters worth a closer look (and whitespace)


def _formula(value: str) -> bool:
    """Begins with = + - @, a tab or a carriage return, or with whitespace and then = + - @."""
    first = value[:1]
    return first in _FORMULA_START or (first.isspace() and value.lstrip()[:1] in _FORMULA)


def csv_text(value: str) -> str:
    """A text cell no spreadsheet will run: a formula-like value gets a leading single quote,
    as OWASP advises. So does one that already begins with quotes before a formula ("'=1" is
    written "''=1"), so that taking one quote off on import always gives the value back.

    Only text columns go through this: numbers (a longitude of -1.5) stay numbers. The ACLED
    importer takes the quote off again (csv_text_unquoted), so an export re-imports unchanged.
    """
    if value and (value[0] in _MAYBE or value[0].isspace()) and _formula(value.lstrip("'")):
        return "'" + value
    return value


def csv_text_unquoted(value: str) -> str:
    """The value csv_text protected, without the quote it added; any other value as it is."""
    if value[:1] == "'" and _formula(value.lstrip("'")):
        return value[1:]
    return value


# Where each ROW_FIELDS value is in a row_chunks row.
ROW_INDEX = _I


def row_chunks(
    queryset: QuerySet[Event],
) -> Iterator[tuple[list[tuple], dict[int, list[dict]], dict[int, list[dict]]]]:
    """Chunks of ROW_FIELDS tuples (ROW_INDEX says where each is) in id order, each with its
    events' actors ({"name", "slug", "role"} dicts) and lists of sources (source_dict dicts):
    what the CSV writes a row of, and the GIS formats (selectors/gis_exports.py) a feature of."""
    sources: dict = {}
    for chunk, actors in _chunks(queryset):
        if len(sources) > MAX_SOURCES:
            sources.clear()
        yield chunk, actors, _sources_add(sources, chunk, ROW_SOURCE_ID)


def csv_stream(queryset: QuerySet[Event]) -> Iterator[str]:
    """ACLED-style CSV of every matching event; unlocated ones have empty coordinates."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    names = country_names()
    for chunk, actors, cited in row_chunks(queryset):
        buf = io.StringIO()
        out = csv.writer(buf)
        for r in chunk:
            by_role: dict[str, list[str]] = defaultdict(list)
            for actor in actors.get(r[0], ()):
                by_role[actor["role"]].append(actor["name"])
            lat, lon = r[_I["lat"]], r[_I["lon"]]
            code = r[_I["country_code"]]
            admin1, admin1_code = admin1_cells(r[_I["place__admin1"]] or "")
            listed = cited.get(r[0], _NO_SOURCES)
            # Every text cell through csv_text (formula injection); numbers and dates as they are.
            out.writerow(
                [
                    csv_text(r[_I["external_id"]]) or f"cm-{r[0]}",
                    str(r[_I["date"]]),
                    r[_I["date_precision"]],
                    csv_text(r[_I["event_type"]]),
                    csv_text(r[_I["sub_event_type"]]),
                    csv_text("; ".join(by_role["actor1"])),
                    csv_text("; ".join(by_role["assoc1"])),
                    csv_text("; ".join(by_role["actor2"])),
                    csv_text("; ".join(by_role["assoc2"])),
                    csv_text(names.get(code, code)),
                    csv_text(admin1),
                    csv_text(admin1_code),
                    csv_text(r[_I["admin2"]] or ""),
                    csv_text(place_display_name(r[_I["place__name"]], r[_I["place_name"]])),
                    f"{lat:.5f}" if lat is not None else "",
                    f"{lon:.5f}" if lon is not None else "",
                    r[_I["geo_precision"]],
                    # As ACLED writes several: "Mareb Press; Yemen Data Project".
                    csv_text("; ".join(source["title"] for source in listed)),
                    len(listed),
                    csv_text(r[_I["summary"]]),
                    "" if r[_I["fatalities"]] is None else r[_I["fatalities"]],
                    csv_text(code),
                    str(r[_I["end_date"]] or ""),
                    r[_I["status"]],
                ]
            )
        yield buf.getvalue()


def iter_text(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
