// Bits -> values: the documented transforms of docs/STREAM.md.
//
// Each transform turns a fixed number of 64-bit engine words (a "group") into
// a fixed number of values, so that element i of a chunk always comes from the
// same words whatever range is being generated. Written as loops over arrays
// of words with no data-dependent branches, so that the compiler vectorises
// them; every operation is an IEEE-754 basic operation, so scalar and vector
// code give identical bits.
#pragma once

#include "path_namespace.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "math_f32.h"
#include "math_f64.h"

namespace kaiming {
inline namespace KAIMING_PATH_NS {

// float(π)·2^-23 = 0x1.921FB6p-22f and double(π)·2^-52 = 0x1.921FB54442D18p-51:
// exact scalings of π rounded once to the working precision.
using stream_constants::kPiOver2Pow23;
using stream_constants::kPiOver2Pow52;

// double(k) for k < 2^53, exactly, from operations every SIMD level has
// (AVX2 cannot convert 64-bit integers): k = 2·(k >> 1) + (k & 1), each half
// turned into a double by the 2^52 exponent trick. Every step is exact.
inline double exact_double(uint64_t k) {
  const double two52 = 0x1p52;
  const double half = double_of((k >> 1) | 0x4330000000000000ULL) - two52;
  const double low_bit = double_of((k & 1u) | 0x4330000000000000ULL) - two52;
  return half * 2.0 + low_bit;
}

// The smallest float >= x (x finite and within float range).
inline float float_at_least(double x) {
  const float f = static_cast<float>(x);
  return static_cast<double>(f) < x ? std::nextafter(f, INFINITY) : f;
}

// ---- uniform ----------------------------------------------------------------

// float32: one word -> two values. Element 2j takes bits 63..40 of word j,
// element 2j+1 takes bits 31..8; each 24-bit integer k gives
// lo + float(k)·scale, with lo the smallest float >= low (float(low) may lie
// half an ulp below it), with scale = float(high - low)·2^-24, then min(·, cap)
// where cap is the largest float below float(high), or lo if that is larger:
// rounding may otherwise carry a value onto the excluded upper bound.
// It reads the words as 32-bit halves (Mt64Block::generate_halves): element i
// comes from half i, whose top 24 bits are bits 63..40 or 31..8 of its word.
struct UniformF32 {
  static constexpr size_t kWordsPerGroup = 1;
  static constexpr size_t kValuesPerGroup = 2;
  static constexpr bool kTakesHalves = true;
  float lo, scale, cap;

  // cap is never below lo: when the only float in [low, high) is lo itself
  // (e.g. [1, 1 + 1e-10)), the largest float below float(high) lies below low.
  UniformF32(double low, double high)
      : lo(float_at_least(low)),
        scale(static_cast<float>(high - low) * 0x1p-24f),
        cap(std::max(std::nextafter(static_cast<float>(high), -INFINITY), lo)) {}

  // halves: 2·groups 32-bit halves, high half of each word first.
  void operator()(const uint32_t* halves, size_t groups, float* out) const {
    for (size_t i = 0; i < 2 * groups; ++i) {
      // 24-bit integers: exact, and signed conversions vectorise everywhere.
      const float v = lo + static_cast<float>(static_cast<int32_t>(halves[i] >> 8)) * scale;
      out[i] = v < cap ? v : cap;
    }
  }
};

// float64: one word -> one value from its top 53 bits k: lo + double(k)·scale,
// scale = (high - low)·2^-53, then min(·, cap) with cap the largest double below high.
struct UniformF64 {
  static constexpr size_t kWordsPerGroup = 1;
  static constexpr size_t kValuesPerGroup = 1;
  static constexpr bool kTakesHalves = false;
  double lo, scale, cap;

  UniformF64(double low, double high) : lo(low), scale((high - low) * 0x1p-53), cap(std::nextafter(high, -INFINITY)) {}

  void operator()(const uint64_t* words, size_t groups, double* out) const {
    for (size_t j = 0; j < groups; ++j) {
      const double v = lo + exact_double(words[j] >> 11) * scale;
      out[j] = v < cap ? v : cap;
    }
  }
};

// ---- normal (Box-Muller) ----------------------------------------------------
//
// Box & Muller (1958): with U uniform in (0, 1] and θ uniform on the circle,
// R = sqrt(-2 ln U) and (R cos θ, R sin θ) are two independent N(0, 1).
// The angle is 24 (float32) or 53 (float64) bits t, θ = 2π(t + ½)/2^bits,
// reduced exactly with integer arithmetic to a quadrant q and an offset y in
// (-π/4, π/4), so that only the |y| <= π/4 polynomial kernels are needed.

// float32: one word -> two values. a = bits 63..32, b = bits 31..0.
//   u = (2^32 - a)·2^-32 rounded once      in [2^-32, 1]
//   r = sqrt(-2·log(u))                   at most 6.66
//   t = b >> 8; t' = (t + 2^21) mod 2^24; q = t' >> 22;
//   y = (float((t' mod 2^22) - 2^21) + ½)·float(π·2^-23)
//   (c, s) = (cos y, sin y) rotated by q quarter turns
//   element 2j = mean + std·(r·c), element 2j+1 = mean + std·(r·s)
struct NormalF32 {
  static constexpr size_t kWordsPerGroup = 1;
  static constexpr size_t kValuesPerGroup = 2;
  static constexpr bool kTakesHalves = false;
  float mean, std;

  NormalF32(double mean_, double std_) : mean(static_cast<float>(mean_)), std(static_cast<float>(std_)) {}

  static void standard_pair(uint64_t w, float& z0, float& z1) {
    const uint32_t a = static_cast<uint32_t>(w >> 32);
    const uint32_t b = static_cast<uint32_t>(w);
    // u = (2^32 - a)·2^-32 rounded once: the two parts are exact (integers
    // below 2^24 times powers of two), so their sum is the only rounding. Only
    // signed conversions of small integers, which every SIMD level has.
    const uint32_t na = ~a;
    const float u = static_cast<float>(static_cast<int32_t>(na >> 8)) * 0x1p-24f +
                    (static_cast<float>(static_cast<int32_t>(na & 0xFFu)) + 1.0f) * 0x1p-32f;
    const float r = std::sqrt(-2.0f * f32::log(u));
    const uint32_t t = ((b >> 8) + (1u << 21)) & 0xFFFFFFu;
    const uint32_t q = t >> 22;
    const int32_t s = static_cast<int32_t>(t & 0x3FFFFFu) - (1 << 21);
    const float y = (static_cast<float>(s) + 0.5f) * kPiOver2Pow23;
    const float sy = f32::sin_kernel(y);
    const float cy = f32::cos_kernel(y);
    // Rotation by q·π/2, (c, s) -> (-s, c) per quarter turn:
    //   q=0 (cy, sy), q=1 (-sy, cy), q=2 (-cy, -sy), q=3 (sy, -cy)
    // as bit selects and sign flips (exact), so that the loop has no branches.
    const uint32_t swap = 0u - (q & 1u);
    const uint32_t cb = bits_of(cy), sb = bits_of(sy);
    const float c = float_of(((sb & swap) | (cb & ~swap)) ^ ((((q + 1) >> 1) & 1u) << 31));
    const float sn = float_of(((cb & swap) | (sb & ~swap)) ^ ((q >> 1) << 31));
    z0 = r * c;
    z1 = r * sn;
  }

  void operator()(const uint64_t* words, size_t groups, float* out) const {
    for (size_t j = 0; j < groups; ++j) {
      float z0, z1;
      standard_pair(words[j], z0, z1);
      out[2 * j] = mean + std * z0;
      out[2 * j + 1] = mean + std * z1;
    }
  }
};

// float64: two words -> two values. Word 2j gives the radius, word 2j+1 the angle.
//   u = (double(w0 >> 11) + 1)·2^-53       in [2^-53, 1]
//   r = sqrt(-2·log(u))                   at most 8.57
//   t = w1 >> 11; t' = (t + 2^50) mod 2^53; q = t' >> 51;
//   y = (double((t' mod 2^51) - 2^50) + ½)·(π·2^-52)
struct NormalF64 {
  static constexpr size_t kWordsPerGroup = 2;
  static constexpr size_t kValuesPerGroup = 2;
  static constexpr bool kTakesHalves = false;
  double mean, std;

  NormalF64(double mean_, double std_) : mean(mean_), std(std_) {}

  static void standard_pair(uint64_t w0, uint64_t w1, double& z0, double& z1) {
    const double u = (exact_double(w0 >> 11) + 1.0) * 0x1p-53;
    const double r = std::sqrt(-2.0 * f64::log(u));
    const uint64_t t = ((w1 >> 11) + (uint64_t{1} << 50)) & ((uint64_t{1} << 53) - 1);
    const uint64_t q = t >> 51;
    // s = (t mod 2^51) - 2^50 as a double; both steps exact (integers below 2^53).
    const double s = exact_double(t & ((uint64_t{1} << 51) - 1)) - 0x1p50;
    const double y = (s + 0.5) * kPiOver2Pow52;
    const double sy = f64::sin_kernel(y);
    const double cy = f64::cos_kernel(y);
    const uint64_t swap = uint64_t{0} - (q & 1u);
    const uint64_t cb = bits_of(cy), sb = bits_of(sy);
    const double c = double_of(((sb & swap) | (cb & ~swap)) ^ ((((q + 1) >> 1) & 1u) << 63));
    const double sn = double_of(((cb & swap) | (sb & ~swap)) ^ ((q >> 1) << 63));
    z0 = r * c;
    z1 = r * sn;
  }

  void operator()(const uint64_t* words, size_t groups, double* out) const {
    for (size_t j = 0; j < groups; ++j) {
      double z0, z1;
      standard_pair(words[2 * j], words[2 * j + 1], z0, z1);
      out[2 * j] = mean + std * z0;
      out[2 * j + 1] = mean + std * z1;
    }
  }
};

}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
