// kaiming::glibc::expf against the host's expf, bit for bit, where the host is
// what it reproduces: glibc 2.36 on x86-64 with FMA (__expf_fma). Elsewhere
// the test compares nothing. The two floats where musl's (unfused) expf
// differs from glibc's are checked by value everywhere.
#include <math.h>

#include <cfloat>
#include <cstdint>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::float_of;

const bool kCompare = glibc_host::host_is_glibc_reference();

glibc_host::HostComparison<float> matches{"expf", kaiming::glibc::expf, ::expf};

}  // namespace

TEST(expf_where_musl_differs) {
  // glibc 2.36 __expf_fma's values (recorded on this machine); musl's unfused
  // expf gives the float below each.
  CHECK_EQ(bits_of(kaiming::glibc::expf(0x1.04845ep+5f)), 0x56fc9f1cu);
  CHECK_EQ(bits_of(kaiming::glibc::expf(-0x1.f8cbb2p+5f)), bits_of(0x1.f45326p-92f));
}

TEST(expf_special_values_and_thresholds) {
  if (!kCompare) return;
  const float specials[] = {0.0f, INFINITY, NAN, float_of(0x7f800001u), float_of(0x7fa0beefu), 0x1p-149f, 0x1p-126f,
                            FLT_MAX, 1.0f, 88.0f, 0x1.62e42ep6f, 0x1.9fe368p6f, 0x1.9d1d9ep6f, 80.0f};
  int bad = 0;
  for (float x : specials) bad += !matches(x) + !matches(-x);
  // Around the overflow, underflow and may-underflow thresholds and 88.
  const uint32_t edges[] = {0x42b00000u, 0x42b17218u, 0xc2cff1b4u, 0xc2ce8ecfu};
  for (uint32_t e : edges) {
    for (uint32_t k = 0; k < 200000; ++k) bad += !matches(float_of(e + k)) + !matches(float_of(e - 1 - k));
  }
  matches.report();
  CHECK_EQ(bad, 0);
}

TEST(expf_strided_over_every_float) {
  if (!kCompare) return;
  int bad = 0;
  for (uint64_t k = 0; k < (1ull << 32); k += 127) bad += !matches(float_of(static_cast<uint32_t>(k)));
  matches.report();
  CHECK_EQ(bad, 0);
}
