// The torch stream's FMA loops, once per instruction set (torch_normal_path.inc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kaiming {
namespace torch_baseline {
void torch_normal16_avx2(float* data, size_t blocks, float mean, float std);
void torch_uniform_f32_words(const uint32_t* words, float* out, size_t n, float from, float to, bool fused);
}
#if defined(__x86_64__) || defined(_M_X64)
namespace torch_fma {
void torch_normal16_avx2(float* data, size_t blocks, float mean, float std);
void torch_uniform_f32_words(const uint32_t* words, float* out, size_t n, float from, float to, bool fused);
}
#endif
}  // namespace kaiming
