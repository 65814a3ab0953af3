// expf(float) with the results of glibc 2.36's x86-64 libm on a CPU with FMA
// (Debian 12), bit for bit, on every float.
//
// glibc 2.36's sysdeps/ieee754/flt-32/e_expf.c is Arm optimized-routines'
// expf (math/expf.c, Szabolcs Nagy, 2017): in double, x/ln2 = k/32 + r/ln2
// with the rounding done by adding 1.5*2^52, 2^(k/32) from a 32-entry table,
// e^r from a degree-3 polynomial, one rounding to float at the end. On this
// CPU glibc's ifunc picks __expf_fma (sysdeps/x86_64/fpu/multiarch/e_expf-fma.c,
// the same C built with -mfma -mavx2), where GCC fuses the reduction's
// multiply-add and multiply-subtract and the polynomial's multiply-adds. The
// fma_exact calls below are exactly the vfmadd/vfmsub of __expf_fma as
// disassembled from Debian's libm.so.6 (2.36-9+deb12u14).
//
// musl's expf (wasi-libc's std::exp(float)) is the same Arm code unfused:
// z = x*InvLn2N rounded, then kd and r from z. Measured over every float, the
// two agree except at x = 0x1.04845ep+5 and -0x1.f8cbb2p+5 (1 ulp).
//
// Kaiming's own code (MIT) with Arm's constants (MIT; glibc ships the same
// numbers in e_exp2f_data.c), read from libm.so.6's .rodata; the table is
// regenerated from its definition by glibc_expf_table.py.
#include <cmath>
#include <cstdint>

#include "bits.h"
#include "fma_exact.h"
#include "glibc_libm.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {
namespace {

// Bits of 2^(i/32) minus i << 47 (glibc_expf_table.py).
constexpr uint64_t kExp2fTable[32] = {
    0x3ff0000000000000ull, 0x3fefd9b0d3158574ull, 0x3fefb5586cf9890full, 0x3fef9301d0125b51ull,
    0x3fef72b83c7d517bull, 0x3fef54873168b9aaull, 0x3fef387a6e756238ull, 0x3fef1e9df51fdee1ull,
    0x3fef06fe0a31b715ull, 0x3feef1a7373aa9cbull, 0x3feedea64c123422ull, 0x3feece086061892dull,
    0x3feebfdad5362a27ull, 0x3feeb42b569d4f82ull, 0x3feeab07dd485429ull, 0x3feea47eb03a5585ull,
    0x3feea09e667f3bcdull, 0x3fee9f75e8ec5f74ull, 0x3feea11473eb0187ull, 0x3feea589994cce13ull,
    0x3feeace5422aa0dbull, 0x3feeb737b0cdc5e5ull, 0x3feec49182a3f090ull, 0x3feed503b23e255dull,
    0x3feee89f995ad3adull, 0x3feeff76f2fb5e47ull, 0x3fef199bdd85529cull, 0x3fef3720dcef9069ull,
    0x3fef5818dcfba487ull, 0x3fef7c97337b9b5full, 0x3fefa4afa2a490daull, 0x3fefd0765b6e4540ull,
};

constexpr double kInvLn2N = 0x1.71547652b82fep+5;  // 32/ln2
constexpr double kShift = 0x1.8p+52;               // rounds to an integer when added
// e^r ~ 1 + C2 r + C1 r^2 + C0 r^3 with r scaled by 32/ln2 (Arm's poly_scaled).
constexpr double kC0 = 0x1.c6af84b912394p-20;
constexpr double kC1 = 0x1.ebfce50fac4f3p-13;
constexpr double kC2 = 0x1.62e42ff0c52d6p-6;

}  // namespace

float expf(float x) {
  const uint32_t u = bits_of(x);
  const uint32_t abstop = (u >> 20) & 0x7ff;
  const double xd = x;
  if (abstop >= 0x42b) {  // |x| >= 88, inf or NaN
    if (u == 0xff800000u) return 0.0f;
    // glibc returns x + x: inf for +inf, the NaN quieted.
    if (abstop >= 0x7f8) return (u & 0x7fffffffu) > 0x7f800000u ? x86_nan::quieted(x) : x;
    if (x > 0x1.62e42ep6f) return INFINITY;   // __math_oflowf: 0x1p97f * 0x1p97f
    if (x < -0x1.9fe368p6f) return 0.0f;      // __math_uflowf: 0x1p-95f * 0x1p-95f
    if (x < -0x1.9d1d9ep6f) return 0x1p-149f;  // __math_may_uflowf: 0x1.4p-75f^2 rounded
  }
  double kd = fma_exact(kInvLn2N, xd, kShift);
  const uint64_t ki = bits_of(kd);
  kd -= kShift;
  const double r = fma_exact(kInvLn2N, xd, -kd);
  const uint64_t t = kExp2fTable[ki % 32] + (ki << 47);
  const double s = double_of(t);
  const double z = fma_exact(kC0, r, kC1);
  const double r2 = r * r;
  double y = fma_exact(kC2, r, 1.0);
  y = fma_exact(z, r2, y);
  return static_cast<float>(y * s);
}

}  // namespace glibc
}  // namespace kaiming
