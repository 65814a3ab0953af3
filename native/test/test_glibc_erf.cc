// kaiming::glibc::erf, erfc and erff against the host's erf/erfc/erff, bit for
// bit, where the host is what they reproduce: glibc 2.36 on x86-64 with FMA
// (whose __ieee754_exp, which erf and erfc call, is the FMA build). Elsewhere
// the host's libm is not the reference and those tests compare nothing. erf
// and erfc call kaiming::glibc::exp, so this links the kernel's glibc_exp.cc.
//
// Inputs: special values, the neighbours of every branch threshold, random
// bit patterns, erf's inputs in torch's trunc_normal_ ((bound - mean)/std/√2),
// erfc's in kaiming's truncated_normal_survival.cc (t*√½, t in [0, 40]), and
// for erff every 257th float bit pattern. erfc also has values recorded from
// glibc 2.36, checked on every host (the WebAssembly build's case). The full
// sweeps (every float; over 1e9 doubles) are
// native/test/sweep_glibc_erf_sinf_cosf.cc.
#include <math.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <random>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::HostComparison;

const bool kCompare = glibc_host::host_is_glibc_reference();

using glibc_host::bits_of;
using glibc_host::double_of;
using glibc_host::float_of;

// Equal bits, NaNs included: the routines spell glibc's NaN results as bits.
HostComparison<double> erf_matches{"erf", kaiming::glibc::erf, ::erf};
HostComparison<double> erfc_matches{"erfc", kaiming::glibc::erfc, ::erfc};
HostComparison<float> erff_matches{"erff", kaiming::glibc::erff, ::erff};

// erfc recorded on Debian 12, glibc 2.36-9+deb12u14, x86-64 with FMA:
// {input bits, result bits}.
struct Recorded {
  uint64_t x, y;
};

const Recorded kErfcRecorded[] = {
    // Where the last bit is delicate, a few per branch: inputs where musl's
    // erfc (fdlibm with Horner's rule; wasi-libc's) differs from glibc, and
    // where glibc's result is not the correctly rounded erfc (mpmath).
    // |x| < 1/4: 1 - (x + x*y).
    {0x3fadddf4f031690aull, 0x3fede563cddcd53aull},  // musl ...539
    {0x3fce6e794bcede94ull, 0x3fe7930fb4a75117ull},  // musl ...116
    {0x3fb767727ca98cc3ull, 0x3fecb5453ddd3350ull},  // correctly rounded ...34f
    {0xbfd741373b171e9cull, 0x3ff6484d1e0fa6ddull},  // musl ...6de
    {0xbfdcd9ee6fbb8c7eull, 0x3ff79e98e77f854aull},  // musl ...54b
    {0xbfe3fa66d2ada19bull, 0x3ff9f6a815263f7aull},  // correctly rounded ...f79
    {0xbfe8a6289958be87ull, 0x3ffb957f071e64e8ull},  // correctly rounded ...4e9
    // 1/4 <= x < 0.84375: 0.5 - ((x - 0.5) + x*y).
    {0x3fd249597153d208ull, 0x3fe5f4fac9a4207bull},  // musl ...07a
    {0x3fd4583674550beeull, 0x3fe4e5a0836cf357ull},  // musl ...358
    {0x3fea63ca29f771e8ull, 0x3fcf2b1ba123afbaull},  // musl ...fb8
    {0x3fe86d9edc284ad2ull, 0x3fd1f0e1f939c26eull},  // correctly rounded ...26f
    // 0.84375 <= |x| < 1.25: (1 - erx) - P/Q, 1 + (erx + P/Q).
    {0x3ff342a4b4fdf4faull, 0x3fb6b3e6f54a4454ull},  // musl and correctly rounded ...452
    {0x3ff3a52b057c0aa6ull, 0x3fb51e34426161e1ull},  // musl ...1e2
    {0x3fed216a6dce705bull, 0x3fc95696ec42078cull},  // correctly rounded ...78d
    {0xbff341800552da97ull, 0x3ffe9473ff3c8d82ull},  // musl and correctly rounded ...d83
    {0xbff37457beb12168ull, 0x3ffea1bb63cd199eull},  // musl ...99f
    {0xbff08f2586074236ull, 0x3ffdb512558f1768ull},  // correctly rounded ...769
    // 1.25 <= |x| < 1/0.35 (ra/sa): exp(-z*z - 0.5625)*exp(...)/x, 2 - that.
    {0x3ffb252f042d6ba6ull, 0x3f90d1d1278ad229ull},  // musl ...22a
    {0x4005cffdcab08154ull, 0x3f1e38d517f5a120ull},  // musl ...121
    {0x3ff931c445f9c90dull, 0x3f9a93d2d163a170ull},  // correctly rounded ...16f
    {0xbff476c57b7ef441ull, 0x3ffedf4a135cd035ull},  // musl ...034
    {0xbff7a07daff74c7bull, 0x3fff696738bc1580ull},  // musl ...581
    {0xbff82ae6e92417caull, 0x3fff7a3083f68b20ull},  // correctly rounded ...b1f
    // 1/0.35 <= |x| < 28 (rb/sb).
    {0x4010a2999b923396ull, 0x3e3178800fdcb28cull},  // musl ...28b
    {0x40177cafc835277cull, 0x3c9d08203a43d124ull},  // musl ...122
    {0x4008a09b7f3e93b5ull, 0x3eec178f549191d8ull},  // correctly rounded ...1d9
    {0x402540dae877f14eull, 0x357ca5e6881bf76eull},  // musl ...770
    {0x402f23c125fa9638ull, 0x29c634df6ecb8546ull},  // musl ...545
    {0x40353135e7d2560dull, 0x171c97e5fafbc2c7ull},  // correctly rounded ...2c8
    // Subnormal results (the first exp underflows).
    {0x403a8e5286175863ull, 0x000827252aeadf80ull},  // musl ...f81
    {0x403a8cdada57a10bull, 0x000b0e70bc545562ull},  // musl ...563
    {0x403aaf459022dd6cull, 0x00000231ef1fd3f5ull},  // correctly rounded ...3f4
    {0x403b11d365073a91ull, 0x0000000000000991ull},  // correctly rounded ...992
    // Where glibc's result leaves the normal range, and where it reaches 0 (at
    // a change of x's high word, where z = x with its low word cleared jumps).
    {0x403a8b12fc6e4891ull, 0x0010000000000332ull},
    {0x403a8b12fc6e4892ull, 0x000fffffffffffdfull},
    {0x403b39f2ffffffffull, 0x0000000000000001ull},
    {0x403b39f300000000ull, 0x0000000000000000ull},
    // Branch thresholds: 2^-56, 1/4, 0.84375, 1.25, 1/0.35 (erfc switches at
    // high word 0x4006db6d, erf at 0x4006db6e), 6, 28.
    {0x3c60000000000000ull, 0x3ff0000000000000ull},
    {0xbc60000000000000ull, 0x3ff0000000000000ull},
    {0x3c70000000000000ull, 0x3ff0000000000000ull},
    {0xbc70000000000000ull, 0x3ff0000000000000ull},
    {0x3fcfffffffffffffull, 0x3fe728558ee694fcull},
    {0x3fd0000000000000ull, 0x3fe728558ee694fcull},
    {0x3feaffffffffffffull, 0x3fcdcb8cae2d7480ull},
    {0x3feb000000000000ull, 0x3fcdcb8cae2d747eull},
    {0x3ff0000000000000ull, 0x3fc4226162fbddd5ull},
    {0xbff0000000000000ull, 0x3ffd7bb3d3a08446ull},
    {0x3ff3ffffffffffffull, 0x3fb3bcd133aa1001ull},
    {0x3ff4000000000000ull, 0x3fb3bcd133aa0ffcull},
    {0xbff4000000000000ull, 0x3ffec432ecc55f00ull},
    {0x4006db6cffffffffull, 0x3f0bf3841f194ad8ull},
    {0x4006db6d00000000ull, 0x3f0bf3841f194ac3ull},
    {0x4006db6dffffffffull, 0x3f0bf36f0d0cbb1bull},
    {0x4006db6e00000000ull, 0x3f0bf36f0d0cbb06ull},
    {0xc006db6d00000000ull, 0x3fffffc818f7c1cdull},
    {0x4017ffffffffffffull, 0x3c78cf81557d2101ull},
    {0x4018000000000000ull, 0x3c78cf81557d20b7ull},
    {0xc018000000000001ull, 0x4000000000000000ull},
    {0xc018000000000000ull, 0x4000000000000000ull},
    {0x403bffffffffffffull, 0x0000000000000000ull},
    {0x403c000000000000ull, 0x0000000000000000ull},
    {0xc03c000000000000ull, 0x4000000000000000ull},
    // Special values: +-0, subnormals, huge, +-inf, NaNs (quietened, sign and
    // payload kept).
    {0x0000000000000000ull, 0x3ff0000000000000ull},
    {0x8000000000000000ull, 0x3ff0000000000000ull},
    {0x0000000000000001ull, 0x3ff0000000000000ull},
    {0x8000000000000001ull, 0x3ff0000000000000ull},
    {0x0010000000000000ull, 0x3ff0000000000000ull},
    {0x7e37e43c8800759cull, 0x0000000000000000ull},  // 1e300
    {0xfe37e43c8800759cull, 0x4000000000000000ull},  // -1e300
    {0x7ff0000000000000ull, 0x0000000000000000ull},  // +inf
    {0xfff0000000000000ull, 0x4000000000000000ull},  // -inf
    {0x7ff8000000000000ull, 0x7ff8000000000000ull},
    {0xfff8000000000000ull, 0xfff8000000000000ull},
    {0x7ff0000000000001ull, 0x7ff8000000000001ull},  // signalling NaN: quietened
    {0xfff4000000000123ull, 0xfffc000000000123ull},
    {0x7ff80000deadbeefull, 0x7ff80000deadbeefull},
};

// Mismatches at each edge and its negative: the 20000 doubles on either side,
// and 20000 steps of 0x31f3d ulps on either side (through the low word, where
// z = x with its low word cleared differs most from x).
int mismatches_around(HostComparison<double>& matches, std::initializer_list<double> edges) {
  int bad = 0;
  for (double e : edges) {
    for (uint64_t sign : {0ull, 0x8000000000000000ull}) {
      const uint64_t b = bits_of(e) | sign;
      for (uint64_t k = 0; k < 20000; ++k) bad += !matches(double_of(b + k)) + !matches(double_of(b - 1 - k));
      for (uint64_t k = 0; k < 20000; ++k) {
        bad += !matches(double_of(b + k * 0x31f3d)) + !matches(double_of(b - k * 0x31f3d));
      }
    }
  }
  return bad;
}

// Mismatches on 400000 random bit patterns, then on 400000 random doubles
// with biased exponents in [lowest, lowest + exponents).
int mismatches_on_random_bits(HostComparison<double>& matches, uint64_t seed, uint64_t lowest, uint64_t exponents) {
  std::mt19937_64 rng(seed);
  int bad = 0;
  for (int i = 0; i < 400000; ++i) bad += !matches(double_of(rng()));
  for (int i = 0; i < 400000; ++i) {
    const uint64_t u = rng();
    const uint64_t exponent = lowest + (u >> 11) % exponents;
    bad += !matches(double_of((u & 0x800fffffffffffffull) | (exponent << 52)));
  }
  return bad;
}

}  // namespace

TEST(erfc_recorded_glibc_values) {
  // On every host: these are glibc's bits, whatever the host's libm is.
  int bad = 0;
  for (const Recorded& r : kErfcRecorded) {
    const uint64_t got = bits_of(kaiming::glibc::erfc(double_of(r.x)));
    if (got != r.y) {
      ++bad;
      std::fprintf(stderr, "  erfc(%a) [%016llx] = %016llx, glibc %016llx\n", double_of(r.x),
                   static_cast<unsigned long long>(r.x), static_cast<unsigned long long>(got),
                   static_cast<unsigned long long>(r.y));
    }
  }
  CHECK_EQ(bad, 0);
}

TEST(erfc_recorded_values_are_the_hosts) {
  // Keeps the table honest where the host is the reference.
  if (!kCompare) return;
  int bad = 0;
  for (const Recorded& r : kErfcRecorded) bad += bits_of(erfc_matches.host(double_of(r.x))) != r.y;
  CHECK_EQ(bad, 0);
}

TEST(erfc_branch_thresholds) {
  if (!kCompare) return;
  // erfc's high-word tests: 2^-56, 1/4 (positive x only), 0.84375, 1.25, 1/0.35
  // (0x4006db6d; and erf's 0x4006db6e), 6 (x < -6 only), 28; and erf's 2^-28.
  const int bad = mismatches_around(erfc_matches, {0x1p-56, 0x1p-28, 0.25, 0.84375, 1.25,
                                                  double_of(0x4006db6d00000000ull), double_of(0x4006db6e00000000ull),
                                                  6.0, 28.0});
  erfc_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erfc_random_bit_patterns) {
  if (!kCompare) return;
  // Random bit patterns, and random doubles of magnitude 2^-60..2^5 (which reach every branch).
  const int bad = mismatches_on_random_bits(erfc_matches, 0x65726663, 1023 - 60, 66);
  erfc_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erfc_survival_arguments_and_underflow) {
  if (!kCompare) return;
  // truncated_normal_survival.cc takes erfc(t * sqrt(1/2)) for t below 30;
  // t in [-40, 40] here. And [26.5, 27.3], where the result becomes subnormal
  // and then 0 (the first exp's argument is below -708).
  std::mt19937_64 rng(0x73757276);
  std::uniform_real_distribution<double> t(-40.0, 40.0);
  std::uniform_real_distribution<double> under(26.5, 27.3);
  int bad = 0;
  for (int i = 0; i < 400000; ++i) bad += !erfc_matches(t(rng) * 0.70710678118654752440);
  for (int i = 0; i < 200000; ++i) bad += !erfc_matches(under(rng));
  erfc_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erf_special_values) {
  if (!kCompare) return;
  const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, double_of(0x7ff0000000000001ull),
                             double_of(0x7ff4000000abcdefull), 0x1p-1074, 0x1p-1022,
                             0x1.fffffffffffffp-1023, 0x1.fffffffffffffp+1023, 1.0, 2.0, 0.5, 3.0, 5.9, 27.9};
  int bad = 0;
  for (double x : specials) bad += !erf_matches(x) + !erf_matches(-x);
  erf_matches.report();
  CHECK_EQ(bad, 0);
  CHECK_EQ(bits_of(kaiming::glibc::erf(-0.0)), bits_of(-0.0));
  CHECK_EQ(kaiming::glibc::erf(INFINITY), 1.0);
  CHECK_EQ(kaiming::glibc::erf(-INFINITY), -1.0);
}

TEST(erf_branch_thresholds) {
  if (!kCompare) return;
  // Where erf's high-word tests switch: 2^-1015 (scaled tiny path), 2^-28,
  // 0.84375, 1.25, 1/0.35 (high word 0x4006db6e), 6; and erfc's 28.
  const int bad =
      mismatches_around(erf_matches, {0x1p-1015, 0x1p-28, 0.84375, 1.25, double_of(0x4006db6e00000000ull), 6.0, 28.0});
  erf_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erf_random_bit_patterns) {
  if (!kCompare) return;
  // Random bit patterns, and random doubles of magnitude 2^-30..2^3 (where the work is).
  const int bad = mismatches_on_random_bits(erf_matches, 0x6572660a, 1023 - 30, 34);
  erf_matches.report();
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
  erf_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erff_special_values_and_thresholds) {
  if (!kCompare) return;
  const float specials[] = {0.0f, INFINITY, NAN, float_of(0x7f800001u), float_of(0x7fa0beefu), 0x1p-149f, 0x1p-126f,
                            FLT_MAX, 1.0f, 0.5f, 2.0f, 3.0f, 5.9f};
  int bad = 0;
  for (float x : specials) bad += !erff_matches(x) + !erff_matches(-x);
  CHECK_EQ(bits_of(kaiming::glibc::erff(-0.0f)), bits_of(-0.0f));
  // Thresholds: 2^-119 (high word 0x04000000), 2^-28, 0.84375, 1.25, 1/0.35, 6.
  const uint32_t edges[] = {0x04000000u, 0x31800000u, 0x3f580000u, 0x3fa00000u, 0x4036db6eu, 0x40c00000u};
  for (uint32_t e : edges) {
    for (uint32_t sign : {0u, 0x80000000u}) {
      for (uint32_t k = 0; k < 100000; ++k) {
        bad += !erff_matches(float_of((e | sign) + k)) + !erff_matches(float_of((e | sign) - 1 - k));
      }
    }
  }
  erff_matches.report();
  CHECK_EQ(bad, 0);
}

TEST(erff_strided_over_every_float) {
  if (!kCompare) return;
  int bad = 0;
  for (uint64_t k = 0; k < (1ull << 32); k += 257) bad += !erff_matches(float_of(static_cast<uint32_t>(k)));
  // Every float in [1.25, 6) and its negative is where erff calls expf: one
  // in 16 of them.
  for (uint32_t u = 0x3fa00000u; u < 0x40c00000u; u += 16) {
    bad += !erff_matches(float_of(u)) + !erff_matches(float_of(u | 0x80000000u));
  }
  erff_matches.report();
  CHECK_EQ(bad, 0);
}
