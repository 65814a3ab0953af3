#!/usr/bin/env bash
# What each prebuilt binary needs from the system, measured (objdump -T, -p)
# and compared with README.md ("Installing": "**linux-x64** (glibc ≥ 2.14)"):
#   - the highest GLIBC_ symbol version equals the floor the README states;
#   - no GLIBCXX_, CXXABI_ or GCC_ version and no libstdc++/libgcc_s in NEEDED
#     (both are linked statically);
#   - every unversioned undefined symbol is Node-API's or weak (nothing left
#     for the loader to miss: a --wrap without its __wrap_ would show here);
#   - the only exported functions are the Node-API entry points.
#   .ci/glibc-floor.sh [prebuilds folder]
set -euo pipefail
cd "$(dirname "$0")/.."
prebuilds="${1:-prebuilds}"
status=0
for arch in x64 arm64; do
  file="$prebuilds/linux-$arch/kaiming.glibc.node"
  case "$arch" in x64) objdump=objdump ;; arm64) objdump=aarch64-linux-gnu-objdump ;; esac
  if [ ! -f "$file" ]; then echo "glibc-floor: $file is missing" >&2; status=1; continue; fi
  symbols="$($objdump -T "$file")"
  measured="$(grep -oE '\(GLIBC_[0-9.]+\)' <<<"$symbols" | tr -d '()' | sed 's/GLIBC_//' | sort -V | tail -1)"
  stated="$(grep -oE "\*\*linux-$arch\*\* \(glibc ≥ [0-9.]+\)" README.md | grep -oE '[0-9]+\.[0-9.]+' || true)"
  newest="$(grep -E "\(GLIBC_$measured\)" <<<"$symbols" | awk '{print $NF}' | sort | head -5 | tr '\n' ' ')"
  echo "glibc-floor: linux-$arch needs GLIBC_$measured ($newest); README states ${stated:-nothing}"
  if [ "$measured" != "$stated" ]; then echo "glibc-floor: linux-$arch: README says glibc ≥ ${stated:-?}, the binary needs $measured" >&2; status=1; fi
  if grep -qE '\((GLIBCXX|CXXABI|GCC)_' <<<"$symbols"; then
    echo "glibc-floor: linux-$arch needs libstdc++/libgcc versions: $(grep -oE '\((GLIBCXX|CXXABI|GCC)_[0-9.]+\)' <<<"$symbols" | sort -u | tr '\n' ' ')" >&2; status=1
  fi
  needed="$($objdump -p "$file" | awk '$1 == "NEEDED" {print $2}' | tr '\n' ' ')"
  echo "glibc-floor: linux-$arch NEEDED: $needed"
  if grep -qE 'libstdc\+\+|libgcc_s' <<<"$needed"; then echo "glibc-floor: linux-$arch links libstdc++ or libgcc_s dynamically" >&2; status=1; fi
  loose="$(awk '$3 == "*UND*" && $2 != "w" && $0 !~ /\(GLIBC_/ && $NF !~ /^(napi_|node_api_)/ {print $NF}' <<<"$symbols" | tr '\n' ' ')"
  if [ -n "$loose" ]; then echo "glibc-floor: linux-$arch has undefined symbols no library provides: $loose" >&2; status=1; fi
  exported="$(awk '$2 == "g" && $3 == "DF" && $4 == ".text" {print $NF}' <<<"$symbols" | sort | tr '\n' ' ')"
  if [ "$exported" != "napi_register_module_v1 node_api_module_get_api_version_v1 " ]; then
    echo "glibc-floor: linux-$arch exports more than the Node-API entry points: $exported" >&2; status=1
  fi
done
exit $status
