from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>.json", views.event_detail_json, name="event-detail-json"),
    path("api/events.geojson", views.api_events_geojson, name="api-geojson"),
    path("api/events.csv", views.api_events_csv, name="api-csv"),
    path("api/actors.json", views.api_actors, name="api-actors"),
    path("api/facets.json", views.api_facets, name="api-facets"),
    path("api/timeline.json", views.api_timeline, name="api-timeline"),
    path("api/map.json", views.api_map, name="api-map"),
    path("api/snapshot.html", views.api_snapshot, name="api-snapshot"),
    path("api/openapi.json", views.api_openapi, name="api-openapi"),
]
