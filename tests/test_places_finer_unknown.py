"""A place the gazetteer lacks, named with a place it has: the finer one is where it happened,
kept unlocated for a curator, as ACLED codes the finest place a report gives. The words around
the name say it is a place: the kind after it ("the X district", "the X military base"),
"in nearby X", "in X, near the town of Y", "in X, in the Y region", a possessive ("Kandahar's X
district"). Not a city's neighbourhood ("X area of Srinagar city": the city), nor an
organisation's base ("the African Union base"). Sentences in the shape of the real reports
these rules came from (seeds/corpus/: Wikinews 18 Sep 2009 Usterzai, VOA 26 Jul 2017 Khakrez,
Africanews 21 Mar 2022 Natiaboani, VOA 22 Sep 2019 El-Salin, Africanews 28 Jun 2023 Namsiguia,
Xinhua 24 Oct 2018 Nowgam, VOA 15 Jan 2016 El Adde), written for these tests with other
villages: unit tests of the rules."""

import datetime as dt

import pytest

from events.services.ingest import report_extract
from tests.support.drafting import only, proposals


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def test_a_village_near_a_town_is_the_village():
    event = only(
        "A suicide car bomb killed nine people on Friday in Shinwari Kalay, near the town of "
        "Bannu, in northwestern Pakistan.",
        dt.date(2009, 9, 18),
    )
    assert event.place_name == "Shinwari Kalay"
    assert event.location is None  # unlocated, for a curator


def test_a_district_after_its_provinces_possessive_is_the_district():
    event = only(
        "Taliban fighters attacked an army post in Kandahar's Zangabad Kalay district on "
        "Monday, killing six Afghan soldiers.",
        dt.date(2017, 7, 26),
    )
    assert event.place_name == "Zangabad Kalay"


def test_a_place_in_nearby_x():
    event = only(
        "Gunmen kidnapped 12 youths during an attack on Friday in nearby Kouridougou, in "
        "Burkina Faso.",
        dt.date(2022, 3, 21),
    )
    assert event.place_name == "Kouridougou"


def test_a_military_base_by_its_name():
    event = only(
        "Al-Shabab militants detonated a suicide car bomb at the Bariire Dheere military base "
        "in Somalia on Sunday.",
        dt.date(2019, 9, 22),
    )
    assert (event.sub_event_type, event.place_name) == ("Suicide bomb", "Bariire Dheere")


def test_a_town_before_its_region_is_the_town():
    event = only(
        "Soldiers were the target of an ambush on Monday in Tanwalbougou Kiri, in the Centre-Est "
        "region, Burkina Faso's army said.",
        dt.date(2023, 6, 28),
    )
    assert event.place_name == "Tanwalbougou Kiri"


def test_a_citys_neighbourhood_is_the_city():
    event = only(
        "The gunfight broke out on Wednesday in Rainawari area of Srinagar city in "
        "Indian-controlled Kashmir, police said.",
        dt.date(2018, 10, 24),
    )
    assert event.place_name == "Srinagar"
    assert event.location is not None


def test_an_organisations_base_is_no_place():
    drafted = proposals(
        "Al-Shabab militants overran the African Union base in Gedo region, Somalia, on Friday.",
        dt.date(2016, 1, 15),
    )
    assert drafted and all(p.place_name != "African Union" for p in drafted)


def test_a_kind_of_place_written_capitalised_is_part_of_the_name():
    # Reuters/AP style for South Sudan's and Myanmar's counties and townships.
    event = only(
        "The county commissioner said 40 people died in the clash in Pibor County on Friday, "
        "in South Sudan.",
        dt.date(2013, 2, 10),
    )
    assert event.place_name == "Pibor County"
    assert event.location is None


def test_a_police_outpost_names_its_place():
    (event,) = [
        p
        for p in proposals(
            "Insurgents raided the Kyauk Sein police outpost in rural Maungdaw township on "
            "Friday, killing three policemen, Myanmar's military said.",
            dt.date(2020, 5, 29),
        )
        if p.place_name
    ]
    assert event.place_name == "Kyauk Sein"


def test_a_camp_named_in_quotes():
    drafted = proposals(
        "Militiamen killed 30 displaced people at the \u201cMUBI\u201d camp in Congo on "
        "Monday, the mission said in a statement.",
        dt.date(2023, 6, 12),
    )
    assert [p.place_name for p in drafted] == ["MUBI"]


def test_a_name_once_called_a_place_is_that_place_after_in_again():
    drafted = proposals(
        "Pakistani troops killed 12 militants on Friday in South Kurram tribal agency, the army "
        "said. On Thursday night, six soldiers were killed in an exchange of fire with "
        "militants in South Kurram.",
        dt.date(2013, 12, 19),
    )
    assert [(p.place_name, p.location) for p in drafted] == [
        ("South Kurram", None),
        ("South Kurram", None),
    ]


def test_a_camp_named_by_its_place_is_that_place_even_if_only_foreign_namesakes_exist():
    # "Dourdan" is a French town's name: in a report about Mali it is no French town but the
    # camp's village, unlocated.
    event = only(
        "Gunmen stormed Dourdan army camp in the Mopti region of Mali on Sunday, killing eight "
        "Malian soldiers.",
        dt.date(2019, 3, 17),
    )
    assert (event.place_name, event.location) == ("Dourdan", None)


def test_a_place_given_a_distance_from_a_city_is_that_place():
    event = only(
        "A suicide bomber drove a car into an army camp at Gololey Dheere, about 30 kilometers "
        "west of Mogadishu, on Saturday, killing six Somali soldiers.",
        dt.date(2023, 10, 21),
    )
    assert event.place_name == "Gololey Dheere"


def test_a_continent_is_no_place():
    # GeoNames gives Mahdia, Tunisia the alternate name "Africa".
    found = report_extract(
        "Jihadists attacked an army post in Kidal on Sunday. Mali, once a model of democracy "
        "in Africa, has fought jihadists since 2012.",
        published=dt.date(2019, 3, 17),
    )
    assert [p.text for p in found.places] == ["Kidal"]
    assert any(r["text"] == "Africa" for r in found.rejected_places)


def test_each_village_of_a_list_is_a_place_even_after_one_already_found():
    found = proposals(
        "Russian forces shelled the villages of Tiahynka and Zorianivka in the Kherson region "
        "on Friday, police said.",
        dt.date(2023, 9, 2),
    )
    assert {p.place_name for p in found} >= {"Tiahynka", "Zorianivka"}


def test_the_towns_of_provinces_are_the_provinces_not_towns():
    found = report_extract(
        "Boko Haram has seized a number of towns of Borno and Adamawa states in Nigeria.",
        published=dt.date(2014, 11, 20),
        require_places=False,
    )
    assert [p.text for p in found.places if p.entry is None] == []  # no "Borno", "Adamaw"


def test_a_village_outside_the_province_the_report_names_stays_unlocated():
    # Vesele, Zaporizhzhia (pop. 9,719) is the gazetteer's largest Vesele, 150 km from the
    # Kherson region's villages: a report on the Kherson region means one of its own.
    found = proposals(
        "Russian forces dropped bombs on the villages of Tiahynka and Vesele in the Kherson "
        "region, police said on Saturday.",
        dt.date(2023, 9, 2),
    )
    (vesele,) = [p for p in found if p.place_name == "Vesele"]
    assert vesele.location is None


def test_a_village_after_a_verb_of_harm_is_a_place():
    found = report_extract(
        "ADF rebels killed two farmers in Beni territory in Congo's North Kivu province on "
        "Friday. A motorcyclist was shot dead in Kadumbira, a local chief said on Saturday.",
        published=dt.date(2021, 10, 30),
    )
    assert ("Kadumbira", None) in [(p.text, p.entry) for p in found.places]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Twelve civilians were killed when their bus hit a landmine in Dangou, central Mali, "
         "on Thursday.", "Dangou"),
        ("Gunmen attacked the camp in Tinbarkoye, Timbuktu region, on Saturday.", "Tinbarkoye"),
    ],
)  # fmt: skip
def test_a_place_with_its_province_or_part_of_a_country_in_apposition(text, name):
    found = report_extract(text, published=dt.date(2018, 1, 27), require_places=False)
    assert (name, None) in [(p.text, p.entry) for p in found.places]
