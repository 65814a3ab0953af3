#!/bin/sh
# Builds native/wasm/kaiming.wasm, the kernel as WebAssembly (SIMD128), from
# the same native/kernel/ sources as the addon, with Debian 12's clang-16,
# wasm-ld-16 and wasi-libc + libc++ for wasm32-wasi. The result is committed;
# .ci/wasm-reproducible.sh rebuilds it and fails when the bytes differ, so a
# build must depend on nothing but these sources and those package versions.
#
#   sh native/wasm/build.sh [out.wasm]      (npm run build:wasm)
#
# The dispatch and the scheduler are this folder's (one SIMD path, no
# threads: fill_dispatch.cc, thread_pool_serial.cc); the request validation
# and every loop are native/kernel/'s, compiled with the flags that decide
# values in binding.gyp (no FMA contraction, no fast-math). libm comes from
# wasi-libc (musl); the torch stream's loops call kaiming's own routines with
# glibc 2.36's results instead (KAIMING_GLIBC_LIBM: native/kernel/libm.h,
# glibc_libm.h), whose last bits are torch's on Linux.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/native/wasm/kaiming.wasm}
for tool in clang++-16 wasm-ld-16; do
  command -v "$tool" >/dev/null || { echo "build-wasm: $tool not found (apt-get install clang-16 lld-16 wasi-libc libc++-16-dev-wasm32 libc++abi-16-dev-wasm32 libclang-rt-16-dev-wasm32)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="--target=wasm32-wasi --sysroot=/usr -nostdinc++ -isystem /usr/include/wasm32-wasi/c++/v1
  -std=c++17 -O3 -ffp-contract=off -fno-fast-math -fno-math-errno -fno-exceptions -fno-rtti
  -msimd128 -mbulk-memory -mnontrapping-fptoint -Wall -Wextra -Werror
  -ffile-prefix-map=$root/=  -I$root/native/kernel -DKAIMING_GLIBC_LIBM"
sources="native/kernel/dtype_grid.cc native/kernel/fill.cc native/kernel/fill_validate.cc
  native/kernel/fill_path_baseline.cc native/kernel/orthogonal.cc native/kernel/torch_path_baseline.cc
  native/kernel/torch_transforms.cc native/kernel/truncated_normal.cc native/kernel/truncated_normal_survival.cc
  native/kernel/glibc_log.cc native/kernel/glibc_exp.cc native/kernel/glibc_sin_cos.cc native/kernel/glibc_erf.cc
  native/kernel/glibc_erff.cc native/kernel/glibc_sinf_cosf.cc native/kernel/glibc_expf.cc
  native/kernel/glibc_log1p.cc native/kernel/glibc_expm1.cc
  native/wasm/abi.cc native/wasm/fill_dispatch.cc native/wasm/thread_pool_serial.cc"
objects=""
for source in $sources; do
  object="$work/$(echo "$source" | tr / _).o"
  # The stream's loops (elementwise: no reduction whose order could change a
  # value) 4 lanes wide: clang's cost model picks 2 for loops that read 64-bit
  # words, and 4 makes the float32 normal 1.5x faster (docs/PERFORMANCE.md,
  # "WebAssembly"). Not for orthogonal.cc, whose sums must keep their order.
  extra=""
  [ "$source" = native/kernel/fill_path_baseline.cc ] && extra="-mllvm -force-vector-width=4"
  # shellcheck disable=SC2086
  (cd "$root" && clang++-16 $flags $extra -c "$source" -o "$object")
  objects="$objects $object"
done
# A reactor (no main), no WASI imports beyond what libc's startup needs,
# growable memory up to 4 GiB, a 1 MiB stack, no names or producers section
# (nothing that could differ between two builds of the same sources).
# shellcheck disable=SC2086
wasm-ld-16 -m wasm32 -L/usr/lib/wasm32-wasi /usr/lib/wasm32-wasi/crt1-reactor.o --entry _initialize \
  $objects -lc++ -lc++abi -lc /usr/lib/llvm-16/lib/clang/16/lib/wasi/libclang_rt.builtins-wasm32.a \
  -z stack-size=1048576 --max-memory=4294967296 --strip-all -o "$work/kaiming.wasm"
cp "$work/kaiming.wasm" "$out"
echo "build-wasm: $out ($(wc -c < "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16))"
