// Single-precision log, sine and cosine from IEEE-754 basic operations only.
//
// The normal transforms must give the same bits with every compiler, libm and
// SIMD path, so they cannot call std::log/std::sin (libm results differ by
// platform). These are the Cephes single-precision polynomials (S. L. Moshier,
// Cephes Math Library, logf.c and sinf.c), evaluated in exactly the order
// written here; docs/STREAM.md lists the same constants and order. Every step
// is an IEEE add, multiply, int<->float conversion or bit operation, which
// C++ guarantees to round identically when FMA contraction is off
// (-ffp-contract=off in both builds).
#pragma once

#include "path_namespace.h"

#include <cstdint>

#include "bits.h"
#include "stream_constants.h"

namespace kaiming {
inline namespace KAIMING_PATH_NS {
namespace f32 {

namespace C = stream_constants;

// Natural logarithm for normal positive x (the callers pass x in [2^-32, 1]).
// x = m·2^e with m in [0.5, 1); if m < √½ then m ← 2m, e ← e-1, so that
// f = m - 1 lies in [√½-1, √2-1) and every step of it is exact (Sterbenz).
inline float log(float x) {
  const uint32_t b = bits_of(x);
  int32_t e = static_cast<int32_t>((b >> 23) & 0xFF) - 126;
  float m = float_of((b & 0x007FFFFFu) | 0x3F000000u);  // m in [0.5, 1)
  // Written with masks rather than a branch so that loops over it vectorise:
  // f = (m - 1) + (small ? m : 0) equals (m + m) - 1 exactly when m < √½,
  // since both results are representable (Sterbenz).
  const uint32_t small = 0u - static_cast<uint32_t>(m < C::kLogfSqrtHalf);
  e -= static_cast<int32_t>(small & 1u);
  const float f = (m - 1.0f) + float_of(bits_of(m) & small);
  const float z = f * f;
  float p = C::kLogfP[0];
  p = p * f + C::kLogfP[1];
  p = p * f + C::kLogfP[2];
  p = p * f + C::kLogfP[3];
  p = p * f + C::kLogfP[4];
  p = p * f + C::kLogfP[5];
  p = p * f + C::kLogfP[6];
  p = p * f + C::kLogfP[7];
  p = p * f + C::kLogfP[8];
  const float fe = static_cast<float>(e);
  float y = (p * f) * z;
  y = y + C::kLogfLn2Lo * fe;
  y = y - 0.5f * z;
  float r = f + y;
  r = r + C::kLogfLn2Hi * fe;
  return r;
}

// sin(y) and cos(y) for |y| <= π/4.
inline float sin_kernel(float y) {
  const float z = y * y;
  float p = C::kSinfS[0];
  p = p * z + C::kSinfS[1];
  p = p * z + C::kSinfS[2];
  return (p * z) * y + y;
}

inline float cos_kernel(float y) {
  const float z = y * y;
  float p = C::kCosfC[0];
  p = p * z + C::kCosfC[1];
  p = p * z + C::kCosfC[2];
  return ((p * z) * z - 0.5f * z) + 1.0f;
}

}  // namespace f32
}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
