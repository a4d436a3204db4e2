"""KML 2.2 of a filtered queryset, streamed chunk by chunk: a Placemark per located event.

Every element is built and serialised by lxml, which escapes every text and attribute, so the
file is well-formed whatever the data holds. Each Placemark has:
- name: "<event type>, <location>, <date>" (plain text);
- description: the notes and a link to the event's page, as the HTML a KML viewer renders it
  in (Google Earth treats a description as HTML), so the notes are HTML-escaped first, and then
  escaped again as XML text: "<script>" in the notes is shown, never run;
- TimeSpan: begin the event's date, end its end date, or its date for a one-day event (a span
  with no end would last forever on a time slider);
- ExtendedData: every column of gis_exports.FIELDS (its Schema declared once in the Document),
  the values as they are (a viewer shows them as text), none for a null (no fatalities count,
  no end date);
- Point: lon,lat in EPSG:4326, as KML requires.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from events.models import Event
from events.selectors.gis_exports import FIELD_NAMES, FIELDS, LAYER, event_columns

KML_NS = "http://www.opengis.net/kml/2.2"
# KML's SimpleField types for our Arrow ones (dates are xsd:date text).
_KML_TYPES = {"int64": "int", "int32": "int", "int16": "short", "date32": "string"}


# What XML 1.0 cannot hold at all, even escaped (C0 controls but tab, LF and CR; U+FFFE and
# U+FFFF): lxml refuses such text, and it would end the stream half-way. Each becomes U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    return "" if value is None else _NOT_XML.sub("\ufffd", str(value))


def kml_stream(
    queryset: QuerySet[Event], *, base_url: str = "", title: str = "ConflictMap events"
) -> Iterator[bytes]:
    """The KML document, the Placemarks of a few thousand events per chunk yielded.

    Each element is built and serialised by lxml (which escapes every text and attribute); the
    document's opening and closing tags around them are written here, so the Placemarks, which
    name no namespace, are in the KML one they are written inside.
    """
    from lxml import etree

    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{KML_NS}"><Document>'.encode()
    schema = etree.Element("Schema", name=LAYER, id=LAYER)
    for name, kind in FIELDS:
        etree.SubElement(schema, "SimpleField", name=name, type=_KML_TYPES.get(kind, "string"))
    # The Placemarks in a Folder named as the other formats' layer: GDAL reads a Folder as a
    # layer, so an empty download is still an (empty) `events` layer, not a file without one.
    head = etree.tostring(_element(etree, "name", title)) + etree.tostring(schema)
    yield head + f"<Folder><name>{LAYER}</name>".encode()
    for cols, lons, lats in event_columns(queryset, base_url=base_url):
        yield b"".join(
            etree.tostring(
                _placemark(etree, {name: cols[name][row] for name in FIELD_NAMES}, lon, lat),
                encoding="UTF-8",
                xml_declaration=False,
            )
            for row, (lon, lat) in enumerate(zip(lons, lats, strict=True))
        )
    yield b"</Folder></Document></kml>\n"


def _element(etree: Any, tag: str, text: str) -> Any:
    element = etree.Element(tag)
    element.text = text
    return element


def _placemark(etree: Any, v: dict[str, Any], lon: float, lat: float) -> Any:
    sub = etree.SubElement
    date = _text(v["event_date"])
    placemark = etree.Element("Placemark", id=f"event-{v['id']}")
    where = f", {_text(v['location'])}" if v["location"] else ""
    sub(placemark, "name").text = f"{v['event_type']}{where}, {date}"
    # HTML for the balloon: the notes escaped (html.escape), the link's address too.
    url = html.escape(v["url"])
    notes = html.escape(_text(v["notes"]))
    sub(placemark, "description").text = f'<p>{notes}</p><p><a href="{url}">{url}</a></p>'
    span = sub(placemark, "TimeSpan")
    sub(span, "begin").text = date
    sub(span, "end").text = _text(v["end_date"]) or date
    data = sub(sub(placemark, "ExtendedData"), "SchemaData", schemaUrl=f"#{LAYER}")
    for name in FIELD_NAMES:
        if v[name] is not None:  # no element for no value: an empty one reads as 0 for a number
            sub(data, "SimpleData", name=name).text = _text(v[name])
    sub(sub(placemark, "Point"), "coordinates").text = f"{lon!r},{lat!r}"
    return placemark
