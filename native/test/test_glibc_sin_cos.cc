// kaiming::glibc::sin and cos (glibc_sin_cos.cc) against the host's ::sin and
// ::cos, bit for bit: the torch stream's thetas (2*pi*u for the double build's
// u = k*2^-53 and the float build's u), every branch of glibc 2.36's s_sin.c
// and its thresholds, table points, multiples of pi/2, branred's range, and the
// special values. Only where the host is what the routines copy (glibc 2.36
// x86-64 on a CPU with FMA and AVX2, where glibc's ifunc picks __sin_fma and
// __cos_fma); elsewhere it says so and compares nothing. The big sweep (>= 1e9
// inputs) is native/test/sweep_glibc_sin_cos.cc.
#include <math.h>

#include <cstdint>
#include <cstdio>
#include <random>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;
using glibc_host::float_of;
using glibc_host::HostComparison;

const bool kCompare = glibc_host::host_is_glibc_reference();

// Bits equal, NaNs included (glibc's x/x as x86 gives it: x86_nan.h).
HostComparison<double> g_sin{"sin", kaiming::glibc::sin, ::sin};
HostComparison<double> g_cos{"cos", kaiming::glibc::cos, ::cos};

// Returns the number of mismatching results for x (0..2).
int mismatches(double x) { return !g_sin(x) + !g_cos(x); }

// x and -x, and their neighbours within `span` ulps.
int around(double x, int span) {
  int bad = 0;
  double up = x, down = x;
  bad += mismatches(x) + mismatches(-x);
  for (int i = 0; i < span; ++i) {
    up = nextafter(up, INFINITY);
    down = nextafter(down, -INFINITY);
    bad += mismatches(up) + mismatches(-up) + mismatches(down) + mismatches(-down);
  }
  return bad;
}

const double kTwoPi = 2.0 * 3.14159265358979323846;  // as torch forms it

}  // namespace

TEST(special_values) {
  if (!kCompare) return;
  int bad = 0;
  const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, double_of(0x7ff0000000000001ull),
                             double_of(0xfff4000000000000ull), 4.9406564584124654e-324, 2.2250738585072009e-308,
                             2.2250738585072014e-308, 1.0, 0.5, 1e-300, 0x1p-1022, 1.7976931348623157e308};
  for (double x : specials) bad += mismatches(x) + mismatches(-x);
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
  // Exact values glibc gives, independent of the host comparison.
  CHECK_EQ(bits_of(kaiming::glibc::sin(-0.0)), bits_of(-0.0));
  CHECK_EQ(kaiming::glibc::cos(0.0), 1.0);
  CHECK(kaiming::glibc::sin(INFINITY) != kaiming::glibc::sin(INFINITY));
  CHECK(kaiming::glibc::cos(NAN) != kaiming::glibc::cos(NAN));
}

TEST(branch_thresholds) {
  if (!kCompare) return;
  int bad = 0;
  // The high words where sin/cos change branch (s_sin.c): 2^-27 (cos), 2^-26
  // (sin), 0.855469, 2.426265, 105414350, and the largest finite; plus do_sin's
  // Taylor bound 0.126 and 2^-26 / 2^-27 themselves.
  const uint32_t highs[] = {0x3e400000u, 0x3e500000u, 0x3feb6000u, 0x400368fdu, 0x419921fbu, 0x7ff00000u};
  for (uint32_t h : highs) bad += around(double_of(static_cast<uint64_t>(h) << 32), 64);
  bad += around(0.126, 64);
  bad += around(1.5707963267948966 - 0.126, 64);  // cos' do_sin(a) with |a| near 0.126
  bad += around(1.5707963267948966 + 0.126, 64);
  bad += around(0x1p-26, 16) + around(0x1p-27, 16);
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}

TEST(table_points_and_multiples_of_half_pi) {
  if (!kCompare) return;
  int bad = 0;
  // The table's points k/128 and where the index rounds (k + 1/2)/128.
  for (int k = 0; k <= 110; ++k) {
    bad += around(k / 128.0, 2) + around((k + 0.5) / 128.0, 2);
    bad += around(1.5707963267948966 - k / 128.0, 2) + around(1.5707963267948966 + k / 128.0, 2);
  }
  // Near multiples of pi/2 the reduction cancels most: n*pi/2 for n up to 2^17
  // (sparser further out) and near the largest n below 105414350.
  for (int n = 1; n < 4096; ++n) bad += around(n * 1.5707963267948966, 1);
  for (int n = 4096; n < (1 << 26); n = n * 17 / 16 + 1) bad += around(n * 1.5707963267948966, 1);
  bad += around(105414349.0, 8);
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}

TEST(torch_double_theta) {
  if (!kCompare) return;
  // theta = 2*pi*u, u = k*2^-53: random k, all of [0, 2*pi).
  std::mt19937_64 gen(20261207);
  int bad = 0;
  for (int i = 0; i < 400000; ++i) bad += mismatches(kTwoPi * (static_cast<double>(gen() >> 11) * 0x1p-53));
  // u near 0 and near 1 (small and almost-2*pi theta), and u = 1/4, 1/2, 3/4.
  for (uint64_t k = 0; k < 4096; ++k) {
    bad += mismatches(kTwoPi * (static_cast<double>(k) * 0x1p-53));
    bad += mismatches(kTwoPi * (static_cast<double>((1ull << 53) - 1 - k) * 0x1p-53));
    for (uint64_t q = 1; q < 4; ++q) {
      bad += mismatches(kTwoPi * (static_cast<double>((q << 51) + k) * 0x1p-53));
      bad += mismatches(kTwoPi * (static_cast<double>((q << 51) - 1 - k) * 0x1p-53));
    }
  }
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}

TEST(torch_float_theta) {
  if (!kCompare) return;
  // Float builds: theta = 2*pi*double(u) for a float u in [0, 1). Every 97th
  // float bit pattern (the sweep does all of them), and u = k*2^-24 every 7th.
  int bad = 0;
  for (uint32_t b = 0; b < 0x3f800000u; b += 97 * 7) {
    bad += mismatches(kTwoPi * static_cast<double>(float_of(b)));
  }
  for (uint32_t k = 0; k < (1u << 24); k += 7) {
    bad += mismatches(kTwoPi * static_cast<double>(static_cast<float>(k) * 0x1p-24f));
  }
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}

TEST(random_bits_every_branch) {
  if (!kCompare) return;
  std::mt19937_64 gen(7);
  int bad = 0;
  // Bit patterns with |x| < 2^27 (every branch through reduce_sincos; a little
  // of branred), and fully random patterns (half are branred's, some inf/NaN).
  for (int i = 0; i < 300000; ++i) {
    const uint64_t r = gen();
    const uint64_t e = (r >> 52 & 0x7ff) % 0x41a;
    bad += mismatches(double_of((r & 0x800fffffffffffffull) | (e << 52)));
  }
  for (int i = 0; i < 100000; ++i) bad += mismatches(double_of(gen()));
  // Exponents 0x3f0..0x41a (2^-15 .. 2^27), where most work happens, densely.
  for (int i = 0; i < 200000; ++i) {
    const uint64_t r = gen();
    const uint64_t e = 0x3f0 + (r >> 52 & 0x7ff) % 0x2b;
    bad += mismatches(double_of((r & 0x800fffffffffffffull) | (e << 52)));
  }
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}

TEST(branred_range) {
  if (!kCompare) return;
  std::mt19937_64 gen(11);
  int bad = 0;
  // |x| >= 105414350 up to the largest finite: random mantissas at every
  // exponent, and the powers of two.
  for (int e = 0x419; e <= 0x7fe; ++e) {
    bad += around(double_of(static_cast<uint64_t>(e) << 52), 1);
    for (int i = 0; i < 100; ++i) {
      bad += mismatches(double_of((gen() & 0x800fffffffffffffull) | (static_cast<uint64_t>(e) << 52)));
    }
  }
  const double big[] = {105414350.0, 1e9, 1e22, 0x1p1023, 1.7976931348623157e308, 6381956970095103.0 * 0x1p797,
                        5.319372648326541e+255};
  for (double x : big) bad += around(x, 4);
  g_sin.report();
  g_cos.report();
  CHECK_EQ(bad, 0);
}
