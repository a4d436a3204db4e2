"""Dates resolved against the publication date, with ACLED's time precision."""

import datetime as dt

import pytest

from events.domain.vocabulary import DAY, MONTH, WEEK
from events.ingest.dates import dateline_find, dates_find, publication_default

WEDNESDAY = dt.date(2017, 1, 18)


def only(text: str, published: dt.date = WEDNESDAY):
    (span,) = dates_find(text, published)
    return span.start, span.end, span.precision


@pytest.mark.parametrize(
    "text, expected",
    [
        # (a date alone on its line is a dateline: test_a_dateline_date_is_the_report_s_own...)
        ("attacked on Wed Jan 18, 2017 at 2:49PM", (dt.date(2017, 1, 18), None, DAY)),
        ("attacked on 18 January 2017.", (dt.date(2017, 1, 18), None, DAY)),
        # Written on a Wednesday, "on Wednesday" is that day, not the week before.
        ("The Wednesday aerial attacks", (dt.date(2017, 1, 18), None, DAY)),
        ("on Wednesday", (dt.date(2017, 1, 18), None, DAY)),
        ("on Sunday morning", (dt.date(2017, 1, 15), None, DAY)),
        ("on Thursday", (dt.date(2017, 1, 12), None, DAY)),
        ("next Monday", (dt.date(2017, 1, 23), None, DAY)),
        ("yesterday", (dt.date(2017, 1, 17), None, DAY)),
        ("three days ago", (dt.date(2017, 1, 15), None, DAY)),
        ("last week", (dt.date(2017, 1, 9), dt.date(2017, 1, 15), WEEK)),
        ("next week", (dt.date(2017, 1, 23), dt.date(2017, 1, 29), WEEK)),
        ("less than a week after", (dt.date(2017, 1, 12), dt.date(2017, 1, 17), WEEK)),
        ("in December", (dt.date(2016, 12, 1), dt.date(2016, 12, 31), MONTH)),
        ("in late December", (dt.date(2016, 12, 21), dt.date(2016, 12, 31), MONTH)),
        ("in early January", (dt.date(2017, 1, 1), dt.date(2017, 1, 10), MONTH)),
        ("in mid-November", (dt.date(2016, 11, 11), dt.date(2016, 11, 20), MONTH)),
        ("In August last year", (dt.date(2016, 8, 1), dt.date(2016, 8, 31), MONTH)),
        ("in August 2015", (dt.date(2015, 8, 1), dt.date(2015, 8, 31), MONTH)),
        ("since September", (dt.date(2016, 9, 1), dt.date(2017, 1, 18), MONTH)),
        ("July 15", (dt.date(2016, 7, 15), None, DAY)),
        ("on 12 January", (dt.date(2017, 1, 12), None, DAY)),
        ("last month", (dt.date(2016, 12, 1), dt.date(2016, 12, 31), MONTH)),
    ],
)
def test_expressions_resolve_against_publication(text, expected):
    assert only(text) == expected


def test_a_month_without_year_is_the_latest_not_after_publication():
    assert only("in January", dt.date(2017, 1, 18))[0] == dt.date(2017, 1, 1)
    assert only("in February", dt.date(2017, 1, 18))[0] == dt.date(2016, 2, 1)
    assert only("in December", dt.date(2017, 12, 31))[0] == dt.date(2017, 12, 1)


def test_week_boundaries_follow_the_publication_weekday():
    sunday = dt.date(2017, 1, 22)
    assert only("last week", sunday)[:2] == (dt.date(2017, 1, 9), dt.date(2017, 1, 15))
    assert only("on Sunday", sunday)[0] == sunday
    assert only("on Monday", sunday)[0] == dt.date(2017, 1, 16)


def test_words_that_only_look_like_dates_are_not_dates():
    assert dates_find("Rebels may march on the town", WEDNESDAY) == []
    assert dates_find("They will mark the day", WEDNESDAY) == []


def test_spans_carry_offsets_into_the_text():
    text = "Talks are due next week; the truce was agreed in late December."
    spans = dates_find(text, WEDNESDAY)
    assert [text[s.offset : s.offset_end] for s in spans] == ["next week", "late December"]
    assert [s.rule for s in spans] == ["week", "part_of_month"]


def test_dateline_and_publication_default():
    text = "Iran Press TV\n\nWed Jan 18, 2017 2:49PM\n\nMoscow says ..."
    assert dateline_find(text) == WEDNESDAY
    assert dateline_find("No date in this text at all.") is None
    default = publication_default(WEDNESDAY)
    assert (default.start, default.end, default.precision) == (WEDNESDAY, None, WEEK)


def test_overnight_is_the_night_before_publication():
    (span,) = dates_find("Artillery fire hit the town overnight.", WEDNESDAY)
    assert (span.start, span.precision) == (dt.date(2017, 1, 17), DAY)


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked the base overnight on Saturday, a monitoring group said.",
        "On Saturday, rebels attacked the base overnight.",
    ],
)
def test_overnight_is_the_night_of_the_day_its_sentence_names(text):
    overnight = [s for s in dates_find(text, WEDNESDAY) if s.text.lower() == "overnight"]
    assert [s.start for s in overnight] == [dt.date(2017, 1, 14)]


def test_overnight_ignores_a_day_named_in_another_sentence():
    text = "Shelling hit Aleppo overnight. On Monday, talks resumed in Astana."
    overnight = [s for s in dates_find(text, WEDNESDAY) if s.text == "overnight"]
    assert [s.start for s in overnight] == [dt.date(2017, 1, 17)]


def test_overnight_is_not_the_night_of_the_day_it_was_told(seeded):
    # Xinhua, 7 Nov 2023 (seeds/corpus/): "an overnight attack ..., a military official told
    # Xinhua on Tuesday": the night before Tuesday, not Tuesday night.
    from tests.support.drafting import proposals

    (event,) = proposals(
        "At least eight soldiers were killed in an overnight attack by the Houthi militia in "
        "Yemen's Marib province, a military official told Xinhua on Tuesday.",
        dt.date(2023, 11, 7),
    )
    assert event.date.start == dt.date(2023, 11, 6)


def test_the_attack_on_friday_dates_the_attack_told_before(seeded):
    # PBS NewsHour, 12 Feb 2023 (seeds/corpus/): the day comes in "hurt in the attack on Friday".
    from tests.support.drafting import proposals

    drafted = proposals(
        "At least ten soldiers were killed in an ambush by armed terrorists near Banibangou in "
        "southwest Niger. Sixteen are still missing and 13 soldiers were hurt in the attack on "
        "Friday.",
        dt.date(2023, 2, 12),
    )
    assert [p.date.start for p in drafted] == [dt.date(2023, 2, 10)]


def test_the_day_something_was_said_yields_to_the_day_it_happened(seeded):
    # Reuters, 3 Aug 2025 (seeds/corpus/): "said on Sunday that five ... had been killed during
    # an attack ... in Deir el-Zor on July 31".
    from tests.support.drafting import proposals

    (event,) = proposals(
        "The Syrian Democratic Forces said on Sunday that five of its members had been killed "
        "during an attack by Islamic State militants on a checkpoint in eastern Syria's Deir "
        "el-Zor on July 31.",
        dt.date(2025, 8, 3),
    )
    assert event.date.start == dt.date(2025, 7, 31)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels raided a camp on Monday. The following day, jets bombed the village.", 17),
        ("Rebels raided a camp on Monday. Two days later the army retook it.", 18),
        ("Rebels entered the town on January 14. A day earlier, the garrison had left.", 13),
        ("Rebels raided a camp on Monday; on the next morning they withdrew.", 17),
        (
            "Rebels raided a camp on Monday. The next day they withdrew. "
            "Two days later, they came back.",
            19,
        ),
    ],
)
def test_a_day_told_from_the_one_before_it_counts_from_that_day(text, expected):
    *_, sequel = dates_find(text, WEDNESDAY)
    assert sequel.rule == "sequel"
    assert (sequel.start, sequel.precision) == (dt.date(2017, 1, expected), DAY)


def test_a_sequel_day_ignores_the_day_something_was_said_and_needs_a_day_before_it():
    said = "The army said on Monday it held the town. The next day rebels shelled it."
    assert [d.rule for d in dates_find(said, WEDNESDAY)] == ["weekday"]
    assert dates_find("The next day, rebels shelled the town.", WEDNESDAY) == []


MONDAY, SATURDAY = dt.date(2017, 1, 16), dt.date(2017, 1, 21)


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Rebels attacked the town over the weekend", MONDAY, (14, 15)),
        ("the weekend attacks", WEDNESDAY, (14, 15)),
        ("last weekend", SATURDAY, (14, 15)),
        ("Talks resume next weekend", WEDNESDAY, (21, 22)),
        ("at the weekend", SATURDAY, (21, None)),  # the weekend so far
    ],
)
def test_a_weekend_is_its_saturday_and_sunday_at_week_precision(text, published, expected):
    (span,) = dates_find(text, published)
    start, end = expected
    assert span.rule == "weekend" and span.precision == WEEK
    assert (span.start, span.end) == (
        dt.date(2017, 1, start),
        dt.date(2017, 1, end) if end else None,
    )


def test_the_past_day_or_two_end_on_publication():
    (span,) = dates_find("Strikes in the past 48 hours killed 20", WEDNESDAY)
    assert (span.start, span.end, span.precision) == (dt.date(2017, 1, 16), WEDNESDAY, WEEK)


def test_a_part_of_a_month_opening_a_sentence_is_still_that_part():
    (span,) = dates_find("Mid-January saw heavy fighting", WEDNESDAY)
    assert (span.start, span.end) == (dt.date(2017, 1, 11), dt.date(2017, 1, 20))


@pytest.mark.parametrize(
    "text",
    [
        "Reuters, May 11, 2016 \u2013 Two airstrikes hit the town",
        "Friday, September 18, 2009\n\nA car bomb exploded",
        "by Newsdesk Staff 28 December 2016, 09:22\nA car bomb exploded",
        "JANE ROE and JOHN DOE | October 30, 2013 01:57 PM EST\nRebels",
        "KABUL, Jan. 5, 2017 (AP) — Rebels attacked",
    ],
)
def test_a_dateline_date_is_the_report_s_own_not_an_event_s(text):
    assert [d for d in dates_find(text, WEDNESDAY) if d.rule == "explicit"] == []
    assert dateline_find(text) is not None  # it still dates the report


def test_a_full_date_in_the_story_is_an_event_date():
    for text in ["Rebels attacked on January 5, 2017.\n", "On January 5, 2017, rebels attacked"]:
        (span,) = dates_find(text, WEDNESDAY)
        assert span.start == dt.date(2017, 1, 5)
