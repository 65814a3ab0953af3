// Every compiled path (baseline, AVX2, AVX-512: those this CPU runs) gives
// identical bytes for every transform and dtype.
#include <cstring>
#include <vector>

#include "check.h"
#include "fill.h"

using namespace kaiming;

namespace {

std::vector<unsigned char> run(Transform transform, DType dtype, FillParams params, uint64_t start, uint64_t count) {
  std::vector<unsigned char> out(count * bytes_per_element(dtype));
  fill(make_request(out.data(), dtype, transform, params, 77, 5, start, count, 2));
  return out;
}

}  // namespace

TEST(paths_give_identical_bytes) {
  struct Case { Transform t; FillParams p; };
  const Case cases[] = {
      {Transform::kUniform, {-0.05, 0.05}},
      {Transform::kNormal, {0.1, 0.02}},
      {Transform::kTruncatedNormal, {0.0, 1.0, -2.0, 2.0}},
      {Transform::kTruncatedNormal, {0.0, 1.0, 2.5, 9.0}},
  };
  int compared = 0;
  for (const Case& c : cases) {
    for (DType dtype : {DType::kFloat32, DType::kFloat64, DType::kBfloat16, DType::kFloat16}) {
      CHECK(force_path("baseline"));
      const auto expected = run(c.t, dtype, c.p, 1234, 200003);
      for (const char* name : {"avx2", "avx512"}) {
        if (!force_path(name)) continue;
        CHECK(run(c.t, dtype, c.p, 1234, 200003) == expected);
        ++compared;
      }
    }
  }
  force_path("");
  std::printf("compared %d path/transform/dtype combinations against baseline (best path here: %s)\n", compared,
              path_name(best_path()));
}
