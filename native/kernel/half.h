// float32 -> bfloat16 / float16 rounding, once, from the float32 sample.
//
// Both formats are stored as raw 16-bit patterns. Rounding is IEEE-754
// round-to-nearest-even, except at the edge of a bounded distribution: a
// value of U(-b, b) just below b can round onto or past b (0.027063 becomes
// 0.0271 in bfloat16), so when the nearest value leaves the support the
// neighbour on the inside is taken instead (round toward the interior).
// JAX samples bf16 in bf16 and gets ~128 distinct values; sampling in float32
// and rounding once keeps the full resolution of the target format.
#pragma once

#include "path_namespace.h"

#include <cstdint>
#include <cstring>

namespace kaiming {
inline namespace KAIMING_PATH_NS {

struct Bf16 {
  static uint16_t from_float(float x) {
    uint32_t b;
    std::memcpy(&b, &x, sizeof b);
    if ((b & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((b >> 16) | 0x40u);  // quiet NaN
    b += 0x7FFFu + ((b >> 16) & 1u);
    return static_cast<uint16_t>(b >> 16);
  }
  static float to_float(uint16_t h) {
    const uint32_t b = static_cast<uint32_t>(h) << 16;
    float x;
    std::memcpy(&x, &b, sizeof x);
    return x;
  }
};

struct F16 {
  // IEEE binary16, round to nearest even, overflow to infinity, gradual underflow.
  static uint16_t from_float(float x) {
    uint32_t b;
    std::memcpy(&b, &x, sizeof b);
    const uint16_t sign = static_cast<uint16_t>((b >> 16) & 0x8000u);
    const uint32_t abs = b & 0x7FFFFFFFu;
    if (abs > 0x7F800000u) return static_cast<uint16_t>(sign | 0x7E00u);        // NaN
    if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);       // >= 65520: rounds to inf
    if (abs < 0x38800000u) {                                                    // below 2^-14: subnormal or zero
      if (abs < 0x33000000u) return sign;                                       // <= 2^-25 rounds to zero
      const uint32_t exp = abs >> 23;
      const uint32_t mant = (abs & 0x7FFFFFu) | 0x800000u;
      const uint32_t shift = 126 - exp;                                         // 14..24
      const uint32_t half = mant >> shift;
      const uint32_t rem = mant & ((1u << shift) - 1);
      const uint32_t mid = 1u << (shift - 1);
      const uint32_t up = (rem > mid || (rem == mid && (half & 1u))) ? 1u : 0u;
      return static_cast<uint16_t>(sign | (half + up));
    }
    const uint32_t rebased = abs - 0x38000000u;                                 // exponent bias 127 -> 15
    const uint32_t rounded = rebased + 0xFFFu + ((rebased >> 13) & 1u);
    return static_cast<uint16_t>(sign | (rounded >> 13));
  }
  static float to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1Fu;
    const uint32_t mant = h & 0x3FFu;
    uint32_t b;
    if (exp == 0x1F) {
      b = sign | 0x7F800000u | (mant << 13);
    } else if (exp != 0) {
      b = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant == 0) {
      b = sign;
    } else {
      float v = static_cast<float>(mant) * 0x1p-24f;  // exact: subnormal half = mant·2^-24
      return sign ? -v : v;
    }
    float x;
    std::memcpy(&x, &b, sizeof x);
    return x;
  }
};

// The 16-bit neighbour of pattern h one step toward +inf (up) or -inf (down).
inline uint16_t half_step(uint16_t h, bool up) {
  const bool negative = (h & 0x8000u) != 0;
  const uint16_t magnitude = h & 0x7FFFu;
  if (magnitude == 0) return up ? 0x0001u : 0x8001u;
  // Away from zero adds one to the magnitude, toward zero subtracts one.
  return (up != negative) ? static_cast<uint16_t>(h + 1) : static_cast<uint16_t>(h - 1);
}

// Rounds x to Codec's format; if the nearest value falls outside [lo, hi]
// (or reaches hi when hi_open), takes the neighbour on the inside.
template <class Codec>
inline uint16_t round_into(float x, double lo, double hi, bool hi_open) {
  uint16_t h = Codec::from_float(x);
  const double v = Codec::to_float(h);
  if (v > hi || (hi_open && v == hi)) {
    h = half_step(h, false);
  } else if (v < lo) {
    h = half_step(h, true);
  }
  return h;
}

}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
