#include "truncated_normal.h"

#include <cmath>
#include <cstring>

#include "half.h"

namespace kaiming {

TruncatedMethod truncated_method(double alpha, double beta) {
  if (alpha < 0 && beta > 0) return beta - alpha > 2 ? TruncatedMethod::kNormal : TruncatedMethod::kUniform;
  // One-sided: distance from zero of the near bound, and the width.
  const double near = alpha >= 0 ? alpha : -beta;
  const double width = beta - alpha;
  return width * (near + 1) <= 1.5 ? TruncatedMethod::kUniform : TruncatedMethod::kExponential;
}

namespace {

// Whether some value of a 16-bit grid lies in [a, b].
template <class Codec>
bool grid_has_value_in(double a, double b) {
  // Scan outward from the float nearest to a: enough for the 16-bit grids.
  const float fa = static_cast<float>(a);
  uint16_t h = Codec::from_float(fa);
  for (int step = 0; step < 4; ++step) {
    const double v = Codec::to_float(h);
    if (v >= a && v <= b) return true;
    if (v > b) return false;
    h = half_step(h, true);
  }
  return false;
}

bool output_grid_meets(DType dtype, double a, double b) {
  switch (dtype) {
    case DType::kFloat64: return true;  // a <= b are themselves doubles
    case DType::kFloat32: {
      float f = static_cast<float>(a);
      if (static_cast<double>(f) < a) f = std::nextafter(f, INFINITY);
      return static_cast<double>(f) <= b;
    }
    case DType::kBfloat16: return grid_has_value_in<Bf16>(a, b);
    case DType::kFloat16: return grid_has_value_in<F16>(a, b);
  }
  return false;
}

}  // namespace

Refusal validate_truncated_normal(const FillRequest& r) {
  const FillParams& p = r.params;
  if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kMean, p.p0);
  if (!std::isfinite(p.p1) || !(p.p1 > 0)) return refuse(Problem::kNotPositive, Argument::kStd, p.p1);
  if (std::isnan(p.p2)) return refuse(Problem::kNaN, Argument::kA, p.p2);
  if (std::isnan(p.p3)) return refuse(Problem::kNaN, Argument::kB, p.p3);
  if (!(p.p2 < p.p3)) return refuse(Problem::kNotAbove, Argument::kB, p.p3);
  // Rejection would never end if no value of the output type lies in [a, b].
  if (!output_grid_meets(r.dtype, p.p2, p.p3)) return refuse(Problem::kNoValueInBounds, Argument::kA, p.p2);
  return accepted();
}

}  // namespace kaiming
