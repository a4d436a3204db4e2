"""Ingest stays linear in a report's length: bounded work per mention, lookups by bisection.

No timing here (bench/bench_ingest.py measures it): these check that the work per mention does
not grow with the report."""

import datetime as dt

import pytest

from events.ingest.document import document_annotate
from events.ingest.drafts import MERGE_WINDOW, _Merger, events_merge
from events.ingest.spans import SpanIndex, starting_in
from events.services.ingest import report_extract

PUBLISHED = dt.date(2017, 1, 18)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
PARAGRAPH = (
    "Russian warplanes struck Islamic State positions in {place} on {month} {day}, 2016, killing "
    "{n} fighters, a monitoring group said. Syrian government troops recaptured {place} from "
    "Islamic State on {month} {day}, 2016. Turkish troops clashed with the YPG near Manbij on "
    "{month} {day}, 2016."
)
PLACES = ["Aleppo", "Idlib", "Hama", "Homs", "Palmyra", "Manbij", "Raqqa", "Daraa"]


def long_report(paragraphs: int) -> str:
    body = [
        PARAGRAPH.format(
            place=PLACES[i % len(PLACES)],
            month=MONTHS[(i // 28) % 12],
            day=i % 28 + 1,
            n=i % 40 + 2,
        )
        for i in range(paragraphs)
    ]
    return "Fighting across Syria\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture
def registry(seeded):
    """The seed actors and their aliases."""


def comparisons(paragraphs: int) -> tuple[int, int]:
    extraction = report_extract(long_report(paragraphs), published=PUBLISHED)
    merger = _Merger()
    drafts = events_merge(extraction.document.mentions, merger)
    return merger.compared, len(drafts)


def test_drafts_compared_per_mention_do_not_grow_with_the_report(registry):
    short, short_drafts = comparisons(30)
    long, long_drafts = comparisons(240)
    assert long_drafts > 4 * short_drafts  # the long report has that many more happenings
    assert long <= max(short, 3 * MERGE_WINDOW)  # yet each mention meets as many drafts


def test_a_repeated_happening_far_apart_still_merges_at_its_place(registry):
    repeat = "Russian warplanes struck Islamic State positions in Palmyra on May 3, 2016."
    filler = [
        f"Turkish troops clashed with the YPG near Manbij on {MONTHS[i % 12]} {i % 28 + 1}, 2015."
        for i in range(2 * MERGE_WINDOW)
    ]
    text = "\n".join([repeat, *filler, repeat.replace("struck", "bombed")])
    strikes = [
        p for p in report_extract(text, published=PUBLISHED).proposals
        if p.sub_event_type == "Air/drone strike"
    ]  # fmt: skip
    assert len(strikes) == 1
    assert len(strikes[0].extraction["mentions"]) == 2


def test_span_index_answers_overlaps_like_a_scan():
    spans = [(0, 5), (3, 9), (20, 22), (21, 40), (50, 51)]
    index = SpanIndex(spans)
    for start in range(0, 60):
        for end in range(start + 1, start + 8):
            scan = any(start < b and a < end for a, b in spans)
            assert index.overlaps(start, end) == scan, (start, end)
    assert index.overlapping(8, 21) == [(3, 9), (20, 22)]


def test_document_finds_a_sentence_and_the_items_in_a_span_by_offset():
    doc = document_annotate("First sentence here. Second one.\nA third line")
    second = doc.sentences[1]
    assert doc.sentence_at(second.start + 2) is second
    assert doc.sentence_at(len(doc.text) - 1) is doc.sentences[-1]
    tokens = starting_in(doc.sentences[0].tokens, 6, 20)
    assert [t.text for t in tokens] == ["sentence", "here"]
