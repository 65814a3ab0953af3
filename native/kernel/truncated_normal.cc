#include "truncated_normal.h"

#include <cmath>
#include <cstring>

#include "dtype_grid.h"
#include "truncated_normal_survival.h"

namespace kaiming {

TruncatedMethod truncated_method(double alpha, double beta) {
  if (alpha < 0 && beta > 0) return beta - alpha > 2 ? TruncatedMethod::kNormal : TruncatedMethod::kUniform;
  // One-sided: distance from zero of the near bound, and the width.
  const double near = alpha >= 0 ? alpha : -beta;
  const double width = beta - alpha;
  return width * (near + 1) <= 1.5 ? TruncatedMethod::kUniform : TruncatedMethod::kExponential;
}

Refusal validate_truncated_normal(const FillRequest& r) {
  const FillParams& p = r.params;
  if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kMean, p.p0);
  if (!std::isfinite(p.p1) || !(p.p1 > 0)) return refuse(Problem::kNotPositive, Argument::kStd, p.p1);
  if (std::isnan(p.p2)) return refuse(Problem::kNaN, Argument::kA, p.p2);
  if (std::isnan(p.p3)) return refuse(Problem::kNaN, Argument::kB, p.p3);
  if (!(p.p2 < p.p3)) return refuse(Problem::kNotAbove, Argument::kB, p.p3);
  // Rejection would never end if no value of the output type lies in [a, b]
  // (and would give ±∞ if only infinite ones do).
  if (!has_finite_value_in(r.dtype, p.p2, p.p3)) return refuse(Problem::kNoValueInBounds, Argument::kA, p.p2);
  // Nor, in practice, if almost no candidate survives rounding into [a, b].
  if (!(truncated_normal_survival(r) >= kSurvivalThreshold)) return refuse(Problem::kHopeless, Argument::kA, p.p2);
  return accepted();
}

}  // namespace kaiming
