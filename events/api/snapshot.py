"""A standalone HTML map of a filter (folium), for colleagues who will not run a server.

Same filter, same popups' content, a time slider (folium's TimestampedGeoJson) and a legend per
actor. The file reads with no network (snapshot_page.py): its data, its libraries (Leaflet,
Leaflet.TimeDimension, moment.js, inlined from our static files instead of folium's CDN links)
and an offline base map (Natural Earth's countries) are all inside it; the base-map tiles of
MAP_TILES_URL (docs/configuration.md) cover that base map when they load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import folium
import folium.plugins
from branca.element import MacroElement, Template
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join

from events.api.snapshot_page import header_html, offline_page, script_json
from events.domain.filters import EventFilter
from events.models import Actor, Dataset, Event, EventActor
from events.selectors.datasets import datasets_credited, datasets_shown
from events.selectors.exports import geojson_features

MAX_EVENTS = 20_000
ERR_TOO_MANY = (
    "{count} events match: a snapshot holds at most {max}. Narrow the filter "
    "(actor, dates, country or bbox)."
)
ERR_NONE = "No located event matches this filter: nothing to draw."
ROLE_LABELS = dict(EventActor.Role.choices)
PRECISION_LABELS = dict(Event.DatePrecision.choices)


class SnapshotError(ValueError):
    pass


FALLBACK_COLOUR = "#6b7280"
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# folium renders each element's output again as a Jinja2 template (branca's MacroElement wraps
# it in Element(...)), outside any sandbox: "{{ ... }}" in an event's text would run on the
# server. So no "{{", "{%" or "{#" from data ever reaches folium: in JSON strings the brace is
# written \u007b (script_json, events/api/snapshot_page.py), in HTML as &#123;.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def html_text(value: object) -> str:
    """Text escaped for HTML that folium's second Jinja2 pass leaves as it is."""
    return str(escape(value)).translate(_BRACES)


def safe_colour(colour: str | None) -> str:
    """A #rrggbb colour or the fallback: colours end up in styles and scripts."""
    return colour if colour and _HEX_COLOUR.fullmatch(colour) else FALLBACK_COLOUR


def popup_html(props: dict) -> str:
    """The popup of one event: every value escaped (they come from reports and imports), braces
    too (see html_text)."""
    actors = format_html_join(
        "", "<li>{} <small>({})</small></li>",
        ((a["name"], ROLE_LABELS.get(a["role"], a["role"])) for a in props["actors"]),
    )  # fmt: skip
    sources = props.get("sources") or ([props["source"]] if props.get("source") else [])
    cited = "; ".join(
        " ".join(filter(None, (s.get("publisher") or "", s.get("title") or ""))) for s in sources
    )
    fatalities = "unknown" if props["fatalities"] is None else props["fatalities"]
    return format_html(
        "<div class='cm-popup'><strong>{}: {}</strong><br>{} ({})<br>"
        "<b>Place:</b> {} {}<br><b>Fatalities:</b> {}<ul>{}</ul><p>{}</p>"
        "<p><b>{}:</b> {}</p><blockquote>{}</blockquote>"
        "<a href='{}' target='_blank' rel='noopener'>Event page</a></div>",
        props["event_type"],
        props["sub_event_type"],
        str(props["date"]),
        PRECISION_LABELS.get(props["date_precision"], ""),
        props["place"] or "",
        props["country"] or "",
        fatalities,
        actors,
        props["summary"],
        "Sources" if len(sources) > 1 else "Source",
        cited,
        props.get("quote") or "",
        props["url"],
    ).translate(_BRACES)


class Legend(MacroElement):
    """A fixed box listing each actor's colour; names escaped before they reach the template
    (html_text: folium renders the box's HTML again as a template)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div style="position: fixed; bottom: 60px; left: 12px; z-index: 9999; background: #fff;
             padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
             font: 12px/1.4 system-ui, sans-serif; max-height: 40vh; overflow: auto;">
          <strong>{{ this.title }}</strong><br>
          {% for colour, name, count in this.rows %}
            <span style="display:inline-block;width:10px;height:10px;border-radius:50%;
                  background:{{ colour }}"></span> {{ name }} ({{ count }})<br>
          {% endfor %}
        </div>
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[tuple[str, str, int]], title: str):
        super().__init__()
        self._name = "Legend"
        self.rows = [(safe_colour(c), html_text(n), k) for c, n, k in rows]
        self.title = html_text(title)


class Credits(MacroElement):
    """A fixed line citing the datasets the snapshot's events come from, with their licences
    (their terms travel with the file); text escaped before it reaches the template."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="data-credits" style="position: fixed; top: 10px; left: 60px; z-index: 9999;
             background: rgba(255,255,255,.9); padding: 2px 8px; border-radius: 4px;
             font: 11px/1.4 system-ui, sans-serif; max-width: 60vw;">
          Data: {{ this.text }}
        </div>
        {% endmacro %}
        """
    )

    def __init__(self, datasets: list[Dataset]):
        super().__init__()
        self._name = "Credits"
        parts = [
            (d.attribution or d.title or d.key) + (f" ({d.licence})" if d.licence else "")
            for d in datasets
        ]
        self.text = html_text("; ".join(parts))


class OfflineMap(folium.Map):
    """folium's map without its CDN links (snapshot_page.py inlines what the page needs)."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


class OfflineTimestampedGeoJson(folium.plugins.TimestampedGeoJson):
    """The time slider without its CDN links (jQuery and jQuery UI are not needed by it)."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


def _period(first: str, last: str) -> str:
    """The slider's step: a day, a week or a month, by the span (as the timeline's buckets)."""
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    return "P1D" if days <= 92 else "P7D" if days <= 3 * 366 else "P1M"


def snapshot_html(f: EventFilter, *, base_url: str = "", title: str = "ConflictMap") -> str:
    """The whole HTML page of a standalone map of the events a filter selects."""
    queryset = Event.objects.matching(f).located()
    count = queryset.count()
    if count > MAX_EVENTS:
        raise SnapshotError(ERR_TOO_MANY.format(count=count, max=MAX_EVENTS))
    if count == 0:
        raise SnapshotError(ERR_NONE)
    features = [x for chunk in geojson_features(queryset, base_url=base_url) for x in chunk]
    colours = dict(Actor.objects.values_list("slug", "colour"))
    primary: Counter[tuple[str, str]] = Counter()
    points = []
    for feature in features:
        props = feature["properties"]
        lead = next((a for a in props["actors"] if a["role"] == "actor1"), None) or (
            props["actors"][0] if props["actors"] else None
        )
        colour = safe_colour(colours.get(lead["slug"])) if lead else FALLBACK_COLOUR
        primary[(colour, lead["name"] if lead else "No actor")] += 1
        radius = 5 + min(int(props["fatalities"] or 0), 100) ** 0.5 * 1.5
        points.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "times": [str(props["date"])],
                    "popup": popup_html(props),
                    "icon": "circle",
                    "iconstyle": {
                        "fillColor": colour,
                        "fillOpacity": 0.8,
                        "stroke": True,
                        "color": "#ffffff",
                        "weight": 1,
                        "radius": radius,
                    },
                },
            }
        )
    lons = [p["geometry"]["coordinates"][0] for p in points]
    lats = [p["geometry"]["coordinates"][1] for p in points]
    tiles_url = settings.MAP_TILES_URL
    fmap = OfflineMap(
        location=[sum(lats) / len(lats), sum(lons) / len(lons)],
        zoom_start=6,
        tiles=tiles_url or None,
        attr=settings.MAP_TILES_ATTRIBUTION if tiles_url else None,
    )
    dates = sorted(p["properties"]["times"][0] for p in points)
    period = _period(dates[0], dates[-1])
    OfflineTimestampedGeoJson(
        # As a string, which folium embeds as it is: escaped for a <script> element first.
        script_json({"type": "FeatureCollection", "features": points}),
        period=period,
        duration=None,  # events stay once shown: the slider builds the picture up over time
        add_last_point=False,
        auto_play=False,
        loop=False,
        date_options="YYYY-MM-DD",
        time_slider_drag_update=True,
    ).add_to(fmap)
    rows = [(colour, name, n) for (colour, name), n in primary.most_common()]
    Legend(rows, title=f"{title}: {count} events by primary actor").add_to(fmap)
    held = set(queryset.order_by().values_list("dataset", flat=True).distinct())
    cited = datasets_credited([d for d in datasets_shown(staff=f.staff) if d.key in held])
    if cited:
        Credits(cited).add_to(fmap)
    fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    header = header_html(title, f, count, timezone.localtime())
    return offline_page(
        fmap.get_root().render(), title=title, map_name=fmap.get_name(), header=header
    )
