#!/usr/bin/env bash
# Runs UCJ with demo data on the embedded SQLite database (or UCJ_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
# Served as in production (DEBUG off: static files by WhiteNoise, the application's own
# error pages) unless UCJ_DEBUG=1 is asked for. The secret key is made once per machine
# and kept in var/ (readable by this user only). Plain http on 127.0.0.1 (UCJ_LOCAL_HTTP=1:
# cookies without the Secure flag, no https redirect); on a server, see docs/operations.md.
export UCJ_DEBUG=${UCJ_DEBUG:-0}
if [ "$UCJ_DEBUG" != 1 ] && [ -z "${UCJ_SECRET_KEY:-}" ]; then
    key_file=${UCJ_VAR_DIR:-var}/secret_key
    mkdir -p "$(dirname "$key_file")"
    if [ ! -s "$key_file" ]; then
        (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
    fi
    UCJ_SECRET_KEY=$(cat "$key_file")
    export UCJ_SECRET_KEY
    export UCJ_LOCAL_HTTP=${UCJ_LOCAL_HTTP:-1}
fi
ucj=.venv/bin/ucj
$ucj migrate --no-input -v 0
$ucj load-regions
$ucj demo-data --seed 1 --persons 2000
$ucj demo-setup

# The background-job worker (imports, reports) beside the web server; stopping this
# script stops both and everything they started (scripts/serve.sh).
exec ./scripts/serve.sh
