// The torch stream's FMA loops, once per instruction set (torch_normal_path.inc):
// torch_baseline on any CPU, torch_fma (-mavx2 -mfma) on x86-64, chosen at run time.
#pragma once

#include <cstddef>
#include <cstdint>

// The same declarations in each path's namespace.
#define KAIMING_TORCH_PATH_FUNCTIONS                                                                         \
  void torch_normal16_avx2(float* data, size_t blocks, float mean, float std);                             \
  void torch_uniform_f32_words(const uint32_t* words, float* out, size_t n, float from, float to, bool fused); \
  void torch_uniform_f64_words(const uint32_t* words, double* out, size_t n, double from, double range, bool fused); \
  void torch_erfinv_affine_clamp(float* x, size_t n, float scale, float shift, float lo, float hi, bool fused); \
  void torch_erfinv_affine_clamp(double* x, size_t n, double scale, double shift, double lo, double hi, bool fused);

namespace kaiming {
namespace torch_baseline {
KAIMING_TORCH_PATH_FUNCTIONS
}
#if defined(__x86_64__) || defined(_M_X64)
namespace torch_fma {
KAIMING_TORCH_PATH_FUNCTIONS
}
#endif
}  // namespace kaiming

#undef KAIMING_TORCH_PATH_FUNCTIONS
