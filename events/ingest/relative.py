"""Places given relative to another: "al-Bab, located 40 kilometers northeast of Aleppo".

The stated offset is computed from the anchor with geopy (`offset_point`). When the named place
is itself in the gazetteer, the computed point and the gazetteer's are compared and the gap is
reported, a check on both the report and the geocoder; when it is not, the computed point is the
best location there is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from events.geo.geodesy import COMPASS_BEARINGS, km_between, offset_point
from events.ingest.numbers import DISTANCE_WORDS, words_pattern
from events.ingest.places import PlaceMention

KM_PER_MILE = 1.609344
_BEARING = "|".join(sorted((re.escape(b) for b in COMPASS_BEARINGS), key=len, reverse=True))
_RELATIVE = re.compile(
    r"\b(?:some\s+|about\s+|around\s+|roughly\s+|nearly\s+|approximately\s+)?"
    r"(?P<num>\d+(?:\.\d+)?|" + words_pattern(DISTANCE_WORDS) + r")[\s-]*"
    r"(?P<unit>km|kms|kilomet(?:er|re)s?|miles?)\b(?:\s*\([^)]{0,30}\))?\s+"
    # "of" is often dropped in wire copy: "more than 200 km south Bogota"
    r"(?:\(\w+\)\s+)?(?P<bearing>" + _BEARING + r")\s+(?:of\s+)?(?:the\s+(?:\w+\s+)?(?:city|town|"
    r"village)\s+of\s+)?",
    re.I,
)
# A gap above this share of the stated distance (plus a town's own extent) flags the check.
GAP_TOLERANCE = 0.25
MAX_NAME_CHARS = 200  # no place name is longer: where to start looking for one before a phrase
TOWN_EXTENT_KM = 5.0


@dataclass
class RelativeMention:
    start: int
    end: int
    km: float
    bearing: str
    anchor: PlaceMention
    subject: PlaceMention | None
    computed: tuple[float, float]

    def check(self) -> dict:
        """What the extraction records: the stated offset, the computed point and the gap."""
        data = {
            "anchor": self.anchor.name,
            "stated_km": round(self.km, 1),
            "bearing": self.bearing,
            "computed": [round(self.computed[0], 5), round(self.computed[1], 5)],
            "text": self.subject.text if self.subject else "",
        }
        if self.subject is not None:
            data["place"] = self.subject.name
        entry, anchor = (self.subject.entry if self.subject else None), self.anchor.entry
        if entry is not None and anchor is not None:
            gap = km_between(self.computed, (entry.latitude, entry.longitude))
            direct = km_between(
                (anchor.latitude, anchor.longitude), (entry.latitude, entry.longitude)
            )
            data |= {
                "gap_km": round(gap, 1),
                "direct_km": round(direct, 1),
                "consistent": gap <= self.km * GAP_TOLERANCE + TOWN_EXTENT_KM,
            }
        return data


def _nearest_before(
    places: list[PlaceMention], ends: list[int], sentence: int, offset: int
) -> PlaceMention | None:
    """The place of that sentence ending last before `offset`, at most 80 characters before."""
    i = bisect_right(ends, offset) - 1
    while i >= 0 and offset - places[i].end <= 80:
        if places[i].sentence == sentence:
            return places[i]
        i -= 1
    return None


def relatives_find(text: str, places: list[PlaceMention]) -> list[RelativeMention]:
    """Every "N km <bearing> of <place>" whose anchor the gazetteer knows, with its subject:
    the nearest place named before it in the same sentence."""
    found = []
    places = sorted(places, key=lambda p: p.end)
    ends = [p.end for p in places]  # bisected: one search per distance, not a scan of all
    # Each anchor with its gazetteer entry, so the entry is known to be there.
    by_start = {p.start: (p, p.entry) for p in places if p.entry is not None}
    for m in _RELATIVE.finditer(text):
        located = by_start.get(m.end())
        if located is None:
            continue
        anchor, entry = located
        number = m.group("num").lower()
        km = float(number) if number[0].isdigit() else float(DISTANCE_WORDS[number])
        if m.group("unit").lower().startswith("mile"):
            km *= KM_PER_MILE
        bearing = m.group("bearing").lower()
        computed = offset_point(entry.latitude, entry.longitude, km, COMPASS_BEARINGS[bearing])
        subject = _nearest_before(places, ends, anchor.sentence, m.start())
        anchor.anchor = True
        found.append(RelativeMention(m.start(), anchor.end, km, bearing, anchor, subject, computed))
    return found
