// glibc's libm as torch 1.13 calls it on Linux x86-64, from kaiming's own
// routines: the results of glibc 2.36 (Debian 12) on a CPU with FMA, where
// glibc's ifunc picks its FMA builds (sysdeps/x86_64/fpu/multiarch/*-fma.c).
//
// Why: torch's CPU normal_ and trunc_normal_ go through libm (log, sin, cos,
// exp, erf and their float versions; docs/TORCH-STREAM.md §2), so the torch
// stream's bytes are glibc's. The native addon calls the process's libm; the
// WebAssembly kernel has wasi-libc's (musl's), whose last bit differs from
// glibc's on 0.01-3% of these inputs, so it calls these instead
// (libm.h). Each routine follows the arithmetic of the glibc function it
// names, operation for operation, with fma_exact() where glibc's FMA build fuses, so
// that its result equals glibc's on every input; native/test/test_glibc_*.cc
// compare them with the host's glibc where the host is glibc 2.36 x86-64 with
// FMA, and test/wasm-libm.test.ts compares the WebAssembly build with values
// recorded from glibc (test/fixtures/make_glibc_libm_fixtures.py).
//
// logf is not here: musl's equals glibc's on every float (both are Arm's
// optimized-routines, computing in double). expf is: glibc's FMA build fuses
// its reduction, and musl's differs from it at two floats (0x1.04845ep+5,
// -0x1.f8cbb2p+5; glibc_expf.cc).
//
// erfc is not torch's: kaiming's own truncated-normal sampler calls it
// (truncated_normal_survival.cc, erfc(t*sqrt(1/2)) for t in [0, 40]), and the
// native addon's is glibc's, so the WebAssembly build needs the same bits.
#pragma once

namespace kaiming {
namespace glibc {

double log(double x);
double exp(double x);
double sin(double x);
double cos(double x);
double erf(double x);
double erfc(double x);
double log1p(double x);
double expm1(double x);
float sinf(float x);
float cosf(float x);
float erff(float x);
float expf(float x);

}  // namespace glibc
}  // namespace kaiming
