"""What makes a snapshot (snapshot.py) read with no network: the libraries folium's page would
load from CDNs, inlined from our own static files (static/vendor, django-leaflet's Leaflet); the
offline base map (Natural Earth's countries, 1:110m); and a header saying what the file holds.

All of it is added to the page folium rendered, as plain text: nothing here goes through folium's
Jinja2 passes. Text from data or from the request is escaped with Django's escape; JSON inside
<script> by script_json.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.html import escape

from events.domain.filters import EventFilter

# In the order they must run: Leaflet, then the time dimension plugin and what it needs.
SCRIPTS = [
    "leaflet/leaflet.js",  # django-leaflet's Leaflet 1.9.3
    "vendor/iso8601-js-period/iso8601.js",
    "vendor/leaflet-timedimension/leaflet.timedimension.min.js",
    "vendor/moment/moment.min.js",
]
STYLES = [
    "leaflet/leaflet.css",
    "vendor/leaflet-timedimension/leaflet.timedimension.control.min.css",
    "css/snapshot.css",
]
BASEMAP = "vendor/world-atlas/countries-110m.geojson"
# The time dimension's stylesheet loads a glyph font from a CDN: dropped (snapshot.css draws
# its buttons with plain characters).
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# A source map comment points at a file beside the script: not in a snapshot.
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
# JSON inside a <script> element: "</script>" in a string would end the element, "<!--" would
# change how it is parsed. Escaped as JSON escapes, the strings stay the same to JavaScript.
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
# folium renders its elements' output again as a Jinja2 template: no "{{", "{%" or "{#" from data
# may reach it, so in JSON strings such a brace is written \u007b (structure never puts "{"
# before "{", "%" or "#").
_TEMPLATE_OPEN = re.compile(r"\{(?=[{%#])")

FILTER_LABELS = {
    "actor": "Actor",
    "role": "Actor's role",
    "event_type": "Event type",
    "sub_event_type": "Sub-event type",
    "country": "Country",
    "date_from": "From",
    "date_to": "To",
    "bbox": "Area (W,S,E,N)",
    "q": "Text",
    "min_fatalities": "At least this many fatalities",
    "status": "Status",
}


def _static_text(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static file {path} is missing")
    return Path(str(found)).read_text(encoding="utf-8")


@cache
def inline_assets() -> str:
    """The <style> and <script> elements of the libraries, their text in the page."""
    styles = [_FONT_FACE.sub("", _static_text(p)) for p in STYLES]
    scripts = [_SOURCE_MAP.sub("", _static_text(p)) for p in SCRIPTS]
    for text in styles + scripts:
        # Vendored text that would end its element early; checked, not patched.
        if re.search(r"</(style|script)", text, re.IGNORECASE):
            raise ValueError("a vendored file holds a closing tag")
    return "".join(f"<style>\n{s}\n</style>\n" for s in styles) + "".join(
        f"<script>\n{s}\n</script>\n" for s in scripts
    )


def script_json(data: object, *, compact: bool = False) -> str:
    """JSON safe to embed in a <script> element of a folium page: nothing in it can end the
    element (as Django's json_script writes it) or open a Jinja2 tag."""
    text = json.dumps(data, separators=(",", ":") if compact else None)
    return _TEMPLATE_OPEN.sub(r"\\u007b", text.translate(_SCRIPT_UNSAFE))


@cache
def basemap_json() -> str:
    return script_json(json.loads(_static_text(BASEMAP)), compact=True)


def basemap_script(map_name: str) -> str:
    """The script drawing the base map under folium's map `map_name` (a JavaScript name folium
    made): in a pane of its own under the tiles, so tiles cover it when they load."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", map_name):
        raise ValueError("not a JavaScript name")
    return (
        "<script>\n(function (map, data) {\n"
        '  map.createPane("basemap").style.zIndex = "150";\n'
        "  L.geoJSON(data, { pane: 'basemap', interactive: false,"
        " attribution: 'Base map: Natural Earth', style: function (f) {\n"
        "    return f.properties.kind === 'border'\n"
        "      ? { color: '#7c8799', weight: 0.8, dashArray: '3 2', fill: false,"
        " className: 'cm-basemap-border' }\n"
        "      : { color: '#94a3b8', weight: 0.6, fillColor: '#f8f6f1', fillOpacity: 1,"
        " className: 'cm-basemap-land' };\n"
        "  } }).addTo(map);\n"
        f"}})({map_name}, {basemap_json()});\n</script>\n"
    )


def filter_words(f: EventFilter) -> str:
    """The filter in words: "Actor: Islamic State · Country: BF", or "All verified events"."""
    # The filter's actors are the models' Actors (FilterActor promises only pk and slug).
    names = {a.slug: str(getattr(a, "name", a.slug)) for a in f.actors}
    groups: dict[str, list[str]] = {}
    for key, value in f.as_query():
        groups.setdefault(key, []).append(names.get(value, value) if key == "actor" else value)
    if not groups:
        return "All verified events"
    return " · ".join(f"{FILTER_LABELS.get(k, k)}: {', '.join(v)}" for k, v in groups.items())


def header_html(title: str, f: EventFilter, count: int, made: dt.datetime) -> str:
    """The box naming the file: title, filter, when it was made, how many events."""
    noun = "event" if count == 1 else "events"
    when = escape(made.strftime("%Y-%m-%d %H:%M %Z").strip())
    return (
        '<div class="cm-snapshot-head" role="region" aria-label="About this map">'
        f"<h1>{escape(title)}</h1>"
        f'<p class="cm-snapshot-filter">Filter: {escape(filter_words(f))}</p>'
        f'<p class="cm-snapshot-made">{count:,} {noun} · made {when}'
        "</p></div>\n"
    )


def offline_page(html: str, *, title: str, map_name: str, header: str) -> str:
    """folium's page with the libraries inlined, a <title>, the header box and the base map."""
    head = f"<title>{escape(title)}</title>\n" + inline_assets()
    html = html.replace("<head>", "<head>\n" + head, 1)
    body_end = html.rindex("</body>")
    html = html[:body_end] + header + html[body_end:]
    end = html.rindex("</html>")  # after folium's scripts, which follow </body>
    return html[:end] + basemap_script(map_name) + html[end:]
