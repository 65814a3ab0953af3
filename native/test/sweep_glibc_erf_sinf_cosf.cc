// Sweep tool (not a ctest): compares kaiming::glibc::{erf, erff, sinf, cosf,
// expf} with the host's libm bit for bit. Meaningful only on glibc 2.36 x86-64 with
// FMA (the host test_glibc_*.cc check that; this tool just compares).
//
//   sweep_glibc_erf_sinf_cosf erff|sinf|cosf|expf FIRST COUNT
//       every float bit pattern in [FIRST, FIRST+COUNT) (hex or decimal;
//       COUNT up to 2^32), NaN outputs compared by their bits too.
//   sweep_glibc_erf_sinf_cosf erf-random|erf-normal|erf-edges SEED COUNT
//       COUNT doubles: random bit patterns over the whole range; x/sqrt(2) for
//       x drawn like torch's trunc_normal_ bounds (normal, uniform, and
//       (bound - mean)/std quotients); or dense runs of consecutive doubles
//       around each branch threshold of erf (2^-1015ish, 2^-28, 0.84375, 1.25,
//       1/0.35, 6, 28) and their negatives, walking outward from each threshold.
//
// Build (erf needs kaiming::glibc::exp, from the kernel's glibc_exp.cc):
//   g++ -std=c++17 -O2 -ffp-contract=off -fno-fast-math -fno-math-errno -mfma
//     -Inative/kernel native/test/sweep_glibc_erf_sinf_cosf.cc
//     native/kernel/glibc_erf.cc native/kernel/glibc_erff.cc
//     native/kernel/glibc_sinf_cosf.cc native/kernel/glibc_expf.cc
//     native/kernel/glibc_exp.cc -o sweep
// (-mfma only makes std::fma an instruction instead of a call; the results
// are the same either way.)
#include <math.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "glibc_libm.h"

namespace {

uint32_t fbits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
float ffrom(uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
uint64_t dbits(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
double dfrom(uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

uint64_t g_count = 0, g_mismatch = 0;

void check_double(double x) {
  const double want = ::erf(x);
  const double got = kaiming::glibc::erf(x);
  ++g_count;
  if (dbits(want) != dbits(got)) {
    if (++g_mismatch <= 20)
      std::printf("MISMATCH erf(%a) [%016" PRIx64 "]: glibc %a, ours %a\n", x, dbits(x), want, got);
  }
}

int sweep_float(const std::string& fn, uint64_t first, uint64_t count) {
  float (*ours)(float) = nullptr;
  float (*theirs)(float) = nullptr;
  if (fn == "erff") {
    ours = kaiming::glibc::erff;
    theirs = ::erff;
  } else if (fn == "sinf") {
    ours = kaiming::glibc::sinf;
    theirs = ::sinf;
  } else if (fn == "cosf") {
    ours = kaiming::glibc::cosf;
    theirs = ::cosf;
  } else if (fn == "expf") {
    ours = kaiming::glibc::expf;
    theirs = ::expf;
  } else {
    return 2;
  }
  for (uint64_t k = first; k < first + count; ++k) {
    const float x = ffrom(static_cast<uint32_t>(k));
    const float want = theirs(x);
    const float got = ours(x);
    ++g_count;
    if (fbits(want) != fbits(got)) {
      if (++g_mismatch <= 20)
        std::printf("MISMATCH %s(%a) [%08x]: glibc %a [%08x], ours %a [%08x]\n", fn.c_str(), x,
                    static_cast<unsigned>(k), want, fbits(want), got, fbits(got));
    }
  }
  return 0;
}

int sweep_erf(const std::string& mode, uint64_t seed, uint64_t count) {
  std::mt19937_64 rng(seed);
  if (mode == "erf-random") {
    for (uint64_t i = 0; i < count; ++i) check_double(dfrom(rng()));
  } else if (mode == "erf-normal") {
    // torch's trunc_normal_(mean, std, a, b) evaluates erf((b - mean)/std/sqrt(2))
    // and the same for a; x here plays (bound - mean)/std in a few shapes.
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uni(-8.0, 8.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (uint64_t i = 0; i < count; ++i) {
      double x;
      switch (i % 4) {
        case 0: x = normal(rng); break;
        case 1: x = uni(rng); break;
        case 2: x = (uni(rng) - normal(rng)) / (0.01 + 4 * unit(rng)); break;
        default: x = normal(rng) * std::ldexp(1.0, static_cast<int>(rng() % 60) - 40); break;
      }
      check_double(x / 1.4142135623730951);
      check_double(x * 0.7071067811865476);
    }
  } else if (mode == "erf-edges") {
    // Thresholds of erf's high-word tests, plus 28 (erfc's last threshold):
    // each run walks count/28 consecutive doubles up and down.
    const double edges[] = {0x1p-1015, 0x1p-28, 0.84375, 1.25, dfrom(0x4006db6e00000000ull), 6.0, 28.0};
    const uint64_t per = count / (sizeof edges / sizeof edges[0]) / 4;
    for (double e : edges) {
      for (int sgn = 0; sgn < 2; ++sgn) {
        const uint64_t b = dbits(e) | (sgn ? 0x8000000000000000ull : 0);
        for (uint64_t k = 0; k < per; ++k) {
          check_double(dfrom(b + k));
          check_double(dfrom(b - 1 - k));
        }
      }
    }
    (void)seed;
  } else {
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s erff|sinf|cosf|expf FIRST COUNT | erf-random|erf-normal|erf-edges SEED COUNT\n",
                 argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const uint64_t a = std::strtoull(argv[2], nullptr, 0);
  const uint64_t b = std::strtoull(argv[3], nullptr, 0);
  const int rc = mode.compare(0, 3, "erf") == 0 && mode != "erff" ? sweep_erf(mode, a, b) : sweep_float(mode, a, b);
  if (rc != 0) {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return rc;
  }
  std::printf("%s %s %s: %" PRIu64 " inputs, %" PRIu64 " mismatches\n", argv[1], argv[2], argv[3], g_count,
              g_mismatch);
  return g_mismatch == 0 ? 0 : 1;
}
