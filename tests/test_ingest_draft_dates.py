"""The day a draft is dated on when its own sentences give only the day someone said so."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

SATURDAY = dt.date(2017, 1, 21)


def test_a_said_on_day_yields_to_the_day_the_story_named_before_it():
    text = (
        "Fighting went on in Idlib province on Wednesday and Thursday. "
        "Two farmers were killed when warplanes bombed Saraqib, "
        "residents told reporters on Saturday."
    )
    (strike,) = [p for p in proposals(text, SATURDAY) if p.sub_event_type == "Air/drone strike"]
    assert strike.date.start == dt.date(2017, 1, 19)


def test_a_said_on_day_stands_when_nothing_earlier_was_named():
    text = (
        "Two farmers were killed when warplanes bombed Saraqib, "
        "residents told reporters on Saturday."
    )
    (strike,) = [p for p in proposals(text, SATURDAY) if p.sub_event_type == "Air/drone strike"]
    assert strike.date.start == SATURDAY


def test_a_day_the_draft_itself_names_stands():
    text = (
        "Fighting went on in Idlib province on Wednesday. "
        "On Friday warplanes bombed Saraqib, killing two farmers, residents said on Saturday."
    )
    (strike,) = [p for p in proposals(text, SATURDAY) if p.sub_event_type == "Air/drone strike"]
    assert strike.date.start == dt.date(2017, 1, 20)
