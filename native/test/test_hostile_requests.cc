// Requests at the edges of what validate() accepts, and those it refuses:
// run under the ASan+UBSan and TSan builds (KAIMING_SANITIZE, KAIMING_TSAN),
// these must finish without a report, an overflow or a hang (each case below
// once overflowed, wrapped the chunk arithmetic or never ended).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "check.h"
#include "fill.h"
#include "refusal_check.h"

using namespace kaiming;

namespace {

constexpr uint64_t kMaxU64 = std::numeric_limits<uint64_t>::max();

FillRequest request(Transform transform, DType dtype, FillParams params, uint64_t start, uint64_t count, void* out) {
  FillRequest r;
  r.out = out;
  r.dtype = dtype;
  r.transform = transform;
  r.params = params;
  r.seed = 3;
  r.key = 11;
  r.start = start;
  r.count = count;
  r.threads = 2;
  return r;
}

const DType kDTypes[] = {DType::kFloat32, DType::kFloat64, DType::kBfloat16, DType::kFloat16};

}  // namespace

TEST(validate_refuses_every_malformed_request) {
  double slot = 0;
  struct Case {
    FillRequest r;
    Refusal refusal;
  };
  auto with = [&](Transform t, FillParams p) { return request(t, DType::kFloat32, p, 0, 1, &slot); };
  std::vector<Case> cases = {
      {request(Transform::kUniform, DType::kFloat32, {0, 1}, 0, 5, nullptr), refuse(Problem::kMissing, Argument::kOut)},
      {request(Transform::kUniform, static_cast<DType>(7), {0, 1}, 0, 1, &slot), refuse(Problem::kUnknown, Argument::kDType, 7)},
      {request(static_cast<Transform>(5), DType::kFloat32, {0, 1}, 0, 1, &slot), refuse(Problem::kUnknown, Argument::kTransform, 5)},
      {request(Transform::kUniform, DType::kFloat32, {0, 1}, kMaxU64, 2, &slot), refuse(Problem::kIndexOverflow, Argument::kStart, static_cast<double>(kMaxU64))},
      {request(Transform::kUniform, DType::kFloat32, {0, 1}, kMaxU64 - 3, 4, &slot), refuse(Problem::kIndexOverflow, Argument::kStart, static_cast<double>(kMaxU64 - 3))},
      {with(Transform::kUniform, {NAN, 1}), refuse(Problem::kNotFinite, Argument::kLow, NAN)},
      {with(Transform::kUniform, {0, INFINITY}), refuse(Problem::kNotFinite, Argument::kHigh, INFINITY)},
      {with(Transform::kUniform, {2, 1}), refuse(Problem::kBelow, Argument::kHigh, 1)},
      {with(Transform::kUniform, {1 + 1e-10, 1 + 2e-10}), refuse(Problem::kNoValueInBounds, Argument::kLow, 1 + 1e-10)},
      {with(Transform::kUniform, {-1e308, 1e308}), refuse(Problem::kSpanNotFinite, Argument::kHigh, 1e308)},
      {with(Transform::kNormal, {NAN, 1}), refuse(Problem::kNotFinite, Argument::kMean, NAN)},
      {with(Transform::kNormal, {-INFINITY, 1}), refuse(Problem::kNotFinite, Argument::kMean, -INFINITY)},
      {with(Transform::kNormal, {0, -1}), refuse(Problem::kNegative, Argument::kStd, -1)},
      {with(Transform::kNormal, {0, NAN}), refuse(Problem::kNegative, Argument::kStd, NAN)},
      {with(Transform::kNormal, {0, INFINITY}), refuse(Problem::kNegative, Argument::kStd, INFINITY)},
      {with(Transform::kTruncatedNormal, {0, 0, -1, 1}), refuse(Problem::kNotPositive, Argument::kStd, 0)},
      {with(Transform::kTruncatedNormal, {0, 1, NAN, 1}), refuse(Problem::kNaN, Argument::kA, NAN)},
      {with(Transform::kTruncatedNormal, {0, 1, 1, 1}), refuse(Problem::kNotAbove, Argument::kB, 1)},
      {with(Transform::kTruncatedNormal, {0, 1, INFINITY, INFINITY}), refuse(Problem::kNotAbove, Argument::kB, INFINITY)},
      {with(Transform::kTruncatedNormal, {0, 1, -1e300, -1e299}), refuse(Problem::kNoValueInBounds, Argument::kA, -1e300)},
      {with(Transform::kTruncatedNormal, {0, 1, 1e200, INFINITY}), refuse(Problem::kNoValueInBounds, Argument::kA, 1e200)},
      {with(Transform::kTruncatedNormal, {0, 1, 16000.0000001, INFINITY}), refuse(Problem::kHopeless, Argument::kA, 16000.0000001)},
  };
  for (const Case& c : cases) CHECK_EQ(validate(c.r), c.refusal);
}

TEST(the_last_elements_of_the_index_space) {
  // start + count = 2^64 - 1 exactly: the chunk arithmetic must not wrap.
  for (DType dtype : kDTypes) {
    const uint64_t count = 70000;
    const uint64_t start = kMaxU64 - count;
    std::vector<unsigned char> all(count * bytes_per_element(dtype)), tail(count / 2 * bytes_per_element(dtype));
    FillRequest r = request(Transform::kTruncatedNormal, dtype, {0, 1, -2, 2}, start, count, all.data());
    CHECK_EQ(validate(r), accepted());
    CHECK(fill(r) == FillStatus::kDone);
    FillRequest t = request(Transform::kTruncatedNormal, dtype, {0, 1, -2, 2}, start + count / 2, count / 2, tail.data());
    CHECK(fill(t) == FillStatus::kDone);
    CHECK(std::memcmp(all.data() + all.size() - tail.size(), tail.data(), tail.size()) == 0);
  }
}

TEST(extreme_but_valid_parameters_finish) {
  // Each is accepted by validate() in most dtypes; values may be ±inf for the
  // narrow dtypes (as in PyTorch), but the fill must end without undefined
  // behaviour. validate() refuses the 6 with no finite value of the narrow dtype
  // in [low, high) or [a, b] (uniform at 1e308, [−∞, −1e300]).
  struct Case {
    Transform t;
    FillParams p;
  };
  const double tiny = std::numeric_limits<double>::denorm_min();
  const Case cases[] = {
      {Transform::kUniform, {-1e300, 1e300}},
      {Transform::kUniform, {-tiny, tiny}},
      {Transform::kUniform, {1e308, 1.7e308}},
      {Transform::kNormal, {1e308, 1e308}},
      {Transform::kNormal, {0, 0}},
      {Transform::kNormal, {-1e-300, tiny}},
      {Transform::kTruncatedNormal, {0, 1, -INFINITY, INFINITY}},
      {Transform::kTruncatedNormal, {0, 1e-300, -1, 1}},
      {Transform::kTruncatedNormal, {0, tiny, -INFINITY, INFINITY}},
      {Transform::kTruncatedNormal, {0, 1, 37, INFINITY}},
      {Transform::kTruncatedNormal, {0, 1, -INFINITY, -1e300}},
      {Transform::kTruncatedNormal, {1e300, 1e300, -INFINITY, INFINITY}},
      {Transform::kTruncatedNormal, {0, 1, 0.027063, 0.5}},
      {Transform::kTruncatedNormal, {0, 1, 6, 6.0000001}},
  };
  int ran = 0;
  for (const Case& c : cases) {
    for (DType dtype : kDTypes) {
      std::vector<unsigned char> out(70001 * bytes_per_element(dtype));
      FillRequest r = request(c.t, dtype, c.p, 12345, 70001, out.data());
      // Refused: no finite value of the dtype in [low, high) or [a, b], or (uniform [−1e300, 1e300)
      // in float32 and the 16-bit dtypes) a span float(high − low) beyond the float range.
      if (validate(r).refused()) continue;
      const FillStatus status = fill(r);
      if (status != FillStatus::kDone) {
        std::printf("  not done: transform %d dtype %d params %g %g %g %g\n", static_cast<int>(c.t), static_cast<int>(dtype),
                    c.p.p0, c.p.p1, c.p.p2, c.p.p3);
      }
      CHECK(status == FillStatus::kDone);
      ++ran;
    }
  }
  std::printf("filled %d extreme requests\n", ran);
  CHECK_EQ(ran, 47);
}

TEST(a_truncated_normal_that_keeps_nothing_stalls_instead_of_hanging) {
  // Tails whose scale (std/a) is far below one step of the output precision:
  // every candidate rounds to the value just below a, which lies outside [a, b].
  struct Case {
    DType dtype;
    FillParams p;
  };
  const Case cases[] = {
      {DType::kFloat32, {0, 1, 1000000.01, 1000001}},
      {DType::kBfloat16, {0, 1, 1000000.01, 1004000}},
      {DType::kFloat64, {9.827782780430873, 1.6098032392849095, 1000000000000045.4, INFINITY}},
      // (a − mean)/std overflows to +∞: no candidate is finite.
      {DType::kFloat64, {0, 1e-308, 10, 20}},
  };
  for (const Case& c : cases) {
    for (uint64_t count : {uint64_t{1}, uint64_t{200000}}) {
      std::vector<unsigned char> out(count * bytes_per_element(c.dtype));
      FillRequest r = request(Transform::kTruncatedNormal, c.dtype, c.p, 100, count, out.data());
      // validate() refuses them from their parameters; fill() guards callers that skip it.
      CHECK(validate(r).problem == Problem::kHopeless || validate(r).problem == Problem::kNoValueInBounds);
      const auto t0 = std::chrono::steady_clock::now();
      CHECK(fill(r) == FillStatus::kStalled);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::printf("stalled after %.1f ms (dtype %d, %llu elements)\n", ms, static_cast<int>(c.dtype),
                  static_cast<unsigned long long>(count));
    }
  }
  // A tail that is merely far (scale well above a float step) still fills.
  std::vector<float> out(1000);
  FillRequest far = request(Transform::kTruncatedNormal, DType::kFloat32, {0, 1, 10000.0001, 10001}, 0, 1000, out.data());
  CHECK(fill(far) == FillStatus::kDone);
  bool inside = true;
  for (float v : out) inside = inside && v >= 10000.0001 && v <= 10001;
  CHECK(inside);
}
