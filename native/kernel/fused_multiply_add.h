// fused_multiply_add(a, b, c): a*b + c rounded once to nearest (what an FMA
// instruction computes), cheaply where there is no FMA instruction; and
// fused_product_minus_one(a, b), the same for c = -1 and a*b in [0.5, 2].
//
// Why: the glibc routines (glibc_*.cc) must fuse exactly where glibc's FMA
// builds fuse. Where the compiler targets FMA hardware (__FMA__), this is
// std::fma, one instruction. Elsewhere (WebAssembly, x86-64 baseline) std::fma
// is libm's: glibc's ifunc picks the instruction at run time, but wasi-libc's
// (musl's) fma is integer software, about 13 ns per call under V8, which made
// log and exp ~100 ns. Instead this uses only rounded double operations:
//
//   Boldo and Melquiond, "Emulation of a FMA and correctly-rounded sums: proved
//   algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008,
//   (uh, ul) = ExactMult(a, b); (th, tl) = TwoSum(c, uh);
//   v = RO(tl + ul); result = RN(th + v),
//
// with ExactMult Dekker's product (Veltkamp split by 2^27 + 1), TwoSum
// Knuth's, and RO (round to odd) from RN and TwoSum's error: when the sum is
// inexact and its last bit is even, step one ulp toward the exact value.
//
// PRECONDITIONS of the emulation (the caller's to check; glibc_log.cc and
// glibc_exp.cc state why theirs hold): a, b, c finite; |a| and |b| < 2^995
// (the split does not overflow) and |a*b + c| < 2^1023; a*b is 0 or
// |a*b| >= 2^-969 (Dekker's error term is exact: no underflow), and the
// intermediate sums stay out of the subnormal range. The result then equals
// std::fma(a, b, c) bit for bit.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace kaiming {
namespace glibc {

// The two versions live in differently named inline namespaces, so that a
// translation unit built with FMA and one without never share (ODR-merge) a
// definition.
#if defined(__FMA__)
inline namespace fma_hardware {

inline double fused_multiply_add(double a, double b, double c) { return std::fma(a, b, c); }
inline double fused_product_minus_one(double a, double b) { return std::fma(a, b, -1.0); }

}  // namespace fma_hardware
#else
inline namespace fma_emulated {

namespace fused_detail {

// a = hi + lo, hi with at most 26 significant bits and lo with at most 26
// (Veltkamp): products of halves are exact.
inline void split(double a, double* hi, double* lo) {
  const double t = a * 134217729.0;  // 2^27 + 1
  *hi = t - (t - a);
  *lo = a - *hi;
}

// s + e = x + y exactly, s = RN(x + y) (Knuth's TwoSum, no ordering needed).
inline void two_sum(double x, double y, double* s, double* e) {
  *s = x + y;
  const double yy = *s - x;
  const double xx = *s - yy;
  *e = (x - xx) + (y - yy);
}

}  // namespace fused_detail

inline double fused_multiply_add(double a, double b, double c) {
  using namespace fused_detail;
  // uh + ul = a*b exactly (Dekker).
  double ahi, alo, bhi, blo;
  split(a, &ahi, &alo);
  split(b, &bhi, &blo);
  const double uh = a * b;
  const double ul = ((ahi * bhi - uh) + ahi * blo + alo * bhi) + alo * blo;
  // th + tl = c + uh exactly.
  double th, tl;
  two_sum(c, uh, &th, &tl);
  // v = RO(tl + ul). Without branches: whether to step is a coin toss on
  // most inputs, and a mispredicted branch costs more than the arithmetic.
  double v, err;
  two_sum(tl, ul, &v, &err);
  uint64_t vb;
  std::memcpy(&vb, &v, sizeof vb);
  // Step when inexact and even. v != 0 then (a sum that rounds to 0 outside
  // the subnormal range is exact). Toward err: +1 (away from zero) if err has
  // v's sign, else -1.
  const uint64_t step = static_cast<uint64_t>(err != 0.0) & ~vb & 1;
  const uint64_t toward = ((err > 0.0) == (v > 0.0)) ? 1 : ~uint64_t{0};
  vb += (uint64_t{0} - step) & toward;
  std::memcpy(&v, &vb, sizeof v);
  return th + v;
}

// RN(a*b - 1) for a*b in [0.5, 2] (the same as fused_multiply_add(a, b, -1)),
// shorter: with uh + ul = a*b exactly, uh - 1 is exact (Sterbenz), so the one
// rounding of (uh - 1) + ul is the fused result.
inline double fused_product_minus_one(double a, double b) {
  using namespace fused_detail;
  double ahi, alo, bhi, blo;
  split(a, &ahi, &alo);
  split(b, &bhi, &blo);
  const double uh = a * b;
  const double ul = ((ahi * bhi - uh) + ahi * blo + alo * bhi) + alo * blo;
  return (uh - 1.0) + ul;
}

}  // namespace fma_emulated
#endif

}  // namespace glibc
}  // namespace kaiming
