// A bfloat16/float16 fill is the float32 fill of the same request rounded
// once into the support (half.h, round_into), element for element, on every
// compiled path: checked against a scalar rounding of the float32 stream.
// Uniform and normal fills round through HalfRounder (the vectorised clamp and
// rounding, F16C on the AVX2/AVX-512 paths), with bounds chosen to hit its
// awkward cases; the truncated normal rounds each kept value with round_into
// itself, and is here for the property, not for HalfRounder.
#include <cmath>
#include <cstring>
#include <vector>

#include "check.h"
#include "fill.h"
#include "half.h"

using namespace kaiming;

namespace {

template <class T>
std::vector<T> run(Transform transform, DType dtype, FillParams params, uint64_t start, uint64_t count) {
  std::vector<T> out(count);
  fill(make_request(out.data(), dtype, transform, params, 2024, 9, start, count, 2));
  return out;
}

struct Case {
  Transform transform;
  FillParams params;
  double lo, hi;  // the support used to round
  bool hi_open;
};

// Returns the number of elements that differ from the scalar rounding of the float32 stream.
template <class Codec>
size_t mismatches(const Case& c, DType dtype, uint64_t start, uint64_t count) {
  const auto wide = run<float>(c.transform, DType::kFloat32, c.params, start, count);
  const auto narrow = run<uint16_t>(c.transform, dtype, c.params, start, count);
  size_t bad = 0;
  for (size_t i = 0; i < count; ++i) {
    if (narrow[i] != round_into<Codec>(wide[i], c.lo, c.hi, c.hi_open)) ++bad;
  }
  return bad;
}

}  // namespace

TEST(half_fills_round_the_float32_stream) {
  const Case cases[] = {
      {Transform::kUniform, {-0.027063, 0.027063}, -0.027063, 0.027063, true},  // the bf16 example
      {Transform::kUniform, {-0.05, 0.05}, -0.05, 0.05, true},
      {Transform::kUniform, {0.0, 1.0}, 0.0, 1.0, true},
      {Transform::kUniform, {-1.0, 0.0}, -1.0, 0.0, true},                     // open at zero: -0 and the step below it
      {Transform::kUniform, {1.0, 1.0 + 0x1p-10}, 1.0, 1.0 + 0x1p-10, true},   // narrower than a bf16 ulp
      {Transform::kUniform, {0.1, 0.1 + 1e-4}, 0.1, 0.1 + 1e-4, true},         // no bf16 inside at all
      {Transform::kUniform, {-7e4, 7e4}, -7e4, 7e4, true},                     // beyond float16's range
      {Transform::kUniform, {3e-8, 6e-8}, 3e-8, 6e-8, true},                   // float16 subnormals
      {Transform::kUniform, {-0x1p-13, 0x1p-13}, -0x1p-13, 0x1p-13, true},     // across float16's smallest normal
      {Transform::kUniform, {-1e-40, 1e-40}, -1e-40, 1e-40, true},             // float32 subnormals
      {Transform::kNormal, {0.0, 0.02}, -INFINITY, INFINITY, false},
      {Transform::kNormal, {0.0, 3e4}, -INFINITY, INFINITY, false},            // float16 overflow to infinity
      {Transform::kNormal, {1e-6, 1e-7}, -INFINITY, INFINITY, false},          // float16 subnormals
      {Transform::kNormal, {1e39, 1e39}, -INFINITY, INFINITY, false},          // float(mean) = inf: infinities and NaNs
      {Transform::kUniform, {1e-9, 2e-9}, 1e-9, 2e-9, true},                   // no float16 value inside (scalar fallback)
      {Transform::kTruncatedNormal, {0.0, 1.0, -2.0, 2.0}, -2.0, 2.0, false},
      {Transform::kTruncatedNormal, {0.0, 0.02, -0.027063, 0.027063}, -0.027063, 0.027063, false},
  };
  int runs = 0;
  for (const char* path : {"baseline", "avx2", "avx512"}) {
    if (!force_path(path)) continue;
    for (const Case& c : cases) {
      // A range that starts and ends inside engine blocks, across a chunk edge.
      CHECK_EQ(mismatches<Bf16>(c, DType::kBfloat16, 65536 - 1001, 70001), size_t{0});
      CHECK_EQ(mismatches<F16>(c, DType::kFloat16, 65536 - 1001, 70001), size_t{0});
      ++runs;
    }
  }
  force_path("");
  CHECK(runs >= static_cast<int>(sizeof cases / sizeof cases[0]));
}
