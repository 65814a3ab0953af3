// Big sweep: kaiming::glibc::log1p and expm1 against the host's ::log1p and
// ::expm1, bit for bit (NaN bits included). Meaningful only where the host is
// glibc 2.36 x86-64 with FMA and AVX2 (it says so and stops elsewhere). Not a
// ctest test (it runs for minutes); native/test/test_glibc_log1p_expm1.cc is
// the small version.
//
//   g++ -std=c++17 -O3 -ffp-contract=off -fno-fast-math -fno-math-errno -Inative/kernel
//     native/test/sweep_glibc_log1p_expm1.cc native/kernel/glibc_log1p.cc native/kernel/glibc_expm1.cc -o sweep
//   ./sweep FUNCTION FAMILY SEED COUNT      (FUNCTION: log1p | expm1)
//   ./sweep --hash ours|host FUNCTION FAMILY SEED COUNT
//
// --hash prints a hash (FNV-1a over the results' bits, in input order) of
// kaiming's or the host's results instead of comparing: built for
// WebAssembly (clang++-16 --target=wasm32-wasi ..., run under node's WASI)
// its "ours" hash must equal the native "host" hash on glibc 2.36 x86-64 FMA,
// which checks the WebAssembly build (software fma, wasm NaN rules) without
// storing glibc's results.
//
// Families (each input drawn from splitmix64(SEED, i)):
//   bits     random 64-bit patterns (the whole range, NaNs and infinities included)
//   logu     random sign, exponent uniform in [-70, 12), random significand
//   wide     random sign, exponent uniform over the whole range (subnormals too)
//   edges    COUNT consecutive doubles centred on each branch threshold of the
//            function (the lists below: about 3300 for log1p, 1100 for expm1)
//   survival the arguments truncated_normal_survival.cc gives: log1p on
//            [-1/900, 0) (series_correction), on [0, 2^64) log-uniform (d/u) and
//            on [-1/2, 0) (log1m_exp); expm1 on (-ln2, 0] (log1m_exp); each
//            uniform and log-uniform
// Prints "FUNCTION FAMILY SEED: N inputs, M mismatches" and the first mismatches.
#include <math.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Sign from bit 63, exponent in [lo, hi) from bits 52.., significand from the low 52 bits.
double log_uniform(uint64_t r, uint64_t r2, int lo, int hi) {
  const int e = lo + static_cast<int>(r2 % static_cast<uint64_t>(hi - lo));
  const double m = double_of((r & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  const double x = ldexp(m, e);
  return (r >> 63) ? -x : x;
}

// Uniform in [a, b) with 53 random bits.
double uniform(uint64_t r, double a, double b) { return a + (b - a) * static_cast<double>(r >> 11) * 0x1p-53; }

// The double with high word h and low word 0.
double hw(uint32_t h) { return double_of(static_cast<uint64_t>(h) << 32); }

// The doubles with these high words (low word 0), each followed by its negative.
std::vector<double> high_words_and_negatives(std::initializer_list<uint32_t> highs) {
  std::vector<double> t;
  for (uint32_t h : highs) {
    t.push_back(hw(h));
    t.push_back(-hw(h));
  }
  return t;
}

// Thresholds: the doubles where the routine's branch, or k, changes.
std::vector<double> log1p_edges() {
  std::vector<double> t = high_words_and_negatives(
      {0x3fda827au, 0x3ff00000u, 0x3e200000u, 0x3c900000u, 0x43400000u, 0x7ff00000u, 0x7fefffffu});
  t.push_back(-hw(0x3fd2bec4u));
  t.push_back(-hw(0x3fd2bec5u));
  t.push_back(0.0);
  t.push_back(0x1p-1022);
  t.push_back(-0x1p-1022);
  // 1 + x = 2^k (k changes; |f| < 2^-20 where hu == 0) and 1 + x near
  // sqrt(2) 2^k (the 0x6a09e split), for x > -1.
  for (int k = -60; k <= 1023; ++k) {
    const double p = ldexp(1.0, k);
    t.push_back(p - 1.0);
    t.push_back(double_of(0x3ff6a09e00000000ull) * p - 1.0);
    t.push_back(double_of(0x3ff6a09dfffffffeull) * p - 1.0);
  }
  return t;
}

std::vector<double> expm1_edges() {
  std::vector<double> t = high_words_and_negatives(
      {0x4043687au, 0x40862e42u, 0x3fd62e42u, 0x3fd62e43u, 0x3ff0a2b2u, 0x3c900000u, 0x7ff00000u});
  t.push_back(0x1.62e42fefa39efp+9);  // o_threshold
  t.push_back(0.0);
  t.push_back(0x1p-1022);
  t.push_back(-0x1p-1022);
  t.push_back(0x1.62e42fee00000p-1 - 0.25);  // k = 1, r = -0.25
  // k changes at (k + 1/2) ln2 (the rounding of invln2 x +- 1/2).
  for (int k = -57; k <= 1024; ++k) t.push_back((k + 0.5) * 0.6931471805599453);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  bool hash = false, hash_host = false;
  if (argc == 7 && std::string(argv[1]) == "--hash") {
    hash = true;
    hash_host = std::string(argv[2]) == "host";
    if (!hash_host && std::string(argv[2]) != "ours") argc = 0;
    argv += 2;
    argc -= 2;
  }
  if (argc != 5) {
    std::fprintf(stderr, "usage: sweep [--hash ours|host] log1p|expm1 bits|logu|wide|edges|survival SEED COUNT\n");
    return 2;
  }
  if (!hash && !glibc_host::host_is_glibc_reference()) return 0;
  const std::string fn = argv[1], family = argv[2];
  const uint64_t seed = std::strtoull(argv[3], nullptr, 0);
  const uint64_t count = std::strtoull(argv[4], nullptr, 0);
  double (*ours)(double) = nullptr;
  double (*host)(double) = nullptr;
  if (fn == "log1p") {
    ours = kaiming::glibc::log1p;
    host = ::log1p;
  } else if (fn == "expm1") {
    ours = kaiming::glibc::expm1;
    host = ::expm1;
  } else {
    std::fprintf(stderr, "unknown function %s\n", fn.c_str());
    return 2;
  }

  glibc_host::HostComparison<double> compare{fn.c_str(), ours, host};
  uint64_t n = 0, h = 0xcbf29ce484222325ull;
  auto check = [&](double x) {
    ++n;
    if (hash) {
      h = (h ^ bits_of(hash_host ? compare.host(x) : ours(x))) * 0x100000001b3ull;
      return;
    }
    compare(x);
  };

  const uint64_t base = splitmix64(seed * 0x100000001b3ull + (fn == "log1p" ? 1 : 2));
  if (family == "bits") {
    for (uint64_t i = 0; i < count; ++i) check(double_of(splitmix64(base + i)));
  } else if (family == "logu") {
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t r = splitmix64(base + 2 * i), r2 = splitmix64(base + 2 * i + 1);
      check(log_uniform(r, r2, -70, 12));
    }
  } else if (family == "wide") {
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t r = splitmix64(base + 2 * i), r2 = splitmix64(base + 2 * i + 1);
      check(log_uniform(r, r2, -1074, 1024));
    }
  } else if (family == "edges") {
    const std::vector<double> edges = fn == "log1p" ? log1p_edges() : expm1_edges();
    const int64_t half = static_cast<int64_t>(count / 2);
    for (double p : edges) {
      // Consecutive doubles in the order of the reals, through zero.
      const int64_t key = std::signbit(p) ? -static_cast<int64_t>(bits_of(-p)) : static_cast<int64_t>(bits_of(p));
      for (int64_t d = -half; d < half; ++d) {
        const int64_t k = key + d;
        const double x = k >= 0 ? double_of(static_cast<uint64_t>(k)) : -double_of(static_cast<uint64_t>(-k));
        check(x);
      }
    }
  } else if (family == "survival") {
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t r = splitmix64(base + 2 * i), r2 = splitmix64(base + 2 * i + 1);
      double x;
      if (fn == "log1p") {
        switch (r2 % 6) {
          case 0: x = uniform(r, -1.0 / 900, 0.0); break;
          case 1: x = -log_uniform(r & ~(1ull << 63), r2 >> 3, -70, -9); break;  // [-2^-10, 0)
          case 2: x = log_uniform(r & ~(1ull << 63), r2 >> 3, -1074, 64); break;  // d/u >= 0
          case 3: x = uniform(r, -0.5, 0.0); break;
          case 4: x = -log_uniform(r & ~(1ull << 63), r2 >> 3, -1074, -1); break;  // -e^x, x <= -ln2
          default: x = uniform(r, 0.0, 64.0); break;
        }
      } else {
        switch (r2 % 3) {
          case 0: x = uniform(r, -0.6931471805599453, 0.0); break;
          case 1: x = -log_uniform(r & ~(1ull << 63), r2 >> 3, -1074, 0); break;
          default: x = uniform(r, -40.0, 0.0); break;
        }
      }
      check(x);
    }
  } else {
    std::fprintf(stderr, "unknown family %s\n", family.c_str());
    return 2;
  }
  if (hash) {
    std::printf("%s %s %" PRIu64 ": %" PRIu64 " inputs, %s hash %016" PRIx64 "\n", fn.c_str(), family.c_str(), seed, n,
                hash_host ? "host" : "ours", h);
    return 0;
  }
  const uint64_t bad = compare.mismatches();
  std::printf("%s %s %" PRIu64 ": %" PRIu64 " inputs, %" PRIu64 " mismatches\n", fn.c_str(), family.c_str(), seed, n,
              bad);
  return bad == 0 ? 0 : 1;
}
