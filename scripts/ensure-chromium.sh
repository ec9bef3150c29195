#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright never downloads a browser here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Tes peramban membutuhkan chromium: pasang dengan 'apt-get install chromium'." >&2
    echo "The browser tests need Debian's chromium: install it with 'apt-get install chromium'." >&2
    exit 2
fi
echo "Memasang chromium (installing Debian's chromium) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
