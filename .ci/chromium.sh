#!/usr/bin/env bash
# Headless Chromium for test/browser.test.ts (the browser build and the `kaiming explore` page):
# Debian's chromium, installed when missing, then that test file on its own so a failure is
# reported here by name (npm test runs it again; it skips only where /usr/bin/chromium is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium: apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends chromium >/dev/null
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
npx mocha test/browser.test.ts
