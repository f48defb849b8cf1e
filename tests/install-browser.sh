#!/usr/bin/env bash
# The browser that kg serve's page tests drive (tests/test_serve_browser.py): Debian's
# chromium and chromium-driver, installed when missing and this user may install packages
# (root, or sudo without a password); otherwise one line says how, and those tests skip.
# Run by the README's test command, so a fresh machine runs the browser tests too.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "tests/install-browser.sh: no chromium here and no right to install it: the browser" \
        "tests will be skipped (run \`sudo apt-get install -y chromium chromium-driver\` first" \
        "to run them)" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "tests/install-browser.sh: no apt-get: install chromium and chromedriver with this" \
        "system's packages to run the browser tests (they are skipped without them)" >&2
    exit 0
fi
echo "+ apt-get install -y chromium chromium-driver (for the browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
