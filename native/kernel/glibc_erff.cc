// erff(float) with the results of glibc 2.36's x86-64 libm (Debian 12).
//
// glibc 2.36 computes erff with sysdeps/ieee754/flt-32/s_erff.c: fdlibm's erf
// converted to float (Ian Lance Taylor, Cygnus), every operation in single
// precision, the polynomials by Horner's rule. x86-64 has no FMA build of
// erff, so each multiply and add is rounded on its own (checked in the
// disassembly of __erff: mulss/addss/subss/divss only). The tail calls
// __expf (on this CPU __expf_fma, Arm optimized-routines' expf fused), which
// is glibc::expf (glibc_expf.cc). musl's expf differs from it only at two
// floats that erff cannot reach (its arguments to expf are -z*z - 0.5625 in
// [-36.6, -2.1] and a correction below 1 in magnitude), and this erff was
// measured equal to glibc's on all 2^32 floats with either.
//
// This is kaiming's own code (MIT) doing the same arithmetic in the same order;
// the coefficients are fdlibm's float ones (Copyright (C) 1993 by Sun
// Microsystems, Inc.: "Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice is preserved"), read as
// numbers from libm.so.6's .rodata and written as hex floats.
#include <cmath>
#include <cstdint>

#include "bits.h"
#include "glibc_libm.h"
#include "x86_nan.h"

namespace kaiming {
namespace glibc {
namespace {

constexpr float kErx = 0x1.b0ac16p-1f;    // erf(1) to 24 bits (0x3f58560b)
constexpr float kEfx = 0x1.06eba8p-3f;    // 2/sqrt(pi) - 1 (0x3e0375d4)
constexpr float kEfx16 = 0x1.06eba8p+1f;  // 16*efx, exact (folded by the compiler in glibc)
constexpr float kTiny = 1e-30f;

// |x| < 0.84375 (pp0..pp4, qq1..qq5).
constexpr float pp0 = 0x1.06eba8p-3f;
constexpr float pp1 = -0x1.4cd7d6p-2f;
constexpr float pp2 = -0x1.d2a51ep-6f;
constexpr float pp3 = -0x1.7a2912p-8f;
constexpr float pp4 = -0x1.8ead62p-16f;
constexpr float qq1 = 0x1.97779cp-2f;
constexpr float qq2 = 0x1.0a54c6p-4f;
constexpr float qq3 = 0x1.4d022cp-8f;
constexpr float qq4 = 0x1.15dc92p-13f;
constexpr float qq5 = -0x1.09c434p-18f;

// 0.84375 <= |x| < 1.25 (pa0..pa6, qa1..qa6).
constexpr float pa0 = -0x1.359b8cp-9f;
constexpr float pa1 = 0x1.a8d00ap-2f;
constexpr float pa2 = -0x1.7d2410p-2f;
constexpr float pa3 = 0x1.45fca8p-2f;
constexpr float pa4 = -0x1.c63984p-4f;
constexpr float pa5 = 0x1.22a366p-5f;
constexpr float pa6 = -0x1.1bf380p-9f;
constexpr float qa1 = 0x1.b3e662p-4f;
constexpr float qa2 = 0x1.14af0ap-1f;
constexpr float qa3 = 0x1.2635cep-4f;
constexpr float qa4 = 0x1.02660ep-3f;
constexpr float qa5 = 0x1.bedc26p-7f;
constexpr float qa6 = 0x1.88b546p-7f;

// 1.25 <= |x| < 1/0.35 (ra0..ra7, sa1..sa8).
constexpr float ra0 = -0x1.434126p-7f;
constexpr float ra1 = -0x1.63416ep-1f;
constexpr float ra2 = -0x1.51e044p+3f;
constexpr float ra3 = -0x1.f300aep+5f;
constexpr float ra4 = -0x1.44cb18p+7f;
constexpr float ra5 = -0x1.7135cep+7f;
constexpr float ra6 = -0x1.452656p+6f;
constexpr float ra7 = -0x1.3a0efcp+3f;
constexpr float sa1 = 0x1.3a6b9cp+4f;
constexpr float sa2 = 0x1.1350c6p+7f;
constexpr float sa3 = 0x1.b290dep+8f;
constexpr float sa4 = 0x1.42b192p+9f;
constexpr float sa5 = 0x1.ad0216p+8f;
constexpr float sa6 = 0x1.b28a3ep+6f;
constexpr float sa7 = 0x1.a47ef8p+2f;
constexpr float sa8 = -0x1.eeff2ep-5f;

// 1/0.35 <= |x| < 6 (rb0..rb6, sb1..sb7).
constexpr float rb0 = -0x1.434124p-7f;
constexpr float rb1 = -0x1.993ba8p-1f;
constexpr float rb2 = -0x1.1c2096p+4f;
constexpr float rb3 = -0x1.4145d4p+7f;
constexpr float rb4 = -0x1.3ec882p+9f;
constexpr float rb5 = -0x1.004616p+10f;
constexpr float rb6 = -0x1.e384eap+8f;
constexpr float sb1 = 0x1.e568b2p+4f;
constexpr float sb2 = 0x1.45cae2p+8f;
constexpr float sb3 = 0x1.802eb2p+10f;
constexpr float sb4 = 0x1.8ffb76p+11f;
constexpr float sb5 = 0x1.3f219cp+11f;
constexpr float sb6 = 0x1.da874ep+8f;
constexpr float sb7 = -0x1.670e24p+4f;

}  // namespace

float erff(float x) {
  const int32_t hx = static_cast<int32_t>(bits_of(x));
  const int32_t ix = hx & 0x7fffffff;

  if (ix >= 0x7f800000) {
    // glibc returns (1 - 2*sign) + 1/x: +-1 for +-inf, the NaN quieted.
    if (ix > 0x7f800000) return x86_nan::quieted(x);
    return hx >= 0 ? 1.0f : -1.0f;
  }

  if (ix < 0x3f580000) {  // |x| < 0.84375
    if (ix < 0x31800000) {  // |x| < 2^-28
      if (ix < 0x04000000) {
        // Scaled by 16 so that efx*x does not underflow on its own.
        return 0.0625f * (16.0f * x + kEfx16 * x);
      }
      return x + kEfx * x;
    }
    const float z = x * x;
    const float r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
    const float s = 1.0f + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
    const float y = r / s;
    return x + x * y;
  }

  if (ix < 0x3fa00000) {  // 0.84375 <= |x| < 1.25
    const float s = std::fabs(x) - 1.0f;
    const float P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const float Q = 1.0f + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return hx >= 0 ? kErx + P / Q : -kErx - P / Q;
  }

  if (ix >= 0x40c00000) {  // 6 <= |x| < inf: +-(1 - tiny), which rounds to +-1
    return hx >= 0 ? 1.0f - kTiny : kTiny - 1.0f;
  }

  const float ax = std::fabs(x);
  const float s = 1.0f / (ax * ax);
  float R, S;
  if (ix < 0x4036db6e) {  // |x| < 1/0.35
    R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
    S = 1.0f + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
  } else {  // 1/0.35 <= |x| < 6
    R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
    S = 1.0f + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
  }
  // z = |x| with its low 12 bits cleared (glibc 2.36's erff mask 0xfffff000),
  // so that -z*z is exact and exp(-x*x) = exp(-z*z) * exp((z - x)*(z + x)).
  const float z = float_of(bits_of(ax) & 0xfffff000u);
  const float r = glibc::expf(-z * z - 0.5625f) * glibc::expf((z - ax) * (z + ax) + R / S);
  return hx >= 0 ? 1.0f - r / ax : r / ax - 1.0f;
}

}  // namespace glibc
}  // namespace kaiming
