#!/usr/bin/env bash
# Installs uv and the locked dependencies into .venv with this machine's Python 3.12.
# uv cannot download an interpreter here (no internet), so we find an installed one.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python312() {
    local candidates=(python3.12)
    if command -v pyenv >/dev/null 2>&1; then
        candidates+=("$(pyenv root)"/versions/3.12*/bin/python3.12)
    fi
    candidates+=(/usr/local/bin/python3.12 /usr/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12)
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! PYTHON312=$(find_python312); then
    echo "UCJ membutuhkan Python 3.12 (UCJ needs Python 3.12); none was found on this machine." >&2
    exit 2
fi

if ! "$PYTHON312" -m uv --version >/dev/null 2>&1; then
    echo "Memasang uv (installing uv) ..." >&2
    "$PYTHON312" -m pip install --quiet --disable-pip-version-check uv
fi

export UV_PYTHON="$PYTHON312" UV_PYTHON_DOWNLOADS=never
"$PYTHON312" -m uv sync --frozen --quiet
