"""The folium snapshot: parsed back from the HTML it writes."""

import json
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command

from events.api import snapshot as snapshot_module
from events.models import Actor


def timestamped_features(html: str) -> list[dict]:
    """The FeatureCollection folium embeds for TimestampedGeoJson."""
    start = html.find('{"type": "FeatureCollection"')
    assert start >= 0, "no TimestampedGeoJson data in the page"
    collection, _ = json.JSONDecoder().raw_decode(html, start)
    return collection["features"]


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_export_map_writes_a_time_slider_map_of_the_filter(seeded, tmp_path):
    out = tmp_path / "isis.html"
    call_command("export_map", "--actor", "ISIS", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    features = timestamped_features(html)
    assert len(features) == 2  # al-Bab and Dayr al-Zawr
    assert {f["properties"]["times"][0] for f in features} == {"2017-01-18"}
    assert "timeDimension" in html
    popups = " ".join(f["properties"]["popup"] for f in features)
    assert "Al B\u0101b" in popups and "Deir ez-Zor" in popups
    assert "Lieutenant General Sergei Rudskoi" in popups  # the quote travels with the event
    assert "/events/" in popups


class Links(HTMLParser):
    """Every address a page would load by itself: script src, link href, img src."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in_title = tag == "title"
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_snapshot_loads_no_script_or_style_from_a_cdn_and_says_what_it_holds(seeded, client):
    response = client.get("/api/snapshot.html", {"country": "SY", "date_from": "2016-01-01"})
    html = response.content.decode()
    links = Links()
    links.feed(html)
    assert links.urls == []  # everything inline: no <script src>, no <link href> at all
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "bootstrapcdn"):
        assert cdn not in html
    assert (
        "@font-face" not in html and "sourceMappingURL" not in html
    )  # the time control's glyph font (from a CDN) is dropped
    assert "L.Control.TimeDimension" in html and "moment" in html  # the libraries, inlined
    assert links.title == "ConflictMap"
    text = TextOf()
    text.feed(html)
    words = " ".join(" ".join(text.text).split())
    assert "Filter: Country: SY · From: 2016-01-01" in words
    assert "5 events · made " in words
    # The offline base map: Natural Earth's countries, drawn under the tiles.
    assert '"name":"Syria"' in html and '"kind":"border"' in html
    assert 'createPane("basemap")' in html and "Base map: Natural Earth" in html


def test_snapshot_has_a_legend_per_actor(seeded, tmp_path):
    out = tmp_path / "all.html"
    call_command("export_map", "--date-from", "2016-01-01", "--out", str(out))
    parser = TextOf()
    parser.feed(out.read_text(encoding="utf-8"))
    text = " ".join(parser.text)
    assert "6 events by primary actor" in text
    # Russia leads al-Bab, Dayr al-Zawr, Palmyra, the ceasefire and Astana; Syria leads Aleppo.
    assert "Military Forces of Russia (5)" in text
    assert "Military Forces of Syria (1)" in text


def test_snapshot_escapes_untrusted_text(seeded, tmp_path):
    Actor.objects.filter(slug="russia").update(name="<script>alert('x')</script>")
    out = tmp_path / "evil.html"
    call_command("export_map", "--actor", "russia", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


def test_snapshot_download_from_the_api_carries_the_filter(seeded, client):
    response = client.get("/api/snapshot.html", {"actor": "astana-nobody"})
    assert response.status_code == 400
    response = client.get("/api/snapshot.html", {"country": "KZ"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="conflictmap-kz.html"'
    assert len(timestamped_features(response.content.decode())) == 1


def test_an_empty_or_too_large_snapshot_is_refused_clearly(seeded, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="No located event"):
        call_command("export_map", "--country", "FR", "--out", str(tmp_path / "x.html"))
    monkeypatch.setattr(snapshot_module, "MAX_EVENTS", 3)
    with pytest.raises(CommandError, match="6 events match: a snapshot holds at most 3"):
        call_command("export_map", "--out", str(tmp_path / "x.html"))
    assert not (tmp_path / "x.html").exists()


def test_export_map_reports_bad_options(seeded, tmp_path):
    with pytest.raises(CommandError, match="--date-from: Not a date"):
        call_command("export_map", "--date-from", "yesterday", "--out", str(tmp_path / "x.html"))
