"""Countries that say where, not who: the neighbour a border is with ("a village near the border
with Mali"), a country in the possessive before its own place ("Russia's Belgorod region"), the
capital after "capital" ("the Russian capital, Moscow"); bare "soldiers" are the forces of the
country the report's places are in. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from events.services.ingest import report_extract

PUBLISHED = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The starter registry, as load_seeds loads it."""


def found(text: str) -> list[tuple[str, str]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(a.text, a.actor.name) for a in extraction.actors]


def test_the_army_near_the_border_with_a_neighbour_is_the_home_army():
    actors = found(
        "Gunmen stormed the army post in Kourfayel, a village near the border with Mali, on "
        "Friday, killing 12 soldiers. Burkina Faso has faced jihadist attacks since 2015."
    )
    assert ("soldiers", "Military Forces of Burkina Faso") in actors
    assert all(name != "Military Forces of Mali" for _, name in actors)


def test_a_country_owning_a_place_and_its_capital_are_no_actors():
    assert found(
        "Five Ukrainian drones were intercepted over Russia's Belgorod region and near the Russian "
        "capital, Moscow, on Friday."
    ) == [("Ukrainian", "Military Forces of Ukraine")]


def test_bare_soldiers_are_of_the_country_of_the_report_places():
    actors = found(
        "Gunmen killed five soldiers in Tillaberi, Niger, on Monday. Mali's army said on Tuesday "
        "that it had killed ten militants in Gao. The soldiers were buried in Tillaberi, Niger's "
        "ministry said. Mali and Niger share a long border. Mali and Burkina Faso are allies."
    )
    assert [name for text, name in actors if text == "soldiers"] == [
        "Military Forces of Niger",
        "Military Forces of Niger",
    ]


def test_a_country_a_border_is_with_is_no_actor():
    assert found(
        "Airstrikes hit the town of Sarmada in Idlib province, Syria, near the border with Turkey "
        "on Tuesday, killing 10 people."
    ) == [("people", "Civilians")]


def test_security_outposts_are_the_states_forces():
    assert ("security outposts", "Military Forces of Afghanistan") in found(
        "Fierce fighting raged near Wantwigel, Afghanistan, on Wednesday and all government "
        "security outposts were under attack."
    )
