// Big sweep (a tool, not a ctest): kaiming::glibc::log/exp against the host's
// ::log/::exp, bit for bit, on chosen input families. Meaningful only where
// the host is glibc 2.36 x86-64 with FMA (the ifunc then runs the FMA builds
// that glibc_log.cc / glibc_exp.cc follow); it says so and stops elsewhere.
//
// Build:
//   g++ -std=c++17 -O3 -ffp-contract=off -fno-fast-math -fno-math-errno -Wall -Wextra -Werror
//     -Inative/kernel native/test/sweep_glibc_log_exp.cc native/kernel/glibc_log.cc
//     native/kernel/glibc_exp.cc -o /tmp/sweep_log_exp      (one line)
// Run: /tmp/sweep_log_exp MODE COUNT SEED   (COUNT: inputs per family, SEED: any integer)
//   random    COUNT random 64-bit patterns, each through log and exp
//   torch53   COUNT u = k 2^-53 (k random 53-bit): log(u), log(1-u); and
//             COUNT x uniform in (-6, 6): exp(-x x)
//   float24   every u = k 2^-24, k in [0, 2^24): log(u), log(1-u) (COUNT, SEED unused)
//   regions   COUNT each: log on [1-2^-4, 1+0x1.09p-4) (near-1 path), log on
//             subnormals, exp on [-746, 710] uniform, exp on 512 <= |x| < 1024
//             (specialcase), exp on |x| in [2^-60, 2^-50] (tiny-x threshold)
//   floats    every float bit pattern in [SEED, SEED+COUNT) as a double, through log and exp
// Prints the number of inputs and of mismatches per function; exit 1 on any mismatch.
#include <math.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::double_of;
using glibc_host::float_of;

glibc_host::HostComparison<double> check_log{"log", kaiming::glibc::log, ::log};
glibc_host::HostComparison<double> check_exp{"exp", kaiming::glibc::exp, ::exp};

// Uniform in [lo, hi) with all 53 bits random (lo < hi, same sign or spanning 0).
double uniform(std::mt19937_64& g, double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(g() >> 11) * 0x1p-53);
}

}  // namespace

int main(int argc, char** argv) {
  if (!glibc_host::host_is_glibc_reference()) return 0;
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s random|torch53|float24|regions|floats COUNT SEED\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const uint64_t count = std::strtoull(argv[2], nullptr, 0);
  const uint64_t seed = std::strtoull(argv[3], nullptr, 0);
  std::mt19937_64 g(seed);

  if (mode == "random") {
    for (uint64_t i = 0; i < count; ++i) {
      const double x = double_of(g());
      check_log(x);
      check_exp(x);
    }
  } else if (mode == "torch53") {
    for (uint64_t i = 0; i < count; ++i) {
      // torch's uniform double: (random64 & (2^53 - 1)) * 2^-53.
      const double u = static_cast<double>(g() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
      check_log(u);
      check_log(1.0 - u);
      const double x = uniform(g, -6.0, 6.0);
      check_exp(-x * x);
    }
  } else if (mode == "float24") {
    for (uint64_t k = 0; k < (uint64_t{1} << 24); ++k) {
      const double u = static_cast<double>(k) * 0x1p-24;
      check_log(u);
      check_log(1.0 - u);
      check_log(static_cast<double>(1.0f - static_cast<float>(u)));
      check_exp(static_cast<double>(static_cast<float>(u)));
    }
  } else if (mode == "regions") {
    for (uint64_t i = 0; i < count; ++i) {
      check_log(uniform(g, 1.0 - 0x1p-4, 1.0 + 0x1.09p-4));
      check_log(double_of(g() & 0x000fffffffffffffull));
      check_exp(uniform(g, -746.0, 710.0));
      const double big = double_of((g() & 0x800fffffffffffffull) | (uint64_t{0x408 + (i & 1)} << 52));  // 512..2048
      check_exp(big);
      const uint64_t e = 0x3c3 + g() % 11;  // |x| in [2^-60, 2^-49)
      check_exp(double_of((g() & 0x800fffffffffffffull) | (e << 52)));
    }
  } else if (mode == "floats") {
    const uint64_t end = seed + count > (uint64_t{1} << 32) ? (uint64_t{1} << 32) : seed + count;
    for (uint64_t b = seed; b < end; ++b) {
      const float f = float_of(static_cast<uint32_t>(b));
      check_log(static_cast<double>(f));
      check_exp(static_cast<double>(f));
    }
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  std::printf("%s count=%" PRIu64 " seed=%" PRIu64 ": log %" PRIu64 " inputs, %" PRIu64
              " mismatches; exp %" PRIu64 " inputs, %" PRIu64 " mismatches\n",
              mode.c_str(), count, seed, check_log.inputs(), check_log.mismatches(), check_exp.inputs(),
              check_exp.mismatches());
  return check_log.mismatches() + check_exp.mismatches() == 0 ? 0 : 1;
}
