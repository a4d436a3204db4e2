#!/usr/bin/env bash
# Sets up everything (PostGIS and Chromium included) and runs lint plus the whole suite twice:
# against SpatiaLite, then against PostGIS. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/.venv/bin:$PATH"

echo ">> ruff"
ruff check .
ruff format --check .

echo ">> migrations are up to date"
DATABASE_URL="spatialite:///$(mktemp -d)/check.sqlite3" python manage.py makemigrations --check --dry-run >/dev/null

echo ">> pytest on SpatiaLite"
DATABASE_URL="spatialite:///$PWD/db.sqlite3" python -m pytest "$@"

echo ">> pytest on PostGIS"
DATABASE_URL="postgis://postgres@127.0.0.1:5432/conflictmap" python -m pytest "$@"
