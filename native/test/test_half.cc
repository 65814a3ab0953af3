// float32 -> bfloat16/float16 rounding at hand-computed boundaries.
#include <cmath>

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
