#!/usr/bin/env bash
# Production server: nginx on http://127.0.0.1:8000 (HOST, PORT; HTTPS there with TLS_CERT and
# TLS_KEY), a buffering proxy in front of gunicorn, which listens on a unix socket only nginx can
# open (BIND to choose another). nginx serves /static/ itself, holds slow clients, and hands
# gunicorn whole requests. Both run in the foreground as children of this script, with nginx's
# files under .cache/nginx/ (NGINX_DIR); when either stops, or this script is told to (Ctrl-C,
# SIGTERM), both stop. Set the environment first (docs/deploy.md, and every variable in
# docs/configuration.md): SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, and HTTPS=1 with TLS_CERT and
# TLS_KEY.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${HTTPS:-0}" =~ ^(1|true|yes|on)$ && ( -z "${TLS_CERT:-}" || -z "${TLS_KEY:-}" ) ]]; then
  echo ">> HTTPS=1: nginx terminates TLS here; set TLS_CERT and TLS_KEY (certificate and key files)" >&2
  exit 2
fi
scripts/setup.sh --serve
PY=.venv/bin/python
export DEBUG="${DEBUG:-0}"
export STATIC_MANIFEST="${STATIC_MANIFEST:-1}"
# gunicorn is behind our nginx, which sets X-Forwarded-For and -Proto from what it saw; Django
# believes them from nginx's addresses alone (FORWARDED_ALLOW_IPS; the socket's peer is nginx).
export BEHIND_PROXY=1
host="${HOST:-127.0.0.1}" port="${PORT:-8000}"
nginx_dir="${NGINX_DIR:-$PWD/.cache/nginx}"
bind="${BIND:-unix:$nginx_dir/run/gunicorn.sock}"
if [[ -z "${SECRET_KEY:-}" ]]; then
  echo ">> SECRET_KEY is not set: a random key for this run (logins end when the server restarts)" >&2
fi
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py load_seeds
listen="$host:$port"
[[ $host == *:* ]] && listen="[$host]:$port"
# The login URL as nginx serves it: this host and port, https with a certificate.
$PY manage.py ensure_admin --url "http$([[ -n ${TLS_CERT:-} ]] && echo s)://$listen/"
# Jobs a killed worker left "running" are marked failed before the workers start (docs/jobs.md).
$PY manage.py import_jobs_reap
$PY manage.py feeds_schedule  # the periodic feeds task, once (docs/feeds.md)
static_root=$($PY manage.py shell --verbosity 0 -c "from django.conf import settings; print(settings.STATIC_ROOT)")
nginx_command=$($PY deploy/nginx.py --prefix "$nginx_dir" --listen "$listen" --upstream "$bind" \
  --static-root "$static_root" --timeout "${WEB_TIMEOUT:-60}" --access-log "${ACCESS_LOG--}" \
  --tls-cert "${TLS_CERT:-}" --tls-key "${TLS_KEY:-}")
mapfile -t nginx <<<"$nginx_command"

[[ $bind == unix:* ]] && rm -f "${bind#unix:}"
# nginx logs each request with the client's address; gunicorn would log nginx's.
BIND="$bind" ACCESS_LOG="" .venv/bin/gunicorn -c conflictmap/gunicorn.conf.py conflictmap.wsgi &
gunicorn_pid=$!
"${nginx[@]}" &
nginx_pid=$!
# The job workers (docs/jobs.md): JOB_WORKERS db_worker processes (1 by default) share the queue in
# the database; each claims one job at a time. On SQLite imports still write one at a time.
worker_pids=()
for ((i = 0; i < ${JOB_WORKERS:-1}; i++)); do
  $PY manage.py db_worker --no-reload --no-startup-delay &
  worker_pids+=($!)
done
echo ">> serving on http$([[ -n ${TLS_CERT:-} ]] && echo s)://$listen/ (nginx $nginx_pid -> gunicorn $gunicorn_pid on $bind)"

# Both stop gracefully together: nginx finishes what it is sending (worker_shutdown_timeout),
# gunicorn the requests it holds (graceful_timeout).
stop() {
  trap - INT TERM
  kill -QUIT "$nginx_pid" 2>/dev/null || true
  kill -TERM "$gunicorn_pid" 2>/dev/null || true
  # A worker finishes the job it runs (SIGTERM is its graceful stop), then exits.
  kill -TERM "${worker_pids[@]}" 2>/dev/null || true
  wait "$nginx_pid" "$gunicorn_pid" "${worker_pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 143' INT TERM
status=0
wait -n "$gunicorn_pid" "$nginx_pid" || status=$?
echo ">> $( kill -0 "$nginx_pid" 2>/dev/null && echo gunicorn || echo nginx) stopped (exit $status): stopping the other" >&2
stop
exit "$status"
