// kaiming::glibc::erf and erff against the host's erf/erff, bit for bit, where
// the host is what they reproduce: glibc 2.36 on x86-64 with FMA (whose
// __ieee754_exp, which erf calls, is the FMA build). Elsewhere the host's
// libm is not the reference and the test compares nothing. erf calls
// kaiming::glibc::exp, so this links the kernel's glibc_exp.cc.
//
// Inputs: special values, the neighbours of every branch threshold, random
// bit patterns, erf's inputs in torch's trunc_normal_ ((bound - mean)/std/√2),
// and for erff every 257th float bit pattern. The full sweeps (every float;
// over 1e9 doubles) are native/test/sweep_glibc_erf_sinf_cosf.cc.
#include <math.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "check.h"
#include "glibc_libm.h"

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

namespace {

bool host_is_reference() {
#if defined(__GLIBC__) && defined(__x86_64__)
  if (std::strcmp(gnu_get_libc_version(), "2.36") != 0) {
    std::printf("host glibc is %s, not 2.36: nothing to compare\n", gnu_get_libc_version());
    return false;
  }
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx2")) {
    std::printf("CPU without FMA/AVX2: glibc picks other builds, nothing to compare\n");
    return false;
  }
  return true;
#else
  std::printf("host libm is not glibc on x86-64: nothing to compare\n");
  return false;
#endif
}

const bool kCompare = host_is_reference();

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

// Equal bits, NaNs included: the routines spell glibc's NaN results as bits.
bool same(double a, double b) { return dbits(a) == dbits(b); }
bool same(float a, float b) { return fbits(a) == fbits(b); }

// The host's functions through volatile pointers: with a constant argument
// the compiler would otherwise fold ::erf(x) itself, correctly rounded, which
// is not glibc's result.
double (*volatile host_erf)(double) = ::erf;
float (*volatile host_erff)(float) = ::erff;

int g_reported = 0;

bool erf_matches(double x) {
  const double want = host_erf(x), got = kaiming::glibc::erf(x);
  if (same(want, got)) return true;
  if (++g_reported <= 10) std::fprintf(stderr, "  erf(%a): glibc %a, kaiming %a\n", x, want, got);
  return false;
}

bool erff_matches(float x) {
  const float want = host_erff(x), got = kaiming::glibc::erff(x);
  if (same(want, got)) return true;
  if (++g_reported <= 10) std::fprintf(stderr, "  erff(%a): glibc %a, kaiming %a\n", x, want, got);
  return false;
}

}  // namespace

TEST(erf_special_values) {
  if (!kCompare) return;
  const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, dfrom(0x7ff0000000000001ull),
                             dfrom(0x7ff4000000abcdefull), 0x1p-1074, 0x1p-1022,
                             0x1.fffffffffffffp-1023, 0x1.fffffffffffffp+1023, 1.0, 2.0, 0.5, 3.0, 5.9, 27.9};
  int bad = 0;
  for (double x : specials) bad += !erf_matches(x) + !erf_matches(-x);
  CHECK_EQ(bad, 0);
  CHECK_EQ(dbits(kaiming::glibc::erf(-0.0)), dbits(-0.0));
  CHECK_EQ(kaiming::glibc::erf(INFINITY), 1.0);
  CHECK_EQ(kaiming::glibc::erf(-INFINITY), -1.0);
}

TEST(erf_branch_thresholds) {
  if (!kCompare) return;
  // Where erf's high-word tests switch: 2^-1015 (scaled tiny path), 2^-28,
  // 0.84375, 1.25, 1/0.35 (high word 0x4006db6e), 6; and erfc's 28.
  const double edges[] = {0x1p-1015, 0x1p-28, 0.84375, 1.25, dfrom(0x4006db6e00000000ull), 6.0, 28.0};
  int bad = 0;
  for (double e : edges) {
    for (uint64_t sign : {0ull, 0x8000000000000000ull}) {
      const uint64_t b = dbits(e) | sign;
      for (uint64_t k = 0; k < 20000; ++k) bad += !erf_matches(dfrom(b + k)) + !erf_matches(dfrom(b - 1 - k));
      // And coarser steps through the low word, where z = x with its low
      // word cleared differs most from x.
      for (uint64_t k = 0; k < 20000; ++k) {
        bad += !erf_matches(dfrom(b + k * 0x31f3d)) + !erf_matches(dfrom(b - k * 0x31f3d));
      }
    }
  }
  CHECK_EQ(bad, 0);
}

TEST(erf_random_bit_patterns) {
  if (!kCompare) return;
  std::mt19937_64 rng(0x6572660a);
  int bad = 0;
  for (int i = 0; i < 400000; ++i) bad += !erf_matches(dfrom(rng()));
  // Random doubles of magnitude 2^-30..2^3, where the work is.
  for (int i = 0; i < 400000; ++i) {
    const uint64_t u = rng();
    const uint64_t exponent = 1023 - 30 + (u >> 11) % 34;
    bad += !erf_matches(dfrom((u & 0x800fffffffffffffull) | (exponent << 52)));
  }
  CHECK_EQ(bad, 0);
}

TEST(erf_trunc_normal_arguments) {
  if (!kCompare) return;
  // torch's trunc_normal_(mean, std, a, b) takes erf((a - mean)/std/sqrt(2))
  // and the same for b (as x * (1/sqrt(2)) in torch's norm_cdf, x / sqrt(2.) in
  // nn.init): bounds and means of ordinary sizes, stds from 1e-3 to 10.
  std::mt19937_64 rng(0x74726e63);
  std::uniform_real_distribution<double> bound(-10.0, 10.0);
  std::uniform_real_distribution<double> log_std(-7.0, 2.3);
  std::normal_distribution<double> normal(0.0, 1.0);
  int bad = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = (bound(rng) - normal(rng)) / std::exp(log_std(rng));
    bad += !erf_matches(x / 1.4142135623730951) + !erf_matches(x * 0.7071067811865476);
    const double y = normal(rng) * 2.0;
    bad += !erf_matches(y / 1.4142135623730951) + !erf_matches(y * 0.7071067811865476);
  }
  CHECK_EQ(bad, 0);
}

TEST(erff_special_values_and_thresholds) {
  if (!kCompare) return;
  const float specials[] = {0.0f, INFINITY, NAN, ffrom(0x7f800001u), ffrom(0x7fa0beefu), 0x1p-149f, 0x1p-126f,
                            FLT_MAX, 1.0f, 0.5f, 2.0f, 3.0f, 5.9f};
  int bad = 0;
  for (float x : specials) bad += !erff_matches(x) + !erff_matches(-x);
  CHECK_EQ(fbits(kaiming::glibc::erff(-0.0f)), fbits(-0.0f));
  // Thresholds: 2^-119 (high word 0x04000000), 2^-28, 0.84375, 1.25, 1/0.35, 6.
  const uint32_t edges[] = {0x04000000u, 0x31800000u, 0x3f580000u, 0x3fa00000u, 0x4036db6eu, 0x40c00000u};
  for (uint32_t e : edges) {
    for (uint32_t sign : {0u, 0x80000000u}) {
      for (uint32_t k = 0; k < 100000; ++k) {
        bad += !erff_matches(ffrom((e | sign) + k)) + !erff_matches(ffrom((e | sign) - 1 - k));
      }
    }
  }
  CHECK_EQ(bad, 0);
}

TEST(erff_strided_over_every_float) {
  if (!kCompare) return;
  int bad = 0;
  for (uint64_t k = 0; k < (1ull << 32); k += 257) bad += !erff_matches(ffrom(static_cast<uint32_t>(k)));
  // Every float in [1.25, 6) and its negative is where erff calls expf: one
  // in 16 of them.
  for (uint32_t u = 0x3fa00000u; u < 0x40c00000u; u += 16) {
    bad += !erff_matches(ffrom(u)) + !erff_matches(ffrom(u | 0x80000000u));
  }
  CHECK_EQ(bad, 0);
}
