// kaiming::glibc::sinf and cosf against the host's sinf/cosf, bit for bit,
// where the host is what they reproduce: glibc 2.36 on x86-64 with FMA (whose
// ifunc picks __sinf_fma/__cosf_fma). Elsewhere the host's libm is not the
// reference and the test compares nothing.
//
// Inputs: special values, the floats around each branch threshold (2^-12,
// pi/4, 120, 2^k for the large reduction's table windows), the floats nearest
// to multiples of pi/2 (where the reduced argument is smallest), and every
// 251st float bit pattern. The full sweep over every float is
// native/test/sweep_glibc_erf_sinf_cosf.cc.
#include <math.h>

#include <cfloat>
#include <cstdint>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::float_of;
using glibc_host::HostComparison;

const bool kCompare = glibc_host::host_is_glibc_reference();

// Equal bits, NaNs included: the routines spell glibc's NaN results as bits.
HostComparison<float> g_sinf{"sinf", kaiming::glibc::sinf, ::sinf};
HostComparison<float> g_cosf{"cosf", kaiming::glibc::cosf, ::cosf};

// 0 if sinf and cosf both equal glibc's at x.
int mismatches(float x) { return !g_sinf(x) + !g_cosf(x); }

}  // namespace

TEST(sinf_cosf_special_values) {
  if (!kCompare) return;
  const float specials[] = {0.0f,    INFINITY, NAN, float_of(0x7f800001u), float_of(0x7fa0beefu), 0x1p-149f, 0x1p-126f,
                            FLT_MAX, 1.0f, 0.5f, 2.0f, 3.0f, 100.0f, 1e10f};
  int bad = 0;
  for (float x : specials) bad += mismatches(x) + mismatches(-x);
  g_sinf.report();
  g_cosf.report();
  CHECK_EQ(bad, 0);
  CHECK_EQ(bits_of(kaiming::glibc::sinf(-0.0f)), bits_of(-0.0f));
  CHECK_EQ(kaiming::glibc::cosf(-0.0f), 1.0f);
  CHECK(kaiming::glibc::sinf(INFINITY) != kaiming::glibc::sinf(INFINITY));  // NaN
  CHECK(kaiming::glibc::cosf(-INFINITY) != kaiming::glibc::cosf(-INFINITY));
}

TEST(sinf_cosf_branch_thresholds) {
  if (!kCompare) return;
  // 2^-126 and 2^-12 (tiny paths), pi/4's exponent band (0x3f400000), 120's
  // (0x42f00000), and every exponent from 2^7 up (the large reduction picks its
  // window of 2/pi by the exponent's top bits, its shift by the low 3).
  int bad = 0;
  const uint32_t edges[] = {0x00800000u, 0x39800000u, 0x3f400000u, 0x42f00000u};
  for (uint32_t e : edges) {
    for (uint32_t k = 0; k < 50000; ++k) bad += mismatches(float_of(e + k)) + mismatches(float_of(e - 1 - k)) +
                                                 mismatches(float_of((e + k) | 0x80000000u)) +
                                                 mismatches(float_of((e - 1 - k) | 0x80000000u));
  }
  for (uint32_t exponent = 0x43; exponent < 0xff; ++exponent) {
    for (uint32_t k = 0; k < 2000; ++k) {
      const uint32_t u = (exponent << 23) + k * 4099;
      bad += mismatches(float_of(u)) + mismatches(float_of(u | 0x80000000u));
    }
  }
  g_sinf.report();
  g_cosf.report();
  CHECK_EQ(bad, 0);
}

TEST(sinf_cosf_near_multiples_of_half_pi) {
  if (!kCompare) return;
  // The floats nearest to k*pi/2, and their neighbours, for k up to 2^20:
  // where x - n*pi/2 cancels most.
  int bad = 0;
  for (int k = 1; k < (1 << 20); k += (k < 4096 ? 1 : 97)) {
    const float near = static_cast<float>(k * 1.5707963267948966);
    for (int d = -2; d <= 2; ++d) {
      const float x = float_of(bits_of(near) + d);
      bad += mismatches(x) + mismatches(-x);
    }
  }
  g_sinf.report();
  g_cosf.report();
  CHECK_EQ(bad, 0);
}

TEST(sinf_cosf_strided_over_every_float) {
  if (!kCompare) return;
  int bad = 0;
  for (uint64_t k = 0; k < (1ull << 32); k += 251) bad += mismatches(float_of(static_cast<uint32_t>(k)));
  // Every float of magnitude in [2^-12, 4] (where torch's Box-Muller angles lie)
  // in steps of 31.
  for (uint32_t u = 0x39800000u; u < 0x40800000u; u += 31) bad += mismatches(float_of(u));
  g_sinf.report();
  g_cosf.report();
  CHECK_EQ(bad, 0);
}
