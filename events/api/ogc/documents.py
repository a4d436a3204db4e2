"""The JSON documents of /ogcapi/ (OGC API - Features, Part 1): landing page, conformance, the
collection, and the links between them and their HTML alternates."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse

COLLECTION = "events"
TITLE = "ConflictMap"
DESCRIPTION = (
    "Curated, geocoded armed-conflict events (ACLED-style event types, actors, fatalities), "
    "each with its source, as OGC API - Features."
)
COLLECTION_TITLE = "Conflict events"
COLLECTION_DESCRIPTION = (
    "Verified events, one feature each, with the same properties as /api/events.geojson. "
    "An event not yet placed on the map has a null geometry. Filter with bbox, datetime and "
    "this site's own filter parameters (actor, event_type, country, q...): see /ogcapi/api."
)

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

_CONF = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
CONFORMANCE = [_CONF + c for c in ("core", "oas30", "geojson", "html")]


def url(name: str, base: str, *args: object) -> str:
    """The absolute URL of an /ogcapi/ route (base: scheme and host)."""
    return base + reverse(f"ogcapi:{name}", args=args)


def with_query(href: str, query: QueryDict | None = None, **changes: str | None) -> str:
    """href with the query's parameters, each kept as given, and `changes` set (None: removed)."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    encoded = params.urlencode()
    return f"{href}?{encoded}" if encoded else href


def link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def self_links(href: str, query: QueryDict, json_type: str = JSON) -> list[dict]:
    """self (the JSON) and alternate (the HTML page), with the request's other parameters."""
    return [
        link(with_query(href, query, f="json"), "self", json_type, "This document"),
        link(with_query(href, query, f="html"), "alternate", HTML, "This document as HTML"),
    ]


def landing(base: str, query: QueryDict) -> dict:
    api = url("api", base)
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "links": [
            *self_links(url("landing", base), query),
            link(api, "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)"),
            link(with_query(api, f="html"), "service-doc", HTML, "The API definition as HTML"),
            link(url("conformance", base), "conformance", JSON, "Conformance classes"),
            link(url("collections", base), "data", JSON, "The collections"),
        ],
    }


def conformance(base: str, query: QueryDict) -> dict:
    return {"links": self_links(url("conformance", base), query), "conformsTo": CONFORMANCE}


def collection(base: str, extent: dict) -> dict:
    """The events collection as /collections lists it and /collections/events shows it."""
    items = url("items", base, COLLECTION)
    return {
        "id": COLLECTION,
        "title": COLLECTION_TITLE,
        "description": COLLECTION_DESCRIPTION,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent,
        "links": [
            link(url("collection", base, COLLECTION), "self", JSON, "This collection"),
            link(
                with_query(url("collection", base, COLLECTION), f="html"),
                "alternate",
                HTML,
                "This collection as HTML",
            ),
            link(items, "items", GEOJSON, "The events"),
            link(with_query(items, f="html"), "items", HTML, "The events as HTML"),
            link(base + reverse("events:api-datasets"), "license", JSON, "Datasets and terms"),
        ],
    }


def collections(base: str, query: QueryDict, extent: dict) -> dict:
    return {
        "links": self_links(url("collections", base), query),
        "collections": [collection(base, extent)],
    }


def page_links(
    base: str,
    query: QueryDict,
    *,
    offset: int,
    limit: int,
    returned: int,
    matched: int,
    last_id: int | None = None,
) -> list[dict]:
    """self, alternate, next (when more follow), prev (when this page is not the first) and
    collection; each keeps every parameter of the request, with the page's offset and limit.
    next also carries `after`, the page's last id: the server starts there, not offset rows in.
    prev goes by offset alone."""
    href = url("items", base, COLLECTION)
    paged = {"limit": str(limit)}
    links = [
        link(with_query(href, query, f="json", **paged), "self", GEOJSON, "This page"),
        link(with_query(href, query, f="html", **paged), "alternate", HTML, "This page as HTML"),
    ]
    if offset + returned < matched:
        following = str(offset + limit)
        # No `f`: next and prev are the GeoJSON (an HTML page builds its own from them).
        links.append(
            link(
                with_query(href, query, f=None, offset=following, after=_str(last_id), **paged),
                "next",
                GEOJSON,
                "Next",
            )
        )
    if offset > 0:
        before = str(max(0, offset - limit)) if offset - limit > 0 else None
        links.append(
            link(
                with_query(href, query, f=None, offset=before, after=None, **paged),
                "prev",
                GEOJSON,
                "Prev",
            )
        )
    links.append(link(url("collection", base, COLLECTION), "collection", JSON, "The collection"))
    return links


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)
