"""The report's countries, from the place scan's names (events/ingest/places_candidates.py): its
dateline, the countries it names or implies by demonyms, the countries of its actors, and what
the caller gives. The weights are context.py's; this module says which evidence is which, and
reads a dateline abroad as the wire bureau it is."""

from __future__ import annotations

import re

from events.domain.countries import capitals, is_country_name
from events.domain.names import normalize_name
from events.geo.gazetteer import Gazetteer
from events.ingest.context import (
    ACTOR,
    DATELINE,
    DEMONYM,
    FORCES_DEMONYM,
    GIVEN,
    LOCATED,
    NAMED,
    ReportContext,
)
from events.ingest.places_candidates import NameScan

__all__ = ["report_context"]

# Words after a demonym that make it the nationality of forces ("Russian jets").
_FORCES = re.compile(
    r"\s+(?:government\s+|regime\s+|state\s+|special\s+|armed\s+)?(?:forces|troops|soldiers|"
    r"army|military|jets?|warplanes?|aircraft|planes?|(?:attack\s+|kamikaze\s+)?drones?|"
    r"missiles?|artillery|navy|air\s+force|"
    r"police|militias?|fighters|units|gunships|helicopters|bombers|tanks|strikes|airstrikes)\b",
    re.I,
)


# A dateline city this large, or a capital, may be a wire bureau's base rather than the scene.
BUREAU_CITY = 1_000_000


def report_context(
    gazetteer: Gazetteer,
    names: NameScan,
    actor_countries: list[str],
    given: list[str] | None,
) -> ReportContext:
    """The report's countries from its dateline, country names, demonyms and actors."""
    ctx = ReportContext()
    for rank, iso in enumerate(given or []):
        ctx.add(iso, GIVEN / (rank + 1), "given by the caller")
    datelines = [r for r in names.rejected if r.get("kind") == "dateline"]
    bureaus: list[tuple[str, str, int | None]] = []  # (country, why, sentence)
    hubs: set[str] = set()  # countries whose dateline city could be a wire bureau's
    for dateline in datelines:
        found = sorted(gazetteer.candidates(dateline["text"]), key=lambda e: -e.population)
        if found:
            city = found[0]
            bureaus.append((city.country_code, f"dateline {dateline['text']}", None))
            if city.population >= BUREAU_CITY or normalize_name(city.name) == normalize_name(
                capitals().get(city.country_code, "")
            ):
                hubs.add(city.country_code)
    dateline_ends = [d["end"] for d in datelines]
    for c in names.countries:
        sentence = c.sentence
        if any(0 <= c.start - end <= 40 for end in dateline_ends):
            bureaus.append((c.iso, f"dateline country {c.text}", sentence))
        elif c.cue:
            ctx.add(c.iso, LOCATED, f"'{c.cue} {c.text}'", sentence)
        elif is_country_name(c.text):
            ctx.add(c.iso, NAMED, f"named ({c.text})", sentence)
        else:
            forces = _FORCES.match(names.text, c.end)
            weight = FORCES_DEMONYM if forces else DEMONYM
            ctx.add(c.iso, weight, f"demonym ({names.text[c.start : c.end]})", sentence)
    for iso in actor_countries:
        ctx.add(iso, ACTOR, "an actor of the country")
    _datelines_weigh(ctx, bureaus, hubs)
    return ctx


def _datelines_weigh(
    ctx: ReportContext, bureaus: list[tuple[str, str, int | None]], hubs: set[str]
) -> None:
    """A dateline is where the reporter files from: the story's own country when the body
    speaks of it too, or of no country at all, or the city is no capital or metropolis;
    otherwise a bureau abroad ("WASHINGTON -" over a bombing in Somalia, "ISLAMABAD -" over
    Afghanistan), which weighs no more than a passing mention."""
    others = {iso for iso, weight in ctx.weights.items() if weight >= DEMONYM}
    for iso, why, sentence in bureaus:
        if iso in others or not others or iso not in hubs:
            ctx.add(iso, DATELINE, why, sentence)
        else:
            ctx.add(iso, FORCES_DEMONYM, f"{why} (a bureau abroad: the body names other countries)")
