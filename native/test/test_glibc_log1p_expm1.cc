// kaiming::glibc::log1p and expm1 equal glibc 2.36's log1p and expm1 (x86-64,
// FMA builds __log1p_fma and __expm1_fma) bit for bit.
//
// Two parts. (1) Values recorded from glibc 2.36 on x86-64 with FMA, checked
// on every host: for each branch of each routine, inputs whose last bit
// depends on fusing exactly where glibc's FMA build fuses (the same routine
// with every fma() unfused gives another result), and special inputs (NaN bits
// included, ±0, subnormals, ±inf, -1, the branch thresholds). (2) Where the
// host IS glibc 2.36 x86-64 with FMA and AVX2, a comparison with its
// ::log1p/::expm1 on random bit patterns, log-uniform magnitudes, the arguments
// truncated_normal_survival.cc gives them, and consecutive doubles around every
// branch threshold. Elsewhere part (2) says why it compares nothing.
// native/test/sweep_glibc_log1p_expm1.cc is the large version (>= 1e9 inputs).
#include <math.h>

#include <cstdint>
#include <random>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;
using glibc_host::host_is_glibc_reference;
using glibc_host::HostComparison;

// log1p and expm1 against the host's.
struct HostLog1pExpm1 {
  HostComparison<double> l{"log1p", kaiming::glibc::log1p, ::log1p};
  HostComparison<double> e{"expm1", kaiming::glibc::expm1, ::expm1};

  // Both at x.
  void operator()(double x) {
    l(x);
    e(x);
  }

  // Prints the counts; checks that nothing differed.
  void finish() {
    l.report();
    e.report();
    CHECK_EQ(l.mismatches(), 0u);
    CHECK_EQ(e.mismatches(), 0u);
  }
};

// Sign from bit 63, exponent uniform in [lo, hi), random significand.
double log_uniform(std::mt19937_64& rng, int lo, int hi) {
  const uint64_t r = rng();
  const int e = lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo));
  const double x = ldexp(double_of((r & 0x000fffffffffffffull) | 0x3ff0000000000000ull), e);
  return (r >> 63) ? -x : x;
}

double uniform(std::mt19937_64& rng, double a, double b) {
  return a + (b - a) * static_cast<double>(rng() >> 11) * 0x1p-53;
}

// The doubles from `half` below p to `half` above it, in the order of the reals.
template <class F>
void around(double p, int64_t half, F&& f) {
  const int64_t key = signbit(p) ? -static_cast<int64_t>(bits_of(-p)) : static_cast<int64_t>(bits_of(p));
  for (int64_t d = -half; d <= half; ++d) {
    const int64_t k = key + d;
    f(k >= 0 ? double_of(static_cast<uint64_t>(k)) : -double_of(static_cast<uint64_t>(-k)));
  }
}

double high_word_double(uint32_t h) { return double_of(static_cast<uint64_t>(h) << 32); }

struct Recorded {
  double x, y;
};

// glibc 2.36 x86-64 FMA results where fusing decides the last bit (found by
// comparing glibc with this code with every fma() unfused), by branch.
const Recorded kLog1pFused[] = {
    {0x1.983e75177d3cfp-2, 0x1.57941a0562561p-2},  // log1p: k = 0, -0.2929 < x < 0.41422
    {0x1.194970e8832b7p-2, 0x1.f11002f03a8b1p-3},  // log1p: k = 0, -0.2929 < x < 0.41422
    {-0x1.bf3bbd7d9296cp-3, -0x1.f8969fc8b2e41p-3},  // log1p: k = 0, -0.2929 < x < 0.41422
    {-0x1.6105bd045e5a4p-2, -0x1.b0e1b9c6ef2e3p-2},  // log1p: -1 < x <= -0.2929
    {-0x1.4f61bd2e04cp-1, -0x1.107835830beb3p+0},  // log1p: -1 < x <= -0.2929
    {-0x1.7446919496284p-2, -0x1.ceb1cc6fee51dp-2},  // log1p: -1 < x <= -0.2929
    {0x1.6779c55291e87p-1, 0x1.105063911092bp-1},  // log1p: 0.41422 <= x < 2^53
    {0x1.709b8cd357484p+4, 0x1.96fe46e752aeep+1},  // log1p: 0.41422 <= x < 2^53
    {0x1.63c9acb0bc48ap+21, 0x1.dc53f3ee8339fp+3},  // log1p: 0.41422 <= x < 2^53
    {0x1.a15cc79b3169cp+144, 0x1.9135380554efcp+6},  // log1p: x >= 2^53
    {0x1.7ddcc89227c33p+80, 0x1.bed031c4f3d04p+5},  // log1p: x >= 2^53
    {0x1.65e26720801f5p+182, 0x1.f9f386ee4b61bp+6},  // log1p: x >= 2^53
};
const Recorded kExpm1Fused[] = {
    {0x1.f60ec3e2da39ap-3, 0x1.1c79721c8b3f5p-2},  // expm1: k = 0
    {0x1.6fa3266248deap-3, 0x1.92b37552c20ddp-3},  // expm1: k = 0
    {0x1.03e7743b107c7p-2, 0x1.27dd552d9e47bp-2},  // expm1: k = 0
    {0x1.007f7803fce86p+0, 0x1.b93c26b86d202p+0},  // expm1: k = 1
    {0x1.c202a88caa856p-2, 0x1.1a8f3c53fcb36p-1},  // expm1: k = 1
    {0x1.da735189ff919p-1, 0x1.86abea46e0419p+0},  // expm1: k = 1
    {-0x1.c0212231b4578p-2, -0x1.6af08104aa41cp-2},  // expm1: k = -1
    {-0x1.9ab706167f4dcp-2, -0x1.5256d7cfbf0c1p-2},  // expm1: k = -1
    {-0x1.7ef89b40ba426p-2, -0x1.3f821eea8a9a3p-2},  // expm1: k = -1
    {0x1.1839086525fe2p+3, 0x1.8d1c6c77b74e1p+12},  // expm1: 2 <= k <= 19
    {0x1.ed01e6bcece4fp+1, 0x1.708de1cd9286bp+5},  // expm1: 2 <= k <= 19
    {0x1.52f48a6cc46bcp+1, 0x1.a410603ff375ep+3},  // expm1: 2 <= k <= 19
    {0x1.d748c0a6cbffap+4, 0x1.68c6b2792a2c3p+42},  // expm1: 20 <= k <= 56
    {0x1.7fa346800d903p+4, 0x1.81e22bd1997f1p+34},  // expm1: 20 <= k <= 56
    {0x1.346325d660a42p+5, 0x1.87b30732bfffep+55},  // expm1: 20 <= k <= 56
    {0x1.486d138c22f86p+9, 0x1.8e336a0f06582p+947},  // expm1: k > 56
    {0x1.b238716005b53p+6, 0x1.873f0d1a1bf65p+156},  // expm1: k > 56
    {0x1.a92c82e21f41p+8, 0x1.50e9ffcef52bep+613},  // expm1: k > 56
    {-0x1.b0ea53df6cf8p+0, -0x1.a1a0a7d8f554ep-1},  // expm1: k <= -2
    {-0x1.14e38d8b4e56p+0, -0x1.526792489ba06p-1},  // expm1: k <= -2
    {-0x1.f44b117d74bap+0, -0x1.b77751b09874ep-1},  // expm1: k <= -2
};

// {x, log1p(x), expm1(x)} as bits, from glibc 2.36 x86-64 FMA.
struct RecordedBits {
  uint64_t x, log1p, expm1;
};
const RecordedBits kSpecial[] = {
    {0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull},
    {0x8000000000000000ull, 0x8000000000000000ull, 0x8000000000000000ull},
    {0x7ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff0000000000000ull},
    {0xfff0000000000000ull, 0xfff8000000000000ull, 0xbff0000000000000ull},
    {0x7ff8000000000000ull, 0x7ff8000000000000ull, 0x7ff8000000000000ull},
    {0xfff8000000000000ull, 0xfff8000000000000ull, 0xfff8000000000000ull},
    {0x7ff0000000000001ull, 0x7ff8000000000001ull, 0x7ff8000000000001ull},
    {0xfff4000000000123ull, 0xfffc000000000123ull, 0xfffc000000000123ull},
    {0x7ff8000000abcdefull, 0x7ff8000000abcdefull, 0x7ff8000000abcdefull},
    {0x0000000000000001ull, 0x0000000000000001ull, 0x0000000000000001ull},
    {0x8000000000000001ull, 0x8000000000000001ull, 0x8000000000000001ull},
    {0x000fffffffffffffull, 0x000fffffffffffffull, 0x000fffffffffffffull},
    {0x800fffffffffffffull, 0x800fffffffffffffull, 0x800fffffffffffffull},
    {0x0010000000000000ull, 0x0010000000000000ull, 0x0010000000000000ull},
    {0x8010000000000000ull, 0x8010000000000000ull, 0x8010000000000000ull},
    {0x3ff0000000000000ull, 0x3fe62e42fefa39efull, 0x3ffb7e151628aed2ull},
    {0xbff0000000000000ull, 0xfff0000000000000ull, 0xbfe43a54e4e98864ull},
    {0xbff0000000000001ull, 0xfff8000000000000ull, 0xbfe43a54e4e98865ull},
    {0xc000000000000000ull, 0xfff8000000000000ull, 0xbfebab5557101f8dull},
    {0xbfefffffffffffffull, 0xc0425e4f7b2737faull, 0xbfe43a54e4e98864ull},
    {0x7fefffffffffffffull, 0x40862e42fefa39efull, 0x7ff0000000000000ull},
    {0xffefffffffffffffull, 0xfff8000000000000ull, 0xbff0000000000000ull},
    {0x3c90000000000000ull, 0x3c90000000000000ull, 0x3c90000000000000ull},
    {0x3c8fffffffffffffull, 0x3c8fffffffffffffull, 0x3c8fffffffffffffull},
    {0x3e20000000000000ull, 0x3e1fffffff800000ull, 0x3e20000000400000ull},
    {0x3e1fffffffffffffull, 0x3e1fffffff7fffffull, 0x3e20000000400000ull},
    {0x3fda827a00000000ull, 0x3fd62e43471c5d9eull, 0x3fe06bf94a6b470cull},
    {0x3fda8279ffffffffull, 0x3fd62e43471c5d9dull, 0x3fe06bf94a6b470bull},
    {0xbfd2bec400000000ull, 0xbfd62e4420e1ff10ull, 0xbfd03fdececbe4cbull},
    {0xbfd2bec3ffffffffull, 0xbfd62e4420e1ff0full, 0xbfd03fdececbe4caull},
    {0xbfd2bec400000001ull, 0xbfd62e4420e1ff10ull, 0xbfd03fdececbe4ccull},
    {0x4340000000000000ull, 0x40425e4f7b2737faull, 0x7ff0000000000000ull},
    {0x433fffffffffffffull, 0x40425e4f7b2737faull, 0x7ff0000000000000ull},
    {0x40862e42fefa39efull, 0x401a43f5a6e6b0c2ull, 0x7fefffffffffff2aull},
    {0x40862e42fefa39f0ull, 0x401a43f5a6e6b0c3ull, 0x7ff0000000000000ull},
    {0xc0862e42fefa39efull, 0xfff8000000000000ull, 0xbff0000000000000ull},
    {0x4043687a00000000ull, 0x400d7964e17633a7ull, 0x436fffd8395c0c41ull},
    {0x40436879ffffffffull, 0x400d7964e17633a7ull, 0x436fffd8395c0c01ull},
    {0xc043687a00000000ull, 0xfff8000000000000ull, 0xbff0000000000000ull},
    {0xc0436879ffffffffull, 0xfff8000000000000ull, 0xbff0000000000000ull},
    {0x3fd62e42ffffffffull, 0x3fd30b46e0ec3162ull, 0x3fda82799b6f2364ull},
    {0x3fd62e4300000000ull, 0x3fd30b46e0ec3163ull, 0x3fda82799b6f2366ull},
    {0x3ff0a2b1ffffffffull, 0x3fe6cf5ccd38be17ull, 0x3ffd413c1a24d411ull},
    {0x3ff0a2b200000000ull, 0x3fe6cf5ccd38be18ull, 0x3ffd413c1a24d414ull},
    {0xbff0a2b200000000ull, 0xfff8000000000000ull, 0xbfe4afb0a009f888ull},
    {0x3fe62e42fee00000ull, 0x3fe0d9d13ef26971ull, 0x3fefffffffcb8c22ull},
    {0xbfe62e42fee00000ull, 0xbff2e6f61e7eb0d1ull, 0xbfdfffffffe5c611ull},
    {0x4000000000000000ull, 0x3ff193ea7aad030aull, 0x40198e64b8d4ddaeull},
    {0x401c000000000000ull, 0x4000a2b23f3bab73ull, 0x40911e885aaeddaaull},
    {0x3fe0000000000000ull, 0x3fd9f323ecbf984cull, 0x3fe4c2531c3c0d38ull},
    {0xbfe0000000000000ull, 0xbfe62e42fefa39efull, 0xbfd92e9a0720d3ecull},
    {0xbfe62e42fefa39efull, 0xbff2e6f61ea96cceull, 0xbfe0000000000000ull},
};

}  // namespace

TEST(log1p_recorded_fused_values) {
  for (const Recorded& r : kLog1pFused) CHECK_EQ(bits_of(kaiming::glibc::log1p(r.x)), bits_of(r.y));
}

TEST(expm1_recorded_fused_values) {
  for (const Recorded& r : kExpm1Fused) CHECK_EQ(bits_of(kaiming::glibc::expm1(r.x)), bits_of(r.y));
}

TEST(recorded_special_values) {
  for (const RecordedBits& r : kSpecial) {
    CHECK_EQ(bits_of(kaiming::glibc::log1p(double_of(r.x))), r.log1p);
    CHECK_EQ(bits_of(kaiming::glibc::expm1(double_of(r.x))), r.expm1);
  }
}

TEST(host_random_bits) {
  if (!host_is_glibc_reference()) return;
  HostLog1pExpm1 both;
  std::mt19937_64 rng(20231207);
  for (int i = 0; i < 1000000; ++i) both(double_of(rng()));
  both.finish();
}

TEST(host_log_uniform) {
  if (!host_is_glibc_reference()) return;
  HostLog1pExpm1 both;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000000; ++i) both(log_uniform(rng, -70, 12));
  for (int i = 0; i < 200000; ++i) both(log_uniform(rng, -1074, 1024));
  both.finish();
}

// truncated_normal_survival.cc: log1p of s (-1 + s (3 - 15 s)) with s = 1/t^2,
// t >= 30 (in [-1/900, 0)), of d/u >= 0 and of -e^x for x <= -ln2 (in
// [-1/2, 0)); expm1 of x in (-ln2, 0].
TEST(host_truncated_normal_survival_arguments) {
  if (!host_is_glibc_reference()) return;
  HostLog1pExpm1 both;
  HostComparison<double>& l = both.l;
  HostComparison<double>& e = both.e;
  std::mt19937_64 rng(30);
  for (int i = 0; i < 300000; ++i) {
    const double t = uniform(rng, 30.0, 1e4);
    const double s = 1.0 / (t * t);
    l(s * (-1.0 + s * (3.0 - 15.0 * s)));
    l(uniform(rng, -1.0 / 900, 0.0));
    l(fabs(log_uniform(rng, -1074, 64)));
    l(uniform(rng, -0.5, 0.0));
    l(-fabs(log_uniform(rng, -1074, -1)));
    e(uniform(rng, -0.6931471805599453, 0.0));
    e(-fabs(log_uniform(rng, -1074, 0)));
  }
  both.finish();
}

TEST(host_branch_thresholds) {
  if (!host_is_glibc_reference()) return;
  HostLog1pExpm1 both;
  HostComparison<double>& l = both.l;
  HostComparison<double>& e = both.e;
  const int64_t half = 64;
  // log1p: high-word thresholds (0.41422, -1, 2^-29, 2^-54, 2^53, inf, the
  // k = 0 limit -0.2929), 1 + x = 2^k and 1 + x = sqrt(2) 2^k (where k and the
  // normalisation change).
  for (uint32_t h : {0x3fda827au, 0x3ff00000u, 0x3e200000u, 0x3c900000u, 0x43400000u, 0x7ff00000u, 0x3fd2bec4u,
                     0x00100000u, 0x00000000u}) {
    around(high_word_double(h), half, [&](double x) { l(x); });
    around(-high_word_double(h), half, [&](double x) { l(x); });
  }
  for (int k = -60; k <= 1023; ++k) {
    around(ldexp(1.0, k) - 1.0, half, [&](double x) { l(x); });
    around(double_of(0x3ff6a09e00000000ull) * ldexp(1.0, k) - 1.0, half, [&](double x) { l(x); });
  }
  // expm1: high-word thresholds (56 ln2, 709.78, ln2/2, 1.5 ln2, 2^-54, inf),
  // the overflow threshold, x = ln2_hi - 1/4 (k = 1's two formulas) and
  // x = (k + 1/2) ln2 (where k changes).
  for (uint32_t h : {0x4043687au, 0x40862e42u, 0x3fd62e42u, 0x3fd62e43u, 0x3ff0a2b2u, 0x3c900000u, 0x7ff00000u,
                     0x00100000u, 0x00000000u}) {
    around(high_word_double(h), half, [&](double x) { e(x); });
    around(-high_word_double(h), half, [&](double x) { e(x); });
  }
  around(0x1.62e42fefa39efp+9, half, [&](double x) { e(x); });
  around(0x1.62e42fee00000p-1 - 0.25, half, [&](double x) { e(x); });
  for (int k = -57; k <= 1024; ++k) around((k + 0.5) * 0.6931471805599453, half, [&](double x) { e(x); });
  both.finish();
  CHECK(l.inputs() > 250000u);
  CHECK(e.inputs() > 130000u);
}
