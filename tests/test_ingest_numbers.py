"""One owner for numbers written as words (events/ingest/numbers.py): what dates, distances and
fatalities read as a number is the same number ("twelve" is 12 in each)."""

from events.ingest.fatalities import fatalities_find
from events.ingest.numbers import (
    CARDINALS,
    DATE_COUNT_WORDS,
    DISTANCE_WORDS,
    TOLL_WORDS,
    words_pattern,
)


def test_every_steps_words_mean_what_the_one_table_says():
    for table in (DATE_COUNT_WORDS, DISTANCE_WORDS, TOLL_WORDS):
        for word, number in table.items():
            if word in CARDINALS:
                assert number == CARDINALS[word], word


def test_a_toll_in_words_is_read_from_the_table():
    assert fatalities_find("gunmen killed twelve villagers") == 12
    assert fatalities_find("killed a dozen people") == 12


def test_the_pattern_lets_a_space_be_any_space():
    assert r"a\s+dozen" in words_pattern(TOLL_WORDS)
