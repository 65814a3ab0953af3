// The truncated normal TN(mean, std, a, b), sampled exactly by rejection.
//
// Never by clamping, and never by an inverse CDF in low precision: PyTorch's
// inverse-CDF trunc_normal_ piles values at the bounds in bf16/fp16 and makes
// 1000σ outliers for small std (pytorch#145498, #155588). Every method here
// proposes candidates from the chunk's engine in a fixed order and keeps those
// whose final value (in the output precision) lies in [a, b]; element k of a
// chunk is the k-th kept candidate. With α = (a-mean)/std, β = (b-mean)/std:
//   normal   proposal N(0,1) (the kNormal transform)  when α < 0 < β and β-α > 2
//   uniform  proposal U(α, β), keep with φ(x)/φ(m)     when α < 0 < β and β-α <= 2 (m = 0),
//                                                     or one-sided with (β-α)(α+1) <= 1.5 (m = α)
//   exponential proposal (Robert 1995, "Simulation of truncated normal
//   variables", Statistics and Computing 5:121-125)   one-sided otherwise
// One-sided intervals with β <= 0 are mirrored to (-β, -α). The choice uses
// only comparisons and arithmetic, never a libm function, so every platform
// takes the same branch; each method keeps at least about 40% of candidates.
#pragma once

#include <cstdint>

#include "fill.h"

namespace kaiming {

// validate() for the truncated normal: Problem::kNoValueInBounds (argument
// kA) when no finite value of the output dtype lies in [a, b], and
// Problem::kHopeless when almost no candidate would survive rounding into
// [a, b] (truncated_normal_survival.h).
Refusal validate_truncated_normal(const FillRequest& request);

enum class TruncatedMethod { kNormal, kUniform, kExponential };

// The method chosen for standardised bounds (alpha, beta); exposed for tests and docs.
TruncatedMethod truncated_method(double alpha, double beta);

}  // namespace kaiming
