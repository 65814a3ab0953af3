// kaiming::fma_exact_soft (fma_exact.h) against std::fma, bit for bit: random
// triples over all encodings (mostly std::fma's own fallback path) and over the
// exponent range the double-arithmetic path takes, with heavy cancellation,
// near-ties and exact products. std::fma is correctly rounded on every libm the
// kernel is tested with (the CPU's instruction or an exact software routine).
#include <cmath>
#include <cstdint>
#include <random>

#include "check.h"
#include "fma_exact.h"
#include "glibc_host.h"

namespace {

using glibc_host::bits_of;
using glibc_host::double_of;

// A double with the sign and mantissa of r and biased exponent e.
double with_exponent(uint64_t r, int e) { return double_of((r & 0x800fffffffffffffull) | (static_cast<uint64_t>(e) << 52)); }

// Any NaN matches any NaN.
glibc_host::Comparison<double(double, double, double)> g_fma{"fma", kaiming::fma_exact_soft, std::fma,
                                                             glibc_host::NaNs::any};

int mismatch(double a, double b, double c) { return !g_fma(a, b, c); }

}  // namespace

TEST(fma_exact_soft_equals_fma) {
  std::mt19937_64 gen(20261207);
  int bad = 0;
  for (int i = 0; i < 600000; ++i) {
    const uint64_t r1 = gen(), r2 = gen(), r3 = gen();
    const int mode = i % 6;
    if (mode == 0) {  // any encodings
      bad += mismatch(double_of(r1), double_of(r2), double_of(r3));
      continue;
    }
    double a = with_exponent(r1, 1023 - 60 + static_cast<int>(r1 >> 56) % 120);
    double b = with_exponent(r2, 1023 - 60 + static_cast<int>(r2 >> 56) % 120);
    const double p = a * b;
    double c;
    if (mode == 1) {  // c anywhere near
      c = with_exponent(r3, 1023 - 130 + static_cast<int>(r3 >> 56) % 250);
    } else if (mode == 2) {  // c = -RN(a*b): the result is the product's error
      c = -p;
    } else if (mode == 3) {  // c within 32 ulps of -a*b
      c = double_of(bits_of(-p) + static_cast<uint64_t>(static_cast<int64_t>(r3 & 63) - 32));
    } else if (mode == 4) {  // a*b about half an ulp of c: near-ties
      c = with_exponent(r3, 1023 - 60 + static_cast<int>(r3 >> 56) % 120);
      const int shift = (static_cast<int>(bits_of(c) >> 52 & 0x7ff) - 53) - static_cast<int>(bits_of(p) >> 52 & 0x7ff) +
                        static_cast<int>(r3 & 3) - 1;
      a = std::ldexp(a, shift);
    } else {  // short mantissas: exact products and exact ties
      a = double_of(bits_of(a) & 0xfffffff000000000ull);
      b = double_of(bits_of(b) & 0xffffffffff000000ull);
      c = with_exponent(r3 & 0xfffff00000000000ull, 1023 - 60 + static_cast<int>(r3 >> 56) % 120);
    }
    bad += mismatch(a, b, c);
  }
  // Zeros, signed zeros, subnormals, infinities, NaN.
  const double specials[] = {0.0, -0.0, 1.0, -1.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1p1023, INFINITY, -INFINITY, NAN,
                             0x1.8p-500, 0x1p-450, 0x1p450, 3.0};
  for (double a : specials)
    for (double b : specials)
      for (double c : specials) bad += mismatch(a, b, c);
  g_fma.report();
  CHECK_EQ(bad, 0);
}
