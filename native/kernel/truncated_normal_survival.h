// Whether a truncated normal can be sampled at the output precision at all:
// the part of its mass whose candidates survive rounding into [a, b].
//
// The rejection sampler (truncated_normal.h) keeps a candidate when its value,
// rounded as the kernel rounds it, lies in [a, b]. Far in a tail, or with a
// std far below the output's step, almost every candidate rounds outside
// (a = 1000000.01 in float32: the tail's scale std/a = 1e-6 is far below the
// step 0.0625 there, so every candidate rounds to 1000000 < a). Such a
// request is refused before anything is drawn, from its parameters and dtype
// alone, so that a shard of a tensor is refused exactly when the whole tensor
// is. The rule (docs/STREAM.md §3.5):
//
//   x_lo = the smallest double x in [α, β] whose value v(x) is >= a,
//   x_hi = the largest double x in [α, β] whose value v(x) is <= b,
//   S    = P(x_lo <= Z <= x_hi) / P(α <= Z <= β),  Z ~ N(0, 1),
//   refused when S < kSurvivalThreshold (or when no x survives at all),
//
// where v(x) is the kernel's own value of a candidate x in the dtype's
// precision: float(mean) + float(std)·float(x) in float32 (x clamped to the
// finite floats; a NaN value counts as inside) for the normal
// method of float32 and 16-bit outputs, float(mean + std·x) for their other
// methods, and mean + std·x in double for float64. v is monotone in x, so x_lo
// and x_hi are found by bisection over the doubles. S is evaluated in double
// with erf/erfc and, beyond 30σ, the asymptotic series of the Mills
// ratio (relative error below 2e-10), in ratios that never subtract two
// far-tail logarithms. Its libm calls go through libm.h, so the WebAssembly
// kernel computes the same S as the addon on glibc, and refuses the same
// requests.
#pragma once

#include "fill.h"

namespace kaiming {

// 2^-10: at most one candidate in 1024 survives rounding. Every method keeps
// at least about 40% of its candidates in exact arithmetic, so an accepted
// request keeps at least about 1 in 2600 of its candidates, far above the
// stall guard's 1 in kStallRatio (fill.h).
constexpr double kSurvivalThreshold = 0x1p-10;

// S above, for a request whose mean, std, a and b validate_truncated_normal() accepted.
double truncated_normal_survival(const FillRequest& request);

}  // namespace kaiming
