"""The JSON API and the downloads: parse the filter, call one selector, respond."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable

import orjson
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from events.api.httpcache import conditional
from events.api.limits import at_most_concurrent, at_most_concurrent_streams
from events.api.openapi import openapi_document
from events.api.params import event_filter_parse, text_param
from events.api.snapshot import SnapshotError, snapshot_html
from events.domain.filters import EventFilter, FilterError
from events.domain.trends import ERR_BUCKET, TREND_BUCKETS
from events.models import Event, EventActor, may_see_unpublished
from events.selectors.actors import actor_ids_named, actors_search
from events.selectors.clusters import map_view
from events.selectors.datasets import attribution_note, dataset_citation, datasets_shown
from events.selectors.exports import csv_stream, geojson_features, geojson_stream, iter_text
from events.selectors.gis_exports import fgb_stream, gpkg_stream, parquet_stream
from events.selectors.kml_export import kml_stream
from events.selectors.stats import (
    BUCKETS,
    actor_counts,
    country_fatalities,
    facet_counts,
    timeline_counts,
)
from events.selectors.trends import trends

DOWNLOAD_PARAMS = frozenset({"download"})
# Each download's media type, by its file name's extension.
CONTENT_TYPES = {
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "fgb": "application/flatgeobuf",
    "kml": "application/vnd.google-earth.kml+xml",
    "parquet": "application/vnd.apache.parquet",
}


def _filter_or_400(
    request: HttpRequest, extra: frozenset[str] = frozenset(), errors: dict | None = None
) -> EventFilter | JsonResponse:
    """The filter, or a 400 response naming each bad parameter: the filter's and those of the
    endpoint's own parameters (`errors`), all at once."""
    errors = dict(errors or {})
    try:
        f = event_filter_parse(
            request.GET, is_staff=may_see_unpublished(request.user), extra_allowed=extra
        )
    except FilterError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return f


def _one(
    request: HttpRequest, name: str, choices: Container[str], message: str, errors: dict
) -> str | None:
    """An endpoint's own parameter: at most once, one of `choices`; else `message` in errors."""
    given = request.GET.getlist(name)
    if len(given) > 1 or (given and given[0] not in choices):
        errors[name] = message
        return None
    return given[0] if given else None


def _download_flag(request: HttpRequest) -> tuple[bool, dict]:
    errors: dict[str, str] = {}
    value = _one(request, "download", {"0", "1", "true", "false"}, "Use 1 or 0, once.", errors)
    return value in {"1", "true"}, errors


def _streaming(
    chunks: Iterable[str | bytes], content_type: str, f: EventFilter, ext: str, download: bool
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(iter_text(chunks), content_type=content_type)
    if download:
        response["Content-Disposition"] = f'attachment; filename="{f.describe()}.{ext}"'
    return response


@require_safe
@conditional
def event_detail_json(request: HttpRequest, pk: int) -> JsonResponse:
    visible = Event.objects.visible_to(request.user).filter(pk=pk)
    base_url = request.build_absolute_uri("/")[:-1]
    chunks = geojson_features(visible, base_url=base_url, located_only=False)
    features = [feature for chunk in chunks for feature in chunk]
    if not features:
        raise Http404("No such event.")
    return JsonResponse(features[0])


def _download(
    request: HttpRequest,
    render: Callable[[QuerySet[Event], EventFilter], Iterable[str | bytes]],
    ext: str,
) -> HttpResponseBase:
    """A filtered download, streamed: `render` turns the filter's events into its chunks. Its
    `Link` header points at the companion note: the datasets' terms, the filter, the date."""
    download, bad = _download_flag(request)
    f = _filter_or_400(request, DOWNLOAD_PARAMS, bad)
    if isinstance(f, JsonResponse):
        return f
    content_type = CONTENT_TYPES[ext]
    # HEAD: GET's status and headers, and no rows read at all (a server may still iterate a
    # streamed body it then drops; there is none to iterate).
    chunks = () if request.method == "HEAD" else render(Event.objects.matching(f), f)
    response = _streaming(chunks, content_type, f, ext, download)
    query = urlencode(f.as_query())
    note = reverse("events:api-attribution") + (f"?{query}" if query else "")
    response["Link"] = f'<{request.build_absolute_uri(note)}>; rel="describedby"; type="text/plain"'
    return response


@require_safe
@conditional
def api_events_geojson(request: HttpRequest) -> HttpResponseBase:
    base_url = request.build_absolute_uri("/")[:-1]

    def render(events: QuerySet[Event], f: EventFilter) -> Iterable[bytes]:
        cited = [dataset_citation(d) for d in datasets_shown(staff=f.staff)]
        return geojson_stream(events, base_url=base_url, datasets=cited)

    return _download(request, render, "geojson")


@require_safe
@conditional
def api_events_csv(request: HttpRequest) -> HttpResponseBase:
    return _download(request, lambda events, _f: csv_stream(events), "csv")


# The GIS formats (selectors/gis_exports.py, kml_export.py): the located events, as the GeoJSON.
GIS_WRITERS = {"gpkg": gpkg_stream, "fgb": fgb_stream, "parquet": parquet_stream}


def _gis_download(request: HttpRequest, ext: str) -> HttpResponseBase:
    base_url = request.build_absolute_uri("/")[:-1]
    if ext == "kml":
        return _download(
            request,
            lambda events, f: kml_stream(events, base_url=base_url, title=f.describe()),
            ext,
        )
    write = GIS_WRITERS[ext]
    return _download(request, lambda events, _f: write(events, base_url=base_url), ext)


@require_safe
@conditional
@at_most_concurrent_streams("GIS_DOWNLOAD_CONCURRENCY")
def api_events_gpkg(request: HttpRequest) -> HttpResponseBase:
    return _gis_download(request, "gpkg")


@require_safe
@conditional
@at_most_concurrent_streams("GIS_DOWNLOAD_CONCURRENCY")
def api_events_fgb(request: HttpRequest) -> HttpResponseBase:
    return _gis_download(request, "fgb")


@require_safe
@conditional
@at_most_concurrent_streams("GIS_DOWNLOAD_CONCURRENCY")
def api_events_kml(request: HttpRequest) -> HttpResponseBase:
    return _gis_download(request, "kml")


@require_safe
@conditional
@at_most_concurrent_streams("GIS_DOWNLOAD_CONCURRENCY")
def api_events_parquet(request: HttpRequest) -> HttpResponseBase:
    return _gis_download(request, "parquet")


@require_safe
@conditional
def api_datasets(request: HttpRequest) -> JsonResponse:
    """The datasets this user may see events of, with their licences and attributions. It takes
    the filter's parameters as every /api/ endpoint does (and refuses others), though the list
    depends only on who asks."""
    f = _filter_or_400(request)
    if isinstance(f, JsonResponse):
        return f
    shown = datasets_shown(staff=f.staff)
    return JsonResponse({"datasets": [dataset_citation(d) for d in shown]})


@require_safe
@conditional
def api_attribution(request: HttpRequest) -> HttpResponse:
    """A download's companion note (its `Link` header points here with the same filter): the
    datasets' attributions and licences, the filter and the date, as ACLED's terms ask."""
    f = _filter_or_400(request)
    if isinstance(f, JsonResponse):
        return f
    note = attribution_note(datasets_shown(staff=f.staff), f, accessed=timezone.now())
    return HttpResponse(note, content_type="text/plain; charset=utf-8")


@require_safe
@conditional
def api_actors(request: HttpRequest) -> JsonResponse:
    """Actors with events under the filter; with `search`, those it names, best match first
    (events/selectors/actors.py `actors_search`)."""
    bad: dict[str, str] = {}
    search = text_param(request.GET, "search", bad)
    f = _filter_or_400(request, frozenset({"search"}), bad)
    if isinstance(f, JsonResponse):
        return f
    events = Event.objects.matching(f).located()
    if search is None:
        return JsonResponse({"actors": actor_counts(events, f)})
    # Only the named actors' events are counted: the picker asks on every word typed.
    named = EventActor.objects.filter(actor_id__in=actor_ids_named(search)).values("event_id")
    actors = actor_counts(events.filter(pk__in=named), f)
    return JsonResponse({"actors": actors_search(actors, search)})


ERR_FACET_SUM = "Use fatalities, once (or leave it out)."
FACET_SUMS = frozenset({"fatalities"})


@require_safe
@conditional
def api_facets(request: HttpRequest) -> JsonResponse:
    """Counts per event type and per country: the map's checklists when it has too many events
    to count them itself; with sum=fatalities, also the fatalities per country (its choropleth)."""
    bad: dict[str, str] = {}
    total = _one(request, "sum", FACET_SUMS, ERR_FACET_SUM, bad)
    f = _filter_or_400(request, frozenset({"sum"}), bad)
    if isinstance(f, JsonResponse):
        return f
    body: dict = facet_counts(f)
    if total == "fatalities":
        body["country_fatalities"] = country_fatalities(f)
    return JsonResponse(body)


@require_safe
@conditional
def api_timeline(request: HttpRequest) -> JsonResponse:
    bad: dict[str, str] = {}
    bucket = _one(request, "bucket", BUCKETS, "Use day, week or month, once.", bad)
    f = _filter_or_400(request, frozenset({"bucket"}), bad)
    if isinstance(f, JsonResponse):
        return f
    qs = Event.objects.matching(f)
    data = timeline_counts(qs.located(), f, bucket)
    data["unlocated"] = qs.unlocated().count()
    return JsonResponse(data)


@require_safe
@conditional
def api_trends(request: HttpRequest) -> JsonResponse:
    """Events and fatalities per period by event type, the top actors, countries and admin-1
    areas, and the change against the previous window: the map page's trends panel."""
    bad: dict[str, str] = {}
    bucket = _one(request, "bucket", TREND_BUCKETS, ERR_BUCKET, bad)
    f = _filter_or_400(request, frozenset({"bucket"}), bad)
    if isinstance(f, JsonResponse):
        return f
    return JsonResponse(trends(f, bucket))


@require_safe
@conditional
@at_most_concurrent("SNAPSHOT_CONCURRENCY")
def api_snapshot(request: HttpRequest) -> HttpResponse:
    """The filter as a standalone folium map, downloaded as one HTML file."""
    f = _filter_or_400(request)
    if isinstance(f, JsonResponse):
        return f
    try:
        html = snapshot_html(f, base_url=request.build_absolute_uri("/")[:-1])
    except SnapshotError as exc:
        return JsonResponse({"errors": {"snapshot": str(exc)}}, status=400)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{f.describe()}.html"'
    return response


ERR_ZOOM = "Required, once: the map's zoom level, a whole number from 0 to 22."
ZOOMS = frozenset(str(z) for z in range(23))


@require_safe
@conditional
def api_map(request: HttpRequest) -> HttpResponse:
    """What the map draws for its view: clusters when zoomed out or crowded, else events; bounded
    at every zoom (selectors.clusters)."""
    bad: dict[str, str] = {}
    zoom = _one(request, "zoom", ZOOMS, ERR_ZOOM, bad)
    if zoom is None:
        bad["zoom"] = ERR_ZOOM
    f = _filter_or_400(request, frozenset({"zoom"}), bad)
    if isinstance(f, JsonResponse):
        return f
    assert zoom is not None  # a missing zoom is in `bad`, so answered 400 above
    base_url = request.build_absolute_uri("/")[:-1]
    mode, grid, features = map_view(
        Event.objects.matching(f).located(), int(zoom), bbox=f.bbox, base_url=base_url
    )
    total = sum(x["properties"].get("count", 1) for x in features)
    # "zoom": the zoom the cells are of (the page computes a cell's bounds from it).
    body = {"type": "FeatureCollection", "mode": mode, "zoom": grid, "total": total}
    body["features"] = features
    return HttpResponse(orjson.dumps(body), content_type="application/geo+json")


@require_safe
@conditional
def api_openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/")[:-1]))
