// PyTorch 1.13's CPU distributions on its MT19937 stream (torch_transforms.h).
#include "torch_transforms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "thread_pool.h"
#include "libm.h"
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

template <class T>
void erfinv_affine_clamp(T* x, size_t n, T scale, T shift, T lo, T hi, bool fused) {
#if defined(__x86_64__) || defined(_M_X64)
  if (has_fma()) return torch_fma::torch_erfinv_affine_clamp(x, n, scale, shift, lo, hi, fused);
#endif
  torch_baseline::torch_erfinv_affine_clamp(x, n, scale, shift, lo, hi, fused);
}

void uniform_f64_words(const uint32_t* words, double* out, size_t n, double from, double range, bool fused) {
#if defined(__x86_64__) || defined(_M_X64)
  if (has_fma()) return torch_fma::torch_uniform_f64_words(words, out, n, from, range, fused);
#endif
  torch_baseline::torch_uniform_f64_words(words, out, n, from, range, fused);
}

// Words are drawn a block at a time into this buffer, then transformed.
constexpr size_t kWordBlock = 4096;

// Elements per task when the per-element arithmetic is spread over threads.
constexpr size_t kTaskElements = 1 << 16;

// fn(lo, hi) over [0, n) in tasks of kTaskElements (a multiple of 16), on up to `threads` threads.
template <class Fn>
void parallel_ranges(size_t n, unsigned threads, const Fn& fn) {
  const size_t tasks = (n + kTaskElements - 1) / kTaskElements;
  if (tasks <= 1 || threads <= 1) {
    fn(size_t{0}, n);
    return;
  }
  ThreadPool::shared().run(tasks, threads, [&](size_t t) { fn(t * kTaskElements, std::min(n, (t + 1) * kTaskElements)); }, nullptr);
}

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
  const double r = std::sqrt(-2.0 * libm::log(1.0 - u2));
  const double theta = 2.0 * 3.14159265358979323846 * u1;
  g.next_double = r * libm::sin(theta);
  g.has_next_double = 1;
  return affine(r * libm::cos(theta), std, mean, fused);
}

// normal_fill_16<scalar_t> (DistributionTemplates.h), float: the scalar
// kernel of the DEFAULT build (no FMA), with glibc's logf/cosf/sinf.
void normal16_scalar_f32(float* d, float mean, float std, bool fused) {
  for (int j = 0; j < 8; ++j) {
    const float u1 = 1.0f - d[j];
    const float u2 = d[j + 8];
    const float radius = std::sqrt(-2.0f * libm::log(u1));
    const float theta = static_cast<float>(2.0 * 3.14159265358979323846 * static_cast<double>(u2));
    const float c = radius * libm::cos(theta), s = radius * libm::sin(theta);
    d[j] = fused ? std::fma(c, std, mean) : c * std + mean;
    d[j + 8] = fused ? std::fma(s, std, mean) : s * std + mean;
  }
}

void normal16_f64(double* d, double mean, double std, bool fused) {
  for (int j = 0; j < 8; ++j) {
    const double u1 = 1.0 - d[j];
    const double u2 = d[j + 8];
    const double radius = std::sqrt(-2.0 * libm::log(u1));
    const double theta = 2.0 * 3.14159265358979323846 * u2;
    d[j] = affine(radius * libm::cos(theta), std, mean, fused);
    d[j + 8] = affine(radius * libm::sin(theta), std, mean, fused);
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

void torch_uniform_f32(TorchGeneratorState& g, float* out, size_t n, double from_, double to_, TorchCapability cap,
                       unsigned /*threads*/) {
  const float from = static_cast<float>(from_), to = static_cast<float>(to_);
  uint32_t words[kWordBlock];
  for (size_t done = 0; done < n;) {
    const size_t take = std::min(kWordBlock, n - done);
    torch_random_words(g, words, take);
    uniform_f32_words(words, out + done, take, from, to, torch_fused(cap));
    done += take;
  }
}

void torch_uniform_f64(TorchGeneratorState& g, double* out, size_t n, double from, double to, TorchCapability cap,
                       unsigned /*threads*/) {
  uint32_t words[kWordBlock];
  for (size_t done = 0; done < n;) {
    const size_t take = std::min(kWordBlock / 2, n - done);
    torch_random_words(g, words, 2 * take);
    uniform_f64_words(words, out + done, take, from, to - from, torch_fused(cap));
    done += take;
  }
}

void torch_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean_, double std_, TorchCapability cap,
                      unsigned threads) {
  const bool fused = torch_fused(cap);
  if (n < 16) {
    // normal_kernel's TensorIterator path: doubles, cast to float.
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(normal_distribution_double(g, mean_, std_, fused));
    return;
  }
  const float mean = static_cast<float>(mean_), std = static_cast<float>(std_);
  uniform01_f32(g, out, n);
  // Each block of 16 is transformed on its own: the blocks may go to several threads.
  parallel_ranges(n - n % 16, threads, [&](size_t lo, size_t hi) {
    if (cap == TorchCapability::avx2) normal16_avx2(out + lo, (hi - lo) / 16, mean, std);
    else for (size_t i = lo; i < hi; i += 16) normal16_scalar_f32(out + i, mean, std, fused);
  });
  if (n % 16 != 0) {
    // "Recompute the last 16 values": 16 new uniforms over the tail, overlapping the last full block.
    float* tail = out + n - 16;
    uniform01_f32(g, tail, 16);
    if (cap == TorchCapability::avx2) normal16_avx2(tail, 1, mean, std);
    else normal16_scalar_f32(tail, mean, std, fused);
  }
}

void torch_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, TorchCapability cap,
                      unsigned threads) {
  const bool fused = torch_fused(cap);
  if (n < 16) {
    for (size_t i = 0; i < n; ++i) out[i] = normal_distribution_double(g, mean, std, fused);
    return;
  }
  torch_uniform_f64(g, out, n, 0.0, 1.0, cap);
  parallel_ranges(n - n % 16, threads, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; i += 16) normal16_f64(out + i, mean, std, fused);
  });
  if (n % 16 != 0) {
    double* tail = out + n - 16;
    torch_uniform_f64(g, tail, 16, 0.0, 1.0, cap);
    normal16_f64(tail, mean, std, fused);
  }
}

namespace {

// norm_cdf of torch/nn/init.py: (1 + erf(x/√2)) / 2 in double (Python's math.erf is libm's erf).
double norm_cdf(double x) { return (1.0 + libm::erf(x / std::sqrt(2.0))) / 2.0; }

template <class T>
void trunc_normal(TorchGeneratorState& g, T* out, size_t n, double mean, double std, double a, double b, TorchCapability cap,
                  unsigned threads) {
  const double l = norm_cdf((a - mean) / std);
  const double u = norm_cdf((b - mean) / std);
  if constexpr (sizeof(T) == 4) torch_uniform_f32(g, out, n, 2 * l - 1, 2 * u - 1, cap);
  else torch_uniform_f64(g, out, n, 2 * l - 1, 2 * u - 1, cap);
  const bool fused = torch_fused(cap);
  // mul_ and add_ with Python floats: the scalar is rounded to T (BinaryOpsKernel.cpp's opmath for float is float).
  const T scale = static_cast<T>(std * std::sqrt(2.0));
  const T shift = static_cast<T>(mean);
  const T lo = static_cast<T>(a), hi = static_cast<T>(b);
  // erfinv_, mul_, add_ and clamp_ are elementwise: any thread may do any element.
  parallel_ranges(n, threads, [&](size_t first, size_t last) { erfinv_affine_clamp(out + first, last - first, scale, shift, lo, hi, fused); });
}

}  // namespace

float torch_erfinv_f32(float y, bool fused) {
  erfinv_affine_clamp(&y, 1, 1.0f, 0.0f, -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity(), fused);
  return y;
}
double torch_erfinv_f64(double y, bool fused) {
  erfinv_affine_clamp(&y, 1, 1.0, 0.0, -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(), fused);
  return y;
}

void torch_trunc_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap, unsigned threads) {
  trunc_normal<float>(g, out, n, mean, std, a, b, cap, threads);
}
void torch_trunc_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap, unsigned threads) {
  trunc_normal<double>(g, out, n, mean, std, a, b, cap, threads);
}

}  // namespace kaiming
