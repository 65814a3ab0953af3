// kaiming::glibc::expm1: e^x - 1 with the results of glibc 2.36's expm1 on
// x86-64 with FMA, bit for bit, on every double.
//
// glibc 2.36's expm1 (sysdeps/ieee754/dbl-64/s_expm1.c) is Sun's fdlibm
// s_expm1.c (permissive licence) with glibc's edits. On a CPU with FMA and
// AVX2 its ifunc (__expm1_ifunc) picks __expm1_fma
// (sysdeps/x86_64/fpu/multiarch/s_expm1-fma.c: the same source built with
// -mfma -mavx2, where GCC contracts a*b+c into fused operations). Every
// fma_exact below stands where that build's machine code (gdb/objdump of Debian
// 12's libm.so.6, glibc 2.36-9+deb12u14, with libc6-dbg's symbols) has a
// vfmadd/vfnmadd/vfmsub; every other operation is the plain rounded one it
// has, in its order. expm1 has no wrapper (errno ERANGE on overflow is set
// inside; kaiming has no errno to set).
//
// Algorithm (fdlibm's): x = k ln2 + r, |r| <= ln2/2, r = hi - lo with c its
// rounding error. With hxs = r^2/2, r1 = 1 + Q1 hxs + ... + Q5 hxs^5 (Remez),
// t = 3 - r1 r/2 and e = hxs (r1 - t)/(6 - r t): e^r - 1 = r - (r e - hxs).
// Then 2^k (e^r - 1 + 1) - 1 is assembled with exponent arithmetic, in the
// order that keeps it accurate for each k.
//
// Verified: equal to the host glibc (Debian 12, glibc 2.36-9+deb12u14, FMA
// build) on 3,588,620,544 inputs (native/test/sweep_glibc_log1p_expm1.cc:
// random bits, log-uniform, truncated_normal_survival.cc's arguments, 2^18
// consecutive doubles around each of ~1100 branch thresholds), and the
// WebAssembly build's results hash-equal to glibc's on 468,038,784 of them.
// Cost: ~21 ns a call natively without -mfma (std::fma is a call), ~8 with it
// (glibc: ~8); in WebAssembly most of the time is its up to 10 fused
// multiply-adds, emulated by fma_exact.h (120-140 ns with wasi-libc's software fma).
#include <cstdint>
#include <cmath>

#include "bits.h"
#include "fma_exact.h"
#include "glibc_libm.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {

namespace {

// fdlibm s_expm1.c's constants (the values read from libm.so.6's .rodata).
constexpr double kOThreshold = 0x1.62e42fefa39efp+9;  // 7.09782712893383973096e+02
constexpr double kLn2Hi = 0x1.62e42fee00000p-1;       // 6.93147180369123816490e-01
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;      // 1.90821492927058770002e-10
constexpr double kInvLn2 = 0x1.71547652b82fep+0;      // 1.44269504088896338700e+00
constexpr double kQ1 = -0x1.11111111110f4p-5;         // -3.33333333333331316428e-02
constexpr double kQ2 = 0x1.a01a019fe5585p-10;         // 1.58730158725481460165e-03
constexpr double kQ3 = -0x1.4ce199eaadbb7p-14;        // -7.93650757867487942473e-05
constexpr double kQ4 = 0x1.0cfca86e65239p-18;         // 4.00821782732936239552e-06
constexpr double kQ5 = -0x1.afdb76e09c32dp-23;        // -2.01099218183624371326e-07
constexpr double kTiny = 1.0e-300;

// y with k added to its exponent field (glibc: SET_HIGH_WORD (y, high + (k << 20))).
inline double add_to_exponent(double y, int32_t k) {
  const uint64_t b = bits_of(y);
  const uint32_t hi = static_cast<uint32_t>(b >> 32) + (static_cast<uint32_t>(k) << 20);
  return double_of((static_cast<uint64_t>(hi) << 32) | (b & 0xffffffffull));
}

}  // namespace

double expm1(double x) {
  const uint64_t ix = bits_of(x);
  const uint32_t hx = static_cast<uint32_t>(ix >> 32) & 0x7fffffffu;
  const bool negative = (ix >> 63) != 0;

  double hi, lo;
  int32_t k;
  if (hx >= 0x4043687au) {  // |x| >= 56 ln2
    if (hx >= 0x40862e42u) {  // |x| >= 709.78
      if (hx >= 0x7ff00000u) {
        if ((ix & 0x000fffffffffffffull) != 0) return x86_nan::quieted(x);  // NaN: x + x
        return negative ? -1.0 : x;                                                // e^(+-inf) - 1
      }
      if (x > kOThreshold) return INFINITY;  // huge * huge
    }
    if (negative) return kTiny - 1.0;  // x < -56 ln2: -1 (inexact)
    // Positive: k = (int)(invln2 * x + 0.5), the product rounded, not fused.
    k = static_cast<int32_t>(0.5 + kInvLn2 * x);
    const double t = static_cast<double>(k);
    hi = fma_exact(-t, kLn2Hi, x);  // x - t ln2_hi: fused (exact anyway in fdlibm's intent)
    lo = t * kLn2Lo;
  } else if (hx > 0x3fd62e42u) {  // |x| > ln2/2
    if (hx < 0x3ff0a2b2u) {  // and |x| < 1.5 ln2: k = +-1
      if (!negative) {
        hi = x - kLn2Hi;
        lo = kLn2Lo;
        k = 1;
      } else {
        hi = x + kLn2Hi;
        lo = -kLn2Lo;
        k = -1;
      }
    } else {
      k = static_cast<int32_t>((negative ? -0.5 : 0.5) + kInvLn2 * x);
      const double t = static_cast<double>(k);
      hi = fma_exact(-t, kLn2Hi, x);
      lo = t * kLn2Lo;
    }
  } else if (hx < 0x3c900000u) {  // |x| < 2^-54: x (glibc: x - (t - (huge + x)) = x - 0)
    return x;
  } else {
    k = 0;
    hi = x;
    lo = 0.0;
  }

  double r, c = 0.0;
  if (k != 0) {
    r = hi - lo;
    c = (hi - r) - lo;
  } else {
    r = hi;
  }

  // r is in the primary range.
  const double hfx = r * 0.5;
  const double hxs = r * hfx;
  const double r1p = fma_exact(hxs, kQ1, 1.0);
  const double r2p = fma_exact(hxs, kQ3, kQ2);
  const double r3p = fma_exact(hxs, kQ5, kQ4);
  const double h2 = hxs * hxs;
  const double h4 = h2 * h2;
  const double r1 = fma_exact(h4, r3p, fma_exact(h2, r2p, r1p));
  const double t = fma_exact(-r1, hfx, 3.0);
  double e = ((r1 - t) / fma_exact(-r, t, 6.0)) * hxs;
  if (k == 0) return r - fma_exact(e, r, -hxs);  // c is 0
  e = fma_exact(e - c, r, -c);
  e -= hxs;
  if (k == -1) return fma_exact(0.5, r - e, -0.5);
  if (k == 1) {
    if (r < -0.25) return (e - (r + 0.5)) * -2.0;
    return fma_exact(r - e, 2.0, 1.0);
  }
  if (k <= -2 || k > 56) {  // e^x - 1 is e^x to the precision that matters
    const double y = 1.0 - (e - r);
    return add_to_exponent(y, k) - 1.0;
  }
  if (k < 20) {
    const double t1 = double_of(static_cast<uint64_t>(0x3ff00000u - (0x200000u >> k)) << 32);  // 1 - 2^-k
    return add_to_exponent(t1 - (e - r), k);
  }
  const double t2 = double_of(static_cast<uint64_t>((0x3ffu - static_cast<uint32_t>(k)) << 20) << 32);  // 2^-k
  return add_to_exponent((r - (e + t2)) + 1.0, k);
}

}  // namespace glibc
}  // namespace kaiming
