// Double-precision log, sine and cosine from IEEE-754 basic operations only.
//
// Same reason as math_f32.h. These are fdlibm's algorithms (Sun Microsystems,
// e_log.c, k_sin.c, k_cos.c), without their special-case branches for
// arguments the transforms never pass, evaluated in exactly the order written
// here and listed in docs/STREAM.md.
#pragma once

#include "path_namespace.h"

#include <cstdint>

#include "bits.h"

namespace kaiming {
inline namespace KAIMING_PATH_NS {
namespace f64 {

// Natural logarithm for normal positive x (the callers pass x in [2^-53, 1]).
// x = m·2^k with m in [√½, √2); f = m - 1 (exact); s = f/(2+f);
// log(m) = f - (hfsq - s·(hfsq + R(s²))) with hfsq = f²/2 (fdlibm e_log.c).
inline double log(double x) {
  const uint64_t b = bits_of(x);
  const uint32_t hx = static_cast<uint32_t>(b >> 32);
  int32_t k = static_cast<int32_t>(hx >> 20) - 1023;
  const uint32_t mant_hi = hx & 0x000FFFFFu;
  // i = 0x100000 when the mantissa is >= √2's, so that m is halved into [√½, √2).
  const uint32_t i = (mant_hi + 0x95F64u) & 0x100000u;
  const uint64_t mb = (static_cast<uint64_t>(mant_hi | (i ^ 0x3FF00000u)) << 32) | (b & 0xFFFFFFFFu);
  k += static_cast<int32_t>(i >> 20);
  const double f = double_of(mb) - 1.0;
  const double s = f / (2.0 + f);
  const double dk = static_cast<double>(k);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
  const double t2 = z * (6.666666666666735130e-01 +
                         w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return dk * 6.93147180369123816490e-01 - ((hfsq - (s * (hfsq + r) + dk * 1.90821492927058770002e-10)) - f);
}

// sin(y), cos(y) for |y| <= π/4 (fdlibm k_sin.c, k_cos.c with tail y = 0).
inline double sin_kernel(double x) {
  const double z = x * x;
  const double v = z * x;
  const double r = 8.33333333332248946124e-03 +
                   z * (-1.98412698298579493134e-04 +
                        z * (2.75573137070700676789e-06 + z * (-2.50507602534068634195e-08 + z * 1.58969099521155010221e-10)));
  return x + v * (-1.66666666666666324348e-01 + z * r);
}

inline double cos_kernel(double x) {
  const double z = x * x;
  const double r =
      z * (4.16666666666666019037e-02 +
           z * (-1.38888888888741095749e-03 +
                z * (2.48015872894767294178e-05 +
                     z * (-2.75573143513906633035e-07 + z * (2.08757232129817482790e-09 + z * -1.13596475577881948265e-11)))));
  const double hz = 0.5 * z;
  const double w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + z * r);
}

}  // namespace f64
}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
