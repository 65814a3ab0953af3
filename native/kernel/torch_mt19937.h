// PyTorch's CPU random engine: 32-bit MT19937 (Matsumoto & Nishimura 1998),
// as torch 1.13's at::mt19937 (aten/src/ATen/core/MT19937RNGEngine.h) and
// at::CPUGeneratorImpl (aten/src/ATen/CPUGeneratorImpl.cpp) run it.
//
// torch.manual_seed(s) seeds it with the low 32 bits of s exactly as
// std::mt19937(s) is seeded (C++17 [rand.eng.mers]: x[0] = s, x[i] =
// 1812433253·(x[i-1] ^ (x[i-1] >> 30)) + i), so its outputs are
// std::mt19937's; native/test/test_torch_engine.cc checks that. random() is one
// output, random64() two, the first as the high half (CPUGeneratorImpl.cpp:
// detail::make64BitsFrom32Bits(random1, random2)).
//
// The state is a plain struct so that lib/ can keep it in an ArrayBuffer
// between calls (the generator's life is a JS object's).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kaiming {

constexpr int kTorchMtWords = 624;

// Everything at::CPUGeneratorImpl keeps that nn.init can observe: the engine,
// and the second Box–Muller sample of at::normal_distribution<double>
// (CPUGeneratorImpl::next_double_normal_sample_). manual_seed clears the
// cache (CPUGeneratorImpl::set_current_seed); nothing else does.
struct TorchGeneratorState {
  uint32_t mt[kTorchMtWords];
  uint32_t index;             // next word of mt to temper; kTorchMtWords: twist first
  uint32_t has_next_double;   // 1 when next_double holds a cached normal sample
  double next_double;
};
static_assert(sizeof(TorchGeneratorState) == 2512, "the layout lib/ allocates (TORCH_STATE_BYTES)");

inline void torch_seed(TorchGeneratorState& s, uint64_t seed) {
  // at::mt19937(uint64_t seed) keeps seed & 0xffffffff (MT19937RNGEngine.h, init_with_uint32).
  s.mt[0] = static_cast<uint32_t>(seed);
  for (int i = 1; i < kTorchMtWords; ++i) {
    s.mt[i] = 1812433253u * (s.mt[i - 1] ^ (s.mt[i - 1] >> 30)) + static_cast<uint32_t>(i);
  }
  s.index = kTorchMtWords;
  s.has_next_double = 0;
  s.next_double = 0.0;
}

// Regenerates all 624 words (the standard recurrence, in three loops without
// a modulo so the compiler can vectorise the first two).
inline void torch_twist(uint32_t* mt) {
  constexpr uint32_t kMatrix = 0x9908b0dfu, kUpper = 0x80000000u, kLower = 0x7fffffffu;
  constexpr int n = kTorchMtWords, m = 397;
  int i = 0;
  for (; i < n - m; ++i) {
    const uint32_t y = (mt[i] & kUpper) | (mt[i + 1] & kLower);
    mt[i] = mt[i + m] ^ (y >> 1) ^ ((y & 1u) ? kMatrix : 0u);
  }
  for (; i < n - 1; ++i) {
    const uint32_t y = (mt[i] & kUpper) | (mt[i + 1] & kLower);
    mt[i] = mt[i + m - n] ^ (y >> 1) ^ ((y & 1u) ? kMatrix : 0u);
  }
  const uint32_t y = (mt[n - 1] & kUpper) | (mt[0] & kLower);
  mt[n - 1] = mt[m - 1] ^ (y >> 1) ^ ((y & 1u) ? kMatrix : 0u);
}

inline uint32_t torch_temper(uint32_t y) {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

// CPUGeneratorImpl::random(): one 32-bit output.
inline uint32_t torch_random(TorchGeneratorState& s) {
  if (s.index >= static_cast<uint32_t>(kTorchMtWords)) {
    torch_twist(s.mt);
    s.index = 0;
  }
  return torch_temper(s.mt[s.index++]);
}

// CPUGeneratorImpl::random64(): the first output is the high half.
inline uint64_t torch_random64(TorchGeneratorState& s) {
  const uint64_t hi = torch_random(s);
  const uint64_t lo = torch_random(s);
  return (hi << 32) | lo;
}

// The next n outputs, in order (what n calls of torch_random give), a block at a time.
inline void torch_random_words(TorchGeneratorState& s, uint32_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    if (s.index >= static_cast<uint32_t>(kTorchMtWords)) {
      torch_twist(s.mt);
      s.index = 0;
    }
    size_t take = kTorchMtWords - s.index;
    if (take > n - done) take = n - done;
    const uint32_t* src = s.mt + s.index;
    for (size_t k = 0; k < take; ++k) out[done + k] = torch_temper(src[k]);
    s.index += static_cast<uint32_t>(take);
    done += take;
  }
}

}  // namespace kaiming
