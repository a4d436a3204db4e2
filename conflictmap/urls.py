"""Top-level routes: the admin and the events app (map, event pages, API)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ogcapi/", include("events.api.ogc.urls")),
    path("", include("events.urls")),
]

# The API's (and .json URLs') 404s and Django's own 400s are JSON, like its other 400s.
handler400 = "events.views.bad_request"
handler404 = "events.views.not_found"
