#include "truncated_normal.h"

#include <cmath>
#include <cstring>

#include "half.h"
#include "math_f64.h"
#include "mt19937_64_block.h"
#include "stream.h"
#include "transforms.h"

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

// Proposes candidates (standardised x) for one engine block into xs; returns how many.
// The normal proposal is the kNormal transform of the output precision.
struct Proposal {
  TruncatedMethod method;
  double alpha, beta;  // standardised bounds after mirroring (uniform/exponential)
  bool mirrored;
  double lambda;       // exponential rate (Robert 1995, eq. for the optimal λ)

  Proposal(double a, double b) : method(truncated_method(a, b)), alpha(a), beta(b), mirrored(false), lambda(0) {
    if (method == TruncatedMethod::kNormal) return;
    if (!(a < 0 && b > 0) && b <= 0) {
      mirrored = true;
      alpha = -b;
      beta = -a;
    }
    lambda = 0.5 * (alpha + std::sqrt(alpha * alpha + 4.0));
  }

  // Two words per candidate: u1 from word 2k, u2 from word 2k+1 (top 53 bits each).
  // Returns whether the candidate is kept, and x.
  bool propose(uint64_t w1, uint64_t w2, double& x) const {
    const double u2 = (static_cast<double>(w2 >> 11) + 1.0) * 0x1p-53;  // (0, 1]
    const double log_u2 = f64::log(u2);
    bool keep;
    if (method == TruncatedMethod::kUniform) {
      const double u1 = static_cast<double>(w1 >> 11) * 0x1p-53;  // [0, 1)
      x = alpha + (beta - alpha) * u1;
      // Keep with probability φ(x)/φ(m): m = 0 inside a two-sided interval, else the near bound.
      const double m = (alpha < 0 && beta > 0) ? 0.0 : alpha;
      keep = log_u2 <= 0.5 * (m * m - x * x);
    } else {
      const double u1 = (static_cast<double>(w1 >> 11) + 1.0) * 0x1p-53;  // (0, 1]
      x = alpha - f64::log(u1) / lambda;
      const double d = x - lambda;
      keep = x <= beta && log_u2 <= -0.5 * d * d;
    }
    if (mirrored) x = -x;
    return keep;
  }
};

template <class Value>
bool in_bounds(Value v, double a, double b) {
  const double d = static_cast<double>(v);
  return d >= a && d <= b;
}

// Stores one kept value at out[i] in the output dtype.
void put(void* out, uint64_t i, DType dtype, double v64, float v32, double a, double b) {
  switch (dtype) {
    case DType::kFloat64: static_cast<double*>(out)[i] = v64; return;
    case DType::kFloat32: static_cast<float*>(out)[i] = v32; return;
    case DType::kBfloat16: static_cast<uint16_t*>(out)[i] = round_into<Bf16>(v32, a, b, false); return;
    case DType::kFloat16: static_cast<uint16_t*>(out)[i] = round_into<F16>(v32, a, b, false); return;
  }
}

}  // namespace

std::string validate_truncated_normal(const FillRequest& r) {
  const FillParams& p = r.params;
  if (!std::isfinite(p.p0)) return "mean must be finite";
  if (!std::isfinite(p.p1) || !(p.p1 > 0)) return "std must be finite and positive";
  if (std::isnan(p.p2) || std::isnan(p.p3)) return "a and b must not be NaN";
  if (!(p.p2 < p.p3)) return "a must be less than b";
  // Rejection would never end if no value of the output type lies in [a, b].
  if (!output_grid_meets(r.dtype, p.p2, p.p3)) return "no value of the output dtype lies in [a, b]";
  return "";
}

void fill_truncated_normal(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  const double mean = r.params.p0, std = r.params.p1, a = r.params.p2, b = r.params.p3;
  const bool wide = r.dtype == DType::kFloat64;
  const Proposal proposal((a - mean) / std, (b - mean) / std);
  const NormalF32 normal32(mean, std);
  const NormalF64 normal64(mean, std);

  Mt64Block engine(chunk_seed(r.seed, r.key, chunk));
  alignas(64) uint64_t words[Mt64Block::kN];
  alignas(64) float values32[2 * Mt64Block::kN];
  alignas(64) double values64[Mt64Block::kN];
  uint64_t kept = 0;  // chunk-relative index of the next kept value
  auto keep = [&](double v64, float v32) {
    if (kept >= lo) put(out, kept - lo, r.dtype, v64, v32, a, b);
    ++kept;
  };
  while (kept < hi) {
    if (r.cancelled()) return;
    engine.generate(words);
    if (proposal.method == TruncatedMethod::kNormal) {
      if (wide) {
        normal64(words, Mt64Block::kN / 2, values64);
        for (size_t i = 0; i < Mt64Block::kN && kept < hi; ++i) {
          if (in_bounds(values64[i], a, b)) keep(values64[i], 0.0f);
        }
      } else {
        normal32(words, Mt64Block::kN, values32);
        for (size_t i = 0; i < 2 * Mt64Block::kN && kept < hi; ++i) {
          if (in_bounds(values32[i], a, b)) keep(0.0, values32[i]);
        }
      }
      continue;
    }
    for (size_t k = 0; k + 1 < Mt64Block::kN && kept < hi; k += 2) {
      double x;
      if (!proposal.propose(words[k], words[k + 1], x)) continue;
      const double v64 = mean + std * x;
      const float v32 = static_cast<float>(v64);
      if (wide ? in_bounds(v64, a, b) : in_bounds(v32, a, b)) keep(v64, v32);
    }
  }
}

}  // namespace kaiming
