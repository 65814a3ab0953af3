// kaiming::glibc::log: the natural logarithm with the results of glibc 2.36's
// log on x86-64 with FMA, bit for bit, on every double.
//
// glibc 2.36's log (sysdeps/ieee754/dbl-64/e_log.c) is Arm's optimized-routines
// log (math/log.c, MIT). On a CPU with FMA and AVX2 its ifunc picks
// __ieee754_log_fma (sysdeps/x86_64/fpu/multiarch/e_log-fma.c: the same source
// built with -mfma -mavx2), where __FP_FAST_FMA selects r = fma(z, invc, -1)
// and GCC contracts other a*b+c into fused operations. Every fused() below
// stands where that build's machine code (objdump/gdb of Debian 12's libm.so.6,
// glibc 2.36-9+deb12u14) has a vfmadd/vfnmadd; where it fuses an exact product
// the plain operations written instead round the same (said at each); every
// other operation is the plain rounded one it has. The wrapper __log only sets
// errno.
//
// Algorithm (Arm's): near 1 ([1 - 2^-4, 1 + 0x1.09p-4)) a degree-12 polynomial
// in r = x - 1 with r^2/2 split exactly; elsewhere x = 2^k z, z in
// [0x1.6p-1, 0x1.6p0) picks one of 128 {invc, logc} (glibc_log_exp_tables.h),
// r = z invc - 1 and log(x) = k ln2 + logc + log1p(r) with a degree-6
// polynomial for log1p(r) - r.
#include <cstdint>

#include "bits.h"
#include "fma_exact.h"
#include "glibc_libm.h"
#include "glibc_log_exp_tables.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {

namespace {

// a*b + c rounded once, where glibc's FMA build has a vfmadd (fma_exact.h:
// std::fma natively, rounded double operations in WebAssembly). The notes at
// the calls below on the sizes of a*b and of the sums say why the fast,
// emulated path of fma_exact applies there (it falls back to std::fma where not).
inline double fused(double a, double b, double c) { return fma_exact(a, b, c); }

}  // namespace

double log(double x) {
  using namespace tables;
  uint64_t ix = bits_of(x);
  const uint32_t top = static_cast<uint32_t>(ix >> 48);

  // x in [1 - 2^-4, 1 + 0x1.09p-4): asuint64(1.0 - 0x1p-4) and asuint64(1.0 + 0x1.09p-4).
  constexpr uint64_t kLo = 0x3fee000000000000ull;
  constexpr uint64_t kHi = 0x3ff1090000000000ull;
  if (ix - kLo < kHi - kLo) {
    if (ix == 0x3ff0000000000000ull) return 0.0;
    const double* B = kLogPoly1;
    // r = x - 1 is exact (Sterbenz) and a nonzero multiple of 2^-53, so every
    // product below is 0 or >= 2^-170 in magnitude: fused() is exact.
    const double r = x - 1.0;
    const double r2 = r * r;
    const double r3 = r * r2;
    // y = r3 (B1 + r B2 + r2 B3 + r3 (B4 + r B5 + r2 B6 + r3 (B7 + r B8 + r2 B9 + r3 B10))),
    // each "a + r b" and "+ r2 b", "+ r3 b" fused as glibc's FMA build does.
    double p = fused(r2, B[9], fused(r, B[8], B[7]));
    p = fused(r3, B[10], p);
    p = fused(p, r3, fused(r2, B[6], fused(r, B[5], B[4])));
    p = fused(p, r3, fused(r2, B[3], fused(r, B[2], B[1])));
    // rhi = r + w - w with w = r 2^27: r's top 26 bits, so rhi^2 is exact.
    // The build fuses r 2^27 into both sums (vfmadd, vfnmadd); the product by
    // 2^27 is exact, so the plain sums round the same.
    const double w = r * 0x1p27;
    const double rhi = (r + w) - w;
    const double rlo = r - rhi;
    const double rhi2 = rhi * rhi;
    // w = rhi^2 B0, B0 = -0.5: hi = r + w and lo = r - hi + w, fused by the
    // build; rhi^2 B0 is exact (a halving), so plain operations round the same.
    const double hw = rhi2 * B[0];
    const double hi = r + hw;
    double lo = (r - hi) + hw;
    // rlo = r - rhi is 0 or a multiple of 2^-53: the product is 0 or >= 2^-110.
    lo = fused(B[0] * rlo, rhi + r, lo);
    // y += lo (fused into y = r3 p); y += hi.
    return hi + fused(p, r3, lo);
  }

  if (top - 0x0010u >= 0x7ff0u - 0x0010u) {
    // x < 0x1p-1022, or x is inf or NaN (or negative).
    if (ix * 2 == 0) return double_of(0xfff0000000000000ull);  // __math_divzero(1): -1/0 = -inf
    if (ix == 0x7ff0000000000000ull) return x;                // log(inf) = inf
    // glibc math_config.h __math_invalid(x): (x - x) / (x - x).
    if ((top & 0x8000u) || (top & 0x7ff0u) == 0x7ff0u) return x86_nan::invalid(x);
    // Subnormal: scale into the normal range, exponent corrected below.
    ix = bits_of(x * 0x1p52);
    ix -= 52ull << 52;
  }

  // x = 2^k z, z in [OFF, 2 OFF) exactly, OFF = 0x1.6p-1; i picks the subinterval.
  constexpr uint64_t kOff = 0x3fe6000000000000ull;
  const uint64_t tmp = ix - kOff;
  const int i = static_cast<int>((tmp >> 45) % 128);
  const int32_t k = static_cast<int32_t>(static_cast<int64_t>(tmp) >> 52);  // arithmetic shift
  const uint64_t iz = ix - (tmp & (0xfffull << 52));
  const double invc = kLogTab[i].invc;
  const double logc = kLogTab[i].logc;
  const double z = double_of(iz);

  // z invc is in [0.99, 1.01] and a multiple of 2^-106: r is 0 or
  // |r| >= 2^-106, and every product below is 0 or >= 2^-320.
  const double r = fused(z, invc, -1.0);  // the __FP_FAST_FMA path
  const double kd = static_cast<double>(k);
  // hi + lo = r + log(c) + k ln2. The build fuses w = kd Ln2hi + logc; Ln2hi
  // has 42 significant bits and |k| < 2^11, so the product is exact and the
  // plain sum rounds the same.
  const double w = kd * kLogLn2Hi + logc;
  const double hi = w + r;
  const double lo = fused(kd, kLogLn2Lo, (w - hi) + r);
  const double* A = kLogPoly;
  const double r2 = r * r;
  // y = lo + r2 A0 + r r2 (A1 + r A2 + r2 (A3 + r A4)) + hi.
  const double p = fused(fused(r, A[4], A[3]), r2, fused(r, A[2], A[1]));
  const double y = fused(r * r2, p, fused(r2, A[0], lo));
  return y + hi;
}

}  // namespace glibc
}  // namespace kaiming
