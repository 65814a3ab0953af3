// Which values a dtype can hold in an interval: the test behind the refusals
// of uniform and truncated-normal requests whose bounds enclose no finite
// value of the output dtype (filling them would write values outside the
// bounds, or rejection would never end).
#pragma once

#include "fill.h"

namespace kaiming {

// Whether some finite value of dtype lies in [lo, hi] (lo, hi not NaN; ±∞ allowed).
bool has_finite_value_in(DType dtype, double lo, double hi);

// Whether x, rounded to dtype as the fills round it (16-bit dtypes once from
// float32, to nearest even), is finite: the one-value law at low, and the
// float32 span high − low of the uniform transform, must be.
bool rounds_to_finite(DType dtype, double x);

}  // namespace kaiming
