// kaiming::glibc::expf against the host's expf, bit for bit, where the host is
// what it reproduces: glibc 2.36 on x86-64 with FMA (__expf_fma). Elsewhere
// the test compares nothing. The two floats where musl's (unfused) expf
// differs from glibc's are checked by value everywhere.
#include <math.h>

#include <cfloat>
#include <cstdint>
#include <cstdio>
#include <cstring>

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

// Through a volatile pointer: the compiler would fold a constant call itself.
float (*volatile host_expf)(float) = ::expf;

int g_reported = 0;

bool matches(float x) {
  const float want = host_expf(x), got = kaiming::glibc::expf(x);
  if (fbits(want) == fbits(got)) return true;
  if (++g_reported <= 10) std::fprintf(stderr, "  expf(%a): glibc %a, kaiming %a\n", x, want, got);
  return false;
}

}  // namespace

TEST(expf_where_musl_differs) {
  // glibc 2.36 __expf_fma's values (recorded on this machine); musl's unfused
  // expf gives the float below each.
  CHECK_EQ(fbits(kaiming::glibc::expf(0x1.04845ep+5f)), 0x56fc9f1cu);
  CHECK_EQ(fbits(kaiming::glibc::expf(-0x1.f8cbb2p+5f)), fbits(0x1.f45326p-92f));
}

TEST(expf_special_values_and_thresholds) {
  if (!kCompare) return;
  const float specials[] = {0.0f, INFINITY, NAN, ffrom(0x7f800001u), ffrom(0x7fa0beefu), 0x1p-149f, 0x1p-126f,
                            FLT_MAX, 1.0f, 88.0f, 0x1.62e42ep6f, 0x1.9fe368p6f, 0x1.9d1d9ep6f, 80.0f};
  int bad = 0;
  for (float x : specials) bad += !matches(x) + !matches(-x);
  // Around the overflow, underflow and may-underflow thresholds and 88.
  const uint32_t edges[] = {0x42b00000u, 0x42b17218u, 0xc2cff1b4u, 0xc2ce8ecfu};
  for (uint32_t e : edges) {
    for (uint32_t k = 0; k < 200000; ++k) bad += !matches(ffrom(e + k)) + !matches(ffrom(e - 1 - k));
  }
  CHECK_EQ(bad, 0);
}

TEST(expf_strided_over_every_float) {
  if (!kCompare) return;
  int bad = 0;
  for (uint64_t k = 0; k < (1ull << 32); k += 127) bad += !matches(ffrom(static_cast<uint32_t>(k)));
  CHECK_EQ(bad, 0);
}
