"""One report, annotated once, then enriched by the pipeline's steps in a fixed order.

The text is split once into sentences, clauses and tokens with offsets (events/ingest/text.py);
every step reads those and writes its findings onto the same `Document`, as spaCy's `Doc` is
passed along a pipeline: the publication date, then the mentions (dates, registry actors), the
document's context and the gazetteer (places, countries, the report's countries), the mentions
that need that context (unknown places and armed groups, "government troops"), then events
(mentions, drafts). A step never re-scans what an earlier one annotated: it asks the document,
whose lookups by offset bisect, so a report ten times longer costs ten times as much.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from events.ingest.spans import SpanIndex
from events.ingest.text import Sentence, sentences_split, text_checksum

if TYPE_CHECKING:
    from events.ingest.actors import ActorMention
    from events.ingest.dates import DateSpan
    from events.ingest.drafts import EventDraft
    from events.ingest.mentions import Mention
    from events.ingest.places import CountryMention, PlaceMention
    from events.ingest.relative import RelativeMention


@dataclass
class Document:
    """A report's text, its annotation and what each step found, in the order they run."""

    text: str
    checksum: str
    sentences: list[Sentence]
    # Context: the day relative dates are resolved against, and where it came from.
    published: dt.date = dt.date.min
    published_from: str = ""
    # Mentions, resolved against the registry and the gazetteer.
    dates: list[DateSpan] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    rejected_places: list[dict] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # the report's countries, most telling first
    relatives: list[RelativeMention] = field(default_factory=list)
    # Events.
    mentions: list[Mention] = field(default_factory=list)
    drafts: list[EventDraft] = field(default_factory=list)
    # The character spans a finding has claimed (dates, actors, places): a later step leaves them.
    taken: SpanIndex = field(default_factory=SpanIndex)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset, or None between sentences."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self.sentences[i].end:
            return None
        return self.sentences[i]

    def taken_in(self, sentence: Sentence) -> list[tuple[int, int]]:
        """The spans taken that share a character with the sentence: all a step working on that
        sentence needs to know of what others claimed."""
        return self.taken.overlapping(sentence.start, sentence.end)


def document_annotate(text: str) -> Document:
    """The text split once into sentences, clauses and tokens, each with its offsets."""
    return Document(text=text, checksum=text_checksum(text), sentences=sentences_split(text))
