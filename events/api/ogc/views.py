"""OGC API - Features at /ogcapi/: parse, select with the one filter, answer JSON or HTML.

JSON unless the client asks for HTML (`f=html`, or an Accept header whose first JSON or HTML
type is text/html, as a browser's is). The events are `Event.objects.matching(f)` of the filter
parsed from the query (events/api/ogc/params.py maps OGC's datetime onto it), so the publication
and dataset rules are the API's own; features are those of /api/events.geojson.
"""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from events.api.httpcache import conditional
from events.api.ogc import documents as docs
from events.api.ogc.openapi import ogc_openapi_document
from events.api.ogc.params import Page, format_param, page_parse
from events.api.params import event_filter_parse
from events.domain.filters import EventFilter, FilterError
from events.models import Event, may_see_unpublished
from events.selectors.collections import (
    collection_extent,
    matched_count,
    page_ids,
    page_matched,
)
from events.selectors.exports import geojson_features

NO_EVENT = {"errors": {"featureId": "No such event."}}
NO_COLLECTION = {"errors": {"collectionId": "No such collection: use events."}}
PAGING = ("prev", "next")
FORMAT_ONLY = frozenset({"f"})
_JSON_TYPES = ("application/json", "application/geo+json", "application/vnd.oai.openapi+json")


def _wants_html(request: HttpRequest, f: str | None) -> bool:
    if f is not None:
        return f == "html"
    for part in request.headers.get("Accept", "").split(","):
        media_type, _, rest = part.strip().partition(";")
        if "q=0" in rest.replace(" ", "") and "q=0." not in rest.replace(" ", ""):
            continue  # q=0: not acceptable
        media_type = media_type.strip().lower()
        if media_type == "text/html":
            return True
        if media_type in _JSON_TYPES or media_type.endswith("+json"):
            return False
    return False


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def _json(body: dict, content_type: str = docs.JSON, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(body), content_type=content_type, status=status)
    # One URL, two representations: a cache must keep them apart.
    patch_vary_headers(response, ["Accept"])
    return response


def _html(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, f"ogcapi/{template}", context, status=status)
    patch_vary_headers(response, ["Accept"])
    return response


def _format_or_400(request: HttpRequest) -> bool | HttpResponse:
    """Whether to answer HTML; or a 400 naming a bad `f` or any parameter neither `f` nor the
    filter's. The filter's are accepted (and checked) though these documents do not depend on
    them: GDAL sends a connection string's query (OAPIF:...?actor=isis) with every request."""
    errors: dict[str, str] = {}
    f = format_param(request.GET, errors)
    try:
        event_filter_parse(
            request.GET, is_staff=may_see_unpublished(request.user), extra_allowed=FORMAT_ONLY
        )
    except FilterError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return _wants_html(request, f)


def _document(request: HttpRequest, body: dict, title: str) -> HttpResponse:
    html = _format_or_400(request)
    if isinstance(html, HttpResponse):
        return html
    if html:
        return _html(request, "document.html", {"title": title, "doc": body})
    return _json(body)


@require_safe
@conditional
def landing(request: HttpRequest) -> HttpResponse:
    return _document(request, docs.landing(_base(request), request.GET), docs.TITLE)


@require_safe
@conditional
def conformance(request: HttpRequest) -> HttpResponse:
    body = docs.conformance(_base(request), request.GET)
    return _document(request, body, "Conformance classes")


@require_safe
@conditional
def api(request: HttpRequest) -> HttpResponse:
    html = _format_or_400(request)
    if isinstance(html, HttpResponse):
        return html
    body = ogc_openapi_document(docs.url("landing", _base(request)).rstrip("/"))
    if html:
        return _html(request, "api.html", {"title": "API definition", "doc": body})
    return _json(body, docs.OPENAPI)


@require_safe
@conditional
def collections(request: HttpRequest) -> HttpResponse:
    extent = collection_extent(staff=may_see_unpublished(request.user))
    body = docs.collections(_base(request), request.GET, extent)
    return _document(request, body, "Collections")


@require_safe
@conditional
def collection(request: HttpRequest, collection_id: str) -> HttpResponse:
    if collection_id != docs.COLLECTION:
        return _json(NO_COLLECTION, status=404)
    extent = collection_extent(staff=may_see_unpublished(request.user))
    body = docs.collection(_base(request), extent)
    return _document(request, body, docs.COLLECTION_TITLE)


def _items_filter(request: HttpRequest) -> tuple[Page, QueryDict, EventFilter] | HttpResponse:
    """The page, the filter's query and the filter; or a 400 naming every bad parameter."""
    errors: dict[str, str] = {}
    page, query = page_parse(request.GET, errors)
    f = EventFilter()
    try:
        f = event_filter_parse(query, is_staff=may_see_unpublished(request.user))
    except FilterError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return page, query, f


@require_safe
@conditional
def items(request: HttpRequest, collection_id: str) -> HttpResponse:
    if collection_id != docs.COLLECTION:
        return _json(NO_COLLECTION, status=404)
    parsed = _items_filter(request)
    if isinstance(parsed, HttpResponse):
        return parsed
    page, _, f = parsed
    events = Event.objects.matching(f)
    features: list[dict] = []
    if page.hits_only:
        matched = matched_count(events, f)
    else:
        ids = page_ids(events, page.offset, page.limit, page.after)
        matched = page_matched(events, f, ids, (page.offset, page.limit, page.after))
        selected = Event.objects.filter(pk__in=ids)
        if ids and request.method != "HEAD":
            for chunk in geojson_features(selected, base_url=_base(request), located_only=False):
                features.extend(chunk)
    links = docs.page_links(
        _base(request),
        request.GET,
        offset=page.offset,
        limit=page.limit,
        returned=len(features),
        matched=matched,
        last_id=features[-1]["id"] if features else None,
    )
    body = {
        "type": "FeatureCollection",
        "timeStamp": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "numberMatched": matched,
        "numberReturned": len(features),
        "links": links,
        "features": features,
    }
    if _wants_html(request, page.format):
        nav = [(x["rel"], x["href"] + "&f=html") for x in links if x["rel"] in PAGING]
        context = {"title": docs.COLLECTION_TITLE, "doc": body, "nav": nav, "offset": page.offset}
        return _html(request, "items.html", context)
    return _json(body, docs.GEOJSON)


@require_safe
@conditional
def item(request: HttpRequest, collection_id: str, pk: int) -> HttpResponse:
    html = _format_or_400(request)
    if isinstance(html, HttpResponse):
        return html
    if collection_id != docs.COLLECTION:
        return _json(NO_COLLECTION, status=404)
    # The API's rule for opening an event by id (events/api/views.py event_detail_json).
    visible = Event.objects.visible_to(request.user).filter(pk=pk)
    base = _base(request)
    chunks = geojson_features(visible, base_url=base, located_only=False)
    features = [x for chunk in chunks for x in chunk]
    if not features:
        return _json(NO_EVENT, status=404)
    feature = features[0]
    here = docs.url("item", base, docs.COLLECTION, pk)
    collection_url = docs.url("collection", base, docs.COLLECTION)
    feature["links"] = [
        *docs.self_links(here, request.GET, docs.GEOJSON),
        docs.link(collection_url, "collection", docs.JSON, "The collection"),
        docs.link(feature["properties"]["url"], "describedby", docs.HTML, "The event's page"),
    ]
    if html:
        properties = [(k, _text(v)) for k, v in feature["properties"].items()]
        context = {"title": f"Event {pk}", "feature": feature, "properties": properties}
        return _html(request, "item.html", context)
    return _json(feature, docs.GEOJSON)


def _text(value: object) -> str:
    """A property as one line of the HTML page: actors and sources by name, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        name = value.get("name") or value.get("title") or ""
        extra = value.get("role") or value.get("publisher") or ""
        return f"{name} ({extra})" if extra else str(name)
    return str(value)
