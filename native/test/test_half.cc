// float32 -> bfloat16/float16 rounding at hand-computed boundaries.
#include <cmath>
#include <cstdio>

#include "bits.h"
#include "check.h"
#include "half.h"

using namespace kaiming;

TEST(bfloat16_round_to_nearest_even) {
  CHECK_EQ(Bf16::from_float(1.0f), 0x3F80);
  CHECK_EQ(Bf16::from_float(1.0f + 0x1p-8f), 0x3F80);            // tie -> even (down)
  CHECK_EQ(Bf16::from_float(1.0f + 3 * 0x1p-8f), 0x3F82);        // tie -> even (up)
  CHECK_EQ(Bf16::from_float(1.0f + 0x1p-8f + 0x1p-20f), 0x3F81); // above the tie
  CHECK_EQ(Bf16::from_float(-2.0f), 0xC000);
  CHECK_EQ(Bf16::to_float(0x3F81), 1.0f + 0x1p-7f);
}

TEST(float16_round_to_nearest_even) {
  CHECK_EQ(F16::from_float(1.0f), 0x3C00);
  CHECK_EQ(F16::from_float(65504.0f), 0x7BFF);
  CHECK_EQ(F16::from_float(65519.99f), 0x7BFF);
  CHECK_EQ(F16::from_float(65520.0f), 0x7C00);      // rounds to infinity
  CHECK_EQ(F16::from_float(0x1p-24f), 0x0001);      // smallest subnormal
  CHECK_EQ(F16::from_float(0x1p-25f), 0x0000);      // tie -> even (zero)
  CHECK_EQ(F16::from_float(0x1.8p-24f), 0x0002);    // 1.5 ulp tie -> even (2)
  CHECK_EQ(F16::from_float(-0x1p-14f), 0x8400);     // smallest normal
  CHECK_EQ(F16::from_float(1.0f + 0x1p-11f), 0x3C00);
  CHECK_EQ(F16::to_float(0x0001), 0x1p-24f);
  CHECK_EQ(F16::to_float(0x7BFF), 65504.0f);
  for (uint32_t h = 0; h < 0x7C00; ++h) {  // every finite positive half survives a round trip
    if (F16::from_float(F16::to_float(static_cast<uint16_t>(h))) != h) {
      CHECK_EQ(h, 0u);
      break;
    }
  }
}

// The example: U(-b, b) with b = 0.027063 must not produce 0.0271 in bfloat16.
TEST(round_into_support) {
  const double b = 0.027063;
  const float just_below = std::nextafter(static_cast<float>(b), 0.0f);
  const uint16_t nearest = Bf16::from_float(just_below);
  CHECK(Bf16::to_float(nearest) > b);  // round-to-nearest leaves the support...
  const uint16_t inside = round_into<Bf16>(just_below, -b, b, true);
  CHECK(Bf16::to_float(inside) < b);   // ...the interior neighbour does not
  CHECK_EQ(inside, static_cast<uint16_t>(nearest - 1));
  const uint16_t low_side = round_into<Bf16>(-just_below, -b, b, true);
  CHECK(Bf16::to_float(low_side) >= -b);
  CHECK_EQ(round_into<F16>(0.5f, -1.0, 1.0, true), F16::from_float(0.5f));
}

namespace {

// The straightforward branching float16 rounding (the kernel's before it was
// made branch-free, with NaNs now keeping their top payload bits as F16C's
// vcvtps2ph does), kept as an independent reference for F16::from_float.
uint16_t reference_f16(float x) {
  const uint32_t b = bits_of(x);
  const uint16_t sign = static_cast<uint16_t>((b >> 16) & 0x8000u);
  const uint32_t abs = b & 0x7FFFFFFFu;
  if (abs > 0x7F800000u) return static_cast<uint16_t>(sign | 0x7E00u | ((abs & 0x7FFFFFu) >> 13));  // quiet, top payload bits
  if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);
  if (abs < 0x38800000u) {
    if (abs < 0x33000000u) return sign;
    const uint32_t exp = abs >> 23;
    const uint32_t mant = (abs & 0x7FFFFFu) | 0x800000u;
    const uint32_t shift = 126 - exp;
    const uint32_t half = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1);
    const uint32_t mid = 1u << (shift - 1);
    const uint32_t up = (rem > mid || (rem == mid && (half & 1u))) ? 1u : 0u;
    return static_cast<uint16_t>(sign | (half + up));
  }
  const uint32_t rebased = abs - 0x38000000u;
  return static_cast<uint16_t>(sign | ((rebased + 0xFFFu + ((rebased >> 13) & 1u)) >> 13));
}

}  // namespace

// Every float near a float16 rounding boundary (each midpoint between
// neighbouring halves, and its float neighbours), and a stride through all
// other floats, round as the branching reference does.
TEST(float16_branch_free_rounding_matches_reference) {
  uint64_t checked = 0, wrong = 0;
  auto check = [&](float x) {
    ++checked;
    if (F16::from_float(x) != reference_f16(x)) ++wrong;
  };
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    const double mid = (static_cast<double>(F16::to_float(static_cast<uint16_t>(h))) +
                        static_cast<double>(F16::to_float(static_cast<uint16_t>(h + 1)))) / 2;
    const float m = static_cast<float>(mid);  // exact: a midpoint has 12 significant bits
    for (float x : {std::nextafter(m, 0.0f), m, std::nextafter(m, INFINITY)}) {
      check(x);
      check(-x);
    }
  }
  for (uint64_t b = 0; b <= 0xFFFFFFFFu; b += 251) check(float_of(static_cast<uint32_t>(b)));  // NaNs included
  std::printf("%llu floats checked\n", static_cast<unsigned long long>(checked));
  CHECK_EQ(wrong, uint64_t{0});
}

// The branch-free bfloat16 rounding at its edges: NaNs (whose low bits would
// otherwise carry into the sign), overflow, and the smallest subnormals.
TEST(bfloat16_branch_free_rounding_edges) {
  CHECK_EQ(Bf16::from_float(float_of(0x7F800001u)), 0x7FC0);  // signalling NaN -> quiet NaN
  CHECK_EQ(Bf16::from_float(float_of(0x7FFFFFFFu)), 0x7FFF);  // stays a NaN (adding 0x7FFF would carry into the sign)
  CHECK_EQ(Bf16::from_float(float_of(0xFFC00000u)), 0xFFC0);  // the default NaN of x86 arithmetic
  CHECK_EQ(Bf16::from_float(float_of(0x7F7FFFFFu)), 0x7F80);  // the largest float rounds to infinity
  CHECK_EQ(Bf16::from_float(float_of(0x80000001u)), 0x8000);  // tiny negative -> -0
  CHECK_EQ(Bf16::from_float(float_of(0x00008000u)), 0x0000);  // a tie with an even kept part rounds down
  CHECK_EQ(Bf16::from_float(float_of(0x00018000u)), 0x0002);  // a tie with an odd kept part rounds up
}
