"""Places listed together are one event each, as ACLED codes them, also when the gazetteer lacks
them ("in Calugo and Ulo, in Mocimboa da Praia district", "attacked Tambuzi and Quifuque
islands") and when each has its own direction ("in eastern Paktika, northern Sar-e Pul and
Jawzjan provinces"). Sentences in the shape of the real reports these rules came from
(seeds/corpus/: AIM 7 May 2024 Calugo and Ulo, AP 1 Jul 2017 Wardak), written for these tests
with other places: unit tests of the rules."""

import datetime as dt

import pytest

from tests.support.drafting import proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_two_villages_the_gazetteer_lacks_before_their_district():
    drafted = proposals(
        "Rwandan troops killed several insurgents on Sunday in Namaua and Chicoma, in Macomia "
        "district, Mozambique.",
        dt.date(2024, 5, 7),
    )
    assert [(p.sub_event_type, p.place_name) for p in drafted] == [
        ("Armed clash", "Namaua"),
        ("Armed clash", "Chicoma"),
    ]


def test_islands_listed_before_their_kind():
    drafted = proposals(
        "On 2 May, insurgents attacked Quilaua and Matemo islands in Mozambique, looting goods "
        "from fishermen.",
        dt.date(2024, 5, 7),
    )
    assert [p.place_name for p in drafted] == ["Quilaua", "Matemo"]
    assert all(p.date.start == dt.date(2024, 5, 2) for p in drafted)


def test_provinces_listed_each_with_its_direction():
    drafted = proposals(
        "Several militants were killed on Friday after Afghan warplanes struck their hideouts in "
        "eastern Khost, northern Kunduz and Baghlan provinces.",
        dt.date(2017, 7, 1),
    )
    assert [p.place_name for p in drafted] == ["Khost", "Kunduz", "Baghlan"]
    assert {p.sub_event_type for p in drafted} == {"Air/drone strike"}
