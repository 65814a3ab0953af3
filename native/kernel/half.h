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
#include "bits.h"

#include <cstddef>
#include <cstdint>
#include <type_traits>
#if defined(__F16C__)
#include <immintrin.h>
#endif
#if defined(__AVX512F__) && defined(__GNUC__) && defined(__x86_64__)
#include <cpuid.h>
#endif

namespace kaiming {
inline namespace KAIMING_PATH_NS {

// Both conversions are written as selects between cases, without branches, so
// that the loops over them vectorise (HalfRounder); some compilers keep a ?:
// as a branch, hence the masks.

struct Bf16 {
  // Round to nearest even: adding 0x7FFF plus the lowest kept bit carries into
  // the kept bits exactly when the dropped half is above, or at a tie with an
  // odd kept part. A NaN keeps its top bits and is made quiet.
  static uint16_t from_float(float x) {
    const uint32_t b = bits_of(x);
    const uint32_t rounded = (b + 0x7FFFu + ((b >> 16) & 1u)) >> 16;
    const uint32_t quiet_nan = (b >> 16) | 0x40u;
    const uint32_t is_nan = 0u - static_cast<uint32_t>((b & 0x7FFFFFFFu) > 0x7F800000u);
    return static_cast<uint16_t>((quiet_nan & is_nan) | (rounded & ~is_nan));
  }
  static float to_float(uint16_t h) {
    return float_of(static_cast<uint32_t>(h) << 16);
  }
};

struct F16 {
  // IEEE binary16, round to nearest even, overflow to infinity, gradual
  // underflow (after F. Giesen, "float->half variants", 2016):
  //  - normal halves: rebias the exponent (127 -> 15) and round the 13 dropped
  //    bits to nearest even by adding 0xFFF plus the lowest kept bit;
  //  - below 2^-14 (subnormal halves): |x| + 0.5f has an ulp of 2^-24, so the
  //    float addition itself rounds |x|·2^24 to the nearest even integer, which
  //    is the subnormal half's pattern (0x400 when it reaches the smallest normal);
  //  - from 65520 (the midpoint above 65504) up: infinity;
  //  - NaN: quiet, with the top 9 bits of the payload, as F16C's vcvtps2ph
  //    gives it (so the AVX2/AVX-512 paths, which use it, agree on every input).
  static uint16_t from_float(float x) {
    const uint32_t b = bits_of(x);
    const uint32_t sign = (b >> 16) & 0x8000u;
    const uint32_t abs = b & 0x7FFFFFFFu;
    const uint32_t rebased = abs - 0x38000000u;
    const uint32_t normal = (rebased + 0xFFFu + ((rebased >> 13) & 1u)) >> 13;
    const float shifted = float_of(abs) + 0.5f;
    const uint32_t shifted_bits = bits_of(shifted);
    const uint32_t subnormal = shifted_bits - 0x3F000000u;
    const uint32_t is_subnormal = 0u - static_cast<uint32_t>(abs < 0x38800000u);
    const uint32_t is_infinite = 0u - static_cast<uint32_t>(abs >= 0x477FF000u);
    const uint32_t is_nan = 0u - static_cast<uint32_t>(abs > 0x7F800000u);
    const uint32_t finite = (subnormal & is_subnormal) | (normal & ~is_subnormal);
    const uint32_t magnitude_bits = (0x7C00u & is_infinite) | (finite & ~is_infinite);
    const uint32_t nan_bits = 0x7E00u | ((abs & 0x7FFFFFu) >> 13);
    return static_cast<uint16_t>(sign | (nan_bits & is_nan) | (magnitude_bits & ~is_nan));
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
    return float_of(b);
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

#if defined(__F16C__)
// HalfRounder<F16>'s clamp and rounding with F16C's vcvtps2ph (the AVX2 and
// AVX-512 paths, compiled with -mf16c): IEEE round to nearest even with
// subnormal halves, overflow to infinity and quiet NaNs, so the same bits as
// F16::from_float (the half_fills test compares every path with the scalar
// rule, NaNs included). The clamps keep v when it equals a bound: vminps/vmaxps return their
// second operand on equal inputs (±0). Returns how many values it wrote.
inline size_t clamp_round_f16c(const float* values, size_t n, float lo16, float hi16, uint16_t* dst) {
  constexpr int kNearestEven = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  size_t i = 0;
#if defined(__AVX512F__)
#if defined(__GNUC__) && !defined(__clang__)
  // GCC 12's avx512fintrin.h passes _mm512_undefined_ps() as the unused merge
  // source of these intrinsics, which -Wmaybe-uninitialized reports.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
  const __m512 lo = _mm512_set1_ps(lo16), hi = _mm512_set1_ps(hi16);
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_max_ps(lo, _mm512_min_ps(hi, _mm512_loadu_ps(values + i)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm512_cvtps_ph(v, kNearestEven));
  }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif
  const __m256 lo8 = _mm256_set1_ps(lo16), hi8 = _mm256_set1_ps(hi16);
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_max_ps(lo8, _mm256_min_ps(hi8, _mm256_loadu_ps(values + i)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm256_cvtps_ph(v, kNearestEven));
  }
  return i;
}
#endif

#if defined(__AVX512F__) && defined(__GNUC__) && defined(__x86_64__)
// AVX-512 BF16 (Cooper Lake, Sapphire Rapids, Zen 4): CPUID leaf 7 subleaf 1,
// EAX bit 5 (Intel SDM vol. 2A, CPUID). The AVX-512 path runs on CPUs without it too.
inline bool cpu_has_avx512_bf16() {
  static const bool has = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    return __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) != 0 && (eax & (1u << 5)) != 0;
  }();
  return has;
}

// HalfRounder<Bf16>'s clamp and rounding with vcvtne2ps2bf16, 32 values per
// instruction. Its rounding is Bf16::from_float's (round to nearest even by
// the same integer add, NaNs quiet with their top bits: Intel SDM vol. 2A,
// VCVTNE2PS2BF16, convert_fp32_to_bfloat16) except that it treats float32
// subnormals as zero (DAZ), where from_float rounds them; so a group of 32
// with any subnormal (0 < |x| < 2^-126 after the clamp) is left to the scalar
// loop. The clamps are clamp_round_f16c's. Returns how many values it wrote.
// Not inlined into callers compiled without the BF16 target (GCC refuses to).
__attribute__((target("avx512bf16,avx512f,avx512bw,avx512vl"))) inline size_t clamp_round_avx512_bf16(
    const float* values, size_t n, float lo16, float hi16, uint16_t* dst) {
#if !defined(__clang__)
  // GCC 12's false -Wmaybe-uninitialized on _mm512_undefined_ps(), as in clamp_round_f16c.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
  const __m512 lo = _mm512_set1_ps(lo16), hi = _mm512_set1_ps(hi16);
  const __m512i magnitude = _mm512_set1_epi32(0x7FFFFFFF), one = _mm512_set1_epi32(1), largest_subnormal = _mm512_set1_epi32(0x007FFFFF);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 a = _mm512_max_ps(lo, _mm512_min_ps(hi, _mm512_loadu_ps(values + i)));
    const __m512 b = _mm512_max_ps(lo, _mm512_min_ps(hi, _mm512_loadu_ps(values + i + 16)));
    // Subnormal: |x| - 1 <= 0x7FFFFF as unsigned integers, i.e. 1 <= bits of |x| <= 0x7FFFFF.
    const __m512i a1 = _mm512_sub_epi32(_mm512_and_si512(_mm512_castps_si512(a), magnitude), one);
    const __m512i b1 = _mm512_sub_epi32(_mm512_and_si512(_mm512_castps_si512(b), magnitude), one);
    const __mmask16 tiny = _mm512_cmp_epu32_mask(a1, largest_subnormal, _MM_CMPINT_LE) | _mm512_cmp_epu32_mask(b1, largest_subnormal, _MM_CMPINT_LE);
    if (tiny != 0) break;
    // The second operand gives the lower 16 results.
    _mm512_storeu_si512(dst + i, (__m512i)_mm512_cvtne2ps_pbh(b, a));
  }
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  return i;
}
#endif

// round_into for a whole buffer, as a loop that vectorises. Rounding to
// nearest is monotonic and leaves representable values alone, so for x inside
// the float limits [lo_limit, hi_limit] of the support, rounding x after
// clamping it to [lo16, hi16] (the smallest and largest 16-bit values inside
// those limits) gives exactly round_into's result: when the nearest value
// falls outside, x lies between lo16 (or hi16) and that value, and the clamp
// yields the interior neighbour round_into steps to. When no 16-bit value lies
// inside the support (lo16 > hi16) the scalar round_into is used as it is.
template <class Codec>
class HalfRounder {
 public:
  // lo_limit/hi_limit: the smallest and largest floats inside the support.
  HalfRounder(float lo_limit, float hi_limit, double lo, double hi, bool hi_open)
      : lo16_(Codec::to_float(inside(lo_limit, true))),
        hi16_(Codec::to_float(inside(hi_limit, false))),
        lo_(lo),
        hi_(hi),
        hi_open_(hi_open) {}

  // values: floats within [lo_limit, hi_limit], or NaN (which both clamps
  // leave alone and both roundings keep a NaN, as round_into does).
  void operator()(const float* values, size_t n, uint16_t* dst) const {
    if (!(lo16_ <= hi16_)) {
      for (size_t i = 0; i < n; ++i) dst[i] = round_into<Codec>(values[i], lo_, hi_, hi_open_);
      return;
    }
    const float lo16 = lo16_, hi16 = hi16_;
    size_t i = 0;
#if defined(__F16C__)
    if constexpr (std::is_same<Codec, F16>::value) i = clamp_round_f16c(values, n, lo16, hi16, dst);
#endif
#if defined(__AVX512F__) && defined(__GNUC__) && defined(__x86_64__)
    if constexpr (std::is_same<Codec, Bf16>::value) {
      if (cpu_has_avx512_bf16()) i = clamp_round_avx512_bf16(values, n, lo16, hi16, dst);
    }
#endif
    for (; i < n; ++i) {
      float v = values[i];
      v = v > hi16 ? hi16 : v;  // on equal values (±0) keep v's own sign, as round_into does
      v = v < lo16 ? lo16 : v;
      dst[i] = Codec::from_float(v);
    }
  }

 private:
  // The 16-bit value nearest to limit on the inside (at least it when up, at most it otherwise).
  static uint16_t inside(float limit, bool up) {
    const uint16_t h = Codec::from_float(limit);
    const float v = Codec::to_float(h);
    return (up ? v < limit : v > limit) ? half_step(h, up) : h;
  }

  float lo16_, hi16_;
  double lo_, hi_;
  bool hi_open_;
};

}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
