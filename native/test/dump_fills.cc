// Prints one line per fill of a fixed set (every transform and dtype, aligned
// and unaligned starts, a tail-heavy truncated normal): its parameters and the
// FNV-1a 64-bit hash of its output bytes. Every path this CPU runs must give
// the same bytes (else exit 1), so the lines depend only on the compiler and
// the target: .ci/clang.sh diffs GCC's lines against clang's, .ci/arm64.sh
// an arm64 build's (under qemu) against x86-64's. Not a ctest: its output is
// the result, compared across builds.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fill.h"

using namespace kaiming;

namespace {

// FNV-1a, 64-bit (Fowler, Noll, Vo; offset basis and prime from the
// reference at isthe.com/chongo/tech/comp/fnv).
uint64_t fnv1a(const std::vector<unsigned char>& bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::vector<unsigned char> run(Transform t, DType dtype, FillParams p, uint64_t seed, uint64_t start, uint64_t count) {
  std::vector<unsigned char> out(count * bytes_per_element(dtype));
  const FillRequest r = make_request(out.data(), dtype, t, p, seed, 3, start, count, 2);
  if (validate(r).refused() || fill(r) != FillStatus::kDone) {
    std::fprintf(stderr, "dump_fills: a fill of the fixed set did not run\n");
    std::exit(1);
  }
  return out;
}

}  // namespace

int main() {
  struct Case { const char* name; Transform t; FillParams p; };
  const Case cases[] = {
      {"uniform(-0.05,0.05)", Transform::kUniform, {-0.05, 0.05}},
      {"uniform(0,1)", Transform::kUniform, {0.0, 1.0}},
      {"normal(0.1,0.02)", Transform::kNormal, {0.1, 0.02}},
      {"normal(0,1)", Transform::kNormal, {0.0, 1.0}},
      {"trunc_normal(0,1,-2,2)", Transform::kTruncatedNormal, {0.0, 1.0, -2.0, 2.0}},
      {"trunc_normal(0,1,2.5,9)", Transform::kTruncatedNormal, {0.0, 1.0, 2.5, 9.0}},
  };
  const char* dtype_names[] = {"float32", "float64", "bfloat16", "float16"};
  const uint64_t starts[] = {0, 65536 * 3 - 17};
  int lines = 0;
  for (const Case& c : cases) {
    for (int d = 0; d < 4; ++d) {
      for (uint64_t start : starts) {
        for (uint64_t seed : {uint64_t{0}, uint64_t{0x9e3779b97f4a7c15ULL}}) {
          const DType dtype = static_cast<DType>(d);
          force_path("baseline");
          const auto expected = run(c.t, dtype, c.p, seed, start, 150001);
          for (const char* path : {"avx2", "avx512"}) {
            if (!force_path(path)) continue;
            if (run(c.t, dtype, c.p, seed, start, 150001) != expected) {
              std::fprintf(stderr, "dump_fills: path %s differs from baseline on %s %s\n", path, c.name, dtype_names[d]);
              return 1;
            }
          }
          std::printf("%s %s seed=%llu start=%llu fnv1a64=%016llx\n", c.name, dtype_names[d],
                      static_cast<unsigned long long>(seed), static_cast<unsigned long long>(start),
                      static_cast<unsigned long long>(fnv1a(expected)));
          ++lines;
        }
      }
    }
  }
  force_path("");
  std::fprintf(stderr, "dump_fills: %d fills, every path this CPU runs agreeing (best: %s)\n", lines,
               path_name(best_path()));
  return 0;
}
