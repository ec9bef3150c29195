#!/usr/bin/env bash
# Runs UCJ with demo data on the embedded SQLite database (or UCJ_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
ucj=.venv/bin/ucj
$ucj migrate --no-input -v 0
$ucj load-regions
$ucj demo-data --seed 1 --persons 2000
$ucj demo-setup

# The background-job worker (imports, reports) runs beside the web server.
$ucj db_worker --queue-name '*' >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "UCJ berjalan di / running at http://127.0.0.1:8000  (Ctrl+C untuk berhenti / to stop)"
$ucj runserver 127.0.0.1:8000
