"""Thin views: parse the filter, call one function, respond. Every HTML view has a JSON twin."""

from __future__ import annotations

import orjson
from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import page_not_found

from events import snapshot
from events.clusters import map_view
from events.exports import csv_stream, geojson_features, geojson_stream, iter_text
from events.filters import EventFilter, FilterError, event_filter_parse, events_filter
from events.httpcache import conditional
from events.models import EVENT_TAXONOMY, Event, may_see_unpublished
from events.openapi import openapi_document
from events.snapshot import SnapshotError, snapshot_html
from events.stats import BUCKETS, actor_counts, facet_counts, timeline_counts

DOWNLOAD_PARAMS = frozenset({"download"})


def _filter_or_400(
    request: HttpRequest, extra: frozenset[str] = frozenset(), errors: dict | None = None
):
    """(filter, None) or (None, a 400 response naming each bad parameter): the filter's and
    those of the endpoint's own parameters (`errors`), all at once."""
    errors = dict(errors or {})
    try:
        f = event_filter_parse(
            request.GET, is_staff=may_see_unpublished(request.user), extra_allowed=extra
        )
    except FilterError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        return None, JsonResponse({"errors": errors}, status=400)
    return f, None


def _one(request: HttpRequest, name: str, choices, message: str, errors: dict) -> str | None:
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


def _streaming(chunks, content_type: str, f: EventFilter, ext: str, download: bool):
    response = StreamingHttpResponse(iter_text(chunks), content_type=content_type)
    if download:
        response["Content-Disposition"] = f'attachment; filename="{f.describe()}.{ext}"'
    return response


def _tiles() -> dict:
    return {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


@require_GET
def map_page(request: HttpRequest):
    api = {
        "map": reverse("events:api-map"),
        "snapshot": reverse("events:api-snapshot"),
        "geojson": reverse("events:api-geojson"),
        "csv": reverse("events:api-csv"),
        "actors": reverse("events:api-actors"),
        "facets": reverse("events:api-facets"),
        "timeline": reverse("events:api-timeline"),
    }
    config = {
        "api": api,
        "taxonomy": EVENT_TAXONOMY,
        "tiles": _tiles(),
        "isStaff": may_see_unpublished(request.user),
        # Up to this many events (under the non-date filters) the page loads them all and
        # filters in the browser; beyond it, it asks /api/map.json for each view.
        "clientLimit": settings.MAP_CLIENT_EVENTS,
        # The most events a snapshot holds: past it the page says so instead of offering one.
        "snapshotLimit": snapshot.MAX_EVENTS,
        # More public events than that in all: the page can ask for its first view at once
        # (a bounded count: reads at most clientLimit + 1 ids however big the database).
        "serverHint": Event.objects.public()
        .located()
        .order_by()
        .values("pk")[: settings.MAP_CLIENT_EVENTS + 1]
        .count()
        > settings.MAP_CLIENT_EVENTS,
    }
    return render(request, "events/map.html", {"config": config, "api": api})


@require_GET
def event_detail(request: HttpRequest, pk: int):
    queryset = Event.objects.select_related("place", "source").prefetch_related(
        "event_actors__actor__aliases"
    )
    event = get_object_or_404(queryset.visible_to(request.user), pk=pk)
    return render(request, "events/event_detail.html", {"event": event, "tiles": _tiles()})


@require_GET
@conditional
def event_detail_json(request: HttpRequest, pk: int):
    visible = Event.objects.visible_to(request.user).filter(pk=pk)
    base_url = request.build_absolute_uri("/")[:-1]
    chunks = geojson_features(visible, base_url=base_url, located_only=False)
    features = [feature for chunk in chunks for feature in chunk]
    if not features:
        raise Http404("No such event.")
    return JsonResponse(features[0])


@require_GET
@conditional
def api_events_geojson(request: HttpRequest):
    download, bad = _download_flag(request)
    f, error = _filter_or_400(request, DOWNLOAD_PARAMS, bad)
    if error:
        return error
    chunks = geojson_stream(events_filter(f), base_url=request.build_absolute_uri("/")[:-1])
    return _streaming(chunks, "application/geo+json", f, "geojson", download)


@require_GET
@conditional
def api_events_csv(request: HttpRequest):
    download, bad = _download_flag(request)
    f, error = _filter_or_400(request, DOWNLOAD_PARAMS, bad)
    if error:
        return error
    return _streaming(csv_stream(events_filter(f)), "text/csv; charset=utf-8", f, "csv", download)


@require_GET
@conditional
def api_actors(request: HttpRequest):
    f, error = _filter_or_400(request)
    if error:
        return error
    return JsonResponse({"actors": actor_counts(events_filter(f).located(), f)})


@require_GET
@conditional
def api_facets(request: HttpRequest):
    """Counts per event type and per country: the map's checklists when it has too many events
    to count them itself."""
    f, error = _filter_or_400(request)
    if error:
        return error
    return JsonResponse(facet_counts(f))


@require_GET
@conditional
def api_timeline(request: HttpRequest):
    bad: dict[str, str] = {}
    bucket = _one(request, "bucket", BUCKETS, "Use day, week or month, once.", bad)
    f, error = _filter_or_400(request, frozenset({"bucket"}), bad)
    if error:
        return error
    qs = events_filter(f)
    data = timeline_counts(qs.located(), f, bucket)
    data["unlocated"] = qs.unlocated().count()
    return JsonResponse(data)


@require_GET
@conditional
def api_snapshot(request: HttpRequest):
    """The filter as a standalone folium map, downloaded as one HTML file."""
    f, error = _filter_or_400(request)
    if error:
        return error
    try:
        html = snapshot_html(f, base_url=request.build_absolute_uri("/")[:-1])
    except SnapshotError as exc:
        return JsonResponse({"errors": {"snapshot": str(exc)}}, status=400)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{f.describe()}.html"'
    return response


ERR_ZOOM = "Required, once: the map's zoom level, a whole number from 0 to 22."
ZOOMS = frozenset(str(z) for z in range(23))


@require_GET
@conditional
def api_map(request: HttpRequest):
    """What the map draws for its view: clusters when zoomed out, events when zoomed in."""
    bad: dict[str, str] = {}
    zoom = _one(request, "zoom", ZOOMS, ERR_ZOOM, bad)
    if zoom is None:
        bad["zoom"] = ERR_ZOOM
    f, error = _filter_or_400(request, frozenset({"zoom"}), bad)
    if error:
        return error
    base_url = request.build_absolute_uri("/")[:-1]
    mode, features = map_view(events_filter(f).located(), int(zoom), base_url=base_url)
    total = sum(x["properties"].get("count", 1) for x in features)
    body = {"type": "FeatureCollection", "mode": mode, "zoom": int(zoom), "total": total}
    body["features"] = features
    return HttpResponse(orjson.dumps(body), content_type="application/geo+json")


@require_GET
@conditional
def api_openapi(request: HttpRequest):
    return JsonResponse(openapi_document(request.build_absolute_uri("/")[:-1]))


def _json_client(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def not_found(request: HttpRequest, exception=None):
    """handler404: for the API and an event's .json a JSON body naming what is unknown (as a
    400 names its parameters), for pages Django's own 404 page."""
    if not _json_client(request):
        return page_not_found(request, exception)
    if request.path.startswith("/events/"):
        return JsonResponse({"errors": {"id": "No such event."}}, status=404)
    return JsonResponse({"errors": {"path": "No such endpoint."}}, status=404)


def bad_request(request: HttpRequest, exception=None):
    """handler400, for what Django refuses before a view runs (more query parameters than
    DATA_UPLOAD_MAX_NUMBER_FIELDS): JSON for the API too, never the exception's own text."""
    if not _json_client(request):
        return django_bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        message = f"Too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
    else:
        message = "Bad request."
    return JsonResponse({"errors": {"query": message}}, status=400)
