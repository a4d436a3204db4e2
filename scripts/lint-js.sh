#!/usr/bin/env bash
# Lints the pages' own scripts (static/js; not static/vendor) with the pinned ESLint of
# package-lock.json. Idempotent: `npm ci` runs only when node_modules is missing or the lock
# file changed since it last ran. Node is a development tool only: the app never runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.package-lock.sha256
sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$sum" ]]; then
  echo ">> installing the JavaScript linter (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$sum" >"$stamp"
fi

node_modules/.bin/eslint --max-warnings 0 static/js eslint.config.js
