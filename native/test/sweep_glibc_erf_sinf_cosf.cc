// Sweep tool (not a ctest): compares kaiming::glibc::{erf, erfc, erff, sinf,
// cosf, expf} with the host's libm bit for bit. Meaningful only on glibc 2.36 x86-64 with
// FMA (it says so and stops elsewhere).
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
//   sweep_glibc_erf_sinf_cosf erfc-random|erfc-range|erfc-edges|erfc-underflow|erfc-survival SEED COUNT
//       COUNT doubles for erfc: random bit patterns over the whole range;
//       random sign and significand with exponents 2^-60..2^5 (every branch);
//       dense runs of consecutive doubles around erfc's thresholds (2^-56,
//       2^-28, 1/4, 0.84375, 1.25, 1/0.35 as erfc's high word 0x4006db6d and
//       erf's 0x4006db6e, 6, 28) and their negatives, walking outward from
//       distance SEED (so that pieces continue each other), and the same
//       thresholds in steps of 0x31f3d ulps; the underflow region: uniform in
//       [26.5, 27.3] and consecutive doubles around where glibc's erfc leaves
//       the normal range (~26.54) and where it reaches 0 (~27.23), walking
//       outward from distance SEED*COUNT/8; or erfc(t*sqrt(1/2)) for t
//       uniform in [0, 40] (kaiming's truncated_normal_survival.cc; a quarter
//       of them in [-40, 0]).
//   sweep_glibc_erf_sinf_cosf erfc-bits FIRST COUNT
//       every double bit pattern in [FIRST, FIRST+COUNT), e.g. the 2^32 doubles
//       of high word 0x4006db6d, where erfc already uses rb/sb and erf still
//       ra/sa: erfc-bits 0x4006db6d00000000 0x100000000 (~35M inputs/s here;
//       where results are subnormal, e.g. 0x403b39f2e0000000, ~3M/s).
//
// Build (erf and erfc need kaiming::glibc::exp, from the kernel's glibc_exp.cc):
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
#include <random>
#include <string>

#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;
using glibc_host::float_of;

// Inputs and mismatches of sweep_float (erf and erfc count in their own).
uint64_t g_count = 0, g_mismatch = 0;

glibc_host::HostComparison<double> check_double{"erf", kaiming::glibc::erf, ::erf};
glibc_host::HostComparison<double> check_erfc{"erfc", kaiming::glibc::erfc, ::erfc};

// The least positive double whose host erfc satisfies pred (erfc decreases
// there): bisection over bit patterns in [lo, hi].
template <class Pred>
uint64_t first_where(uint64_t lo, uint64_t hi, Pred pred) {
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (pred(check_erfc.host(double_of(mid)))) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

int sweep_erfc(const std::string& mode, uint64_t seed, uint64_t count) {
  std::mt19937_64 rng(seed);
  if (mode == "erfc-random") {
    for (uint64_t i = 0; i < count; ++i) check_erfc(double_of(rng()));
  } else if (mode == "erfc-bits") {
    for (uint64_t u = seed; u < seed + count; ++u) check_erfc(double_of(u));
  } else if (mode == "erfc-range") {
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t u = rng();
      const uint64_t exponent = 1023 - 60 + (u >> 52) % 66;  // 2^-60 .. 2^5
      check_erfc(double_of((u & 0x800fffffffffffffull) | (exponent << 52)));
    }
  } else if (mode == "erfc-edges") {
    const double edges[] = {0x1p-56, 0x1p-28, 0.25, 0.84375, 1.25, double_of(0x4006db6d00000000ull),
                            double_of(0x4006db6e00000000ull), 6.0, 28.0};
    const uint64_t n_edges = sizeof edges / sizeof edges[0];
    const uint64_t per = count / n_edges / 6;
    for (double e : edges) {
      for (int sgn = 0; sgn < 2; ++sgn) {
        const uint64_t b = bits_of(e) | (sgn ? 0x8000000000000000ull : 0);
        for (uint64_t k = seed; k < seed + per; ++k) {
          check_erfc(double_of(b + k));
          check_erfc(double_of(b - 1 - k));
          // Coarser steps through the low word, where z (x with its low
          // word cleared) differs most from x.
          check_erfc(double_of(b + k * 0x31f3d));
        }
      }
    }
  } else if (mode == "erfc-underflow") {
    // Where erfc(x) = exp(-z*z - 0.5625)*exp(...)/x leaves the normal range and
    // where it rounds to 0 (the first exp's result is subnormal from x ~ 26.6).
    const uint64_t lo = bits_of(26.0), hi = bits_of(28.0);
    const uint64_t subnormal = first_where(lo, hi, [](double y) { return y < 0x1p-1022; });
    const uint64_t zero = first_where(lo, hi, [](double y) { return y == 0.0; });
    std::printf("erfc < 2^-1022 from %a, erfc = 0 from %a\n", double_of(subnormal), double_of(zero));
    std::uniform_real_distribution<double> uni(26.5, 27.3);
    const uint64_t quarter = count / 4;
    for (uint64_t i = 0; i < 2 * quarter; ++i) check_erfc(uni(rng));
    const uint64_t start = seed * (quarter / 2);
    for (uint64_t b : {subnormal, zero}) {
      for (uint64_t k = start; k < start + quarter / 2; ++k) {
        check_erfc(double_of(b + k));
        check_erfc(double_of(b - 1 - k));
      }
    }
  } else if (mode == "erfc-survival") {
    // truncated_normal_survival.cc: log(0.5 * erfc(t * kSqrtHalf)) for t < 30.
    constexpr double kSqrtHalf = 0.70710678118654752440;
    std::uniform_real_distribution<double> pos(0.0, 40.0);
    std::uniform_real_distribution<double> neg(-40.0, 0.0);
    for (uint64_t i = 0; i < count; ++i) check_erfc((i % 4 == 3 ? neg(rng) : pos(rng)) * kSqrtHalf);
  } else {
    return 2;
  }
  return 0;
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
  glibc_host::HostComparison<float> check{fn.c_str(), ours, theirs};
  for (uint64_t k = first; k < first + count; ++k) check(float_of(static_cast<uint32_t>(k)));
  g_count += check.inputs();
  g_mismatch += check.mismatches();
  return 0;
}

int sweep_erf(const std::string& mode, uint64_t seed, uint64_t count) {
  std::mt19937_64 rng(seed);
  if (mode == "erf-random") {
    for (uint64_t i = 0; i < count; ++i) check_double(double_of(rng()));
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
    const double edges[] = {0x1p-1015, 0x1p-28, 0.84375, 1.25, double_of(0x4006db6e00000000ull), 6.0, 28.0};
    const uint64_t per = count / (sizeof edges / sizeof edges[0]) / 4;
    for (double e : edges) {
      for (int sgn = 0; sgn < 2; ++sgn) {
        const uint64_t b = bits_of(e) | (sgn ? 0x8000000000000000ull : 0);
        for (uint64_t k = 0; k < per; ++k) {
          check_double(double_of(b + k));
          check_double(double_of(b - 1 - k));
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
    std::fprintf(stderr,
                 "usage: %s erff|sinf|cosf|expf FIRST COUNT | erf-random|erf-normal|erf-edges SEED COUNT |"
                 " erfc-random|erfc-range|erfc-edges|erfc-underflow|erfc-survival SEED COUNT | erfc-bits FIRST COUNT\n",
                 argv[0]);
    return 2;
  }
  if (!glibc_host::host_is_glibc_reference()) return 0;
  const std::string mode = argv[1];
  const uint64_t a = std::strtoull(argv[2], nullptr, 0);
  const uint64_t b = std::strtoull(argv[3], nullptr, 0);
  const int rc = mode.compare(0, 5, "erfc-") == 0                       ? sweep_erfc(mode, a, b)
                 : mode.compare(0, 3, "erf") == 0 && mode != "erff" ? sweep_erf(mode, a, b)
                                                                    : sweep_float(mode, a, b);
  if (rc != 0) {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return rc;
  }
  const uint64_t inputs = g_count + check_double.inputs() + check_erfc.inputs();
  const uint64_t mismatches = g_mismatch + check_double.mismatches() + check_erfc.mismatches();
  std::printf("%s %s %s: %" PRIu64 " inputs, %" PRIu64 " mismatches\n", argv[1], argv[2], argv[3], inputs, mismatches);
  return mismatches == 0 ? 0 : 1;
}
