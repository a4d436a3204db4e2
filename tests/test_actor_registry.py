"""The starter actor registry load_seeds loads, and what ACLED imports teach it for ingest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings

from events.domain.countries import geonames_countries
from events.domain.names import normalize_name
from events.models import Actor, ActorAlias
from events.selectors.actors import actor_alias_index, actor_resolve
from events.services.imports.acled import events_import_acled
from events.services.ingest import report_extract
from tests.support.csvfiles import ACLED_SMALL, csv_rows, csv_write

SEEDS = Path(settings.BASE_DIR) / "seeds"


def resolved(name: str) -> str | None:
    actor = actor_resolve(name)
    return actor.name if actor else None


def test_state_forces_are_generated_for_every_country_of_the_table(seeded):
    countries = set(geonames_countries())
    military = Actor.objects.filter(name__startswith="Military Forces of", kind__in=[1, 8])
    police = Actor.objects.filter(name__startswith="Police Forces of", kind=1)
    assert set(military.values_list("country", flat=True)) == countries
    assert set(police.values_list("country", flat=True)) == countries
    assert military.count() == police.count() == len(countries)


def test_state_force_aliases_are_made_by_rule_from_names_and_demonyms(seeded):
    assert resolved("Malian soldiers") == "Military Forces of Mali"
    assert resolved("the army of Mali") == "Military Forces of Mali"
    assert resolved("Malian police") == "Police Forces of Mali"
    assert resolved("Burkinabe troops") == "Military Forces of Burkina Faso"
    assert resolved("Congolese army") == "Military Forces of Democratic Republic of Congo"
    assert resolved("Myanmar military") == "Military Forces of Myanmar"


def test_acronyms_of_state_forces_come_from_the_data_file(seeded):
    forces = json.loads((SEEDS / "state_forces.json").read_text(encoding="utf-8"))["forces"]
    for iso, names in forces.items():
        for alias in names.get("military", []):
            actor = actor_resolve(alias)
            assert actor is not None and actor.country == iso, alias
    assert resolved("FAMa") == "Military Forces of Mali"
    assert resolved("Tatmadaw") == "Military Forces of Myanmar"


def test_seeded_state_actors_keep_their_slugs_and_gain_the_generated_aliases(seeded):
    russia = Actor.objects.get(slug="russia")
    assert russia.name == "Military Forces of Russia"
    assert actor_resolve("Russian soldiers") == russia
    assert not Actor.objects.filter(slug="military-forces-of-russia").exists()
    assert actor_resolve("Syrian troops") == Actor.objects.get(slug="syria")


def test_registry_files_give_no_alias_to_two_actors(seeded):
    assert seeded.aliases_skipped == []
    groups = json.loads((SEEDS / "armed_groups.json").read_text(encoding="utf-8"))["actors"]
    armed = [g for g in groups if g["kind"] in (2, 3, 4)]
    assert len(armed) >= 150
    index = actor_alias_index()  # what actor_resolve looks each name up in, in one query
    for group in groups:
        for name in [group["name"], *group["aliases"]]:
            entry = index.get(normalize_name(name))
            assert entry is not None and entry.name == group["name"], name
    assert resolved(groups[0]["aliases"][0]) == groups[0]["name"]  # and actor_resolve agrees


def test_the_groups_the_issue_names_are_in_the_registry(seeded):
    names = [
        "SDF", "PKK", "Syrian National Army", "Ahrar al-Sham", "Failaq al-Sham", "Nusra Front",
        "HTS", "Hayat Tahrir al-Sham", "Popular Mobilization Forces", "Asayish", "Houthis",
        "Ansar Allah", "Saudi-led coalition", "RSF", "al-Shabaab", "M23", "ISWAP", "Taliban",
        "YPG", "ISIS", "ISIL", "Daesh", "Islamic State", "ISKP", "IS Sahel", "ISCAP", "JNIM",
        "Boko Haram", "JAS", "ADF", "CODECO", "Hamas", "Islamic Jihad", "Hezbollah", "TTP",
        "Balochistan Liberation Army", "KIA", "Arakan Army", "TNLA", "MNDAA",
        "People's Defence Forces", "Wagner", "Africa Corps", "Fano", "TPLF", "TDF", "OLA",
        "ELN", "EMC", "Segunda Marquetalia", "Clan del Golfo", "CJNG", "Sinaloa Cartel",
        "Viv Ansanm", "G9", "al-Qaeda", "AQAP", "AQIM", "Ansar al-Sunna",
        "Ambazonian separatists", "Myanmar's junta",
    ]  # fmt: skip
    assert [n for n in names if actor_resolve(n) is None] == []


def test_generic_actors_take_acleds_qualified_names_as_aliases(seeded):
    events_import_acled(ACLED_SMALL, progress=False)
    civilians = Actor.objects.get(slug="civilians")
    assert civilians.aliases.filter(alias="Civilians (Syria)").exists()
    assert not Actor.objects.filter(name="Civilians (Syria)").exists()
    uag = Actor.objects.get(slug="unidentified-armed-group")
    assert uag.aliases.filter(alias="Unidentified Armed Group (Syria)").exists()


def test_an_acled_import_teaches_a_name_ingest_then_finds(seeded, tmp_path):
    # One real-format ACLED row (tests/data/acled_small.csv), its actor a group the starter
    # registry lacks, qualified by country as ACLED writes such names.
    row = csv_rows(ACLED_SMALL)[0]
    row.update(event_id_cnty="SYR9001", actor1="Liwa Suqur al-Ghab (Syria)", inter1="2")
    path = csv_write(tmp_path / "acled_taught.csv", [row])
    assert actor_resolve("Liwa Suqur al-Ghab") is None

    events_import_acled(path, progress=False)

    taught = Actor.objects.get(name="Liwa Suqur al-Ghab (Syria)")
    assert ActorAlias.objects.filter(actor=taught, alias="Liwa Suqur al-Ghab").exists()
    assert actor_alias_index()["liwa suqur ghab"].pk == taught.pk
    extraction = report_extract(
        "Fighters of Liwa Suqur al-Ghab shelled government positions near Kafr Nabudah on "
        "Monday, a war monitor said.",
        published=dt.date(2017, 1, 18),
        require_places=False,
    )
    found = {(a.actor.pk, a.how) for a in extraction.actors}
    assert (taught.pk, "alias") in found
