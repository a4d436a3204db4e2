"""Actors from the registry, their roles, near-miss spellings and proposed new actors."""

import datetime as dt

import pytest

from events.models import Actor, ActorAlias, Event
from events.services.ingest import report_extract, report_ingest

PUBLISHED = dt.date(2017, 1, 18)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors and their aliases."""


def mentioned(text: str) -> list[tuple[str, str]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(a.text, a.actor.slug or f"new:{a.actor.name}") for a in extraction.actors]


def roles(text: str) -> list[set[tuple[str, str]]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [{(a.slug or a.name, role) for a, role in p.actors} for p in extraction.proposals]


@pytest.mark.parametrize(
    "phrase, slug",
    [
        ("Russian warplanes", "russia"),
        ("Russian jets", "russia"),
        ("the Russian Air Force", "russia"),
        ("Russian helicopters", "russia"),  # no such alias: the registry's state actor of RU
        ("Turkish jets", "turkey"),
        ("Syrian government troops", "syria"),
        ("the Syrian army", "syria"),
        ("Daesh", "islamic-state"),
        ("ISIS", "islamic-state"),
    ],
)
def test_phrases_resolve_to_registry_actors(phrase, slug):
    found = mentioned(f"On Monday {phrase} were seen near Idlib.")
    assert [s for _, s in found] == [slug]


def test_acronyms_only_in_capitals():
    assert mentioned("The town is calm, a resident told us.") == []
    assert [s for _, s in mentioned("IS fighters and US forces were seen.")] == [
        "islamic-state",
        "united-states",
    ]


def test_coordinated_demonyms_share_the_noun():
    found = mentioned("nine Russian and eight Turkish planes took part")
    assert [s for _, s in found] == ["russia", "turkey"]


def test_near_miss_spelling_is_matched_with_rapidfuzz():
    found = mentioned("Syrian troops clashed with Jabhat Fateh al-Shaam fighters near Hama.")
    assert ("Jabhat Fateh al-Shaam", "jabhat-fateh-al-sham") in found
    extraction = report_extract(
        "Syrian troops clashed with Jabhat Fateh al-Shaam fighters near Hama.",
        published=PUBLISHED,
    )
    (how,) = [a.how for a in extraction.actors if a.actor.slug == "jabhat-fateh-al-sham"]
    assert how == "fuzzy"


def test_roles_agent_target_and_joint_actor():
    assert roles(
        "Russian warplanes and Turkish jets jointly targeted positions of Daesh in al-Bab."
    ) == [{("russia", "actor1"), ("turkey", "assoc1"), ("islamic-state", "actor2")}]


def test_roles_supporter_and_passive_agent():
    assert roles("Russian jets were backing a Syrian army offensive near Palmyra on Tuesday.") == [
        {("russia", "actor1"), ("syria", "assoc1")}
    ]
    assert roles("Aleppo was recaptured by the Syrian forces in December.") == [
        {("syria", "actor1")}
    ]


def test_speakers_are_not_parties():
    (event_roles,) = roles("Moscow says Turkish jets struck Daesh in al-Bab.")
    assert ("russia", "actor1") not in event_roles
    assert event_roles == {("turkey", "actor1"), ("islamic-state", "actor2")}


def test_mediators_and_parties_of_an_agreement():
    assert roles(
        "Peace talks between the Syrian government and rebels, mediated by Russia, Turkey, and "
        "Iran, are to be held in Astana next week."
    ) == [{("russia", "actor1"), ("turkey", "assoc1"), ("iran", "assoc1"), ("syria", "actor2")}]


def test_armed_group_names_not_in_the_registry_are_proposed():
    # Invented names: the starter registry holds the real Sultan Murad Division, Jaysh al-Islam
    # and Liwa al-Quds (test_registry_groups_are_found_by_their_other_names).
    found = mentioned(
        "Fighters of the Sultan Qadir Brigade clashed with the Army of Khalid and the "
        "Liwa al-Nour militia in the village of Qarrat al-Sharqiyah."
    )
    assert [s for _, s in found] == [
        "new:Sultan Qadir Brigade",
        "new:Army of Khalid",
        "new:Liwa al-Nour",
    ]


def test_registry_groups_are_found_by_their_other_names():
    found = mentioned(
        "Fighters of the Sultan Murad Brigade clashed with the Army of Islam and the "
        "Liwa al-Quds militia in the village of Qarrat al-Sharqiyah."
    )
    assert [s for _, s in found] == ["sultan-murad-division", "jaysh-al-islam", "liwa-al-quds"]


def test_generic_groups_are_not_proposed():
    assert mentioned("Turkish jets struck Kurdish militias and Security Forces near Manbij.") == [
        ("Turkish jets", "turkey")
    ]


def test_ingest_creates_proposed_actors_once_for_the_curator():
    text = (
        "Fighters of the Sultan Qadir Brigade clashed with Daesh in the village of "
        "Qarrat al-Sharqiyah on Tuesday, leaving 7 fighters dead."
    )
    result = report_ingest(text, published=PUBLISHED)
    (actor,) = result.proposed_actors
    assert actor.name == "Sultan Qadir Brigade" and actor.proposed
    assert ActorAlias.objects.filter(actor=actor, alias="Sultan Qadir Brigade").exists()
    (event,) = result.created
    assert {(ea.actor.name, ea.role) for ea in event.event_actors.all()} == {
        ("Sultan Qadir Brigade", "actor1"),
        ("Islamic State", "actor2"),
    }
    assert event.fatalities == 7
    assert event.location is None and event.place_name == "Qarrat al-Sharqiyah"
    # A second report naming it finds the proposed actor instead of proposing it again.
    again = report_ingest(text.replace("Tuesday", "Monday"), published=PUBLISHED)
    assert again.proposed_actors == []
    assert Actor.objects.filter(name="Sultan Qadir Brigade").count() == 1
    assert Event.objects.filter(event_actors__actor=actor).count() == 2


def test_a_headline_s_capitals_are_no_group_the_body_writes_in_lower_case():
    # "Border Guard" in the title's capitals; the body's "border guard outpost" is a common noun.
    found = mentioned(
        "Rebels Kill Policemen in Attack on Frontier Guard Outpost\n\n"
        "Rebels attacked a frontier guard outpost in the village of Qarrat al-Sharqiyah."
    )
    assert all(not s.startswith("new:") for _, s in found)
    assert mentioned("Fighters of the Frontier Guard Brigade attacked the village.") == [
        ("Frontier Guard Brigade", "new:Frontier Guard Brigade")
    ]
