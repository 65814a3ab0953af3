// orthogonalize(): QᵀQ = I, the sign rule (R = QᵀA upper triangular with a
// positive diagonal), hand-worked cases, bit-for-bit equality with an
// unblocked Householder QR written out here, and independence of threads.
#include <atomic>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "check.h"
#include "refusal_check.h"
#include "orthogonal.h"

using namespace kaiming;

namespace {

// A rows × cols matrix of N(0, 1) doubles (std::normal_distribution: the
// values are the standard library's, the properties checked do not depend on them).
std::vector<double> normal_matrix(uint64_t rows, uint64_t cols, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> a(rows * cols);
  for (double& x : a) x = normal(engine);
  return a;
}

std::vector<double> orthogonal(std::vector<double> a, uint64_t rows, uint64_t cols, double gain = 1,
                               unsigned threads = 1) {
  OrthogonalRequest r;
  r.matrix = a.data();
  r.rows = rows;
  r.cols = cols;
  r.gain = gain;
  r.threads = threads;
  CHECK_EQ(validate_orthogonal(r), accepted());
  CHECK(orthogonalize(r) == FillStatus::kDone);
  return a;
}

// Largest |(W·Wᵀ − gain²·I)_ij| over the rows of W (rows × cols, rows <= cols),
// or over its columns when rows > cols.
double orthogonality_error(const std::vector<double>& w, size_t rows, size_t cols, double gain) {
  const bool by_rows = rows <= cols;
  const size_t k = by_rows ? rows : cols;
  const size_t len = by_rows ? cols : rows;
  auto at = [&](size_t vec, size_t i) { return by_rows ? w[vec * cols + i] : w[i * cols + vec]; };
  double worst = 0;
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = 0; b < k; ++b) {
      double s = 0;
      for (size_t i = 0; i < len; ++i) s += at(a, i) * at(b, i);
      worst = std::max(worst, std::fabs(s - (a == b ? gain * gain : 0.0)));
    }
  }
  return worst;
}

// The same algorithm without panels or threads: column by column, each
// reflector applied at once to every later column, then Q accumulated
// backwards one reflector at a time. Same dot-product order (four partial sums).
double dot4(const double* a, const double* b, size_t n) {
  double s[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i) s[i % 4] += a[i] * b[i];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

std::vector<double> reference(const std::vector<double>& a, size_t rows, size_t cols, double gain) {
  const bool tall = rows >= cols;
  const size_t m = tall ? rows : cols, n = tall ? cols : rows;
  std::vector<double> w(m * n), q(m * n, 0.0), tau(n), alpha(n);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) w[j * m + i] = tall ? a[i * cols + j] : a[j * cols + i];
  }
  for (size_t k = 0; k < n; ++k) {
    double* x = &w[k * m + k];
    const double norm = std::sqrt(dot4(x, x, m - k));
    if (norm == 0) {
      tau[k] = alpha[k] = 0;
    } else {
      const double x0 = x[0];
      alpha[k] = x0 >= 0 ? -norm : norm;
      x[0] = x0 - alpha[k];
      tau[k] = 1.0 / (norm * (norm + std::fabs(x0)));
    }
    for (size_t j = k + 1; j < n; ++j) {
      double* y = &w[j * m + k];
      const double f = tau[k] * dot4(x, y, m - k);
      for (size_t i = 0; i < m - k; ++i) y[i] -= f * x[i];
    }
  }
  for (size_t k = n; k-- > 0;) {
    q[k * m + k] = 1.0;
    const double* v = &w[k * m + k];
    for (size_t j = k; j < n; ++j) {
      double* y = &q[j * m + k];
      const double f = tau[k] * dot4(v, y, m - k);
      for (size_t i = 0; i < m - k; ++i) y[i] -= f * v[i];
    }
  }
  std::vector<double> out(rows * cols);
  for (size_t j = 0; j < n; ++j) {
    const double s = alpha[j] > 0 ? 1.0 : alpha[j] < 0 ? -1.0 : 0.0;
    for (size_t i = 0; i < m; ++i) {
      const double v = (q[j * m + i] * s) * gain;
      if (tall) out[i * cols + j] = v; else out[j * cols + i] = v;
    }
  }
  return out;
}

const size_t kShapes[][2] = {{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 5}, {5, 3}, {16, 16}, {40, 33}, {33, 40}, {100, 70}, {70, 100}};

}  // namespace

TEST(rows_or_columns_are_orthonormal) {
  for (const auto& s : kShapes) {
    const auto w = orthogonal(normal_matrix(s[0], s[1], 1), s[0], s[1]);
    CHECK(orthogonality_error(w, s[0], s[1], 1.0) < 1e-13);
  }
}

TEST(gain_scales_the_gram_matrix) {
  const auto w = orthogonal(normal_matrix(30, 20, 2), 30, 20, 2.5);
  CHECK(orthogonality_error(w, 30, 20, 2.5) < 1e-12);
  // (q·s)·2 is exact, so gain 2 doubles gain 1 bit for bit.
  const auto one = orthogonal(normal_matrix(12, 9, 3), 12, 9, 1.0);
  const auto two = orthogonal(normal_matrix(12, 9, 3), 12, 9, 2.0);
  bool doubled = true;
  for (size_t i = 0; i < one.size(); ++i) doubled = doubled && two[i] == 2.0 * one[i];
  CHECK(doubled);
  const auto zero = orthogonal(normal_matrix(4, 6, 3), 4, 6, 0.0);
  bool zeros = true;
  for (double v : zero) zeros = zeros && v == 0.0;
  CHECK(zeros);
}

// The sign rule: with Q = the result (tall case) R = QᵀA must be upper
// triangular with a positive diagonal; in the wide case the same holds for
// Aᵀ = WᵀR, i.e. R = W·Aᵀ.
TEST(r_has_a_positive_diagonal) {
  for (const auto& s : kShapes) {
    const size_t rows = s[0], cols = s[1];
    const auto a = normal_matrix(rows, cols, 4);
    const auto w = orthogonal(a, rows, cols);
    const bool tall = rows >= cols;
    const size_t m = tall ? rows : cols, n = tall ? cols : rows;
    auto q = [&](size_t i, size_t j) { return tall ? w[i * cols + j] : w[j * cols + i]; };      // m × n
    auto at = [&](size_t i, size_t j) { return tall ? a[i * cols + j] : a[j * cols + i]; };     // m × n
    bool upper = true, positive = true;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        double r = 0;
        for (size_t k = 0; k < m; ++k) r += q(k, i) * at(k, j);
        if (i > j && std::fabs(r) > 1e-12) upper = false;
        if (i == j && !(r > 0)) positive = false;
      }
    }
    CHECK(upper);
    CHECK(positive);
  }
}

TEST(hand_worked_cases) {
  // diag(-2, 3) = Q·R with R positive: Q = diag(-1, 1).
  const auto d = orthogonal({-2, 0, 0, 3}, 2, 2);
  CHECK_EQ(d[0], -1.0);
  CHECK_EQ(d[1], 0.0);
  CHECK_EQ(d[2], 0.0);
  CHECK_EQ(d[3], 1.0);
  CHECK_EQ(orthogonal({-5}, 1, 1)[0], -1.0);
  CHECK_EQ(orthogonal({3}, 1, 1, 0.5)[0], 0.5);
  // A 1 × 3 row is normalised: (3, 0, −4)/5.
  const auto row = orthogonal({3, 0, -4}, 1, 3);
  CHECK(std::fabs(row[0] - 0.6) < 1e-15);
  CHECK_EQ(row[1], 0.0);
  CHECK(std::fabs(row[2] + 0.8) < 1e-15);
  // A 3 × 1 column likewise, keeping its direction.
  const auto col = orthogonal({0, -3, 4}, 3, 1);
  CHECK_EQ(col[0], 0.0);
  CHECK(std::fabs(col[1] + 0.6) < 1e-15);
  CHECK(std::fabs(col[2] - 0.8) < 1e-15);
}

TEST(panels_equal_the_unblocked_algorithm_bit_for_bit) {
  for (const auto& s : kShapes) {
    const auto a = normal_matrix(s[0], s[1], 5);
    const auto blocked = orthogonal(a, s[0], s[1], 1.5);
    const auto plain = reference(a, s[0], s[1], 1.5);
    CHECK(std::memcmp(blocked.data(), plain.data(), plain.size() * sizeof(double)) == 0);
  }
}

TEST(threads_do_not_change_the_result) {
  const auto a = normal_matrix(300, 200, 6);
  const auto one = orthogonal(a, 300, 200, 1.0, 1);
  const auto four = orthogonal(a, 300, 200, 1.0, 4);
  CHECK(std::memcmp(one.data(), four.data(), one.size() * sizeof(double)) == 0);
  const auto wide1 = orthogonal(normal_matrix(150, 260, 6), 150, 260, 1.0, 1);
  const auto wide3 = orthogonal(normal_matrix(150, 260, 6), 150, 260, 1.0, 3);
  CHECK(std::memcmp(wide1.data(), wide3.data(), wide1.size() * sizeof(double)) == 0);
}

TEST(validation) {
  std::vector<double> a = {1, 2, 3, 4};
  OrthogonalRequest r;
  r.matrix = a.data();
  r.rows = 2;
  r.cols = 2;
  CHECK_EQ(validate_orthogonal(r), accepted());
  r.rows = 0;
  CHECK_EQ(validate_orthogonal(r), refuse(Problem::kNotPositive, Argument::kRows, 0));
  r.rows = 2;
  r.gain = NAN;
  CHECK_EQ(validate_orthogonal(r), refuse(Problem::kNotFinite, Argument::kGain, NAN));
  r.gain = 1;
  a[3] = INFINITY;
  CHECK_EQ(validate_orthogonal(r), refuse(Problem::kNotFinite, Argument::kMatrix, INFINITY, 3));
  r.matrix = nullptr;
  CHECK_EQ(validate_orthogonal(r), refuse(Problem::kMissing, Argument::kMatrix));
}

TEST(cancel_stops_early) {
  auto a = normal_matrix(200, 200, 8);
  std::atomic<int32_t> flag{1};
  OrthogonalRequest r;
  r.matrix = a.data();
  r.rows = 200;
  r.cols = 200;
  r.threads = 2;
  r.cancel = &flag;
  CHECK(orthogonalize(r) == FillStatus::kCancelled);
}
