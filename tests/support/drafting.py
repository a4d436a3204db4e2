"""Drafting a report's sentences for the ingest tests: the proposals, their roles, the one of a
kind. Sentences are read as published on Wednesday 18 January 2017 (the seed report's day)."""

from __future__ import annotations

import datetime as dt

from events.ingest.pipeline import Proposal
from events.services.ingest import report_extract

PUBLISHED = dt.date(2017, 1, 18)  # a Wednesday


def proposals(text: str, published: dt.date = PUBLISHED) -> list[Proposal]:
    return report_extract(text, published=published, require_places=False).proposals


def roles(proposal: Proposal) -> set[tuple[str, str]]:
    """(slug, or name for an actor proposed, ACLED role) of each actor of the draft."""
    return {(a.slug or a.name, role) for a, role in proposal.actors}


def single(text: str, sub_event_type: str | None = None) -> Proposal:
    """The one draft of the text (of this sub-type, when given)."""
    found = [p for p in proposals(text) if sub_event_type in (None, p.sub_event_type)]
    assert len(found) == 1, [(p.sub_event_type, p.place_name) for p in found]
    return found[0]


def only(text: str, published: dt.date) -> Proposal:
    """The one draft of a report published on `published` (a test that expects one)."""
    (proposal,) = proposals(text, published)
    return proposal


def named_roles(text: str, published: dt.date = PUBLISHED) -> list[set[tuple[str, str]]]:
    """(actor name, ACLED role) of each draft of the text, in the drafts' order."""
    extraction = report_extract(text, published=published, require_places=False)
    return [{(a.name, role) for a, role in p.actors} for p in extraction.proposals]
