#!/usr/bin/env bash
# Runs ruff and the whole test suite on SQLite, then on PostgreSQL when
# UCJ_TEST_DATABASE_URL is set (postgres://user@host:port/dbname).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
./scripts/ensure-chromium.sh

.venv/bin/ruff check .

# Two (or as many as there are cores) test processes: the suite takes half the time.
# UCJ_TEST_PROCESSES=0 runs it in this process only.
processes=(-n "${UCJ_TEST_PROCESSES:-auto}")

echo "== Tes pada SQLite / tests on SQLite"
UCJ_DATABASE_URL="sqlite:///$PWD/var/test-run.sqlite3" .venv/bin/pytest "${processes[@]}" --durations=15 "$@"

if [ -n "${UCJ_TEST_DATABASE_URL:-}" ]; then
    echo "== Tes pada PostgreSQL / tests on PostgreSQL (${UCJ_TEST_DATABASE_URL})"
    UCJ_DATABASE_URL="$UCJ_TEST_DATABASE_URL" .venv/bin/pytest "${processes[@]}" --durations=15 "$@"
else
    echo "(UCJ_TEST_DATABASE_URL tidak diisi: tes PostgreSQL dilewati / not set: PostgreSQL run skipped)"
fi
