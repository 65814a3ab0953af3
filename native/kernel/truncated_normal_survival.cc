#include "truncated_normal_survival.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "bits.h"
#include "libm.h"
#include "truncated_normal.h"

namespace kaiming {
namespace {

constexpr double kSqrtHalf = 0.70710678118654752440;
constexpr double kLogSqrtTwoPi = 0.91893853320467274178;  // log √(2π)
constexpr double kAsymptotic = 30;                       // beyond 30σ, the series below

// log of the Mills-ratio series' correction 1 − 1/t² + 3/t⁴ − 15/t⁶ (t >= 30:
// the first omitted term, 105/t⁸, is below 2e-10).
double series_correction(double t) {
  const double s = 1.0 / (t * t);
  return libm::log1p(s * (-1.0 + s * (3.0 - 15.0 * s)));
}

// log Q(t), Q(t) = P(Z > t).
double log_q(double t) {
  if (t == -INFINITY) return 0;
  if (t == INFINITY) return -INFINITY;
  if (t < kAsymptotic) return libm::log(0.5 * libm::erfc(t * kSqrtHalf));
  return -0.5 * t * t - libm::log(t) - kLogSqrtTwoPi + series_correction(t);
}

// log(Q(v)/Q(u)) for 0 <= u <= v, without subtracting two far-tail logarithms:
// −(v² − u²)/2 = −d·(u + d/2) with d = v − u.
double log_q_ratio(double u, double v) {
  if (v == INFINITY) return -INFINITY;
  if (u < kAsymptotic) return log_q(v) - log_q(u);
  const double d = v - u;
  return -d * (u + 0.5 * d) - libm::log1p(d / u) + series_correction(v) - series_correction(u);
}

// log(1 − e^x) for x <= 0.
double log1m_exp(double x) { return x > -0.6931471805599453 ? libm::log(-libm::expm1(x)) : libm::log1p(-libm::exp(x)); }

// log P(u <= Z <= v) for u <= v.
double log_mass(double u, double v) {
  if (v <= 0) return log_mass(-v, -u);
  if (u >= 0) return log_q(u) + log1m_exp(log_q_ratio(u, v));
  // Around zero: both erf terms are positive, no cancellation.
  return libm::log(0.5 * (libm::erf(v * kSqrtHalf) + libm::erf(-u * kSqrtHalf)));
}

// P(x_lo <= Z <= x_hi) / P(α <= Z <= β) for α <= x_lo <= x_hi <= β.
double surviving_fraction(double alpha, double beta, double x_lo, double x_hi) {
  if (!(x_lo <= x_hi)) return 0;
  if (alpha == beta) return std::isfinite(alpha) ? 1 : 0;
  if (beta <= 0) return surviving_fraction(-beta, -alpha, -x_hi, -x_lo);
  if (alpha >= 0) {
    // One-sided: each mass as Q(base)·(1 − Q(top)/Q(base)), relative to Q(α).
    return libm::exp(log_q_ratio(alpha, x_lo) + log1m_exp(log_q_ratio(x_lo, x_hi)) - log1m_exp(log_q_ratio(alpha, beta)));
  }
  return libm::exp(log_mass(x_lo, x_hi) - log_mass(alpha, beta));
}

// Doubles in order as integers (−0 and +0 both 0), and back.
int64_t order_key(double x) {
  const int64_t b = static_cast<int64_t>(bits_of(x) & 0x7FFFFFFFFFFFFFFFull);
  return std::signbit(x) ? -b : b;
}

double from_order_key(int64_t k) {
  return k >= 0 ? double_of(static_cast<uint64_t>(k)) : -double_of(static_cast<uint64_t>(-k));
}

// The kernel's value of candidate x in the dtype's precision (see the header).
struct CandidateValue {
  double mean, std;
  bool wide, float_normal;
  double operator()(double x) const {
    if (wide) return mean + std * x;
    if (float_normal) {
      // Clamped so that float(x) stays finite: this method's candidates are
      // within ±6.67 anyway, and 0·∞ would make a NaN of float(std) = 0.
      const double z = std::min(std::max(x, -static_cast<double>(FLT_MAX)), static_cast<double>(FLT_MAX));
      return static_cast<double>(static_cast<float>(mean) + static_cast<float>(std) * static_cast<float>(z));
    }
    return static_cast<double>(static_cast<float>(mean + std * x));
  }
};

// Bisection along the doubles of [lo, hi] for a predicate that is monotone
// there: the first x where keep holds (keep false, then true), or the last
// (keep true, then false). NaN when it holds nowhere.
template <class Keep>
double first_kept(double lo, double hi, const Keep& keep) {
  if (!keep(hi)) return NAN;
  int64_t a = order_key(lo), b = order_key(hi);
  while (a < b) {
    const int64_t mid = a + static_cast<int64_t>((static_cast<uint64_t>(b) - static_cast<uint64_t>(a)) / 2);
    if (keep(from_order_key(mid))) {
      b = mid;
    } else {
      a = mid + 1;
    }
  }
  return from_order_key(a);
}

template <class Keep>
double last_kept(double lo, double hi, const Keep& keep) {
  if (!keep(lo)) return NAN;
  int64_t a = order_key(lo), b = order_key(hi);
  while (a < b) {
    const int64_t mid = b - static_cast<int64_t>((static_cast<uint64_t>(b) - static_cast<uint64_t>(a)) / 2);
    if (keep(from_order_key(mid))) {
      a = mid;
    } else {
      b = mid - 1;
    }
  }
  return from_order_key(a);
}

}  // namespace

double truncated_normal_survival(const FillRequest& r) {
  const double mean = r.params.p0, std = r.params.p1, a = r.params.p2, b = r.params.p3;
  const double alpha = (a - mean) / std, beta = (b - mean) / std;
  if (std::isnan(alpha) || std::isnan(beta)) return 0;
  const bool wide = r.dtype == DType::kFloat64;
  const CandidateValue value{mean, std, wide, !wide && truncated_method(alpha, beta) == TruncatedMethod::kNormal};
  // A NaN value (only when float(mean) or float(std) overflows) passes both
  // tests, so that each stays monotone; the kernel rejects those candidates.
  const double x_lo = first_kept(alpha, beta, [&](double x) { return !(value(x) < a); });
  const double x_hi = last_kept(alpha, beta, [&](double x) { return !(value(x) > b); });
  return surviving_fraction(alpha, beta, x_lo, x_hi);
}

}  // namespace kaiming
