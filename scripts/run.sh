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

# The background-job worker (imports, reports) beside the web server; stopping this
# script stops both and everything they started (scripts/serve.sh).
exec ./scripts/serve.sh
