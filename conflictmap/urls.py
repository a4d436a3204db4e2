"""Top-level routes: the admin and the events app (map, event pages, API)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("events.urls")),
]

# 404s of the API and of .json URLs are JSON, like its 400s.
handler404 = "events.views.not_found"
