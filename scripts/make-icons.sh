#!/usr/bin/env bash
# Renders static/icon.svg as the web app's install icons, static/icon-192.png
# and static/icon-512.png, with headless Chromium (Debian's `chromium`; run
# `bash scripts/web-test.sh` once, or `apt-get install chromium`, to have it).
# The PNGs are committed: run this again only when icon.svg changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 192 512; do
    cat > "$work/icon.html" <<HTML
<!doctype html><html><head><style>
html,body{margin:0;padding:0;background:transparent;overflow:hidden}
img{display:block;width:${size}px;height:${size}px}
</style></head><body><img src="file://$PWD/static/icon.svg"></body></html>
HTML
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --default-background-color=00000000 --force-device-scale-factor=1 \
        --window-size="$size,$size" --screenshot="$work/icon-$size.png" \
        "file://$work/icon.html" >/dev/null 2>&1
    cp "$work/icon-$size.png" "static/icon-$size.png"
    echo "static/icon-$size.png"
done
