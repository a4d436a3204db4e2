"""Reads for the review queue (events/admin_review.py): the drafts in the order curators take
them, the words of each quote the ingest pipeline matched, and why it chose what it chose.

All of it is read from the event's `extraction`, as events/ingest/pipeline.py stores it: the
place with its offsets in the report's text, the date's words, each actor's words, each
mention's trigger word, and the reasons. Nothing here renders HTML: the admin escapes every
piece it shows (the report's words are untrusted text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from events.models import Event, EventQuerySet

# What a matched word is, for the queue's legend and each <mark>'s class (a fixed set: never a
# value from the data, so it can go into a class attribute as it is).
TRIGGER, PLACE, ACTOR, DATE = "trigger", "place", "actor", "date"
MATCH_KINDS = (TRIGGER, PLACE, ACTOR, DATE)
# A place's stored offsets take precedence over a word found by searching, then actors
# (longest words), the date, the trigger: where two overlap, the earlier kind keeps the words.
_PRECEDENCE = {PLACE: 0, ACTOR: 1, DATE: 2, TRIGGER: 3}


# Newest report first (a report with no date after the dated ones), then the newest draft.
REVIEW_ORDER = (F("source__published").desc(nulls_last=True), F("created").desc(), "-id")


def drafts_for_review(events: EventQuerySet) -> EventQuerySet:
    """The drafts among `events` in REVIEW_ORDER, with what the queue shows of each (a fixed
    number of queries for a page)."""
    return (
        events.filter(status=Event.Status.DRAFT)
        .select_related("place", "source")
        .prefetch_related("event_actors__actor")
        .order_by(*REVIEW_ORDER)
    )


@dataclass(frozen=True)
class Match:
    """Words of the quote the pipeline matched: quote[start:end], what they were taken for."""

    start: int
    end: int
    kind: str  # one of MATCH_KINDS
    label: str  # "place: Al Bāb (SY)", for the mark's title


def _texts(value: Any) -> list[dict[str, Any]]:
    """The dicts of a stored list (the extraction is JSON: anything an import stored may be
    in it, so every read is checked)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    """The strings of a stored list of them (anything else: none)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _occurrences(quote: str, words: str) -> list[tuple[int, int]]:
    """Where `words` stand in the quote as whole words: the exact spelling first, and only when
    it is not there, any case (so "IS", Islamic State, never marks every "is")."""
    if not words or len(words) > len(quote):
        return []
    # Whole words at the ends that are letters ("IS" in "this" is no match; "<script>" still
    # matches before the letters that follow it).
    before = r"(?<!\w)" if re.match(r"\w", words) else ""
    after = r"(?!\w)" if re.search(r"\w$", words) else ""
    pattern = before + re.escape(words) + after
    exact = [m.span() for m in re.finditer(pattern, quote)]
    return exact or [m.span() for m in re.finditer(pattern, quote, re.IGNORECASE)]


def _place_spans(quote: str, quote_start: int | None, place: Mapping[str, Any]) -> list[tuple]:
    """The place's words: at its stored offsets (in the report's text) when they fall on those
    words inside this quote, else searched for."""
    words = _text(place.get("text"))
    start, end = place.get("start"), place.get("end")
    if isinstance(quote_start, int) and isinstance(start, int) and isinstance(end, int):
        s, e = start - quote_start, end - quote_start
        if 0 <= s < e <= len(quote) and quote[s:e].strip() and quote[s:e].lower() == words.lower():
            return [(s, e)]
    return _occurrences(quote, words)


def _candidates(
    quote: str, quote_start: int | None, extraction: Mapping[str, Any]
) -> Iterator[Match]:
    place = extraction.get("place")
    if isinstance(place, dict):
        name = _text(place.get("name")) or _text(place.get("text"))
        country = _text(place.get("country_code"))
        label = f"place: {name}" + (f" ({country})" if country else "")
        for s, e in _place_spans(quote, quote_start, place):
            yield Match(s, e, PLACE, label)
    for actor in _texts(extraction.get("actors")):
        role = _text(actor.get("semantic_role"))
        label = f"actor: {_text(actor.get('name'))}" + (f" ({role})" if role else "")
        for s, e in _occurrences(quote, _text(actor.get("text"))):
            yield Match(s, e, ACTOR, label)
    date = extraction.get("date")
    if isinstance(date, dict):
        end = _text(date.get("end_date"))
        label = f"date: {_text(date.get('date'))}" + (f" to {end}" if end else "")
        for s, e in _occurrences(quote, _text(date.get("text"))):
            yield Match(s, e, DATE, label)
    for mention in _texts(extraction.get("mentions")):
        for s, e in _occurrences(quote, _text(mention.get("trigger"))):
            yield Match(s, e, TRIGGER, "trigger: the words the event type was read from")


def quote_matches(
    *, quote: str, quote_start: int | None, extraction: Mapping[str, Any]
) -> list[Match]:
    """The words of `quote` the pipeline matched, in order, none overlapping another."""
    if not quote or not isinstance(extraction, Mapping):
        return []
    ranked = sorted(
        set(_candidates(quote, quote_start, extraction)),
        key=lambda m: (_PRECEDENCE[m.kind], -(m.end - m.start), m.start),
    )
    kept: list[Match] = []
    for match in ranked:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def quote_segments(quote: str, matches: list[Match]) -> list[tuple[str, Match | None]]:
    """The quote cut at its matches: (text, its match or None), in order, all of it."""
    pieces: list[tuple[str, Match | None]] = []
    at = 0
    for match in matches:
        if match.start > at:
            pieces.append((quote[at : match.start], None))
        pieces.append((quote[match.start : match.end], match))
        at = match.end
    if at < len(quote):
        pieces.append((quote[at:], None))
    return pieces


@dataclass(frozen=True)
class Reason:
    """Why the pipeline chose one thing (`topic`: place, date, actor, event, draft), in words;
    `more` holds the longer evidence, shown on request."""

    topic: str
    text: str
    more: list[str] = field(default_factory=list)


def _place_reasons(extraction: Mapping[str, Any]) -> list[Reason]:
    place = extraction.get("place")
    reasons = []
    if isinstance(place, dict):
        why = _strings(place.get("why"))
        name = _text(place.get("name")) or "(not in the gazetteer)"
        text = f"“{_text(place.get('text'))}” → {name}"
        reasons.append(Reason("place", f"{text}: {why[0]}" if why else text, why[1:]))
    check = extraction.get("relative_check")
    if isinstance(check, dict) and check.get("anchor"):
        said = f"{check.get('stated_km')} km {_text(check.get('bearing'))} of {check['anchor']}"
        agrees = "agrees" if check.get("consistent") else "disagrees"
        gap = f"{check.get('gap_km')} km"
        reasons.append(Reason("place", f"{said}: {agrees} with the gazetteer ({gap} apart)"))
    if _text(extraction.get("place_cache")):
        reasons.append(Reason("place", _text(extraction.get("place_cache"))))
    return reasons


def _actor_reasons(extraction: Mapping[str, Any]) -> list[Reason]:
    seen: dict[tuple[str, str], Reason] = {}
    for actor in _texts(extraction.get("actors")):
        key = (_text(actor.get("text")), _text(actor.get("name")))
        how = ", ".join(_text(actor.get(k)) for k in ("how", "semantic_role") if actor.get(k))
        text = f"“{key[0]}” → {key[1]}" + (f" ({how})" if how else "")
        seen.setdefault(key, Reason("actor", text))
    return list(seen.values())


def extraction_reasons(extraction: Mapping[str, Any]) -> list[Reason]:
    """Why the pipeline proposed this draft as it did: its place, date, actors and event type,
    then its overall reasons (those its confidence was scored from)."""
    if not isinstance(extraction, Mapping):
        return []
    reasons = _place_reasons(extraction)
    date = extraction.get("date")
    if isinstance(date, dict) and date.get("date"):
        end = f" to {date['end_date']}" if date.get("end_date") else ""
        rule = f" ({_text(date.get('rule'))})" if date.get("rule") else ""
        reasons.append(Reason("date", f"“{_text(date.get('text'))}” → {date['date']}{end}{rule}"))
    reasons += _actor_reasons(extraction)
    # Each mention's reasons (its trigger word, where its place came from), once each.
    said = dict.fromkeys(
        r for m in _texts(extraction.get("mentions")) for r in _strings(m.get("reasons"))
    )
    reasons += [Reason("event", r) for r in said]
    reasons += [Reason("draft", r) for r in _strings(extraction.get("reasons"))]
    return reasons
