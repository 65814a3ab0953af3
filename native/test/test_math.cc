// Accuracy of the polynomial log/sin/cos against libm, in ulps. libm is only
// the yardstick here: the transforms never call it.
#include <cmath>
#include <cstdint>

#include "check.h"
#include "math_f32.h"
#include "math_f64.h"

namespace {

double ulp_error_f32(float got, double exact) {
  const float near = static_cast<float>(exact);
  const double ulp = std::nextafter(std::fabs(near), INFINITY) - std::fabs(near);
  return std::fabs(static_cast<double>(got) - exact) / ulp;
}

double ulp_error_f64(double got, long double exact) {
  const double near = static_cast<double>(exact);
  const long double ulp = std::nextafter(std::fabs(near), INFINITY) - std::fabs(near);
  return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

}  // namespace

TEST(log_f32_within_2_ulp) {
  double worst = 0;
  for (uint32_t k = 1; k <= 4096; ++k) {
    // Points spread over [2^-32, 1], the range the normal transform uses.
    const float x = std::ldexp(1.0f + static_cast<float>(k % 997) / 997.0f, -static_cast<int>(k % 33)) * 0.5f;
    if (x == 1.0f) continue;
    worst = std::fmax(worst, ulp_error_f32(kaiming::f32::log(x), std::log(static_cast<double>(x))));
  }
  CHECK(worst <= 2.0);
  CHECK_EQ(kaiming::f32::log(1.0f), 0.0f);
}

TEST(sincos_f32_within_2_ulp) {
  double worst = 0;
  for (int k = -4000; k <= 4000; ++k) {
    const float y = static_cast<float>(k) * (0.785398f / 4000.0f);
    if (y == 0.0f) continue;
    worst = std::fmax(worst, ulp_error_f32(kaiming::f32::sin_kernel(y), std::sin(static_cast<double>(y))));
    worst = std::fmax(worst, ulp_error_f32(kaiming::f32::cos_kernel(y), std::cos(static_cast<double>(y))));
  }
  CHECK(worst <= 2.0);
}

TEST(log_f64_within_1_ulp) {
  double worst = 0;
  for (uint32_t k = 1; k <= 4096; ++k) {
    const double x = std::ldexp(1.0 + static_cast<double>(k % 1009) / 1009.0, -static_cast<int>(k % 54)) * 0.5;
    if (x == 1.0) continue;
    worst = std::fmax(worst, ulp_error_f64(kaiming::f64::log(x), std::log(static_cast<long double>(x))));
  }
  CHECK(worst <= 1.0);
  CHECK_EQ(kaiming::f64::log(1.0), 0.0);
}

TEST(sincos_f64_within_1_ulp) {
  double worst = 0;
  for (int k = -4000; k <= 4000; ++k) {
    const double y = static_cast<double>(k) * (0.78539816339744 / 4000.0);
    if (y == 0.0) continue;
    worst = std::fmax(worst, ulp_error_f64(kaiming::f64::sin_kernel(y), std::sin(static_cast<long double>(y))));
    worst = std::fmax(worst, ulp_error_f64(kaiming::f64::cos_kernel(y), std::cos(static_cast<long double>(y))));
  }
  CHECK(worst <= 1.0);
}
