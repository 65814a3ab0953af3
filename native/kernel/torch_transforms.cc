// PyTorch 1.13's CPU distributions on its MT19937 stream (torch_transforms.h).
#include "torch_transforms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "torch_paths.h"

namespace kaiming {
namespace {

#if defined(__x86_64__) || defined(_M_X64)
bool has_fma() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}
#endif

void normal16_avx2(float* data, size_t blocks, float mean, float std) {
#if defined(__x86_64__) || defined(_M_X64)
  if (has_fma()) return torch_fma::torch_normal16_avx2(data, blocks, mean, std);
#endif
  torch_baseline::torch_normal16_avx2(data, blocks, mean, std);
}

void uniform_f32_words(const uint32_t* words, float* out, size_t n, float from, float to, bool fused) {
#if defined(__x86_64__) || defined(_M_X64)
  if (has_fma()) return torch_fma::torch_uniform_f32_words(words, out, n, from, to, fused);
#endif
  torch_baseline::torch_uniform_f32_words(words, out, n, from, to, fused);
}

// Words are drawn a block at a time into this buffer, then transformed.
constexpr size_t kWordBlock = 4096;

// uniform_real<double> (TransformationHelper.h): 53 low bits of random64() · 2^-53,
// then x·(to − from) + from, fused by the AVX2 and AVX-512 builds.
inline double uniform_f64_value(TorchGeneratorState& g, double from, double range, bool fused) {
  const double x = static_cast<double>(torch_random64(g) & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
  return fused ? std::fma(x, range, from) : x * range + from;
}

// transformation::normal(val, mean, std) = val·std + mean.
inline double affine(double v, double std, double mean, bool fused) { return fused ? std::fma(v, std, mean) : v * std + mean; }

// at::normal_distribution<double>(mean, std)(generator) (DistributionsHelper.h):
// the cached second sample first; otherwise u1, u2 uniform doubles,
// r = √(−2·log(1 − u2)), θ = 2π·u1, cache r·sin θ, return r·cos θ.
double normal_distribution_double(TorchGeneratorState& g, double mean, double std, bool fused) {
  if (g.has_next_double) {
    g.has_next_double = 0;
    return affine(g.next_double, std, mean, fused);
  }
  const double u1 = uniform_f64_value(g, 0.0, 1.0, fused);
  const double u2 = uniform_f64_value(g, 0.0, 1.0, fused);
  const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
  const double theta = 2.0 * 3.14159265358979323846 * u1;
  g.next_double = r * std::sin(theta);
  g.has_next_double = 1;
  return affine(r * std::cos(theta), std, mean, fused);
}

// normal_fill_16<scalar_t> (DistributionTemplates.h), float: the scalar
// kernel of the DEFAULT build (no FMA), with glibc's logf/cosf/sinf.
void normal16_scalar_f32(float* d, float mean, float std, bool fused) {
  for (int j = 0; j < 8; ++j) {
    const float u1 = 1.0f - d[j];
    const float u2 = d[j + 8];
    const float radius = std::sqrt(-2.0f * std::log(u1));
    const float theta = static_cast<float>(2.0 * 3.14159265358979323846 * static_cast<double>(u2));
    const float c = radius * std::cos(theta), s = radius * std::sin(theta);
    d[j] = fused ? std::fma(c, std, mean) : c * std + mean;
    d[j + 8] = fused ? std::fma(s, std, mean) : s * std + mean;
  }
}

void normal16_f64(double* d, double mean, double std, bool fused) {
  for (int j = 0; j < 8; ++j) {
    const double u1 = 1.0 - d[j];
    const double u2 = d[j + 8];
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * 3.14159265358979323846 * u2;
    d[j] = affine(radius * std::cos(theta), std, mean, fused);
    d[j + 8] = affine(radius * std::sin(theta), std, mean, fused);
  }
}

void uniform01_f32(TorchGeneratorState& g, float* out, size_t n) {
  uint32_t words[kWordBlock];
  for (size_t done = 0; done < n;) {
    const size_t take = std::min(kWordBlock, n - done);
    torch_random_words(g, words, take);
    // x·(1 − 0) + 0 is x exactly, fused or not.
    for (size_t k = 0; k < take; ++k) out[done + k] = static_cast<float>(words[k] & 0xffffffu) * 0x1p-24f;
    done += take;
  }
}

}  // namespace

void torch_uniform_f32(TorchGeneratorState& g, float* out, size_t n, double from_, double to_, TorchCapability cap) {
  const float from = static_cast<float>(from_), to = static_cast<float>(to_);
  uint32_t words[kWordBlock];
  for (size_t done = 0; done < n;) {
    const size_t take = std::min(kWordBlock, n - done);
    torch_random_words(g, words, take);
    uniform_f32_words(words, out + done, take, from, to, torch_fused(cap));
    done += take;
  }
}

void torch_uniform_f64(TorchGeneratorState& g, double* out, size_t n, double from, double to, TorchCapability cap) {
  const double range = to - from;
  const bool fused = torch_fused(cap);
  for (size_t i = 0; i < n; ++i) out[i] = uniform_f64_value(g, from, range, fused);
}

void torch_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean_, double std_, TorchCapability cap) {
  const bool fused = torch_fused(cap);
  if (n < 16) {
    // normal_kernel's TensorIterator path: doubles, cast to float.
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(normal_distribution_double(g, mean_, std_, fused));
    return;
  }
  const float mean = static_cast<float>(mean_), std = static_cast<float>(std_);
  uniform01_f32(g, out, n);
  const size_t blocks = n / 16;
  if (cap == TorchCapability::avx2) {
    normal16_avx2(out, blocks, mean, std);
  } else {
    for (size_t b = 0; b < blocks; ++b) normal16_scalar_f32(out + 16 * b, mean, std, fused);
  }
  if (n % 16 != 0) {
    // "Recompute the last 16 values": 16 new uniforms over the tail, overlapping the last full block.
    float* tail = out + n - 16;
    uniform01_f32(g, tail, 16);
    if (cap == TorchCapability::avx2) normal16_avx2(tail, 1, mean, std);
    else normal16_scalar_f32(tail, mean, std, fused);
  }
}

void torch_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, TorchCapability cap) {
  const bool fused = torch_fused(cap);
  if (n < 16) {
    for (size_t i = 0; i < n; ++i) out[i] = normal_distribution_double(g, mean, std, fused);
    return;
  }
  torch_uniform_f64(g, out, n, 0.0, 1.0, cap);
  for (size_t i = 0; i + 15 < n; i += 16) normal16_f64(out + i, mean, std, fused);
  if (n % 16 != 0) {
    double* tail = out + n - 16;
    torch_uniform_f64(g, tail, 16, 0.0, 1.0, cap);
    normal16_f64(tail, mean, std, fused);
  }
}

namespace {

template <class T>
T erfinv_impl(T y, bool fused) {
  // calc_erfinv (aten/src/ATen/native/Math.h): Pavlis's rational
  // approximation, then two Newton steps with libm's erf and exp.
  const T a[4] = {T(0.886226899), T(-1.645349621), T(0.914624893), T(-0.140543331)};
  const T b[4] = {T(-2.118377725), T(1.442710462), T(-0.329097515), T(0.012229801)};
  const T c[4] = {T(-1.970840454), T(-1.624906493), T(3.429567803), T(1.641345311)};
  const T d[2] = {T(3.543889200), T(1.637067800)};
  auto ma = [fused](T x, T m, T add) { return fused ? std::fma(x, m, add) : x * m + add; };
  const T y_abs = std::abs(y);
  if (y_abs > 1.0) return std::numeric_limits<T>::quiet_NaN();
  if (y_abs == 1.0) return std::copysign(std::numeric_limits<T>::infinity(), y);
  T x;
  if (y_abs <= static_cast<T>(0.7)) {
    const T z = y * y;
    const T num = ma(ma(ma(a[3], z, a[2]), z, a[1]), z, a[0]);
    const T dem = ma(ma(ma(ma(b[3], z, b[2]), z, b[1]), z, b[0]), z, T(1.0));
    x = y * num / dem;
  } else {
    const T z = std::sqrt(-std::log((T(1.0) - y_abs) / T(2.0)));
    const T num = ma(ma(ma(c[3], z, c[2]), z, c[1]), z, c[0]);
    const T dem = ma(ma(d[1], z, d[0]), z, T(1.0));
    x = std::copysign(num, y) / dem;
  }
  // (T)2 / (T)sqrt(pi): in torch a constant of type T.
  const T k = static_cast<T>(2.0) / static_cast<T>(std::sqrt(3.14159265358979323846));
  x = x - (std::erf(x) - y) / (k * std::exp(-x * x));
  x = x - (std::erf(x) - y) / (k * std::exp(-x * x));
  return x;
}

// norm_cdf of torch/nn/init.py: (1 + erf(x/√2)) / 2 in double (Python's math.erf is libm's erf).
double norm_cdf(double x) { return (1.0 + std::erf(x / std::sqrt(2.0))) / 2.0; }

template <class T>
void trunc_normal(TorchGeneratorState& g, T* out, size_t n, double mean, double std, double a, double b, TorchCapability cap) {
  const double l = norm_cdf((a - mean) / std);
  const double u = norm_cdf((b - mean) / std);
  if constexpr (sizeof(T) == 4) torch_uniform_f32(g, out, n, 2 * l - 1, 2 * u - 1, cap);
  else torch_uniform_f64(g, out, n, 2 * l - 1, 2 * u - 1, cap);
  const bool fused = torch_fused(cap);
  // mul_ and add_ with Python floats: the scalar is rounded to T (BinaryOpsKernel.cpp's opmath for float is float).
  const T scale = static_cast<T>(std * std::sqrt(2.0));
  const T shift = static_cast<T>(mean);
  const T lo = static_cast<T>(a), hi = static_cast<T>(b);
  for (size_t i = 0; i < n; ++i) {
    T x = erfinv_impl<T>(out[i], fused);
    x = x * scale;
    x = x + shift;
    out[i] = std::min(std::max(x, lo), hi);  // clamp_: min(max(x, min), max)
  }
}

}  // namespace

float torch_erfinv_f32(float y, bool fused) { return erfinv_impl<float>(y, fused); }
double torch_erfinv_f64(double y, bool fused) { return erfinv_impl<double>(y, fused); }

void torch_trunc_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap) {
  trunc_normal<float>(g, out, n, mean, std, a, b, cap);
}
void torch_trunc_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap) {
  trunc_normal<double>(g, out, n, mean, std, a, b, cap);
}

}  // namespace kaiming
