#!/usr/bin/env bash
# Sets up everything (PostGIS and Chromium included) and runs lint plus the whole suite twice:
# against SpatiaLite and against PostGIS. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/.venv/bin:$PATH"

echo ">> ruff"
ruff check .
ruff format --check .

echo ">> mypy"
mypy

echo ">> eslint"
scripts/lint-js.sh

echo ">> migrations are up to date"
DATABASE_URL="spatialite:///$(mktemp -d)/check.sqlite3" python manage.py makemigrations --check --dry-run >/dev/null

# The two databases run side by side (one core each, on this 2-core machine): the PostGIS run
# goes to a log, printed when both are done; the SpatiaLite run prints as it goes. Tests that open
# no database (tests/conftest.py: opens_the_database) cannot differ between the two: they run in
# the SpatiaLite run only.
log=$(mktemp -t pytest-postgis.XXXXXX)
echo ">> pytest on PostGIS, the tests that open the database (in the background, log: $log)"
ONLY_DATABASE_TESTS=1 DATABASE_URL="postgis://postgres@127.0.0.1:5432/conflictmap" \
    python -m pytest "$@" >"$log" 2>&1 &
postgis=$!

echo ">> pytest on SpatiaLite, every test"
sqlite_rc=0
DATABASE_URL="spatialite:///$PWD/db.sqlite3" python -m pytest "$@" || sqlite_rc=$?

postgis_rc=0
wait "$postgis" || postgis_rc=$?
echo ">> pytest on PostGIS (log)"
cat "$log"
rm -f "$log"
echo ">> SpatiaLite: exit $sqlite_rc; PostGIS: exit $postgis_rc"
exit $((sqlite_rc || postgis_rc))
