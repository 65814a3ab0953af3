// erf(double) and erfc(double) with the results of glibc 2.36's x86-64 libm
// (Debian 12).
//
// glibc 2.36 computes both with sysdeps/ieee754/dbl-64/s_erf.c (__erf and
// __erfc): Sun's fdlibm erf/erfc (1993) with the rational approximations
// evaluated as sums of pairs (Shimizu's 1997 rewrite for pipelined CPUs)
// instead of Horner's rule. x86-64 has no FMA build of erf or erfc (no
// s_erf-fma.c in sysdeps/x86_64/fpu/multiarch), so the generic SSE2 code runs:
// every multiply and add is rounded on its own (checked in the disassembly of
// __erf and __erfc: mulsd/addsd/subsd/divsd only, no vfmadd). The
// approximations' tails call __ieee754_exp, an ifunc that picks the FMA build
// of exp on this CPU (both functions call the same PLT slot, __exp_finite's);
// here that is kaiming::glibc::exp, which equals it.
//
// erf and erfc share the three rational approximations (same coefficients,
// same evaluation order in both functions' machine code), so each is written
// once below and the two functions differ only in how they finish.
//
// This is kaiming's own code (MIT) doing the same arithmetic in the same order;
// the coefficients are fdlibm's (Sun's notice: "Permission to use, copy,
// modify, and distribute this software is freely granted, provided that this
// notice is preserved" -- Copyright (C) 1993 by Sun Microsystems, Inc.), read
// as numbers from libm.so.6's .rodata and written as hex floats.
#include <cmath>
#include <cstdint>

#include "bits.h"
#include "glibc_libm.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {
namespace {

// erf(1) rounded to 24 bits (fdlibm's erx): on [0.84375, 1.25) erf is this
// plus a small rational correction.
constexpr double kErx = 0x1.b0ac160000000p-1;
// 2/sqrt(pi) - 1 (fdlibm's efx): erf(x) ~ x + efx*x for |x| < 2^-28.
constexpr double kEfx = 0x1.06eba8214db69p-3;
// 16*efx, exact (glibc folds the product at compile time).
constexpr double kEfx16 = 0x1.06eba8214db69p+1;
constexpr double kTiny = 1e-300;
// 1 - erx, exact (erfc's [0.84375, 1.25) branch for x > 0; glibc folds it at
// compile time: 0x1.3d4fa8p-3 in .rodata).
constexpr double kOneMinusErx = 1.0 - kErx;
static_assert(kOneMinusErx == 0x1.3d4fa8p-3, "1 - erx is exact");

// |x| < 0.84375: erf(x) = x + x*P(z)/Q(z), z = x^2 (fdlibm pp0..pp4, qq1..qq5).
constexpr double pp0 = 0x1.06eba8214db68p-3;
constexpr double pp1 = -0x1.4cd7d691cb913p-2;
constexpr double pp2 = -0x1.d2a51dbd7194fp-6;
constexpr double pp3 = -0x1.7a291236668e4p-8;
constexpr double pp4 = -0x1.8ead6120016acp-16;
constexpr double qq1 = 0x1.97779cddadc09p-2;
constexpr double qq2 = 0x1.0a54c5536cebap-4;
constexpr double qq3 = 0x1.4d022c4d36b0fp-8;
constexpr double qq4 = 0x1.15dc9221c1a10p-13;
constexpr double qq5 = -0x1.09c4342a26120p-18;

// 0.84375 <= |x| < 1.25: erf = erx + P(s)/Q(s), s = |x| - 1 (pa0..pa6, qa1..qa6).
constexpr double pa0 = -0x1.359b8bef77538p-9;
constexpr double pa1 = 0x1.a8d00ad92b34dp-2;
constexpr double pa2 = -0x1.7d240fbb8c3f1p-2;
constexpr double pa3 = 0x1.45fca805120e4p-2;
constexpr double pa4 = -0x1.c63983d3e28ecp-4;
constexpr double pa5 = 0x1.22a36599795ebp-5;
constexpr double pa6 = -0x1.1bf380a96073fp-9;
constexpr double qa1 = 0x1.b3e6618eee323p-4;
constexpr double qa2 = 0x1.14af092eb6f33p-1;
constexpr double qa3 = 0x1.2635cd99fe9a7p-4;
constexpr double qa4 = 0x1.02660e763351fp-3;
constexpr double qa5 = 0x1.bedc26b51dd1cp-7;
constexpr double qa6 = 0x1.88b545735151dp-7;

// 1.25 <= |x| < 1/0.35: erfc(x) = exp(-x*x - 0.5625 + R(s)/S(s))/x, s = 1/x^2
// (ra0..ra7, sa1..sa8).
constexpr double ra0 = -0x1.43412600d6435p-7;
constexpr double ra1 = -0x1.63416e4ba7360p-1;
constexpr double ra2 = -0x1.51e0441b0e726p+3;
constexpr double ra3 = -0x1.f300ae4cba38dp+5;
constexpr double ra4 = -0x1.44cb184282266p+7;
constexpr double ra5 = -0x1.7135cebccabb2p+7;
constexpr double ra6 = -0x1.4526557e4d2f2p+6;
constexpr double ra7 = -0x1.3a0efc69ac25cp+3;
constexpr double sa1 = 0x1.3a6b9bd707687p+4;
constexpr double sa2 = 0x1.1350c526ae721p+7;
constexpr double sa3 = 0x1.b290dd58a1a71p+8;
constexpr double sa4 = 0x1.42b1921ec2868p+9;
constexpr double sa5 = 0x1.ad02157700314p+8;
constexpr double sa6 = 0x1.b28a3ee48ae2cp+6;
constexpr double sa7 = 0x1.a47ef8e484a93p+2;
constexpr double sa8 = -0x1.eeff2ee749a62p-5;

// 1/0.35 <= |x| < 6: the same form with rb0..rb6, sb1..sb7.
constexpr double rb0 = -0x1.4341239e86f4ap-7;
constexpr double rb1 = -0x1.993ba70c285dep-1;
constexpr double rb2 = -0x1.1c209555f995ap+4;
constexpr double rb3 = -0x1.4145d43c5ed98p+7;
constexpr double rb4 = -0x1.3ec881375f228p+9;
constexpr double rb5 = -0x1.004616a2e5992p+10;
constexpr double rb6 = -0x1.e384e9bdc383fp+8;
constexpr double sb1 = 0x1.e568b261d5190p+4;
constexpr double sb2 = 0x1.45cae221b9f0ap+8;
constexpr double sb3 = 0x1.802eb189d5118p+10;
constexpr double sb4 = 0x1.8ffb7688c246ap+11;
constexpr double sb5 = 0x1.3f219cedf3be6p+11;
constexpr double sb6 = 0x1.da874e79fe763p+8;
constexpr double sb7 = -0x1.670e242712d62p+4;

// The rational approximations, each in the order glibc's compiled code
// evaluates it (products of powers of the variable with pairs of terms, then
// summed left to right). a - (-c) in the disassembly, where GCC keeps a
// negative coefficient's magnitude in .rodata, is the same rounded sum as
// a + c, so the coefficients keep their signs here.

// |x| < 0.84375: y = P(z)/Q(z) with z = x^2, so erf(x) = x + x*y.
inline double small_ratio(double x) {
  const double z = x * x;
  const double r1 = pp0 + z * pp1;
  const double z2 = z * z;
  const double r2 = pp2 + z * pp3;
  const double z4 = z2 * z2;
  const double s1 = 1.0 + z * qq1;
  const double s2 = qq2 + z * qq3;
  const double s3 = qq4 + z * qq5;
  const double r = r1 + z2 * r2 + z4 * pp4;
  const double s = s1 + z2 * s2 + z4 * s3;
  return r / s;
}

// 0.84375 <= |x| < 1.25: P(s)/Q(s) with s = |x| - 1, so erf(|x|) = erx + P/Q.
inline double near_one_ratio(double x) {
  const double s = std::fabs(x) - 1.0;
  const double P1 = pa0 + s * pa1;
  const double s2 = s * s;
  const double Q1 = 1.0 + s * qa1;
  const double s4 = s2 * s2;
  const double P2 = pa2 + s * pa3;
  const double s6 = s4 * s2;
  const double Q2 = qa2 + s * qa3;
  const double P3 = pa4 + s * pa5;
  const double Q3 = qa4 + s * qa5;
  const double P = P1 + s2 * P2 + s4 * P3 + s6 * pa6;
  const double Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * qa6;
  return P / Q;
}

// 1.25 <= |x| < 28 (|x| = ax): |x| * erfc(|x|) = exp(-x*x - 0.5625 + R(s)/S(s))
// with s = 1/x^2, R/S from ra/sa below 1/0.35 (use_ra) and rb/sb above. The
// caller decides use_ra because erf and erfc place the switch one high-word
// step apart (s_erf.c: ix < 0x4006DB6E in erf, ix < 0x4006DB6D in erfc).
inline double tail_numerator(double ax, bool use_ra) {
  const double s = 1.0 / (ax * ax);
  double R, S;
  if (use_ra) {
    const double R1 = ra0 + s * ra1;
    const double s2 = s * s;
    const double S1 = 1.0 + s * sa1;
    const double s4 = s2 * s2;
    const double R2 = ra2 + s * ra3;
    const double s6 = s4 * s2;
    const double S2 = sa2 + s * sa3;
    const double s8 = s4 * s4;
    const double R3 = ra4 + s * ra5;
    const double S3 = sa4 + s * sa5;
    const double R4 = ra6 + s * ra7;
    const double S4 = sa6 + s * sa7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * sa8;
  } else {
    const double R1 = rb0 + s * rb1;
    const double s2 = s * s;
    const double S1 = 1.0 + s * sb1;
    const double s4 = s2 * s2;
    const double R2 = rb2 + s * rb3;
    const double s6 = s4 * s2;
    const double S2 = sb2 + s * sb3;
    const double R3 = rb4 + s * rb5;
    const double S3 = sb4 + s * sb5;
    const double S4 = sb6 + s * sb7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * rb6;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  // z = |x| with its low 32 bits cleared, so that -z*z is exact and
  // exp(-x*x) = exp(-z*z) * exp((z - x)*(z + x)).
  const double z = double_of(bits_of(ax) & 0xffffffff00000000ull);
  return glibc::exp(-z * z - 0.5625) * glibc::exp((z - ax) * (z + ax) + R / S);
}

}  // namespace

double erf(double x) {
  const uint64_t u = bits_of(x);
  const int32_t hx = static_cast<int32_t>(u >> 32);  // the high word, with sign
  const int32_t ix = hx & 0x7fffffff;

  if (ix >= 0x7ff00000) {
    // glibc returns (1 - 2*sign) + 1/x: +-1 for +-inf, the quietened NaN.
    if (std::isnan(x)) return x86_nan::quieted(x);
    return hx >= 0 ? 1.0 : -1.0;
  }

  if (ix < 0x3feb0000) {  // |x| < 0.84375
    if (ix < 0x3e300000) {  // |x| < 2^-28
      if (ix < 0x00800000) {
        // glibc scales by 16 so that efx*x does not underflow on its own
        // (the result is the same value x + efx*x would give were it exact).
        return 0.0625 * (16.0 * x + kEfx16 * x);
      }
      return x + kEfx * x;
    }
    return x + x * small_ratio(x);
  }

  if (ix < 0x3ff40000) {  // 0.84375 <= |x| < 1.25
    const double q = near_one_ratio(x);
    return hx >= 0 ? kErx + q : -kErx - q;
  }

  if (ix >= 0x40180000) {  // 6 <= |x| < inf: +-(1 - tiny), which rounds to +-1
    return hx >= 0 ? 1.0 - kTiny : kTiny - 1.0;
  }

  const double ax = std::fabs(x);
  const double r = tail_numerator(ax, ix < 0x4006db6e);  // |x| < 1/0.35
  return hx >= 0 ? 1.0 - r / ax : r / ax - 1.0;
}

double erfc(double x) {
  // glibc 2.36 s_erf.c, __erfc; branches and their order as in the
  // disassembly of __erfc in Debian 12's libm.so.6.
  const uint64_t u = bits_of(x);
  const int32_t hx = static_cast<int32_t>(u >> 32);
  const int32_t ix = hx & 0x7fffffff;

  if (ix >= 0x7ff00000) {
    // glibc returns 2*sign + 1/x: 0 for +inf, 2 for -inf, the quietened NaN.
    if (std::isnan(x)) return x86_nan::quieted(x);
    return hx >= 0 ? 0.0 : 2.0;
  }

  if (ix < 0x3feb0000) {  // |x| < 0.84375
    if (ix < 0x3c700000) return 1.0 - x;  // |x| < 2^-56
    const double xy = x * small_ratio(x);
    if (hx < 0x3fd00000) return 1.0 - (x + xy);  // x < 1/4 (negative x too)
    // 1/4 <= x < 0.84375: 1 - erf(x) as 0.5 - ((x - 0.5) + x*y), which keeps
    // the bits that 1 - (x + x*y) would round away.
    return 0.5 - ((x - 0.5) + xy);
  }

  if (ix < 0x3ff40000) {  // 0.84375 <= |x| < 1.25
    const double q = near_one_ratio(x);
    return hx >= 0 ? kOneMinusErx - q : 1.0 + (kErx + q);
  }

  if (ix < 0x403c0000) {  // 1.25 <= |x| < 28
    // x < -6: 2 - tiny, which rounds to 2 (glibc tests this only past 1/0.35).
    if (hx < 0 && ix >= 0x40180000) return 2.0 - kTiny;
    const double ax = std::fabs(x);
    const double r = tail_numerator(ax, ix < 0x4006db6d);  // |x| < 1/0.35
    // (glibc also sets errno to ERANGE when r/x underflows to 0; kaiming's
    // routines have no errno.)
    return hx > 0 ? r / ax : 2.0 - r / ax;
  }

  // |x| >= 28: tiny*tiny (+0, underflowing) for x > 0, 2 - tiny = 2 for x < 0.
  return hx > 0 ? kTiny * kTiny : 2.0 - kTiny;
}

}  // namespace glibc
}  // namespace kaiming
