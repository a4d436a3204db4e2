"""A headline that places the happening at a province or its city ("Shelling kills 6 in
Hama") is the body's happening at a village of that province ("The shelling in Zarzur, a
village in northern Hama province"), not a second event: it joins that draft, which the body's
smaller place keeps. Sentences written for these tests."""

import datetime as dt

import pytest

from tests.support.drafting import proposals

pytestmark = pytest.mark.django_db

PUBLISHED = dt.date(2021, 7, 3)  # a Saturday


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_headline_at_the_province_s_city_joins_the_village_s_event():
    text = (
        "Government Shelling Kills 6, Mostly Children, In Hama\n\n"
        "BEIRUT (AP) -- Artillery fire from government-held areas killed at least six civilians "
        "in Syria on Saturday, activists said. "
        "The shelling in Zarzur, a village in northern Hama province, hit the home of a farmer, "
        "killing him and three of his children. "
        "Shelling also struck the home of a volunteer for the White Helmets, also known as the "
        "Syria Civil Defense, killing his two children."
    )
    drafted = proposals(text, PUBLISHED)
    assert [(p.sub_event_type, p.place_name, p.fatalities) for p in drafted] == [
        ("Shelling/artillery/missile attack", "Zarzur", 6)
    ]
