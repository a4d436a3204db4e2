"""Shared fixtures: real databases (SpatiaLite or PostGIS, from DATABASE_URL), the real offline
geocoder, the curated seeds, and scratch databases other processes can open. What they build on
is in tests/support."""

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model

from events.models import Event
from events.services.seeds import seeds_load
from tests.support.csvfiles import ACLED_SMALL
from tests.support.scratch import ScratchDatabases


@pytest.fixture
def seeded(db):
    """The seed actors, source report and curated events, loaded as `make run` loads them."""
    return seeds_load()


@pytest.fixture
def seed_event(seeded):
    """Look up a seed event by its key, e.g. seed_event("seed-2017-01-18-al-bab-joint-strikes")."""

    def get(key: str) -> Event:
        return Event.objects.get(dataset="seed", external_id=key)

    return get


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "curator", password="curator-pass-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def plain_user(db):
    return get_user_model().objects.create_user("reader", password="reader-pass-123")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def refuse_insert_of(db):
    """A PostgreSQL trigger that makes the database itself refuse one event by external id, so a
    test can see a write failing half-way roll everything back."""
    from django.db import connection

    def install(external_id: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by the test trigger'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON events_event FOR EACH ROW "
                f"WHEN (NEW.external_id = '{external_id}') EXECUTE FUNCTION refuse_one()"
            )

    return install


@pytest.fixture(scope="session")
def scratch(tmp_path_factory) -> Iterator[ScratchDatabases]:
    """Scratch databases with a migrated template (acled_small.csv imported) to copy from: made
    once for the fault tests, dropped with every copy at the end."""
    dbs = ScratchDatabases(tmp_path_factory.mktemp("faults"))
    dbs.create(dbs.base)
    try:
        dbs.manage(dbs.base, "migrate", "--noinput", "-v0")
        dbs.manage(dbs.base, "import_acled", str(ACLED_SMALL), "-v0")
        yield dbs
    finally:
        dbs.drop_all()
