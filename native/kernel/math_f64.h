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
#include "stream_constants.h"

namespace kaiming {
inline namespace KAIMING_PATH_NS {
namespace f64 {

namespace C = stream_constants;

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
  const double* lg = C::kLogLg;  // Lg1..Lg7 = lg[0..6]
  const double t1 = w * (lg[1] + w * (lg[3] + w * lg[5]));
  const double t2 = z * (lg[0] + w * (lg[2] + w * (lg[4] + w * lg[6])));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return dk * C::kLogLn2Hi - ((hfsq - (s * (hfsq + r) + dk * C::kLogLn2Lo)) - f);
}

// sin(y), cos(y) for |y| <= π/4 (fdlibm k_sin.c, k_cos.c with tail y = 0).
inline double sin_kernel(double x) {
  const double z = x * x;
  const double v = z * x;
  const double* S = C::kSinS;  // S1..S6 = S[0..5]
  const double r = S[1] + z * (S[2] + z * (S[3] + z * (S[4] + z * S[5])));
  return x + v * (S[0] + z * r);
}

inline double cos_kernel(double x) {
  const double z = x * x;
  const double* Cc = C::kCosC;  // C1..C6 = Cc[0..5]
  const double r = z * (Cc[0] + z * (Cc[1] + z * (Cc[2] + z * (Cc[3] + z * (Cc[4] + z * Cc[5])))));
  const double hz = 0.5 * z;
  const double w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + z * r);
}

}  // namespace f64
}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
