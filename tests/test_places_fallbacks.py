"""Names the gazetteer has only under another spelling: the skeleton key, then fuzzy matching,
both only within the report's own countries."""

import datetime as dt

import pytest

from events.services.ingest import report_extract

PUBLISHED = dt.date(2023, 7, 1)


@pytest.fixture(autouse=True)
def registry(seeded):
    """The seed actors."""


def placed(text: str) -> list[tuple[str, str, str]]:
    extraction = report_extract(text, published=PUBLISHED, require_places=False)
    return [(p.text, p.name, p.country_code) for p in extraction.places if p.entry is not None]


@pytest.mark.parametrize(
    "written, name",
    [
        ("Alhasakah", "Al Ḩasakah"),  # a fused article
        ("Maarat Numan", "Ma\u2018arrat an Nu\u2018m\u0101n"),  # a dropped article, ʿayn
        ("Jisr al-Shugour", "Jisr ash Shughūr"),  # a shorter exact name inside must not win
    ],
)
def test_a_variant_spelling_is_found_by_its_skeleton_in_the_reports_country(written, name):
    assert placed(f"Syrian troops shelled {written} on Monday.") == [(written, name, "SY")]


def test_a_burmese_township_romanisation_is_found():
    assert ("Phakant", "Hpākān", "MM") in placed("Myanmar's military bombed Phakant on Friday.")


def test_a_misspelt_town_is_found_fuzzily_in_the_reports_country():
    assert placed("Syrian jets struck Khan Shaykhum on Monday.") == [
        ("Khan Shaykhum", "Khān Shaykhūn", "SY")
    ]


@pytest.mark.parametrize("written", ["Alhasakah", "Khan Shaykhum", "Marat Numan"])
def test_no_fallback_answers_outside_the_reports_countries(written):
    # A report about Nigeria: the Syrian towns these spellings fold to are not looked at.
    assert placed(f"Nigerian troops shelled {written} on Monday.") == []


def test_a_person_after_an_attack_verb_is_not_guessed_into_a_place():
    assert placed("Syrian troops shelled Aleppo Hassan's house on Monday.") == []


def test_a_portuguese_name_keeps_its_lower_case_article():
    """Mocímboa da Praia (AIM, 7 May 2024, seeds/corpus/) is one name, not Mocímboa."""
    assert placed("Insurgents attacked Mocímboa da Praia, Mozambique, on Monday.") == [
        ("Mocímboa da Praia", "Mocímboa da Praia", "MZ")
    ]
