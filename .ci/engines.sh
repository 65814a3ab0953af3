#!/usr/bin/env bash
# The mocha suite under Bun (JavaScriptCore) and Deno (a newer V8), as under Node: the same
# doubles and bytes in every engine (issue 23). Both come from their npm platform packages,
# installed into a temporary prefix (never package.json). Children that need Node's command
# line run in Node under Deno (test/support/runtime.ts). Exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
npm install --no-save --no-audit --no-fund --prefix "$prefix" \
  "@oven/bun-linux-x64@$BUN_VERSION" "@deno/linux-x64-glibc@$DENO_VERSION" >/dev/null
bun="$prefix/node_modules/@oven/bun-linux-x64/bin/bun"
deno="$prefix/node_modules/@deno/linux-x64-glibc/deno"
echo "engines: bun $("$bun" --version), $("$deno" --version | head -1)"
# Each run's output goes to a log: its summary line is printed, the whole log when a test fails.
run() {
  local name="$1"; shift
  echo "== mocha under $name"
  if ! "$@" >"$prefix/$name.log" 2>&1; then
    cat "$prefix/$name.log"
    echo "engines: the suite fails under $name" >&2
    exit 1
  fi
  echo "$name: $(tail -1 "$prefix/$name.log")"
}
# --exit: a handle left open in that engine (a worker it failed to end) fails a test, never hangs CI.
mocha=(node_modules/mocha/bin/mocha.js --exit)
run bun "$bun" "${mocha[@]}"
run deno "$deno" run -A "${mocha[@]}"
