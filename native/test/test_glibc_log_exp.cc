// kaiming::glibc::log and exp equal glibc 2.36's log and exp (x86-64, FMA
// builds) bit for bit.
//
// Two parts. (1) Values recorded from glibc 2.36 on x86-64 with FMA, checked
// on every host: inputs where a last bit depends on fusing exactly as glibc's
// FMA build does, and the special cases (NaN bits included). (2) Where the host
// IS glibc 2.36 x86-64 with FMA and AVX2, a comparison with its ::log/::exp on
// random bit patterns, torch's uniform families (log(u), log(1-u) for
// u = k 2^-53 and k 2^-24; exp(-x^2), |x| < 6), every branch's region and the
// thresholds between branches. Elsewhere part (2) says why it compares nothing.
// native/test/sweep_glibc_log_exp.cc is the large version (>= 1e9 inputs).
#include <math.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <random>

#include "check.h"
#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;
using glibc_host::host_is_glibc_reference;
using glibc_host::HostComparison;

// Recorded on Debian 12, glibc 2.36-9+deb12u14, x86-64 with FMA: {input bits, result bits}.
struct Recorded {
  uint64_t x;
  uint64_t y;
};

const Recorded kLogRecorded[] = {
    // Main path, where the last bit depends on glibc's fusions.
    {bits_of(0x1.82a3befaddcbcp-1), bits_of(-0x1.1f924e18d055dp-2)},
    {bits_of(0x1.472f1f73724ap-1), bits_of(-0x1.ca8c872033c11p-2)},
    {bits_of(0x1.71a1c1191b6cp-2), bits_of(-0x1.04dad7f4d36f5p+0)},
    {bits_of(0x1.fb9b4c078d0c4p-3), bits_of(-0x1.6518f721dc864p+0)},
    {bits_of(0x1.171621fc50d68p-3), bits_of(-0x1.fe3ba126bb204p+0)},
    {bits_of(0x1.ba3a7780ebca6p-1), bits_of(-0x1.2c073b00cefa3p-3)},
    // Near-1 path.
    {bits_of(0x1.0ff33cc171c35p+0), bits_of(0x1.ef22a145d750fp-5)},
    {bits_of(0x1.0da67bfac425fp+0), bits_of(0x1.a9901b6b0d079p-5)},
    {bits_of(0x1.e1c32fa6413e4p-1), bits_of(-0x1.f2acf29658152p-5)},
    // Subnormal inputs.
    {bits_of(0x0.000001e3fa3dap-1022), bits_of(-0x1.6a32924e2e5b2p+9)},
    {bits_of(0x0.00023c6b0c301p-1022), bits_of(-0x1.67574e6efc78bp+9)},
    // Special cases.
    {bits_of(1.0), bits_of(0.0)},
    {bits_of(0.0), 0xfff0000000000000ull},
    {bits_of(-0.0), 0xfff0000000000000ull},
    {0x7ff0000000000000ull, 0x7ff0000000000000ull},   // +inf
    {0xfff0000000000000ull, 0xfff8000000000000ull},   // -inf: x86's default NaN
    {bits_of(-1.0), 0xfff8000000000000ull},
    {0x8000000000000001ull, 0xfff8000000000000ull},   // -min subnormal
    {0x7ff8000000000000ull, 0x7ff8000000000000ull},   // NaN: quiet, payload kept
    {0x7ff0000000000001ull, 0x7ff8000000000001ull},   // signalling NaN: quietened
    {0xfff4000000000123ull, 0xfffc000000000123ull},
};

const Recorded kExpRecorded[] = {
    // exp(-x^2)-like arguments, where the last bit depends on glibc's fusions.
    {bits_of(-0x1.65292665cd6cep+4), bits_of(0x1.bc4b6fa376d4dp-33)},
    {bits_of(-0x1.68ae50bda4f94p+3), bits_of(0x1.ab4370d45be83p-17)},
    {bits_of(-0x1.3718bebbf0243p+4), bits_of(0x1.ee2ea8f2464cbp-29)},
    {bits_of(-0x1.97c860a5d8e2ap+4), bits_of(0x1.2c6d29280eab1p-37)},
    // specialcase: subnormal results, and results near overflow.
    {bits_of(-0x1.62564b130a84dp+9), bits_of(0x0.c1eabc240defep-1022)},
    {bits_of(-0x1.63861e9cdf1b5p+9), bits_of(0x0.120fc35fac148p-1022)},
    {bits_of(0x1.6290309259777p+9), bits_of(0x1.09a093a780ee5p+1023)},
    {bits_of(0x1.62b4ab3741223p+9), bits_of(0x1.6137ef1fb85bfp+1023)},
    // Special cases.
    {bits_of(0.0), bits_of(1.0)},
    {bits_of(-0.0), bits_of(1.0)},
    {0x7ff0000000000000ull, 0x7ff0000000000000ull},   // exp(+inf) = inf
    {0xfff0000000000000ull, 0x0000000000000000ull},   // exp(-inf) = +0
    {bits_of(1000.0), 0x7ff0000000000000ull},
    {bits_of(-1000.0), 0x0000000000000000ull},
    {0x7ff8000000000000ull, 0x7ff8000000000000ull},
    {0x7ff0000000000001ull, 0x7ff8000000000001ull},   // signalling NaN: quietened
    {0xfff4000000000123ull, 0xfffc000000000123ull},
};

// Each edge and its negative with their 3 neighbours on either side (bit
// patterns), then NaNs of both signs with several payloads.
void compare_edges_and_nans(HostComparison<double>& cmp, std::initializer_list<double> edges) {
  for (double e : edges) {
    for (double s : {1.0, -1.0}) {
      const uint64_t b = bits_of(s * e);
      for (int d = -3; d <= 3; ++d) cmp(double_of(b + static_cast<uint64_t>(d)));
    }
  }
  for (uint64_t payload : {1ull, 0x123ull, 0x4000000000000ull, 0x8000000000000ull, 0xfffffffffffffull}) {
    cmp(double_of(0x7ff0000000000000ull | payload));
    cmp(double_of(0xfff0000000000000ull | payload));
  }
}

}  // namespace

TEST(log_recorded_glibc_values) {
  for (const Recorded& r : kLogRecorded) {
    const uint64_t got = bits_of(kaiming::glibc::log(double_of(r.x)));
    if (got != r.y) std::fprintf(stderr, "  log(%016" PRIx64 ") = %016" PRIx64 ", glibc %016" PRIx64 "\n", r.x, got, r.y);
    CHECK_EQ(got, r.y);
  }
}

TEST(exp_recorded_glibc_values) {
  for (const Recorded& r : kExpRecorded) {
    const uint64_t got = bits_of(kaiming::glibc::exp(double_of(r.x)));
    if (got != r.y) std::fprintf(stderr, "  exp(%016" PRIx64 ") = %016" PRIx64 ", glibc %016" PRIx64 "\n", r.x, got, r.y);
    CHECK_EQ(got, r.y);
  }
}

// The recorded values are this host's too (keeps the table honest).
TEST(recorded_values_are_the_hosts) {
  if (!host_is_glibc_reference()) return;
  const HostComparison<double> log{"log", kaiming::glibc::log, ::log}, exp{"exp", kaiming::glibc::exp, ::exp};
  for (const Recorded& r : kLogRecorded) CHECK_EQ(bits_of(log.host(double_of(r.x))), r.y);
  for (const Recorded& r : kExpRecorded) CHECK_EQ(bits_of(exp.host(double_of(r.x))), r.y);
}

TEST(log_equals_host_glibc) {
  if (!host_is_glibc_reference()) return;
  HostComparison<double> cmp{"log", kaiming::glibc::log, ::log};
  std::mt19937_64 g(20261207);
  // Edges and thresholds of the branches, each with its neighbours.
  compare_edges_and_nans(cmp, {0.0, 0x1p-1074, 0x1p-1073, 0x0.fffffffffffffp-1022, 0x1p-1022, 0x1.0000000000001p-1022,
                               0x1p-53, 0x1p-24, 0.5, 1.0 - 0x1p-4, 1.0, 1.0 + 0x1.09p-4, 0x1.6p-1, 0x1.6p0, 2.0,
                               0x1.fffffffffffffp1023, INFINITY, NAN});
  for (int i = 0; i < 1500000; ++i) {
    cmp(double_of(g()));                                                          // any double
    const double u = static_cast<double>(g() >> 11) * 0x1p-53;                    // torch's uniform double
    cmp(u);
    cmp(1.0 - u);
    const double f = static_cast<double>(g() >> 40) * 0x1p-24;                    // float-derived u
    cmp(f);
    cmp(1.0 - f);
    cmp(1.0 - 0x1p-4 + (0x1p-4 + 0x1.09p-4) * u);                                 // near-1 path
    cmp(double_of(g() & 0x000fffffffffffffull));                                  // subnormals
  }
  cmp.report();
  CHECK_EQ(cmp.mismatches(), 0u);
}

TEST(exp_equals_host_glibc) {
  if (!host_is_glibc_reference()) return;
  HostComparison<double> cmp{"exp", kaiming::glibc::exp, ::exp};
  std::mt19937_64 g(7);
  // Branch thresholds: 2^-54 (tiny x), 512 and 1024 (specialcase, overflow /
  // underflow), the overflow point, the start of subnormal results and the
  // last nonzero result; each with neighbours.
  compare_edges_and_nans(cmp, {0.0, 0x1p-1074, 0x1p-54, 0x1p-53, 1.0, 0x1p9, 0x1p10, 0x1.62e42fefa39efp+9,
                               0x1.6232bdd7abcd2p+9, 0x1.74385446d71c3p+9, 0x1.74910d52d3051p+9, 0x1.fffffffffffffp1023,
                               INFINITY, NAN});
  for (int i = 0; i < 1500000; ++i) {
    cmp(double_of(g()));                                                          // any double
    const double u = static_cast<double>(g() >> 11) * 0x1p-53;
    const double x = (u - 0.5) * 12.0;                                            // |x| < 6
    cmp(-x * x);
    cmp(-746.0 + 1456.0 * u);                                                     // whole finite range
    // 512 <= |x| < 2048
    cmp(double_of((g() & 0x800fffffffffffffull) | (static_cast<uint64_t>(0x408 + (i & 1)) << 52)));
    cmp(double_of((g() & 0x800fffffffffffffull) | (static_cast<uint64_t>(0x3c3 + i % 11) << 52)));   // |x| near 2^-54
    cmp(static_cast<double>(static_cast<float>(-x * x)));                         // float arguments
  }
  cmp.report();
  CHECK_EQ(cmp.mismatches(), 0u);
}
