"""Shared fixtures: real databases (SpatiaLite or PostGIS, from DATABASE_URL), the real offline
geocoder, the curated seeds, and scratch databases other processes can open. What they build on
is in tests/support."""

import gc
import os
from collections.abc import Iterator

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import transaction

from events.models import Event
from events.services.seeds import SeedSummary, seeds_load
from tests.support.csvfiles import ACLED_SMALL
from tests.support.scratch import ScratchDatabases


def pytest_configure(config: pytest.Config) -> None:
    """Users made by tests get a fast password hash. Django's PBKDF2 (a million rounds, as it
    should be in production) cost ~0.3 s per user made or password checked: two users per test
    of a parametrized module were most of its time. The production hashers stay listed after it,
    so passwords made by the servers tests start as subprocesses (with the real settings) still
    check here."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *global_settings.PASSWORD_HASHERS,
    ]


class _SeedsBlock:
    """The seeds loaded once for the run's whole block of seeded tests, inside a transaction
    rolled back after its last one (pytest_runtest_teardown below): every seeded test runs in
    its own savepoint on top (the `db` fixture), so each still sees the seeds as `make run`
    loads them and nothing another test wrote. Loading 722 actors and their 4,191 aliases cost
    ~0.6 s per test, then ~1.5 s per module (some 80 modules a lane): minutes per run."""

    def __init__(self) -> None:
        self.atomic: transaction.Atomic | None = None
        self.summary: SeedSummary | None = None
        self.blocker = None

    def open(self, blocker) -> SeedSummary:
        if self.atomic is None:
            self.blocker = blocker
            with blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                self.summary = seeds_load()
        assert self.summary is not None
        return self.summary

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.summary = None


_SEEDS = _SeedsBlock()


@pytest.fixture(scope="module")
def seeds_block(django_db_setup, django_db_blocker) -> SeedSummary:
    """The seeds of the run's block of seeded tests (_SeedsBlock)."""
    return _SEEDS.open(django_db_blocker)


def _uses_seeds(item: pytest.Item | None) -> bool:
    return item is not None and "seeds_block" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last seeded test (its module's fixtures torn down first), the seeds go."""
    yield
    if not _uses_seeds(nextitem):
        _SEEDS.close()


@pytest.fixture
def seeded(request, seeds_block, db) -> SeedSummary:
    """The seed actors, source report and curated events, loaded as `make run` loads them."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        raise pytest.UsageError(
            "`seeded` is rolled back, never committed: a transactional test loads the seeds "
            "itself (see browser_seeded in tests/browser/conftest.py)."
        )
    return seeds_block


# Fixtures through which a test reaches the database under test (DATABASE_URL).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_setup", "seeds_block", "scratch"}
)


def opens_the_database(item: pytest.Item) -> bool:
    """Does the test reach the database under test: through a fixture, the django_db marker, or
    from another process (marked database_process)? pytest-django refuses any other test a
    database connection, so the rest cannot depend on which database DATABASE_URL names."""
    fixtures = set(getattr(item, "fixturenames", ()))
    markers = ("django_db", "database_process")
    return bool(fixtures & DATABASE_FIXTURES) or any(item.get_closest_marker(m) for m in markers)


def in_lane(item: pytest.Item, lane: str) -> bool:
    """Does `item` run in `lane` (TEST_LANE; scripts/test.sh runs both side by side)?

    - "spatialite": every test that opens the database, and the spatialite_stack ones;
    - "postgis": the same but the client_only browser tests (what the page's JavaScript does
      with answers the API's own tests check on both databases: on PostGIS they would only
      repeat the same drawing, minutes of headless Chromium without a GPU), plus the tests
      that open no database (the corpus files, name folding, nginx in front of a gunicorn on
      its own SpatiaLite...): they cannot tell the databases apart, so they run once, in the
      lane with room for them (but for the spatialite_stack ones);
    - "none": the tests that open no database, alone;
    - anything else (a plain `pytest`): every test."""
    # nginx and gunicorn of the test's own on a SpatiaLite file (marked spatialite_stack): in
    # the SpatiaLite lane, where they balance the PostGIS lane's longer database tests.
    stack = item.get_closest_marker("spatialite_stack") is not None
    if lane == "spatialite":
        return opens_the_database(item) or stack
    if lane == "none":  # the tests that open no database, alone
        return not opens_the_database(item)
    if lane == "postgis":
        if opens_the_database(item):
            return item.get_closest_marker("client_only") is None
        return not stack
    return True


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests of TEST_LANE (in_lane), the seeded ones in one block (_SeedsBlock)."""
    lane = os.environ.get("TEST_LANE", "")
    if lane:
        kept = [i for i in items if in_lane(i, lane)]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept

    # Django's order (pytest-django's: tests in a transaction, then transactional ones, then
    # those without a database), with the seeded tests last in the first group: one block,
    # loaded once (_SeedsBlock), and no test that expects an empty database runs in it. The
    # browser tests stay last of all (tests/browser/conftest.py says why).
    def order(item: pytest.Item) -> tuple[bool, int, bool]:
        group = _django_group(item)
        browser = item.get_closest_marker("browser") is not None
        return browser, group, group == 0 and _uses_seeds(item)

    items.sort(key=order)


def _django_group(item: pytest.Item) -> int:
    """pytest-django's order: 0 in a transaction (`db`), 1 transactional, 2 no database."""
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(fixtures & {"transactional_db", "live_server"}) or bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


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
    """Scratch databases with a migrated template (acled_small.csv imported, and published as an
    operator with the right to would) to copy from: made once for the fault tests, dropped with
    every copy at the end."""
    dbs = ScratchDatabases(tmp_path_factory.mktemp("faults"))
    dbs.create(dbs.base)
    try:
        dbs.manage(dbs.base, "migrate", "--noinput", "-v0")
        dbs.manage(dbs.base, "import_acled", str(ACLED_SMALL), "-v0")
        dbs.manage(dbs.base, "datasets", "--publish", "acled", "-v0")
        yield dbs
    finally:
        dbs.drop_all()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection loaded (Django, the app, pytest's items), as conflictmap/wsgi.py
    freezes a server's startup objects: the full collection a heavy answer ends with
    (events/api/limits.py) then costs what it costs in a server, not a scan of the test run's
    whole heap (84 ms each, a fifth of the API fuzz run)."""
    gc.freeze()
