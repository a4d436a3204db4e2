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
# One address for the server and for the login URL ensure_admin prints (HOST, PORT).
host="${HOST:-127.0.0.1}" port="${PORT:-8000}"
listen="$host:$port"
[[ $host == *:* ]] && listen="[$host]:$port"
$PY manage.py ensure_admin --url "http://$listen/"
# The background worker for jobs (imports from the admin, docs/jobs.md) beside the web server;
# jobs a killed worker left "running" are marked failed first. Both stop together.
$PY manage.py import_jobs_reap
$PY manage.py feeds_schedule  # the periodic feeds task, once (docs/feeds.md)
$PY manage.py db_worker --no-reload --interval 1 &
worker_pid=$!
trap 'kill -TERM "$worker_pid" 2>/dev/null || true' EXIT
$PY manage.py runserver "$listen"
