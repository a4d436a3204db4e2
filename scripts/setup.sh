#!/usr/bin/env bash
# Installs what the app needs; idempotent, a second run only checks.
#   scripts/setup.sh          app: GDAL, SpatiaLite, virtualenv, pip packages
#   scripts/setup.sh --test   also PostGIS (started, extension created), Chromium for browser tests
#                             and node + npm for the JavaScript linter (scripts/lint-js.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

packages=(gdal-bin libsqlite3-mod-spatialite binutils libproj-dev python3-venv)
if ((want_test)); then
  packages+=(postgresql-15-postgis-3 postgresql-client chromium)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node is a development tool only (the linter): any node and npm on PATH will do (this machine
# has node 20); Debian's (18 in Debian 12) where there are none.
if ((want_test)) && ! { command -v node && command -v npm; } >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo ">> installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's interpreter, on purpose: the pyenv python3 first on PATH is built without SQLite
# extension loading, and SpatiaLite then fails to load.
PY=/usr/bin/python3
if [[ ! -x .venv/bin/python ]]; then
  echo ">> creating .venv from $PY"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
sum=$(sha256sum requirements.txt | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$sum" ]]; then
  echo ">> installing Python packages"
  # (sed drops pip's notes about find-links folders this machine's pip config names but lacks)
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt 2>&1 |
    sed '/is ignored: it is neither a file nor a directory/d'
  echo "$sum" >"$stamp"
fi

if ((want_test)); then
  scripts/postgres.sh
fi
