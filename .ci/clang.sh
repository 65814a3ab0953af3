#!/usr/bin/env bash
# The kernel with a second compiler, clang-16 (macOS builds from source with
# clang): built with warnings as errors, its C++ tests run, and its output
# bytes on the fixed set of fills of kaiming_dump_fills compared with GCC's
# (build-native/, from npm run test:native). Every x86-64 path this CPU runs
# (baseline, AVX2, AVX-512) is compared: dump_fills checks them against each other.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x build-native/kaiming_dump_fills ]; then
  echo "clang: build-native/kaiming_dump_fills is missing (npm run test:native builds it)" >&2
  exit 1
fi
cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DKAIMING_WERROR=ON -DCMAKE_CXX_COMPILER=clang++-16 >/dev/null
cmake --build build-clang -j2
ctest --test-dir build-clang --output-on-failure
./build-native/kaiming_dump_fills > build-clang/fills-gcc.txt
./build-clang/kaiming_dump_fills > build-clang/fills-clang.txt
if ! cmp -s build-clang/fills-gcc.txt build-clang/fills-clang.txt; then
  diff build-clang/fills-gcc.txt build-clang/fills-clang.txt | head -20 >&2
  echo "clang: clang-16's bytes differ from GCC's" >&2
  exit 1
fi
echo "clang: $(wc -l < build-clang/fills-clang.txt) fills, identical bytes from clang-16 and GCC $(g++ -dumpfullversion)"
