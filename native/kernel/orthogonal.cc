#include "orthogonal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace kaiming {

namespace {

// Columns per pool task, and the matrix size below which the pool is not
// worth its hand-over cost (a few microseconds per run).
constexpr size_t kColumnsPerTask = 8;
constexpr uint64_t kParallelElements = 1 << 14;

// Σ a_i·b_i over n terms in a fixed order: four interleaved partial sums
// (terms i ≡ 0, 1, 2, 3 mod 4), combined as (s0 + s1) + (s2 + s3). Four
// independent chains keep the adder busy; the order is part of the result.
double dot(const double* a, const double* b, size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  if (i < n) s0 += a[i] * b[i];
  if (i + 1 < n) s1 += a[i + 1] * b[i + 1];
  if (i + 2 < n) s2 += a[i + 2] * b[i + 2];
  return (s0 + s1) + (s2 + s3);
}

// A Householder reflector H = I − tau·v·vᵀ (Golub & Van Loan, "Matrix
// Computations", 4th ed., §5.1.2) stored as v in the column it was made from.
// Applying it to a column segment y of the same length: y −= (tau·(vᵀy))·v.
void reflect(const double* v, double tau, double* y, size_t n) {
  const double f = tau * dot(v, y, n);
  for (size_t i = 0; i < n; ++i) y[i] -= f * v[i];
}

// Turns x (length n, x[0] the diagonal element) into the reflector v that maps
// x to (alpha, 0, …, 0): alpha = −sign(x0)·‖x‖ (the sign that avoids
// cancellation in v0 = x0 − alpha), vᵀv = 2‖x‖(‖x‖ + |x0|), so
// tau = 2/vᵀv = 1/(‖x‖(‖x‖ + |x0|)).
// A zero x gives tau = 0 (H = I) and alpha = 0.
void make_reflector(double* x, size_t n, double& tau, double& alpha) {
  const double norm = std::sqrt(dot(x, x, n));
  if (norm == 0) {
    tau = 0;
    alpha = 0;
    return;
  }
  const double x0 = x[0];
  alpha = x0 >= 0 ? -norm : norm;
  x[0] = x0 - alpha;
  tau = 1.0 / (norm * (norm + std::fabs(x0)));
}

double sign_of(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }

class Orthogonalizer {
 public:
  explicit Orthogonalizer(const OrthogonalRequest& r)
      : r_(r),
        tall_(r.rows >= r.cols),
        m_(static_cast<size_t>(std::max(r.rows, r.cols))),
        n_(static_cast<size_t>(std::min(r.rows, r.cols))),
        threads_(static_cast<uint64_t>(m_) * n_ < kParallelElements ? 1u : std::max(1u, r.threads)),
        cancelled_([this] { return r_.cancelled(); }) {}

  FillStatus run() {
    load();
    for (size_t p0 = 0; p0 < n_; p0 += kOrthogonalPanel) {
      if (r_.cancelled()) return FillStatus::kCancelled;
      factor_panel(p0, std::min(n_, p0 + kOrthogonalPanel));
    }
    q_.assign(m_ * n_, 0.0);
    const size_t last_panel = (n_ - 1) / kOrthogonalPanel * kOrthogonalPanel;
    for (size_t p0 = last_panel + kOrthogonalPanel; p0 > 0;) {
      p0 -= kOrthogonalPanel;
      if (r_.cancelled()) return FillStatus::kCancelled;
      accumulate_panel(p0, std::min(n_, p0 + kOrthogonalPanel));
    }
    // The pool stops taking tasks once cancelled, so the last panel may be incomplete.
    if (r_.cancelled()) return FillStatus::kCancelled;
    store();
    return FillStatus::kDone;
  }

 private:
  // The tall matrix (A, or Aᵀ when rows < cols) in column-major order, m × n.
  void load() {
    w_.resize(m_ * n_);
    tau_.resize(n_);
    alpha_.resize(n_);
    const double* a = r_.matrix;
    if (!tall_) {
      // Row-major A (rows × cols) read column-major is Aᵀ (cols × rows).
      std::memcpy(w_.data(), a, m_ * n_ * sizeof(double));
      return;
    }
    for (size_t i = 0; i < m_; ++i) {
      for (size_t j = 0; j < n_; ++j) w_[j * m_ + i] = a[i * n_ + j];
    }
  }

  double* column(std::vector<double>& x, size_t j) { return x.data() + j * m_; }

  // Runs body(j) for j in [from, to), columns in tasks of kColumnsPerTask.
  void for_columns(size_t from, size_t to, const std::function<void(size_t)>& body) {
    if (from >= to) return;
    const size_t tasks = (to - from + kColumnsPerTask - 1) / kColumnsPerTask;
    const std::function<void(size_t)> task = [&](size_t t) {
      const size_t end = std::min(to, from + (t + 1) * kColumnsPerTask);
      for (size_t j = from + t * kColumnsPerTask; j < end; ++j) body(j);
    };
    ThreadPool::shared().run(tasks, threads_, task, &cancelled_);
  }

  // Householder QR of columns [p0, p1), then the same reflections, in the
  // same order, applied to every later column.
  void factor_panel(size_t p0, size_t p1) {
    for (size_t k = p0; k < p1; ++k) {
      double* v = column(w_, k) + k;
      make_reflector(v, m_ - k, tau_[k], alpha_[k]);
      for (size_t j = k + 1; j < p1; ++j) reflect(v, tau_[k], column(w_, j) + k, m_ - k);
    }
    for_columns(p1, n_, [&](size_t j) {
      for (size_t k = p0; k < p1; ++k) reflect(column(w_, k) + k, tau_[k], column(w_, j) + k, m_ - k);
    });
  }

  // Backward accumulation of the thin Q = H_0·H_1·…·H_{n−1}·I[:, :n]: column j
  // of Q starts as e_j and receives H_j, H_{j−1}, …, H_0 (H_k for k > j leaves
  // e_j alone). Panels run last to first; within one, each column j >= p0
  // receives the panel's reflectors from min(j, p1 − 1) down to p0.
  void accumulate_panel(size_t p0, size_t p1) {
    for_columns(p0, n_, [&](size_t j) {
      double* q = column(q_, j);
      if (j < p1) q[j] = 1.0;
      for (size_t k = std::min(j, p1 - 1) + 1; k-- > p0;) reflect(column(w_, k) + k, tau_[k], q + k, m_ - k);
    });
  }

  // gain · Q·diag(sign(R_jj)), transposed back when A was, into the request's matrix.
  // Evaluated as (q·sign)·gain, torch's `q *= ph` then `tensor.mul_(gain)`.
  void store() {
    double* out = r_.matrix;
    const double gain = r_.gain;
    for (size_t j = 0; j < n_; ++j) {
      const double s = sign_of(alpha_[j]);
      const double* q = column(q_, j);
      if (tall_) {
        for (size_t i = 0; i < m_; ++i) out[i * n_ + j] = (q[i] * s) * gain;
      } else {
        // Qᵀ row j is Q column j: contiguous in the row-major result.
        for (size_t i = 0; i < m_; ++i) out[j * m_ + i] = (q[i] * s) * gain;
      }
    }
  }

  const OrthogonalRequest& r_;
  const bool tall_;
  const size_t m_, n_;
  const unsigned threads_;
  const std::function<bool()> cancelled_;
  std::vector<double> w_, q_, tau_, alpha_;
};

}  // namespace

Refusal validate_orthogonal(const OrthogonalRequest& r) {
  if (r.rows == 0) return refuse(Problem::kNotPositive, Argument::kRows, 0);
  if (r.cols == 0) return refuse(Problem::kNotPositive, Argument::kCols, 0);
  if (r.rows > std::numeric_limits<size_t>::max() / sizeof(double) / r.cols) {
    return refuse(Problem::kTooLarge, Argument::kCols, static_cast<double>(r.cols));
  }
  if (r.matrix == nullptr) return refuse(Problem::kMissing, Argument::kMatrix);
  if (!std::isfinite(r.gain)) return refuse(Problem::kNotFinite, Argument::kGain, r.gain);
  const size_t n = static_cast<size_t>(r.rows * r.cols);
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(r.matrix[i])) return refuse(Problem::kNotFinite, Argument::kMatrix, r.matrix[i], i);
  }
  return accepted();
}

FillStatus orthogonalize(const OrthogonalRequest& request) {
  Orthogonalizer work(request);
  return work.run();
}

}  // namespace kaiming
