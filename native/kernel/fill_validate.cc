// Request validation: whether a FillRequest can be run (validate()), and why
// not as data (refusal.h). Shared by every build of the kernel, native and
// WebAssembly alike; which loops run and on how many threads is decided
// elsewhere (fill_dispatch.cc, fill.cc).
#include <cmath>
#include <limits>

#include "dtype_grid.h"
#include "fill.h"
#include "truncated_normal.h"

namespace kaiming {

size_t bytes_per_element(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return 4;
    case DType::kFloat64: return 8;
    case DType::kBfloat16:
    case DType::kFloat16: return 2;
  }
  return 0;
}

Refusal validate(const FillRequest& r) {
  if (r.count > 0 && r.out == nullptr) return refuse(Problem::kMissing, Argument::kOut);
  if (bytes_per_element(r.dtype) == 0) return refuse(Problem::kUnknown, Argument::kDType, static_cast<double>(r.dtype));
  if (r.count > std::numeric_limits<uint64_t>::max() - r.start) {
    return refuse(Problem::kIndexOverflow, Argument::kStart, static_cast<double>(r.start));
  }
  const FillParams& p = r.params;
  switch (r.transform) {
    case Transform::kUniform:
      if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kLow, p.p0);
      if (!std::isfinite(p.p1)) return refuse(Problem::kNotFinite, Argument::kHigh, p.p1);
      // low == high is the constant law at low, as torch.nn.init.uniform_(w, 1.5, 1.5)
      // (only low > high is refused: "uniform_ expects to return a [from, to) range").
      if (!(p.p0 <= p.p1)) return refuse(Problem::kBelow, Argument::kHigh, p.p1);
      if (!std::isfinite(p.p1 - p.p0)) return refuse(Problem::kSpanNotFinite, Argument::kHigh, p.p1);
      // The float32 transforms scale by float(high − low) (docs/STREAM.md §3.1): an overflow
      // there would put every value at the cap. torch 1.13 refuses it too ("uniform_ expects
      // to-from <= std::numeric_limits<float>::max()").
      if (r.dtype != DType::kFloat64 && !rounds_to_finite(DType::kFloat32, p.p1 - p.p0)) {
        return refuse(Problem::kSpanNotFinite, Argument::kHigh, p.p1);
      }
      // The one-value law writes low in the dtype: it must be finite there (torch: "from is
      // out of bounds for float").
      if (p.p0 == p.p1 && !rounds_to_finite(r.dtype, p.p0)) return refuse(Problem::kNoValueInBounds, Argument::kLow, p.p0);
      // Otherwise every value must lie in [low, high): some value of the dtype has to.
      if (p.p0 < p.p1 && !has_finite_value_in(r.dtype, p.p0, std::nextafter(p.p1, -INFINITY))) {
        return refuse(Problem::kNoValueInBounds, Argument::kLow, p.p0);
      }
      return accepted();
    case Transform::kNormal:
      if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kMean, p.p0);
      if (!std::isfinite(p.p1) || p.p1 < 0) return refuse(Problem::kNegative, Argument::kStd, p.p1);
      return accepted();
    case Transform::kTruncatedNormal:
      return validate_truncated_normal(r);
  }
  return refuse(Problem::kUnknown, Argument::kTransform, static_cast<double>(r.transform));
}

}  // namespace kaiming
