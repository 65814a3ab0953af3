// PyTorch 1.13's CPU distributions as nn.init uses them, bit for bit, on a
// TorchGeneratorState (torch_mt19937.h). docs/TORCH-STREAM.md writes each one
// out with the torch source it mirrors; the sources are torch 1.13.1's
// aten/src/ATen/core/TransformationHelper.h, core/DistributionsHelper.h,
// native/cpu/DistributionTemplates.h, native/cpu/avx_mathfun.h and
// native/Math.h (calc_erfinv), and torch/nn/init.py (trunc_normal_).
#pragma once

#include <cstddef>
#include <cstdint>

#include "torch_mt19937.h"

namespace kaiming {

// Which of torch's per-instruction-set kernel builds to reproduce (ATen's
// CPU_CAPABILITY, chosen at run time by aten/src/ATen/native/DispatchStub.cpp;
// ATEN_CPU_CAPABILITY=default|avx2 forces one). Results differ between them
// because the AVX2 files are compiled with -mavx2 -mfma and GCC's default
// -ffp-contract=fast, which fuses a·b + c into one FMA, and because only the
// AVX2 build has the vectorised float normal (avx_mathfun.h).
// (ATEN_CPU_CAPABILITY=avx512 is not reproduced: its float normal_ of 16 or
// more elements differs; docs/TORCH-STREAM.md §6.)
enum class TorchCapability : int {
  avx2 = 0,     // torch 1.13's choice on every AVX2 CPU, AVX-512 ones included
  scalar = 1,   // ATEN_CPU_CAPABILITY=default (CPUs without AVX2): no FMA anywhere
};

constexpr bool torch_fused(TorchCapability c) { return c == TorchCapability::avx2; }

// Every function draws its words from g serially, in torch's order; `threads`
// only spreads the per-element arithmetic that follows (values never depend on it).

// tensor.uniform_(from, to): from and to are rounded to the dtype first (uniform_kernel).
void torch_uniform_f32(TorchGeneratorState& g, float* out, size_t n, double from, double to, TorchCapability cap,
                       unsigned threads = 1);
void torch_uniform_f64(TorchGeneratorState& g, double* out, size_t n, double from, double to, TorchCapability cap,
                       unsigned threads = 1);

// tensor.normal_(mean, std) on a contiguous tensor of n elements (normal_kernel).
void torch_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean, double std, TorchCapability cap,
                       unsigned threads = 1);
void torch_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, TorchCapability cap,
                       unsigned threads = 1);

// nn.init.trunc_normal_(tensor, mean, std, a, b) of torch 1.13 (torch/nn/init.py,
// _no_grad_trunc_normal_): uniform_(2l−1, 2u−1), erfinv_(), mul_(std·√2),
// add_(mean), clamp_(a, b), each in the tensor's dtype.
void torch_trunc_normal_f32(TorchGeneratorState& g, float* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap,
                       unsigned threads = 1);
void torch_trunc_normal_f64(TorchGeneratorState& g, double* out, size_t n, double mean, double std, double a, double b,
                            TorchCapability cap,
                       unsigned threads = 1);

// calc_erfinv (aten/src/ATen/native/Math.h) with or without FMA-fused polynomials.
float torch_erfinv_f32(float y, bool fused);
double torch_erfinv_f64(double y, bool fused);

}  // namespace kaiming
