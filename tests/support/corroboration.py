"""Real reports of one strike (Odesa, Friday 15 March 2024; excerpts kept in
seeds/corroboration/pairs.json, with their URLs and licences) for the corroboration tests; and
`facts`, self-written EventFacts for the rule's unit tests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from events.domain.duplicates import EventFacts
from events.models import Event
from events.services.ingest import report_ingest
from events.services.seeds import SEEDS_DIR

PAIRS_FILE = SEEDS_DIR / "corroboration" / "pairs.json"
ODESA = (46.48572, 30.74383)


def pair_report(key: str) -> dict[str, Any]:
    return json.loads(PAIRS_FILE.read_text(encoding="utf-8"))["reports"][key]


def ingest_pair_report(key: str) -> Event:
    """Ingest one report of the pairs file; its (one) event of the strike."""
    report = pair_report(key)
    result = report_ingest(
        report["text"],
        published=dt.date.fromisoformat(report["published"]),
        title=report["title"],
        publisher=report["publisher"],
        url=report["url"],
    )
    strikes = [e for e in result.created if e.event_type == "Explosions/Remote violence"]
    assert len(strikes) == 1, [(e.event_type, e.quote) for e in result.created]
    return strikes[0]


def facts(**fields: Any) -> EventFacts:
    """Self-written facts of an event: a Russian strike on Odesa on 15 March 2024 by default."""
    defaults: dict[str, Any] = {
        "start": dt.date(2024, 3, 15),
        "end": None,
        "date_precision": 1,
        "event_type": "Explosions/Remote violence",
        "point": ODESA,
        "geo_precision": 1,
        "country": "UA",
        "admin1": "17",
        "place_name": "Odesa",
        "actors": frozenset({"russia", "civilians"}),
    }
    return EventFacts(**(defaults | fields))
