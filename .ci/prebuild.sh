#!/usr/bin/env bash
# npm's prepack step: the prebuilt binaries that ship inside the package, in
# prebuildify's layout (prebuilds/<platform>-<arch>/kaiming.glibc.node), which
# node-gyp-build finds at install time and lib/sampling/native.ts at run time. Not
# committed to git: a clone has none and compiles (README, "Installing").
#
#   linux-x64    the host's g++, with the run-time SIMD dispatch (fill.cc)
#   linux-arm64  Debian's cross compiler g++-aarch64-linux-gnu, ARMv8-A baseline
#
# Both link libstdc++ and libgcc statically (binding.gyp, kaiming_prebuild);
# Node-API is ABI-stable, so one binary per platform serves every Node >= 20.19.
# KAIMING_PREBUILD_ARCHS="x64" builds only some. Each build runs in a copy of
# the sources under build-prebuild/, so the developer's build/ is left alone.
set -euo pipefail
# Progress to stderr: npm pack --json writes its result on stdout.
exec 1>&2
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != Linux ]; then
  echo "prebuild: the prebuilt binaries are made on Linux only (this is $(uname -s)); packing without them" >&2
  exit 0
fi
archs="${KAIMING_PREBUILD_ARCHS:-x64 arm64}"
rm -rf prebuilds build-prebuild
for arch in $archs; do
  stage="build-prebuild/$arch"
  mkdir -p "$stage"
  cp -r binding.gyp native "$stage/"
  rm -rf "$stage/native/test" "$stage/native/bench"
  env_cross=()
  strip_bin=strip
  case "$arch" in
    x64) ;;
    arm64)
      if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
        echo "prebuild: aarch64-linux-gnu-g++ not found (apt-get install g++-aarch64-linux-gnu), or set KAIMING_PREBUILD_ARCHS=x64" >&2
        exit 1
      fi
      env_cross=(CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar)
      strip_bin=aarch64-linux-gnu-strip
      ;;
    *) echo "prebuild: no recipe for arch $arch" >&2; exit 1 ;;
  esac
  echo "prebuild: linux-$arch"
  env "${env_cross[@]}" KAIMING_PREBUILD=1 JOBS="${JOBS:-2}" \
    npx --no-install prebuildify --napi --name kaiming --tag-libc --strip --strip-bin "$strip_bin" \
    --arch "$arch" --cwd "$stage" --out .
done
rm -rf build-prebuild
ls -l prebuilds/*/
