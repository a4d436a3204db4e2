"""Hostile text (issue 6): script, HTML, template and formula payloads in every text field stay
inert in every page, admin page, download and snapshot; the API carries them as plain data.

The pages are parsed (html.parser splits <script> elements as browsers do) and checked for
anything that would run: an inline script mentioning the payload, an event-handler attribute,
a javascript: URL, an element the payload would have created. tests/browser/test_hostile_text.py
loads the same pages in Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.utils.html import escape

from events.api.params import event_filter_parse
from events.api.snapshot import snapshot_html
from events.models import Event
from events.selectors.exports import csv_stream, csv_text, csv_text_unquoted
from events.services.imports.acled import events_import_acled
from tests.support.hostile import (
    FORMULAS,
    HYPERLINK,
    JS_URL,
    LATITUDE,
    LONGITUDE,
    RAW_MARKERS,
    TEMPLATE,
    Hostile,
    hostile_event_create,
    text,
)

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "data", "xlink:href"})
JSON_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})
# The CSV's number columns: never neutralised (every other column is text).
NUMBER_COLUMNS = frozenset(
    {"time_precision", "latitude", "longitude", "geo_precision", "fatalities"}
)


@pytest.fixture
def hostile(db) -> Hostile:
    return hostile_event_create()


class Page(HTMLParser):
    """What a page would run, and the text it shows."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []  # (attributes, text) of each <script>
        self.text: list[str] = []
        self._script: tuple[dict, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = (attributes, [])

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def handlers(self) -> list[tuple[str, str, str]]:
        return [
            (tag, name, value or "")
            for tag, attributes in self.tags
            for name, value in attributes.items()
            if name.startswith("on")
        ]

    def script_urls(self) -> list[tuple[str, str, str]]:
        bad = []
        for tag, attributes in self.tags:
            for name, value in attributes.items():
                scheme = re.sub(r"[\x00-\x20]", "", value or "").split(":", 1)[0].lower()
                if (
                    name in URL_ATTRIBUTES
                    and ":" in (value or "")
                    and scheme
                    in {
                        "javascript",
                        "vbscript",
                        "data",
                    }
                ):
                    bad.append((tag, name, value))
        return bad

    def inline_code(self) -> list[str]:
        """The text of each inline script a browser would run (not JSON data blocks)."""
        return [
            body
            for attributes, body in self.scripts
            if "src" not in attributes and attributes.get("type", "").lower() not in JSON_TYPES
        ]


def assert_inert(html: str) -> Page:
    """Nothing from the payloads would run or become markup in this page."""
    for marker in RAW_MARKERS:
        assert marker not in html
    page = Page(html)
    assert not [h for h in page.handlers() if "pwned" in h[2]]
    assert page.script_urls() == []
    assert not [tag for tag, attrs in page.tags if tag == "svg" and "onload" in attrs]
    assert not [tag for tag, attrs in page.tags if tag == "img" and attrs.get("src") == "x"]
    for code in page.inline_code():
        assert "pwned" not in code
    for attributes, body in page.scripts:
        if attributes.get("type") == "application/json":
            json.loads(body)  # whole: no payload ended the element early
    return page


def assert_shown_as_text(page: Page, html: str, *values: str) -> None:
    """Each value is in the page's text exactly as stored (so, escaped in its HTML)."""
    for value in values:
        assert value in page.all_text or escape(value) in html, value[:40]


# ---------------------------------------------------------------------------------------------
# Pages


def test_event_page_shows_every_field_as_text_and_links_no_script_url(client, hostile):
    response = client.get(hostile.event.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()

    page = assert_inert(html)

    shown = page.all_text
    for value in [*hostile.shown_texts(), hostile.alias.alias]:
        assert value in shown, value[:40]
    assert TEMPLATE in shown  # data is never template source
    # The source's javascript: URL is not a link (nor a blockquote cite).
    assert JS_URL not in html
    assert not [t for t, a in page.tags if t == "a" and "javascript" in (a.get("href") or "")]
    # The <title> and meta description are text too.
    assert escape(hostile.place.name) in html.split("</title>")[0]


def test_event_page_of_an_unlocated_event_shows_its_place_name_as_text(client, hostile):
    Event.objects.filter(pk=hostile.event.pk).update(place=None, location=None)
    html = client.get(hostile.event.get_absolute_url()).content.decode()
    page = assert_inert(html)
    assert hostile.event.place_name in page.all_text


def test_event_page_links_an_http_source(client, hostile):
    hostile.source.url = "https://example.org/report?a=1&b=2"
    hostile.source.save()
    page = Page(client.get(hostile.event.get_absolute_url()).content.decode())
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert "https://example.org/report?a=1&b=2" in hrefs


def test_map_page_embeds_no_data_and_runs_nothing_from_it(client, hostile):
    html = client.get("/").content.decode()
    page = assert_inert(html)
    # The data comes from the API; the page's own config is a JSON block.
    assert "pwned" not in html
    assert any(a.get("id") == "map-config" for a, _ in page.scripts)


def test_api_carries_the_payloads_as_plain_json_data(client, hostile):
    response = client.get("/api/events.geojson", {"country": "BF"})
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(b"".join(response.streaming_content))
    (feature,) = collection["features"]
    p = feature["properties"]
    assert p["summary"] == hostile.event.summary
    assert p["quote"] == hostile.event.quote
    assert p["place"] == hostile.place.name
    assert p["source"]["title"] == hostile.source.title
    assert p["source"]["url"] == JS_URL  # data: the page decides what it links (safeHref)
    assert {a["name"] for a in p["actors"]} == {a.name for a in hostile.actors.values()}
    assert feature["geometry"]["coordinates"] == [LONGITUDE, LATITUDE]

    one = client.get(f"/events/{hostile.event.pk}.json")
    assert one["Content-Type"] == "application/json"
    assert one.json()["properties"]["summary"] == hostile.event.summary

    actors = client.get("/api/actors.json", {"country": "BF"})
    assert actors["Content-Type"] == "application/json"
    listed = {a["slug"]: a for a in actors.json()["actors"]}
    assert listed["hostile-0"]["name"] == hostile.actors["actor1"].name
    assert hostile.alias.alias in listed["hostile-0"]["aliases"]


# ---------------------------------------------------------------------------------------------
# Admin


def admin_pages(h: Hostile) -> list[str]:
    e, place, source = h.event.pk, h.place.pk, h.source.pk
    actor = h.actors["actor1"].pk
    pages = ["/admin/events/event/", f"/admin/events/event/?q={h.event.summary[:30]}"]
    for model, pk in (("event", e), ("actor", actor), ("place", place), ("source", source)):
        pages += [
            f"/admin/events/{model}/",
            f"/admin/events/{model}/{pk}/change/",
            f"/admin/events/{model}/{pk}/history/",
            f"/admin/events/{model}/{pk}/delete/",
        ]
    return pages


def test_admin_pages_show_the_payloads_escaped(staff_client, hostile):
    """Changelists, change forms (with their inlines and widgets), history and delete pages."""
    seen = ""
    for url in admin_pages(hostile):
        response = staff_client.get(url)
        if url.endswith("/delete/") and response.status_code == 403:
            continue  # an admin that keeps its objects (events are rejected, never deleted)
        assert response.status_code == 200, url
        html = response.content.decode()
        page = assert_inert(html)
        seen += page.all_text + html
    # Each stored value was on some admin page, escaped (form values, list cells, titles).
    for value in [
        *hostile.shown_texts(),
        hostile.event.place_name,
        hostile.place.admin1,
        hostile.source.text,
        hostile.alias.alias,
        hostile.actors["actor1"].description,
    ]:
        assert escape(value) in seen or value in seen, value[:40]


def test_admin_does_not_link_a_javascript_source_url(staff_client, hostile):
    html = staff_client.get(f"/admin/events/source/{hostile.source.pk}/change/").content.decode()
    page = assert_inert(html)
    # The stored value is in the input, as text; never in an href.
    assert any(t == "input" and a.get("value") == JS_URL for t, a in page.tags)
    assert not [a for t, a in page.tags if t == "a" and a.get("href") == JS_URL]


def test_admin_autocomplete_answers_json(staff_client, hostile):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "events", "model_name": "event", "field_name": "place", "term": "pwned"},
    )
    assert response["Content-Type"] == "application/json"
    assert [r["text"] for r in response.json()["results"]] == [str(hostile.place)]


# ---------------------------------------------------------------------------------------------
# CSV


def export_rows(queryset) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("".join(csv_stream(queryset)), newline="")))


# What the CSV writes for a cell's text: a formula, or what a spreadsheet would take for one,
# behind a quote; anything else as it is.
WRITTEN = {
    "=1+1": "'=1+1",
    "+1": "'+1",
    "-1+1": "'-1+1",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1": "'\t=1",
    "\tplain": "'\tplain",  # OWASP: a leading tab or CR, whatever follows
    "\r=1": "'\r=1",
    "  =1": "'  =1",  # whitespace, then a formula
    "'=1": "''=1",  # already quoted by its author: one more, so the import keeps it
    "'plain": "'plain",
    "Al Bab": "Al Bab",
    " Al Bab": " Al Bab",
    "": "",
    "a=1": "a=1",
}


@pytest.mark.parametrize(("value", "written"), WRITTEN.items())
def test_csv_text_neutralises_formulas_and_the_import_takes_the_quote_off(value, written):
    assert csv_text(value) == written
    assert csv_text_unquoted(written) == value


def test_csv_neutralises_every_formula_cell_and_no_number(seeded, hostile):
    rows = export_rows(Event.objects.public())
    row = next(r for r in rows if r["iso2"] == "BF")

    assert row["notes"] == "'" + text(HYPERLINK)
    assert row["actor1"] == "'" + text(FORMULAS["actor1"])
    assert row["assoc_actor_1"] == "'" + text(FORMULAS["assoc1"])
    assert row["actor2"] == "'" + text(FORMULAS["actor2"])
    assert row["assoc_actor_2"] == "'" + text(FORMULAS["assoc2"])
    # The place's own name (as the event page shows it); the source's spelling of an unlocated
    # one below.
    assert row["location"] == "'" + text(FORMULAS["place"])
    assert row["admin1"] == "'" + text(FORMULAS["admin1"])
    assert row["source"] == "'" + text(FORMULAS["source"])
    assert row["event_id"] == "'" + FORMULAS["external_id"]
    # Numbers stay numbers: a negative longitude is not text to protect.
    assert row["longitude"] == f"{LONGITUDE:.5f}" == "-1.50000"
    assert row["latitude"] == f"{LATITUDE:.5f}"
    assert row["fatalities"] == "3"

    Event.objects.filter(pk=hostile.event.pk).update(place=None, location=None)
    unlocated = next(r for r in export_rows(Event.objects.public()) if r["iso2"] == "BF")
    assert unlocated["location"] == "'" + text(FORMULAS["place_name"])

    # No cell of any row would start a formula in a spreadsheet.
    for r in rows:
        for column, value in r.items():
            if column in NUMBER_COLUMNS:
                assert value == "" or re.fullmatch(r"-?\d+(\.\d+)?", value), (column, value)
            else:
                assert csv_text(value) == value or value.startswith("'"), (column, value)
                stripped = value.lstrip()
                assert not (stripped[:1] in {"=", "+", "-", "@"} or value[:1] in {"\t", "\r"})
    # The seeds' ordinary text is written as it is.
    seeds = [r for r in rows if r["iso2"] != "BF"]
    assert seeds and not [r for r in seeds if r["notes"].startswith("'")]


def test_csv_download_of_the_api_is_neutralised(client, hostile):
    response = client.get("/api/events.csv", {"country": "BF", "download": "1"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["notes"] for r in rows] == ["'" + hostile.event.summary]


def test_csv_export_of_hostile_text_reimports_unchanged(seeded, hostile, tmp_path):
    """The importer takes the protective quote off: nothing of the text is lost or added."""
    event = hostile.event
    before = {
        "summary": event.summary,
        # The CSV's location is the place's name (events/selectors/exports.py): what the
        # event read again is named by.
        "place_name": hostile.place.name,
        "source": hostile.source.title,
        "roles": {(link.role, link.actor.name) for link in event.event_actors.all()},
        "location": (LONGITUDE, LATITUDE),
        "country": "BF",
        "fatalities": 3,
    }
    path = tmp_path / "hostile.csv"
    path.write_text("".join(csv_stream(Event.objects.filter(pk=event.pk))), encoding="utf-8")
    event.delete()

    report = events_import_acled(path, progress=False)

    assert report.created == 1 and report.actors_created == 0  # every name found as it was
    again = Event.objects.get(dataset="acled")
    assert again.external_id == FORMULAS["external_id"]
    assert again.extra["admin1"] == hostile.place.admin1
    after = {
        "summary": again.summary,
        "place_name": again.place_name,
        "source": again.source.title,
        "roles": {(link.role, link.actor.name) for link in again.event_actors.all()},
        "location": (again.location.x, again.location.y),
        "country": again.country_code,
        "fatalities": again.fatalities,
    }
    assert after == before
    assert events_import_acled(path, progress=False).created == 0


# ---------------------------------------------------------------------------------------------
# The folium snapshot


def snapshot_data(html: str) -> tuple[dict, int, int]:
    """The embedded FeatureCollection and where it starts and ends in the page."""
    start = html.find('{"type": "FeatureCollection"')
    assert start >= 0
    data, end = json.JSONDecoder().raw_decode(html, start)
    return data, start, end


def test_snapshot_popups_and_legend_hold_the_payloads_only_as_text(hostile):
    f = event_filter_parse(QueryDict("country=BF"))
    html = snapshot_html(f, base_url="http://testserver")

    for marker in RAW_MARKERS:
        assert marker not in html
    data, start, end = snapshot_data(html)
    # The data ended where its JSON ends: no "</script>" in it closed the element early.
    assert "<" not in html[start:end] and ">" not in html[start:end]
    page = Page(html[:start] + "null" + html[end:])
    # Outside the data, no script mentions the payload, and nothing else would run.
    for code in page.inline_code():
        assert "pwned" not in code
    assert not [h for h in page.handlers() if "pwned" in h[2]]
    assert page.script_urls() == []

    (feature,) = data["features"]
    popup_html = feature["properties"]["popup"]  # what Leaflet puts in the popup as HTML
    popup = assert_inert(popup_html)
    popup_text = popup.all_text
    for value in hostile.shown_texts():
        assert value in popup_text, value[:40]
    popup_tags = {"div", "strong", "br", "b", "ul", "li", "small", "p", "blockquote", "a"}
    assert {t for t, _ in popup.tags} <= popup_tags  # the template's own, none from the data
    assert [a["href"] for t, a in popup.tags if t == "a"] == [
        f"http://testserver/events/{hostile.event.pk}/"
    ]
    # The legend: the primary actor's name as text, with its count.
    assert f"{hostile.actors['actor1'].name} (1)" in " ".join(page.all_text.split())
    # folium renders its elements' output as a Jinja2 template again: "{{7*7}}" stays text.
    assert TEMPLATE in popup_text and "49" not in popup_text


def test_snapshot_never_runs_template_code_from_the_data(hostile):
    """folium's second Jinja2 pass (no sandbox) would run this on the server: it must not."""
    ssti = "{{ cycler.__init__.__globals__.os.getcwd() }} {% if 1 %}yes{% endif %} {# c #}"
    Event.objects.filter(pk=hostile.event.pk).update(summary=ssti, quote=ssti)
    hostile.actors["actor1"].name = ssti
    hostile.actors["actor1"].save()

    html = snapshot_html(event_filter_parse(QueryDict("country=BF")), title=ssti)

    assert os.getcwd() not in html
    data, start, end = snapshot_data(html)
    popup = Page(data["features"][0]["properties"]["popup"])
    assert popup.all_text.count(ssti) == 3  # actor, summary and quote, as written
    page = Page(html[:start] + "null" + html[end:])
    # The page's <title> and header box, the legend's title and its actor.
    assert " ".join(page.all_text.split()).count(ssti) == 4


def test_snapshot_keeps_a_colour_that_is_not_a_colour_out_of_styles(hostile):
    from events.models import Actor

    Actor.objects.filter(pk=hostile.actors["actor1"].pk).update(colour="red;x")
    html = snapshot_html(event_filter_parse(QueryDict("country=BF")))
    assert "red;x" not in html
    data, _, _ = snapshot_data(html)
    assert data["features"][0]["properties"]["iconstyle"]["fillColor"] == "#6b7280"
