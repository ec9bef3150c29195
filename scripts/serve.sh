#!/usr/bin/env bash
# Starts the background-job worker and the web server (the last step of `make run`), on
# UCJ_DATABASE_URL, at 127.0.0.1:${UCJ_PORT:-8000}. Stopping it (Ctrl+C, or SIGTERM to
# this script) stops both and every process they started: each runs in its own process
# group, and the whole group is signalled. The worker runs without Django's autoreloader
# (--no-reload): a reloader parent killed alone would leave its child running jobs.
# With DEBUG off (UCJ_DEBUG=0) the web server is gunicorn, after collectstatic (static
# files with hashed names, compressed, served by WhiteNoise); with UCJ_DEBUG=1 Django's
# development server, which reloads on code changes.
set -euo pipefail
cd "$(dirname "$0")/.."
ucj=.venv/bin/ucj
port=${UCJ_PORT:-8000}
log=${UCJ_VAR_DIR:-var}/worker.log
mkdir -p "$(dirname "$log")"

set -m  # background jobs get process groups of their own
$ucj db_worker --queue-name '*' --no-reload >"$log" 2>&1 &
worker=$!
if [ "${UCJ_DEBUG:-1}" = 1 ]; then
    $ucj runserver "127.0.0.1:$port" &
    server=$!
else
    export UCJ_COLLECTED_STATIC=1
    $ucj collectstatic --no-input -v 0
    .venv/bin/gunicorn ucj.wsgi -b "127.0.0.1:$port" --workers "${UCJ_WEB_WORKERS:-3}" \
        --access-logfile - &
    server=$!
fi
set +m

stop() {
    trap - EXIT INT TERM
    # The worker ends after its current job on the first signal and abandons it on the
    # second (the job is then shown failed and can be run again; nothing is stored
    # half-way). Whatever is left after that is killed.
    kill -TERM -- "-$worker" "-$server" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 -- "-$worker" "-$server" 2>/dev/null || return 0
        sleep 0.3
    done
    kill -TERM -- "-$worker" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 -- "-$worker" "-$server" 2>/dev/null || return 0
        sleep 0.3
    done
    kill -KILL -- "-$worker" "-$server" 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

echo "UCJ berjalan di / running at http://127.0.0.1:$port  (Ctrl+C untuk berhenti / to stop)"
# Returns when either process ends (or a signal arrives); the EXIT trap stops the other.
wait -n "$worker" "$server" || true
if ! kill -0 "$worker" 2>/dev/null; then
    echo "Pekerja latar belakang berhenti / the background worker stopped: lihat / see $log" >&2
fi
