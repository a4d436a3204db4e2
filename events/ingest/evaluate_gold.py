"""Gold events for the evaluation, in either of the two formats, read into one shape.

- Self-written (seeds/events.json, seeds/gold/*.json; written by the same hands as the rules):
  a "source" with the report's "text" or a "file" next to the JSON, and "events" with date,
  optional end_date, precision, type, place name, country and [actor, role] pairs, an actor being
  a registry slug or a name. Places are located through the gazetteer, as the pipeline would.
- Real corpus (seeds/corpus/*.json; published reports annotated as an ACLED coder would): the
  same "source" and "events" plus "conflict", "continent", "false_places", and per event "main",
  GeoNames id, coordinates, "in_gazetteer", "admin1" and geo precision (3 = a province). The
  contract is written out in docs/ingest.md ("How well it does").

A file is told apart by its content (the real format has a "continent"), so `--gold FILE...`
takes either.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from events.domain.countries import continent_of
from events.domain.vocabulary import EVENT_TAXONOMY
from events.geo.gazetteer import get_gazetteer

REAL, SELF = "real", "self"
CONTINENTS = frozenset({"AF", "AS", "EU", "NA", "SA", "OC"})
ROLES = frozenset({"actor1", "assoc1", "actor2", "assoc2"})
FALSE_PLACE_KINDS = frozenset({"dateline", "metonym", "origin", "person", "passing"})


@dataclass(frozen=True)
class GoldPlace:
    """Where a gold event happened. `point` is None for a place to be kept unlocated (or one
    the gazetteer cannot place, in self-written gold): it is then matched by name."""

    name: str
    country: str
    point: tuple[float, float] | None
    precision: int  # geo precision: 1 exact, 2 near, 3 a province (or, self-written, nationwide)
    in_gazetteer: bool = True
    geonames_id: int | None = None


@dataclass
class GoldEvent:
    key: str
    main: bool
    date: dt.date
    end: dt.date | None
    precision: int
    event_type: str
    sub_event_type: str
    place: GoldPlace | None
    country: str
    actors: list[tuple[str, str]]  # (name or registry slug, role)
    fatalities: int | None
    span: tuple[int, int]  # the quote's offsets in the text


@dataclass
class GoldReport:
    path: Path
    corpus: str  # REAL or SELF
    text: str
    published: dt.date
    title: str
    continent: str  # "" when unknown
    events: list[GoldEvent]
    false_places: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    url: str = ""
    licence: str = ""

    @property
    def main(self) -> GoldEvent | None:
        """The main event: marked in the real corpus; the first one in self-written gold."""
        return next((e for e in self.events if e.main), self.events[0] if self.events else None)


def gold_default_paths(seeds_dir: Path) -> list[Path]:
    """The self-written gold: the seed report's curated events, then every file of seeds/gold/."""
    return [seeds_dir / "events.json", *sorted((seeds_dir / "gold").glob("*.json"))]


def corpus_default_paths(corpus_dir: Path) -> list[Path]:
    """The real corpus: one file per report in seeds/corpus/ (none yet is not an error)."""
    return sorted(Path(corpus_dir).glob("*.json"))


def gold_kind(path: Path) -> str:
    """REAL or SELF, by the file's content."""
    return REAL if "continent" in json.loads(Path(path).read_text(encoding="utf-8")) else SELF


def gold_load(path: Path) -> GoldReport:
    """A gold file of either format; ValueError names the file and what is wrong with it."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["source"]
    text = meta["text"] if "text" in meta else (path.parent / meta["file"]).read_text("utf-8")
    real = "continent" in data
    events = []
    for raw in data["events"]:
        start = text.find(raw["quote"])
        if start < 0:
            raise ValueError(f"{path}: the quote of {raw['key']} is not in the report.")
        span = (start, start + len(raw["quote"]))
        events.append(_real_event(path, raw, span) if real else _self_event(raw, span))
    report = GoldReport(
        path=path,
        corpus=REAL if real else SELF,
        text=text,
        published=dt.date.fromisoformat(meta["published"]),
        title=meta.get("title", ""),
        continent=data["continent"] if real else _continent_guess(events),
        events=events,
        false_places=[(f["name"], f["kind"]) for f in data.get("false_places") or ()],
        url=meta.get("url", ""),
        licence=meta.get("licence", ""),
    )
    if real:
        _real_check(report)
    return report


def _self_event(raw: dict, span: tuple[int, int]) -> GoldEvent:
    place = None
    country = raw.get("country") or ""
    if raw.get("place"):
        # Located as the pipeline locates a name: the gazetteer's best entry in the event's country.
        point = None
        ranked = get_gazetteer().rank(raw["place"], [country] if country else None)
        if ranked and (not country or ranked[0][0].country_code == country):
            point = (ranked[0][0].latitude, ranked[0][0].longitude)
        place = GoldPlace(raw["place"], country, point, raw.get("geo_precision") or 1)
    return GoldEvent(
        key=raw["key"],
        main=bool(raw.get("main")),
        date=dt.date.fromisoformat(raw["date"]),
        end=dt.date.fromisoformat(raw["end_date"]) if raw.get("end_date") else None,
        precision=raw["date_precision"],
        event_type=raw["event_type"],
        sub_event_type=raw["sub_event_type"],
        place=place,
        country=country,
        actors=[(name, role) for name, role in raw["actors"]],
        fatalities=raw.get("fatalities"),
        span=span,
    )


def _real_event(path: Path, raw: dict, span: tuple[int, int]) -> GoldEvent:
    place = None
    if raw.get("place"):
        point = None
        if raw.get("latitude") is not None and raw.get("longitude") is not None:
            point = (float(raw["latitude"]), float(raw["longitude"]))
        elif raw.get("geonames_id") in get_gazetteer().entries:
            entry = get_gazetteer().entries[raw["geonames_id"]]
            point = (entry.latitude, entry.longitude)
        in_gazetteer = bool(raw.get("in_gazetteer", True))
        if in_gazetteer and point is None:
            raise ValueError(f"{path}: {raw['key']} is in the gazetteer but has no coordinates.")
        place = GoldPlace(
            raw["place"],
            raw["country"],
            point,
            raw.get("geo_precision") or 1,
            in_gazetteer,
            raw.get("geonames_id"),
        )
    bad_roles = {role for _, role in raw["actors"]} - ROLES
    if bad_roles:
        raise ValueError(f"{path}: {raw['key']} has unknown roles {sorted(bad_roles)}.")
    if raw["sub_event_type"] not in EVENT_TAXONOMY.get(raw["event_type"], ()):
        raise ValueError(
            f"{path}: {raw['key']}: {raw['sub_event_type']!r} is not an ACLED "
            f"sub-type of {raw['event_type']!r}."
        )
    if raw["date_precision"] not in (1, 2, 3):
        raise ValueError(f"{path}: {raw['key']}: date_precision must be 1, 2 or 3.")
    return GoldEvent(
        key=raw["key"],
        main=bool(raw.get("main")),
        date=dt.date.fromisoformat(raw["date"]),
        end=None,
        precision=raw["date_precision"],
        event_type=raw["event_type"],
        sub_event_type=raw["sub_event_type"],
        place=place,
        country=raw["country"],
        actors=[(name, role) for name, role in raw["actors"]],
        fatalities=raw.get("fatalities"),
        span=span,
    )


def _real_check(report: GoldReport) -> None:
    mains = sum(e.main for e in report.events)
    if mains != 1:
        raise ValueError(f"{report.path}: {mains} main events; exactly one is the main one.")
    if report.continent not in CONTINENTS:
        raise ValueError(f"{report.path}: unknown continent {report.continent!r}.")
    kinds = {kind for _, kind in report.false_places} - FALSE_PLACE_KINDS
    if kinds:
        raise ValueError(f"{report.path}: unknown false-place kinds {sorted(kinds)}.")


def _continent_guess(events: list[GoldEvent]) -> str:
    """Self-written gold names no continent: the one of most of its events' countries."""
    continents = Counter(continent_of(e.country) for e in events if e.country)
    return continents.most_common(1)[0][0] if continents else ""
