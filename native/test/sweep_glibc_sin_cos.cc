// Large sweep (a tool, not a ctest): kaiming::glibc::sin/cos against the host's
// ::sin/::cos, bit for bit. Meaningful only where the host is glibc 2.36 x86-64
// with FMA (see test_glibc_sin_cos.cc); it says so and stops elsewhere. Build and run, e.g.:
//   g++ -std=c++17 -O3 -ffp-contract=off -fno-fast-math -fno-math-errno -Inative/kernel
//     native/test/sweep_glibc_sin_cos.cc native/kernel/glibc_sin_cos.cc -o /tmp/sweep_sincos
//   /tmp/sweep_sincos floats 0 1065353216   every float u in [0,1) (bit patterns
//                                           [first, last)): theta = 2*pi*double(u),
//                                           the torch stream's float-build theta
//   /tmp/sweep_sincos u53 SEED COUNT        theta = 2*pi*k*2^-53, k random in [0, 2^53),
//                                           the double torch stream's theta
//   /tmp/sweep_sincos reduce SEED COUNT     random bit patterns with |x| < 105414350
//                                           (every branch up to reduce_sincos)
//   /tmp/sweep_sincos large SEED COUNT      random bit patterns with exponents
//                                           uniform from 2^26 to the largest finite
//                                           (branred's range, densely)
//   /tmp/sweep_sincos bits SEED COUNT       random 64-bit patterns (half beyond
//                                           105414350: branred; inf/NaN)
// Prints the counts and the first mismatches; exits 1 on any mismatch.
#include <math.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "glibc_host.h"
#include "glibc_libm.h"

namespace {

using glibc_host::double_of;
using glibc_host::float_of;

glibc_host::HostComparison<double> sin_cmp{"sin", kaiming::glibc::sin, ::sin};
glibc_host::HostComparison<double> cos_cmp{"cos", kaiming::glibc::cos, ::cos};

inline void compare(double x) {
  sin_cmp(x);
  cos_cmp(x);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s floats|u53|reduce|large|bits A B\n", argv[0]);
    return 2;
  }
  if (!glibc_host::host_is_glibc_reference()) return 0;
  const std::string mode = argv[1];
  const uint64_t a = std::strtoull(argv[2], nullptr, 0), b = std::strtoull(argv[3], nullptr, 0);
  const double two_pi = 2.0 * 3.14159265358979323846;
  if (mode == "floats") {
    for (uint64_t k = a; k < b; ++k) {
      compare(two_pi * static_cast<double>(float_of(static_cast<uint32_t>(k))));
    }
  } else {
    std::mt19937_64 gen(a);
    for (uint64_t i = 0; i < b; ++i) {
      const uint64_t r = gen();
      if (mode == "u53") {
        compare(two_pi * (static_cast<double>(r >> 11) * 0x1p-53));
      } else if (mode == "reduce") {
        // exponent field uniform in [0, 0x419], so |x| < 2^27 and mostly below
        // 105414350; the rest (k >= 0x419921fb) goes to branred, also fine.
        const uint64_t e = (r >> 52 & 0x7ff) % 0x41a;
        compare(double_of((r & 0x800fffffffffffffull) | (e << 52)));
      } else if (mode == "large") {
        const uint64_t e = 0x419 + (r >> 52 & 0x7ff) % (0x7ff - 0x419);
        compare(double_of((r & 0x800fffffffffffffull) | (e << 52)));
      } else if (mode == "bits") {
        compare(double_of(r));
      } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
      }
    }
  }
  std::printf("%s %s %s: %llu inputs, sin mismatches %llu, cos mismatches %llu\n", argv[1], argv[2], argv[3],
              static_cast<unsigned long long>(sin_cmp.inputs()), static_cast<unsigned long long>(sin_cmp.mismatches()),
              static_cast<unsigned long long>(cos_cmp.mismatches()));
  return (sin_cmp.mismatches() || cos_cmp.mismatches()) ? 1 : 0;
}
