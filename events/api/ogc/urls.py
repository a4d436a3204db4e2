"""/ogcapi/: OGC API - Features, Part 1 (docs/ogcapi.md)."""

from django.urls import path, register_converter

from events.api.ogc import views
from events.converters import EventIdConverter

# Its own name: "id" is events/urls.py's, and registering a name twice is deprecated.
register_converter(EventIdConverter, "ogc_event_id")

app_name = "ogcapi"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.api, name="api"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:collection_id>", views.collection, name="collection"),
    path("collections/<str:collection_id>/items", views.items, name="items"),
    path("collections/<str:collection_id>/items/<ogc_event_id:pk>", views.item, name="item"),
]
