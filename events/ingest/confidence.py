"""How sure a draft event is: 0..1 with the reasons, from how much of who, what, where and when
the report itself states (a curator reads the reasons beside the score)."""

from __future__ import annotations

from events.ingest.drafts import EventDraft, place_kind


def confidence(event: EventDraft, *, proposed: bool, fuzzy: bool) -> tuple[float, list[str]]:
    """0..1 and the reasons: how much of who/what/where/when the report itself states."""
    reasons = []
    score = 0.1 + 0.3 * max(m.trigger.strength for m in event.mentions)
    reasons.append(f"classified from {len(event.mentions)} mention(s)")
    kind = place_kind(event.primary)
    gain = {"relative": 0.2, "gazetteer": 0.2, "province": 0.1, "unknown": 0.05, "country": 0.05,
            "none": 0.0}[kind]  # fmt: skip
    score += gain
    reasons.append(
        {
            "relative": "place in the gazetteer, with a stated distance and bearing",
            "gazetteer": "place in the gazetteer",
            "province": "only a province named, in the gazetteer",
            "unknown": "place named but not in the gazetteer: unlocated",
            "country": "only a country named",
            "none": "no place named",
        }[kind]
    )
    check = event.primary.relative.check() if event.primary.relative else None
    if check and check.get("consistent") is False:
        score -= 0.1
        reasons.append(f"stated distance disagrees with the gazetteer by {check['gap_km']} km")
    roles = dict((r, a) for a, r in event.roles())
    if "actor1" in roles:
        score += 0.15
        reasons.append("acting party named")
    if "actor2" in roles:
        score += 0.05
        reasons.append("target or second party named")
    if event.date is not None:
        score += 0.15
        reasons.append(f"date stated ('{event.date.text}')")
    else:
        score += 0.03
        reasons.append("no date stated: the week of publication")
    if len(event.mentions) > 1:
        score += 0.05
        reasons.append("reported more than once")
    if proposed:
        score -= 0.05
        reasons.append("an actor is new to the registry (proposed)")
    if fuzzy:
        score -= 0.03
        reasons.append("an actor matched by a near-miss spelling")
    return round(min(0.99, max(0.05, score)), 2), reasons
