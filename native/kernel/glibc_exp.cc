// kaiming::glibc::exp: e^x with the results of glibc 2.36's exp on x86-64
// with FMA, bit for bit, on every double.
//
// glibc 2.36's exp (sysdeps/ieee754/dbl-64/e_exp.c) is Arm's optimized-routines
// exp (math/exp.c, MIT). On a CPU with FMA and AVX2 its ifunc picks
// __ieee754_exp_fma (sysdeps/x86_64/fpu/multiarch/e_exp-fma.c: the same source
// built with -mfma -mavx2, where GCC contracts a*b+c into fused operations).
// Every fused() below stands where that build's machine code (objdump/gdb of
// Debian 12's libm.so.6, glibc 2.36-9+deb12u14) has a vfmadd; every other
// operation is the plain rounded one it has. The wrapper __exp only sets errno.
//
// Algorithm (Arm's): x = k ln2/N + r with N = 128, |r| <= ln2/2N;
// exp(x) = 2^(k/N) exp(r), with 2^(k/N) = scale (1 + tail) from a 128-entry
// table (glibc_log_exp_tables.h) and exp(r) - 1 from a degree-5 polynomial;
// results whose scale would over- or underflow go through specialcase.
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

// glibc e_exp.c specialcase, for 512 <= |x| < 1024, where scale = 2^(k/N)
// (1 + tail)^-1 may not be representable: scale is built with its exponent
// shifted by -1009 (k > 0) or +1022 (k < 0) and the result scaled back; for a
// subnormal result, adding 1.0 first makes the one rounding fall on the
// subnormal's last bit.
double specialcase(double tmp, uint64_t sbits, uint64_t ki) {
  if ((ki & 0x80000000u) == 0) {
    // k > 0: the exponent of scale might have overflowed by <= 460.
    sbits -= 1009ull << 52;
    const double scale = double_of(sbits);
    // scale in [2^-271, 2^468] (|x| in [512, 1024)), tmp 0 or |tmp| > 2^-200.
    return 0x1p1009 * fused(scale, tmp, scale);
  }
  // k < 0: the result may be subnormal; round once, at the final precision.
  sbits += 1022ull << 52;
  const double scale = double_of(sbits);
  const double st = scale * tmp;  // not fused: the build reuses this product below
  double y = scale + st;
  if (y < 1.0) {
    double lo = (scale - y) + st;
    const double hi = 1.0 + y;
    lo = ((1.0 - hi) + y) + lo;
    y = (hi + lo) - 1.0;
    if (y == 0.0) y = 0.0;  // glibc: avoid -0.0 under downward rounding
  }
  return 0x1p-1022 * y;
}

}  // namespace

double exp(double x) {
  using namespace tables;
  const uint64_t ix = bits_of(x);
  uint32_t abstop = static_cast<uint32_t>(ix >> 52) & 0x7ffu;
  // top12(0x1p-54) = 0x3c9, top12(512.0) = 0x408.
  if (abstop - 0x3c9u >= 0x408u - 0x3c9u) {
    if (static_cast<int32_t>(abstop - 0x3c9u) < 0) {
      // |x| < 2^-54 (and 0): 1.0 + x.
      return 1.0 + x;
    }
    if (abstop >= 0x409u) {  // |x| >= 1024, inf, NaN
      if (ix == 0xfff0000000000000ull) return 0.0;
      if (abstop >= 0x7ffu) {  // 1.0 + x: +inf, or x quieted
        if (ix == 0x7ff0000000000000ull) return x;
        return x86_nan::quieted(x);
      }
      // __math_uflow(0) = 0x1p-767 * 0x1p-767, __math_oflow(0) = 0x1p769 * 0x1p769.
      if (ix >> 63) return 0.0;
      return double_of(0x7ff0000000000000ull);
    }
    // 512 <= |x| < 1024: handled by specialcase below.
    abstop = 0;
  }

  // z = InvLn2N x; kd = z + Shift rounds z to an integer k in kd's low bits
  // (GCC fuses the two into one fma).
  // Products here: 2^-54 <= |x| < 1024, |kd| < 2^18 an integer, |r| 0 or
  // >= 2^-106 (a sum of multiples of 2^-106): each 0 or >= 2^-440.
  double kd = fused(kExpInvLn2N, x, kExpShift);
  const uint64_t ki = bits_of(kd);
  kd -= kExpShift;
  // r = x + kd NegLn2hiN + kd NegLn2loN, both fused.
  double r = fused(kd, kExpNegLn2hiN, x);
  r = fused(kd, kExpNegLn2loN, r);
  // 2^(k/N) ~= scale (1 + tail).
  const uint64_t idx = 2 * (ki % 128);
  const uint64_t top = ki << 45;
  const double tail = double_of(kExpTab[idx]);
  const uint64_t sbits = kExpTab[idx + 1] + top;
  const double* C = kExpPoly;  // C2..C5
  const double r2 = r * r;
  // tmp = tail + r + r2 (C2 + r C3) + r2 r2 (C4 + r C5).
  double tmp = fused(fused(r, C[1], C[0]), r2, tail + r);
  tmp = fused(r2 * r2, fused(r, C[3], C[2]), tmp);
  if (abstop == 0) return specialcase(tmp, sbits, ki);
  const double scale = double_of(sbits);
  // |x| < 512: scale > 2^-739, and tmp == 0 or |tmp| > 2^-200 (Arm's bound,
  // glibc e_exp.c), so the product is 0 or > 2^-939.
  return fused(scale, tmp, scale);
}

}  // namespace glibc
}  // namespace kaiming
