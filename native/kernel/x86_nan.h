// NaN results as x86-64's SSE arithmetic gives them, spelled as bits, for the
// glibc routines (glibc_libm.h).
//
// Why: glibc makes its NaN results by arithmetic (x + x, 1/x, x/x,
// (x - x)/(x - x)). On x86 an operation on a NaN operand returns that NaN with
// its quiet bit set, and an invalid operation on numbers (0/0, inf/inf,
// inf - inf) returns the default NaN: sign set, payload zero (Intel SDM vol. 1,
// 4.8.3.5 and table 4-7). WebAssembly leaves the sign and payload of a NaN
// result to the engine (WebAssembly Core 1.0, 4.3.3 "NaN propagation"), so the
// routines return these bits instead, and the WebAssembly build gives glibc's.
#pragma once

#include <cstdint>

#include "bits.h"

namespace kaiming {
namespace x86_nan {

// A NaN operand, quieted.
inline double quieted(double x) { return double_of(bits_of(x) | 0x0008000000000000ull); }
inline float quieted(float x) { return float_of(bits_of(x) | 0x00400000u); }

// An invalid operation whose operand is x: x quieted if it is a NaN, else the default NaN.
inline double invalid(double x) {
  return (bits_of(x) & 0x7fffffffffffffffull) > 0x7ff0000000000000ull ? quieted(x) : double_of(0xfff8000000000000ull);
}
inline float invalid(float x) { return (bits_of(x) & 0x7fffffffu) > 0x7f800000u ? quieted(x) : float_of(0xffc00000u); }

}  // namespace x86_nan
}  // namespace kaiming
