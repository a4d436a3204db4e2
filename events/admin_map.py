"""The admin's map widgets over the offline base map (issue 16): django-leaflet's widget on the
event and place change forms draws the same Natural Earth countries as the map page, so a
curator placing a point keeps coastlines, borders and names when the tiles do not load."""

from __future__ import annotations

from django.forms import Media, Script
from django.templatetags.static import static

BASEMAP = "vendor/world-atlas/countries-50m.geojson"


class BasemapAdminMixin:
    """Adds static/js/admin_map.js (an ES module; the GeoJSON's URL is its data-basemap) and
    its stylesheet to a LeafletGeoAdminMixin admin's pages."""

    @property
    def media(self) -> Media:
        script = Script("js/admin_map.js", type="module", **{"data-basemap": static(BASEMAP)})
        ours = Media(js=[script], css={"all": ["css/basemap.css", "css/admin_map.css"]})  # type: ignore[list-item]
        return super().media + ours  # type: ignore[misc]
