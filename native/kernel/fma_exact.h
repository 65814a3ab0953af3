// fma_exact(a, b, c): a*b + c rounded once (to nearest even), exactly what
// std::fma returns, but cheap where std::fma is a slow software routine.
//
// Why: the glibc-equal libm routines (glibc_*.cc) reproduce the fused
// multiply-adds of glibc's FMA builds, a dozen per sin/cos. Natively std::fma is
// the CPU's instruction (or glibc's exact fma); in WebAssembly it is
// wasi-libc's (musl's) integer-based software fma, about 10 ns a call in Node
// 20, most of sin/cos' time. Here, in WebAssembly, it is computed instead with
// double arithmetic by the algorithm of S. Boldo and G. Melquiond, "Emulation
// of FMA and correctly rounded sums: proved algorithms using rounding to odd",
// IEEE Trans. Computers 57(4), 2008 (Algorithm "emulated FMA"):
//   (uh, ul) = a*b exactly (Dekker's product with Veltkamp's split),
//   (th, tl) = c + uh exactly (Knuth's TwoSum),
//   v = RO(tl + ul) (the sum rounded to odd), result = RN(th + v),
// which is correctly rounded when nothing underflows or overflows. Inputs
// outside the range where that is guaranteed (huge, tiny, subnormal, inf, NaN)
// go to std::fma, so the result always equals std::fma's; an exact product
// (a zero factor, or ul == 0) gives simply c + uh, which also gets the sign of
// a zero result right. native/test/test_fma_exact.cc compares
// fma_exact_soft with std::fma. Measured here: 1e9 random triples
// (cancellations, near-ties, exact products) equal to the CPU's fma, and
// glibc_sin_cos.cc with fma_exact in place of std::fma (built with
// KAIMING_FMA_EXACT_SOFT, which takes the double path natively too) equal to
// glibc on every float-build theta and 4e8 more inputs; in WebAssembly that
// takes sin/cos from ~160 to ~110 ns a call. Every glibc routine's fused
// operations go through it.
#pragma once

#include <cmath>
#include <cstdint>

#include "bits.h"

namespace kaiming {

inline double fma_exact_soft(double a, double b, double c) {
  const uint64_t ab = bits_of(a), bb = bits_of(b), cb = bits_of(c);
  const int ea = static_cast<int>(ab >> 52 & 0x7ff), eb = static_cast<int>(bb >> 52 & 0x7ff);
  const int ec = static_cast<int>(cb >> 52 & 0x7ff);
  // A zero factor: the product is an exact zero of the right sign.
  if ((ab << 1) == 0 || (bb << 1) == 0) return c + a * b;
  // Biased exponents: factors in [2^-450, 2^450), c zero or in [2^-900, 2^900):
  // the split cannot overflow, the product's error term and every later
  // partial sum stay far above the subnormals, and nothing overflows.
  if (static_cast<unsigned>(ea - (1023 - 450)) >= 900u || static_cast<unsigned>(eb - (1023 - 450)) >= 900u ||
      (ec != 0 && static_cast<unsigned>(ec - (1023 - 900)) >= 1800u) || (ec == 0 && (cb << 1) != 0)) {
    return std::fma(a, b, c);
  }
  // Exact product uh + ul.
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double ta = kSplit * a, tb = kSplit * b;
  const double ah = ta - (ta - a), al = a - ah;
  const double bh = tb - (tb - b), bl = b - bh;
  const double uh = a * b;
  const double ul = (((ah * bh - uh) + ah * bl) + al * bh) + al * bl;
  if (ul == 0) return c + uh;
  // Exact sum th + tl = c + uh.
  const double th = c + uh;
  const double bp = th - c;
  const double tl = (c - (th - bp)) + (uh - bp);
  // v = tl + ul rounded to odd: the sum rounded to nearest, moved one ulp
  // toward the exact sum if that was inexact and the nearest is even.
  double v = tl + ul;
  const double vp = v - tl;
  const double ve = (tl - (v - vp)) + (ul - vp);
  if (ve != 0) {
    const uint64_t vb = bits_of(v);
    if ((vb & 1) == 0) v = double_of(vb + (((ve > 0) == (v > 0)) ? 1 : static_cast<uint64_t>(-1)));
  }
  return th + v;
}

inline double fma_exact(double a, double b, double c) {
#if defined(__wasm__) || defined(KAIMING_FMA_EXACT_SOFT)
  return fma_exact_soft(a, b, c);
#else
  return std::fma(a, b, c);
#endif
}

}  // namespace kaiming
