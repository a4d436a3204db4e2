"""The report's geographic context: which countries it is about, and how surely.

Every piece of evidence adds weight to a country, with the reason: the dateline ("DARAA, Syria
(AP) -"), a country named as where things happen ("in Syria"), named at all, implied by a
demonym ("Syrian troops"), by an actor the registry ties to a country, and by places already
resolved with confidence. The weights rank a name's namesakes (Nawá, Syria over Naha, Japan in a
report from Daraa) ahead of population, and the continent the weight sits on tells which
candidates need strong evidence of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from events.domain.countries import continent_of

# How much one piece of evidence weighs.
DATELINE = 4.0
LOCATED = 3.0  # "in Syria", "across Ukraine"
NAMED = 2.0  # "Syria" elsewhere
DEMONYM = 1.0  # "Syrian officials", "Malian villagers"
# "Russian jets", "Turkish troops": whose forces, which says less about where than who.
FORCES_DEMONYM = 0.5
ACTOR = 0.5  # an actor the registry ties to the country (its forces, most often)
RESOLVED = 1.5  # a place of the country found with confidence
GIVEN = 10.0  # the caller said so
# A country holding this share of the top weight is one of the report's own.
MAIN_SHARE = 0.5


@dataclass
class ReportContext:
    """Countries with the weight of their evidence, and the countries each sentence names."""

    weights: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_sentence: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, iso: str, weight: float, why: str, sentence: int | None = None) -> None:
        if not iso:
            return
        self.weights[iso] = self.weights.get(iso, 0.0) + weight
        if why not in self.reasons[iso]:
            self.reasons[iso].append(why)
        if sentence is not None:
            self.by_sentence[sentence].add(iso)

    def weight(self, iso: str) -> float:
        return self.weights.get(iso, 0.0)

    def order(self) -> list[str]:
        """The countries, the most telling first (ties: first added)."""
        return sorted(self.weights, key=lambda iso: -self.weights[iso])

    def top(self) -> float:
        return max(self.weights.values(), default=0.0)

    def main(self) -> list[str]:
        """The report's own countries: those near the top weight."""
        top = self.top()
        return [iso for iso in self.order() if self.weights[iso] >= MAIN_SHARE * top]

    def own(self) -> list[str]:
        """The countries fallbacks (skeleton, fuzzy) may search: the report's own, and any
        with direct evidence of their own (a demonym, an actor, a place), four at most."""
        return [iso for iso in self.order() if self.weights[iso] >= DEMONYM][:4]

    def continent(self) -> str | None:
        """The continent most of the weight sits on; None when no country is known."""
        totals: dict[str, float] = defaultdict(float)
        for iso, weight in self.weights.items():
            continent = continent_of(iso)
            if continent:
                totals[continent] += weight
        return max(totals, key=lambda c: totals[c]) if totals else None

    def explain(self, iso: str) -> str:
        return f"{iso}: " + ", ".join(self.reasons.get(iso, [])) if iso in self.weights else ""

    def strong(self, iso: str, sentence: int) -> bool:
        """Strong evidence for a country: named in this very sentence, or one of the report's
        own countries."""
        return iso in self.by_sentence.get(sentence, set()) or iso in self.main()
