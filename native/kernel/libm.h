// The libm functions whose last bit decides a value or a refusal: those
// torch's CPU distributions call (docs/TORCH-STREAM.md §2), as the torch
// stream's loops call them, and those of the truncated normal's refusal rule
// (truncated_normal_survival.cc). The process's libm in the native addon, which on Linux is glibc,
// as it is for torch; kaiming's own routines with glibc 2.36's results
// (glibc_libm.h) where the libm at hand is another one, the WebAssembly
// kernel's wasi-libc (native/wasm/build.sh defines KAIMING_GLIBC_LIBM). logf
// stays the libm's: musl's equals glibc's on every float (glibc_libm.h).
#pragma once

#include <cmath>

#if defined(KAIMING_GLIBC_LIBM)
#include "glibc_libm.h"
#endif

namespace kaiming {
namespace libm {

#if defined(KAIMING_GLIBC_LIBM)
inline double log(double x) { return glibc::log(x); }
inline double exp(double x) { return glibc::exp(x); }
inline double sin(double x) { return glibc::sin(x); }
inline double cos(double x) { return glibc::cos(x); }
inline double erf(double x) { return glibc::erf(x); }
inline double erfc(double x) { return glibc::erfc(x); }
inline double log1p(double x) { return glibc::log1p(x); }
inline double expm1(double x) { return glibc::expm1(x); }
inline float sin(float x) { return glibc::sinf(x); }
inline float cos(float x) { return glibc::cosf(x); }
inline float erf(float x) { return glibc::erff(x); }
inline float log(float x) { return std::log(x); }
inline float exp(float x) { return glibc::expf(x); }
#else
using std::cos;
using std::erf;
using std::erfc;
using std::exp;
using std::expm1;
using std::log;
using std::log1p;
using std::sin;
#endif

}  // namespace libm
}  // namespace kaiming
