// Refusals compared and printed, for CHECK_EQ(validate(r), refuse(...)).
// Test-only: the kernel itself never compares refusals.
#pragma once

#include <cmath>
#include <ostream>

#include "refusal.h"

namespace kaiming {

inline bool operator==(const Refusal& x, const Refusal& y) {
  const bool same_value = x.value == y.value || (std::isnan(x.value) && std::isnan(y.value));
  return x.problem == y.problem && x.argument == y.argument && same_value && x.index == y.index;
}

inline std::ostream& operator<<(std::ostream& out, const Refusal& r) {
  return out << "{problem " << static_cast<int>(r.problem) << ", argument " << static_cast<int>(r.argument) << ", value "
             << r.value << ", index " << r.index << "}";
}

}  // namespace kaiming
