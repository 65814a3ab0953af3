#!/usr/bin/env bash
# The committed WebAssembly kernel (native/wasm/kaiming.wasm) is what its
# sources build: rebuilds it with Debian's clang-16, lld-16 and wasi-libc +
# libc++ for wasm32 (native/wasm/build.sh; installed here when missing, like
# .ci/deps.sh) and fails when a byte differs. A clone's `npm install && npm
# test` uses the committed file and needs none of these packages.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq "$@"; }
missing=()
command -v clang++-16 >/dev/null || missing+=(clang-16)
command -v wasm-ld-16 >/dev/null || missing+=(lld-16)
[ -f /usr/lib/wasm32-wasi/libc.a ] || missing+=(wasi-libc)
[ -f /usr/lib/wasm32-wasi/libc++.a ] || missing+=(libc++-16-dev-wasm32 libc++abi-16-dev-wasm32)
[ -f /usr/lib/llvm-16/lib/clang/16/lib/wasi/libclang_rt.builtins-wasm32.a ] || missing+=(libclang-rt-16-dev-wasm32)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "wasm-reproducible: apt-get install ${missing[*]}"
  apt_get update
  apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sh native/wasm/build.sh "$work/kaiming.wasm"
if ! cmp -s "$work/kaiming.wasm" native/wasm/kaiming.wasm; then
  echo "wasm-reproducible: native/wasm/kaiming.wasm is not what its sources build" \
    "($(sha256sum < native/wasm/kaiming.wasm | cut -c1-16) committed, $(sha256sum < "$work/kaiming.wasm" | cut -c1-16) built):" \
    "run npm run build:wasm and commit the result" >&2
  exit 1
fi
echo "wasm-reproducible: native/wasm/kaiming.wasm rebuilt byte for byte ($(wc -c < native/wasm/kaiming.wasm) bytes)"
