#!/usr/bin/env bash
# The arm64 build, checked on this x86-64 machine under qemu-aarch64-static:
#   1. the kernel's C++ tests, cross-built with Debian's g++-aarch64-linux-gnu
#      for the ARMv8-A baseline, run by ctest through qemu;
#   2. kaiming_dump_fills' hashes of a fixed set of fills equal x86-64's
#      (the x86-64 build in build-native/, from npm run test:native);
#   3. the packed arm64 prebuilt binary, installed by .ci/pack-install.sh,
#      loaded by Debian's arm64 Node 18 (Node-API 9) under qemu: golden vectors.
# Debian's arm64 Node is unpacked from its packages (apt-get download, dpkg -x)
# into build-arm64/node-root, with the cross toolchain's arm64 libc and
# libstdc++ beside it; that folder is qemu's -L (QEMU_LD_PREFIX).
#   .ci/arm64.sh <project that installed the tarball>
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
project="${1:?usage: .ci/arm64.sh <project that installed the tarball>}"
cross_libs=/usr/aarch64-linux-gnu

echo "-- kernel C++ tests, cross-built for arm64 (ARMv8-A), under qemu"
cmake -S . -B build-arm64/kernel -DCMAKE_BUILD_TYPE=Release -DKAIMING_WERROR=ON \
  -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
  -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++ -DCMAKE_CXX_FLAGS=-march=armv8-a \
  "-DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64-static;-L;$cross_libs" >/dev/null
cmake --build build-arm64/kernel -j2
ctest --test-dir build-arm64/kernel --output-on-failure

echo "-- the same fills on arm64 and x86-64"
if [ ! -x build-native/kaiming_dump_fills ]; then
  echo "arm64: build-native/kaiming_dump_fills is missing (npm run test:native builds it)" >&2
  exit 1
fi
./build-native/kaiming_dump_fills > build-arm64/fills-x64.txt
qemu-aarch64-static -L "$cross_libs" build-arm64/kernel/kaiming_dump_fills > build-arm64/fills-arm64.txt
if ! cmp -s build-arm64/fills-x64.txt build-arm64/fills-arm64.txt; then
  diff build-arm64/fills-x64.txt build-arm64/fills-arm64.txt | head -20 >&2
  echo "arm64: the arm64 kernel's bytes differ from x86-64's" >&2
  exit 1
fi
echo "arm64: $(wc -l < build-arm64/fills-arm64.txt) fills, identical bytes on arm64 and x86-64"

echo "-- Debian's arm64 Node under qemu loads the arm64 prebuilt binary"
root="$repo/build-arm64/node-root"
if [ ! -x "$root/usr/bin/node" ]; then
  debs="$repo/build-arm64/debs"
  rm -rf "$debs" "$root" && mkdir -p "$debs" "$root"
  (cd "$debs" && apt-get download -qq nodejs:arm64 libnode108:arm64 libuv1:arm64 libssl3:arm64 libicu72:arm64 \
    libbrotli1:arm64 libc-ares2:arm64 libnghttp2-14:arm64 zlib1g:arm64 node-cjs-module-lexer node-acorn node-undici)
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
  mkdir -p "$root/lib/aarch64-linux-gnu"
  cp -a "$cross_libs"/lib/*.so* "$root/lib/aarch64-linux-gnu/"
  ln -sf aarch64-linux-gnu/ld-linux-aarch64.so.1 "$root/lib/ld-linux-aarch64.so.1"
fi
node18() { qemu-aarch64-static -L "$root" "$root/usr/bin/node" "$@"; }
(cd "$project" && node18 "$repo/.ci/check-golden.cjs" kaiming "$repo/test/fixtures/golden_streams.json")
(cd "$project" && node18 -e "
  const path = require('path');
  const root = path.dirname(require.resolve('kaiming/package.json'));
  const { file } = require(path.join(root, 'dist', 'sampling', 'native.js')).loadAddon(root);
  if (!file.endsWith(path.join('prebuilds', 'linux-arm64', 'kaiming.glibc.node'))) { console.error('arm64: loaded', file); process.exit(1); }
  console.log('arm64: Node', process.versions.node, process.arch, 'loaded', path.relative(process.cwd(), file));")
