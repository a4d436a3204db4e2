from django.urls import path, register_converter

from events import views
from events.api import tiles, views_acled, views_ucdp
from events.api import views as api
from events.converters import EventIdConverter

register_converter(EventIdConverter, "id")

app_name = "events"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("events/<id:pk>/", views.event_detail, name="event-detail"),
    path("events/<id:pk>.json", api.event_detail_json, name="event-detail-json"),
    path("api/events.geojson", api.api_events_geojson, name="api-geojson"),
    path("api/events.csv", api.api_events_csv, name="api-csv"),
    path("api/events.gpkg", api.api_events_gpkg, name="api-gpkg"),
    path("api/events.fgb", api.api_events_fgb, name="api-fgb"),
    path("api/events.kml", api.api_events_kml, name="api-kml"),
    path("api/events.parquet", api.api_events_parquet, name="api-parquet"),
    path("api/actors.json", api.api_actors, name="api-actors"),
    path("api/facets.json", api.api_facets, name="api-facets"),
    path("api/timeline.json", api.api_timeline, name="api-timeline"),
    path("api/trends.json", api.api_trends, name="api-trends"),
    path("api/map.json", api.api_map, name="api-map"),
    path("api/snapshot.html", api.api_snapshot, name="api-snapshot"),
    path("api/datasets.json", api.api_datasets, name="api-datasets"),
    path("api/attribution.txt", api.api_attribution, name="api-attribution"),
    path("api/openapi.json", api.api_openapi, name="api-openapi"),
    # ACLED- and UCDP-shaped APIs (docs/api-compat.md, issue 17).
    path("api/acled/read", views_acled.acled_read, name="api-acled-read"),
    path("api/acled/read.csv", views_acled.acled_read_csv, name="api-acled-read-csv"),
    path("api/deleted/read", views_acled.deleted_read, name="api-deleted-read"),
    path("api/gedevents/<str:version>", views_ucdp.ged_events_api, name="api-gedevents"),
    # Vector tiles (docs/tiles.md): z/x/y as text, so a bad one is a 400 naming it, not a 404.
    path("tiles/<str:z>/<str:x>/<str:y>.mvt", tiles.tile, name="tile"),
    path("tiles/tiles.json", tiles.tilejson, name="tiles-json"),
]
