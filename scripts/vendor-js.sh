#!/usr/bin/env bash
# Re-vendors the browser libraries from the npm registry into ucj/static/vendor.
# The pinned versions are the ones listed in ucj/static/vendor/VENDORED.md.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("vega@6.4.0:build/vega.min.js" "vega-lite@6.4.3:build/vega-lite.min.js"
          "vega-embed@7.3.0:build/vega-embed.min.js" "htmx.org@2.0.11:dist/htmx.min.js"
          "vega-interpreter@2.3.2:build/vega-interpreter.js")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for entry in "${packages[@]}"; do
    spec=${entry%%:*} file=${entry#*:} name=${spec%@*}
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    mkdir -p "$work/$name" "ucj/static/vendor/$name"
    tar xzf "$work/${name}-${spec#*@}.tgz" -C "$work/$name"
    cp "$work/$name/package/$file" "ucj/static/vendor/$name/"
    cp "$work/$name/package/LICENSE" "ucj/static/vendor/$name/LICENSE"
done
