"""HTML pages (the map, an event's page) and the error handlers: thin, each calls one function."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import page_not_found

from events.api import snapshot
from events.domain.vocabulary import EVENT_TAXONOMY
from events.models import Event, may_see_unpublished
from events.selectors.datasets import dataset_of_event, datasets_credited, datasets_shown
from events.selectors.sources import event_citations


def _tiles() -> dict:
    return {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


def framing_allow_embed(response: HttpResponse) -> HttpResponse:
    """Let the origins of settings.EMBED_ALLOWED_ORIGINS frame this response (the embed page's):
    CSP frame-ancestors names them, and X-Frame-Options, which cannot name an origin, is left
    off. With none listed it keeps the site's DENY, as every other response does."""
    origins = list(settings.EMBED_ALLOWED_ORIGINS)
    if origins:
        # django-csp's per-response replacement (what its csp_replace decorator sets).
        response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
        response.xframe_options_exempt = True
    return response


def is_embed(request: HttpRequest) -> bool:
    """The map's embed page (?embed=1): the map and the timeline only, and framable by the
    origins of settings.EMBED_ALLOWED_ORIGINS."""
    return request.GET.get("embed") == "1"


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    embed = is_embed(request)
    api = {
        "map": reverse("events:api-map"),
        "snapshot": reverse("events:api-snapshot"),
        "geojson": reverse("events:api-geojson"),
        "csv": reverse("events:api-csv"),
        **{ext: reverse(f"events:api-{ext}") for ext in ("gpkg", "fgb", "kml", "parquet")},
        "actors": reverse("events:api-actors"),
        "facets": reverse("events:api-facets"),
        "timeline": reverse("events:api-timeline"),
        "trends": reverse("events:api-trends"),
    }
    config = {
        "api": api,
        "taxonomy": EVENT_TAXONOMY,
        "tiles": _tiles(),
        # The offline base map under the tiles (Natural Earth via world-atlas; static/vendor).
        "basemap": static(settings.MAP_BASEMAP),
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
        "embed": embed,
        # Whether any other site may frame the embed page (the Embed dialog says so if not).
        "embedOrigins": list(settings.EMBED_ALLOWED_ORIGINS),
    }
    datasets = datasets_credited(datasets_shown(staff=may_see_unpublished(request.user)))
    context = {"config": config, "api": api, "datasets": datasets, "embed": embed}
    response = render(request, "events/map.html", context)
    return framing_allow_embed(response) if embed else response


@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Event.objects.select_related("place", "source").prefetch_related(
        "event_actors__actor__aliases"
    )
    event = get_object_or_404(queryset.visible_to(request.user), pk=pk)
    dataset = dataset_of_event(event.dataset)
    context = {
        "event": event,
        "tiles": _tiles(),
        "cited": event_citations(event=event),
        "dataset": dataset,
        "dataset_list": [dataset] if dataset else [],
    }
    return render(request, "events/event_detail.html", context)


def _json_client(request: HttpRequest) -> bool:
    # /ogcapi/: OGC API clients (GDAL, QGIS) expect JSON errors there too.
    path = request.path
    return path.startswith(("/api/", "/ogcapi/")) or path.endswith(".json")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: for the API and an event's .json a JSON body naming what is unknown (as a
    400 names its parameters), for pages Django's own 404 page."""
    if not _json_client(request):
        return page_not_found(request, exception)
    if request.path.startswith("/events/"):
        return JsonResponse({"errors": {"id": "No such event."}}, status=404)
    return JsonResponse({"errors": {"path": "No such endpoint."}}, status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400, for what Django refuses before a view runs (more query parameters than
    DATA_UPLOAD_MAX_NUMBER_FIELDS): JSON for the API too, never the exception's own text."""
    if not _json_client(request):
        return django_bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        message = f"Too many parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
    else:
        message = "Bad request."
    return JsonResponse({"errors": {"query": message}}, status=400)
