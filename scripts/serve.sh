#!/usr/bin/env bash
# Production server: gunicorn serving the app and (through WhiteNoise) its static files, on
# http://127.0.0.1:8000 (HOST, PORT). Set the environment first (docs/deploy.md, and every
# variable in docs/configuration.md): SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, and HTTPS=1 (plus
# BEHIND_PROXY=1 behind a proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
PY=.venv/bin/python
export DEBUG="${DEBUG:-0}"
export STATIC_MANIFEST="${STATIC_MANIFEST:-1}"
if [[ -z "${SECRET_KEY:-}" ]]; then
  echo ">> SECRET_KEY is not set: a random key for this run (logins end when the server restarts)" >&2
fi
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py load_seeds
$PY manage.py ensure_admin
exec .venv/bin/gunicorn -c conflictmap/gunicorn.conf.py conflictmap.wsgi
