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
# goes to a log, printed when both are done; the SpatiaLite run prints as it goes. Each runs the
# tests that open the database; the tests that open none cannot differ between the two and run
# once, in the PostGIS lane (the spatialite_stack ones in the SpatiaLite lane), which leaves out
# the client_only browser tests (tests/conftest.py in_lane).
log=$(mktemp -t pytest-postgis.XXXXXX)
echo ">> pytest on PostGIS, and the tests that open no database (in the background, log: $log)"
TEST_LANE=postgis DATABASE_URL="postgis://postgres@127.0.0.1:5432/conflictmap" \
    python -m pytest --durations=15 "$@" >"$log" 2>&1 &
postgis=$!

echo ">> pytest on SpatiaLite, the tests that open the database"
sqlite_rc=0
TEST_LANE=spatialite DATABASE_URL="spatialite:///$PWD/db.sqlite3" python -m pytest --durations=15 "$@" ||
    sqlite_rc=$?

postgis_rc=0
wait "$postgis" || postgis_rc=$?
echo ">> pytest on PostGIS (log)"
cat "$log"
rm -f "$log"
echo ">> SpatiaLite: exit $sqlite_rc; PostGIS: exit $postgis_rc"
exit $((sqlite_rc || postgis_rc))
