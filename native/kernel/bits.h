// Bit patterns of floats and doubles, and back: the one place the kernel
// reinterprets a value's bytes.
//
// std::memcpy is the C++17 way to do it without undefined behaviour (reading
// another member of a union, or through a pointer of another type, is not
// defined; std::bit_cast is C++20). Compilers turn these copies into plain
// register moves. The functions are inline, so they live in the path
// namespace like the other hot helpers (path_namespace.h).
#pragma once

#include "path_namespace.h"

#include <cstdint>
#include <cstring>

namespace kaiming {
inline namespace KAIMING_PATH_NS {

// The bytes of `from` read as a To of the same size.
template <class To, class From>
inline To bit_cast(const From& from) {
  static_assert(sizeof(To) == sizeof(From), "bit_cast between types of different sizes");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

inline uint32_t bits_of(float x) { return bit_cast<uint32_t>(x); }
inline uint64_t bits_of(double x) { return bit_cast<uint64_t>(x); }
inline float float_of(uint32_t b) { return bit_cast<float>(b); }
inline double double_of(uint64_t b) { return bit_cast<double>(b); }

}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
