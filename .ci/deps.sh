#!/usr/bin/env bash
# The Debian packages the install, arm64 and clang checks need (.ci/run):
# the arm64 cross compiler, qemu's user-mode emulator, clang-16, and the
# arm64 package index (for Debian's arm64 Node, .ci/arm64.sh). Each step is
# skipped when the machine already has what it brings.
set -euo pipefail
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq "$@"; }
missing=()
command -v aarch64-linux-gnu-g++ >/dev/null || missing+=(g++-aarch64-linux-gnu)
command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
command -v clang++-16 >/dev/null || missing+=(clang-16)
command -v objdump >/dev/null || missing+=(binutils)
updated=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
if ! apt-cache show nodejs:arm64 >/dev/null 2>&1; then
  apt_get update
  updated=1
fi
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$updated" = 1 ] || apt_get update
  echo "deps: apt-get install ${missing[*]}"
  apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "deps: $(aarch64-linux-gnu-g++ --version | head -1); $(qemu-aarch64-static --version | head -1); $(clang++-16 --version | head -1)"
