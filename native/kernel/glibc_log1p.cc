// kaiming::glibc::log1p: log(1 + x) with the results of glibc 2.36's log1p on
// x86-64 with FMA, bit for bit, on every double.
//
// glibc 2.36's log1p (sysdeps/ieee754/dbl-64/s_log1p.c) is Sun's fdlibm
// s_log1p.c (permissive licence) with glibc's edits. On a CPU with FMA and
// AVX2 its ifunc (__log1p_ifunc) picks __log1p_fma
// (sysdeps/x86_64/fpu/multiarch/s_log1p-fma.c: the same source built with
// -mfma -mavx2, where GCC contracts a*b+c into fused operations). Every
// fma_exact below stands where that build's machine code (gdb/objdump of Debian
// 12's libm.so.6, glibc 2.36-9+deb12u14, with libc6-dbg's symbols) has a
// vfmadd/vfnmadd/vfmsub; every other operation is the plain rounded one it
// has, in its order. The wrapper __w_log1p only sets errno for x <= -1.
//
// Algorithm (fdlibm's): 1 + x = 2^k (1 + f) with sqrt(2)/2 <= 1 + f < sqrt(2),
// c the rounding error of 1 + x (relative to it); log(1 + f) = f - hfsq +
// s (hfsq + R(z)) with s = f / (2 + f), z = s^2, hfsq = f^2 / 2, R a degree-7
// polynomial in z (Lp1..Lp7, Remez); k ln2 added as k ln2_hi + k ln2_lo.
//
// Verified: equal to the host glibc (Debian 12, glibc 2.36-9+deb12u14, FMA
// build) on 4,157,473,024 inputs (native/test/sweep_glibc_log1p_expm1.cc:
// random bits, log-uniform, truncated_normal_survival.cc's arguments, 2^18
// consecutive doubles around each of ~3300 branch thresholds), and the
// WebAssembly build's results hash-equal to glibc's on 503,592,064 of them.
// Cost: ~18 ns a call natively without -mfma (std::fma is a call), ~8 with it
// (glibc: ~8); in WebAssembly most of the time is its 7 fused multiply-adds,
// emulated by fma_exact.h (70-95 ns with wasi-libc's software fma).
#include <cstdint>
#include <cmath>

#include "bits.h"
#include "fma_exact.h"
#include "glibc_libm.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {

namespace {

// fdlibm s_log1p.c's constants (the values read from libm.so.6's .rodata).
constexpr double kLn2Hi = 0x1.62e42fee00000p-1;   // 6.93147180369123816490e-01
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;  // 1.90821492927058770002e-10
constexpr double kLp1 = 0x1.5555555555593p-1;     // 6.666666666666735130e-01
constexpr double kLp2 = 0x1.999999997fa04p-2;     // 3.999999999940941908e-01
constexpr double kLp3 = 0x1.2492494229359p-2;     // 2.857142874366239149e-01
constexpr double kLp4 = 0x1.c71c51d8e78afp-3;     // 2.222219843214978396e-01
constexpr double kLp5 = 0x1.7466496cb03dep-3;     // 1.818357216161805012e-01
constexpr double kLp6 = 0x1.39a09d078c69fp-3;     // 1.531383769920937332e-01
constexpr double kLp7 = 0x1.2f112df3e5244p-3;     // 1.479819860511658591e-01
constexpr double kTwoThirds = 0x1.5555555555555p-1;  // 0.66666666666666666 in the |f| < 2^-20 branch


inline uint32_t high_word(double x) { return static_cast<uint32_t>(bits_of(x) >> 32); }
inline double with_high_word(double x, uint32_t hi) {
  return double_of((static_cast<uint64_t>(hi) << 32) | (bits_of(x) & 0xffffffffull));
}

// R(z) = Lp1·z + … + Lp7·z^7 with z = s², s = f/(2 + f), in the FMA build's
// order: three pairs fused, then z²·r2 + z·Lp1 + z⁴·r3 + z⁶·r4 fused inward.
inline double polynomial(double s) {
  const double z = s * s;
  const double r2 = fma_exact(z, kLp3, kLp2);
  const double r3 = fma_exact(z, kLp5, kLp4);
  const double r4 = fma_exact(z, kLp7, kLp6);
  const double z2 = z * z;
  const double z4 = z2 * z2;
  const double z6 = z2 * z4;
  return fma_exact(z6, r4, fma_exact(z4, r3, fma_exact(z, kLp1, z2 * r2)));
}

}  // namespace

double log1p(double x) {
  const uint32_t uhx = high_word(x);
  const int32_t hx = static_cast<int32_t>(uhx);
  const uint32_t ax = uhx & 0x7fffffffu;

  double f, c = 0.0, u;
  int32_t k;
  uint32_t hu;

  if (hx < 0x3fda827a) {  // x < 0.41422 (or a negative NaN)
    if (ax >= 0x3ff00000u) {  // x <= -1, -inf, negative NaN
      if (x == -1.0) return -INFINITY;                         // -two54 / 0
      return x86_nan::invalid(x);  // (x - x) / (x - x)
    }
    if (ax < 0x3e200000u) {  // |x| < 2^-29
      if (ax < 0x3c900000u) return x;  // |x| < 2^-54
      // x - x * x * 0.5, fused: vmulsd then vfnmadd231sd with 0.5.
      return fma_exact(-(x * x), 0.5, x);
    }
    // glibc's test as compiled: (uint32)(hx + 0x402d413c) > 0x402d413c, i.e.
    // 2^-29 <= x < 0.41422 or -0.2929 < x <= -2^-29 (hx above 0xbfd2bec4
    // unsigned goes to the k != 0 branch, hx == 0xbfd2bec4 too).
    if (static_cast<uint32_t>(uhx + 0x402d413cu) > 0x402d413cu) {
      f = x;
      const double hfsq = (0.5 * f) * f;
      // Fall into the polynomial with k = 0 (glibc: hu = 1).
      const double s = f / (2.0 + f);
      return f - (hfsq - (hfsq + polynomial(s)) * s);
    }
    // -1 < x <= -0.2929: 1 + x below.
    u = 1.0 + x;
    hu = high_word(u);
    k = static_cast<int32_t>(hu >> 20) - 1023;
    c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
    c /= u;
  } else {
    if (hx > 0x7fefffff) {  // +inf, positive NaN: x + x
      if (std::isnan(x)) return x86_nan::quieted(x);
      return x;
    }
    if (hx <= 0x433fffff) {  // x < 2^53: 1 + x and its rounding error
      u = 1.0 + x;
      hu = high_word(u);
      k = static_cast<int32_t>(hu >> 20) - 1023;
      c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {  // 1 + x is x
      u = x;
      hu = uhx;
      k = (hx >> 20) - 1023;
      c = 0.0;
    }
  }

  hu &= 0x000fffffu;
  if (hu < 0x6a09eu) {  // 1 + f = u's significand in [1, sqrt(2))
    u = with_high_word(u, hu | 0x3ff00000u);
  } else {  // u's significand / 2 in [sqrt(2)/2, 1)
    k += 1;
    u = with_high_word(u, hu | 0x3fe00000u);
    hu = static_cast<uint32_t>(static_cast<int32_t>(0x00100000u - hu) >> 2);
  }
  f = u - 1.0;
  const double hfsq = (0.5 * f) * f;
  const double dk = static_cast<double>(k);
  if (hu == 0) {  // |f| < 2^-20
    if (f == 0.0) {
      if (k == 0) return 0.0;
      return fma_exact(dk, kLn2Hi, fma_exact(dk, kLn2Lo, c));
    }
    const double r = fma_exact(-f, kTwoThirds, 1.0) * hfsq;
    if (k == 0) return f - r;
    return fma_exact(dk, kLn2Hi, -((r - fma_exact(dk, kLn2Lo, c)) - f));
  }
  const double s = f / (2.0 + f);
  const double sr = (hfsq + polynomial(s)) * s;
  if (k == 0) return f - (hfsq - sr);
  return fma_exact(dk, kLn2Hi, -((hfsq - (fma_exact(dk, kLn2Lo, c) + sr)) - f));
}

}  // namespace glibc
}  // namespace kaiming
