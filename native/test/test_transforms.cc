// Properties of single transforms that the reference comparison cannot show.
#include <cmath>
#include <vector>

#include "check.h"
#include "refusal_check.h"
#include "fill.h"
#include "transforms.h"
#include "truncated_normal.h"

using namespace kaiming;

// The largest 24-bit draw must not reach the excluded upper bound, even when
// rounding would carry it there.
TEST(uniform_f32_never_reaches_high) {
  const uint32_t all_ones[2] = {~0u, ~0u};  // one word as its two halves
  for (double high : {1.0, 0.0270632938, 3.0e-8, 1e30}) {
    UniformF32 xf(-high, high);
    float out[2];
    xf(all_ones, 1, out);
    CHECK(out[0] < static_cast<float>(high));
    CHECK(out[1] < static_cast<float>(high));
  }
  const uint32_t zero[2] = {0, 0};
  UniformF32 unit(0.0, 1.0);
  float out[2];
  unit(zero, 1, out);
  CHECK_EQ(out[0], 0.0f);
  CHECK_EQ(out[1], 0.0f);
}

TEST(uniform_f64_bounds) {
  const uint64_t all_ones = ~uint64_t{0};
  UniformF64 xf(-1.0, 1.0);
  double out;
  xf(&all_ones, 1, &out);
  CHECK(out < 1.0);
  CHECK_EQ(out, 1.0 - 0x1p-52);
}

// Box-Muller extremes: u = 2^-32 gives the largest radius sqrt(64 ln 2).
TEST(normal_f32_extremes) {
  const uint64_t word = 0xFFFFFFFF00000000ULL | (0x200000u << 8);  // a = all ones; t' = 2^22 (q=1, y ≈ 0)
  float z0, z1;
  NormalF32::standard_pair(word, z0, z1);
  const double r = std::sqrt(64.0 * std::log(2.0));
  CHECK(std::fabs(std::hypot(z0, z1) - r) < 1e-5);
  const uint64_t center = 0;  // a = 0 -> u = 1 -> r = 0
  NormalF32::standard_pair(center, z0, z1);
  CHECK_EQ(std::fabs(z0), 0.0f);
  CHECK_EQ(std::fabs(z1), 0.0f);
}

TEST(truncated_method_choice) {
  CHECK(truncated_method(-2, 2) == TruncatedMethod::kNormal);
  CHECK(truncated_method(-0.5, 0.5) == TruncatedMethod::kUniform);
  CHECK(truncated_method(3, 3.2) == TruncatedMethod::kUniform);
  CHECK(truncated_method(3, INFINITY) == TruncatedMethod::kExponential);
  CHECK(truncated_method(-INFINITY, -5) == TruncatedMethod::kExponential);
  CHECK(truncated_method(-INFINITY, INFINITY) == TruncatedMethod::kNormal);
}

// Every method keeps its values inside [a, b] and has the right mean.
TEST(truncated_normal_bounds_and_mean) {
  struct Case { double a, b, mean; };  // mean of the standard TN on [a, b] (SciPy truncnorm.mean)
  const Case cases[] = {
      {-2, 2, 0.0},
      {-0.5, 0.5, 0.0},
      {3, 3.2, 3.0953448792786045},
      {5, INFINITY, 5.186503967125061},
      {-INFINITY, -5, -5.186503967125061},
      {0, 1, 0.4598622386437444},
  };
  for (const Case& c : cases) {
    for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
      const size_t n = 200000;
      std::vector<double> out64(n);
      std::vector<float> out32(n);
      FillRequest r;
      r.dtype = dtype;
      r.transform = Transform::kTruncatedNormal;
      r.params = {0.0, 1.0, c.a, c.b};
      r.seed = 11;
      r.count = n;
      r.threads = 2;
      r.out = dtype == DType::kFloat64 ? static_cast<void*>(out64.data()) : static_cast<void*>(out32.data());
      CHECK_EQ(validate(r), accepted());
      fill(r);
      double sum = 0;
      bool inside = true;
      for (size_t i = 0; i < n; ++i) {
        const double v = dtype == DType::kFloat64 ? out64[i] : out32[i];
        inside = inside && v >= c.a && v <= c.b;
        sum += v;
      }
      CHECK(inside);
      CHECK(std::fabs(sum / n - c.mean) < 0.01);
    }
  }
}

TEST(validation_refusals) {
  FillRequest r;
  r.transform = Transform::kUniform;
  r.params = {1.0, 1.0};
  CHECK_EQ(validate(r), accepted());  // the constant law at 1, as torch.nn.init.uniform_(w, 1, 1)
  r.params = {2.0, 1.0};
  CHECK_EQ(validate(r), refuse(Problem::kBelow, Argument::kHigh, 1.0));
  r.transform = Transform::kTruncatedNormal;
  r.params = {0.0, 1.0, 1.0000000001, 1.0000000002};
  CHECK_EQ(validate(r), refuse(Problem::kNoValueInBounds, Argument::kA, 1.0000000001));
  r.dtype = DType::kFloat64;
  CHECK_EQ(validate(r), accepted());
}
