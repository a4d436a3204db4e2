#!/usr/bin/env bash
# Sets up everything and serves the app on http://127.0.0.1:8000 with the embedded SpatiaLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
PY=.venv/bin/python
# A local, single-user server: debug on (it also serves the static files), unless set otherwise.
export DEBUG="${DEBUG:-1}"
$PY manage.py migrate --noinput
$PY manage.py load_seeds
$PY manage.py ensure_admin
exec $PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
