#!/usr/bin/env bash
# The WebAssembly kernel gives the native bytes where users meet it:
#   1. forced (KAIMING_BACKEND=wasm) in this tree: the stream contract and its
#      golden vectors, the edges, the structured initializers, async safety
#      (abort, a transferred out), the backend tests, and the torch stream against real torch 1.13's fixtures
#      (its libm calls go to glibc_libm.h's routines: docs/ARCHITECTURE.md, "WebAssembly and libm");
#   2. chosen silently in an installed package with no .node file at all
#      (prebuilds/ and build/ removed from a copy of .ci/pack-install.sh's
#      project): backend() says 'wasm' and the golden vectors hold.
#   .ci/wasm-backend.sh <project installed by .ci/pack-install.sh>
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
project="$1"

KAIMING_BACKEND=wasm npx mocha test/stream.test.ts test/edges.test.ts test/structured.test.ts test/backend.test.ts test/async-safety.test.ts \
  test/torch-stream.test.ts test/tfjs-torch-layout.test.ts

copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -r "$project/." "$copy/"
rm -rf "$copy/node_modules/kaiming/prebuilds" "$copy/node_modules/kaiming/build"
if find "$copy/node_modules/kaiming" -name '*.node' | grep -q .; then echo "wasm-backend: a .node file is left" >&2; exit 1; fi
cd "$copy"
[ "$(node -p "require('kaiming').backend()")" = wasm ] || { echo "wasm-backend: without .node files the backend is not wasm" >&2; exit 1; }
node "$repo/.ci/check-golden.cjs" kaiming "$repo/test/fixtures/golden_streams.json"
echo "wasm-backend: no .node file in the installed package: backend() is wasm and the golden vectors hold"
