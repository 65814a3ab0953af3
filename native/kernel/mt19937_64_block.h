// MT19937-64 generated a whole state (312 words) at a time.
//
// Produces exactly the sequence of std::mt19937_64 (C++17 [rand.eng.mers],
// [rand.predef]: w=64, n=312, m=156, r=31, a=0xB5026F5AA96619E9, u=29,
// d=0x5555555555555555, s=17, b=0x71D67FFFEDA60000, t=37,
// c=0xFFF7EEE000000000, l=43, f=6364136223846793005), which the C++ tests
// check word for word. Written as straight loops without data-dependent
// branches so that the compiler vectorises them: because m = n/2, the twist
// splits into two halves that each read only words the other half does not
// write in the same pass (see twist()). libstdc++'s own twist compiles to a
// branch on a random bit without SSE4.1 and runs about 4x slower.
#pragma once

#include "path_namespace.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kaiming {
inline namespace KAIMING_PATH_NS {

class Mt64Block {
 public:
  static constexpr size_t kN = 312;
  static constexpr size_t kM = 156;

  explicit Mt64Block(uint64_t seed) { reseed(seed); }

  // [rand.eng.mers]/8: x_{-n} = seed, x_i = f·(x_{i-1} xor (x_{i-1} >> 62)) + i.
  void reseed(uint64_t seed) {
    state_[0] = seed;
    for (size_t i = 1; i < kN; ++i) {
      state_[i] = 6364136223846793005ULL * (state_[i - 1] ^ (state_[i - 1] >> 62)) + i;
    }
  }

  // The next kN outputs of the engine, tempered, into out[0..kN).
  void generate(uint64_t* out) {
    twist();
    for (size_t i = 0; i < kN; ++i) out[i] = temper(state_[i]);
  }

  // The same outputs split into 32-bit halves, high half first: out[2j] =
  // bits 63..32 of output j, out[2j+1] = bits 31..0 (2·kN values). Transforms
  // that use each half on its own (UniformF32) then work on 32-bit lanes only,
  // half as many vector operations as extracting both halves of 64-bit words.
  void generate_halves(uint32_t* out) {
    twist();
    for (size_t i = 0; i < kN; ++i) {
      const uint64_t z = temper(state_[i]);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      // One 64-bit store of the word with its halves swapped puts the high half first.
      const uint64_t swapped = (z << 32) | (z >> 32);
      std::memcpy(out + 2 * i, &swapped, sizeof swapped);
#else
      out[2 * i] = static_cast<uint32_t>(z >> 32);
      out[2 * i + 1] = static_cast<uint32_t>(z);
#endif
    }
  }

  // Advances the engine by blocks * kN outputs without tempering them.
  void skip_blocks(uint64_t blocks) {
    for (uint64_t b = 0; b < blocks; ++b) twist();
  }

 private:
  static constexpr uint64_t kUpper = ~uint64_t{0} << 31;  // the upper w - r bits
  static constexpr uint64_t kLower = ~kUpper;
  static constexpr uint64_t kMatrixA = 0xB5026F5AA96619E9ULL;

  static uint64_t twist_word(uint64_t mixed_from, uint64_t current, uint64_t next) {
    const uint64_t y = (current & kUpper) | (next & kLower);
    // (y & 1) ? a : 0, as a mask: no branch on a random bit.
    return mixed_from ^ (y >> 1) ^ ((uint64_t{0} - (y & 1)) & kMatrixA);
  }

  static uint64_t temper(uint64_t z) {
    z ^= (z >> 29) & 0x5555555555555555ULL;
    z ^= (z << 17) & 0x71D67FFFEDA60000ULL;
    z ^= (z << 37) & 0xFFF7EEE000000000ULL;
    return z ^ (z >> 43);
  }

  // The recurrence x_{k+n} = x_{k+m} xor twist(x_k, x_{k+1}) over one state.
  // First half (i < n-m): reads state_[i+m], still the old word. Second half:
  // reads state_[i+m-n], already replaced by the first half, as the serial
  // recurrence does. The last word wraps to the new state_[0].
  void twist() {
    for (size_t i = 0; i < kN - kM; ++i) {
      state_[i] = twist_word(state_[i + kM], state_[i], state_[i + 1]);
    }
    for (size_t i = kN - kM; i < kN - 1; ++i) {
      state_[i] = twist_word(state_[i + kM - kN], state_[i], state_[i + 1]);
    }
    state_[kN - 1] = twist_word(state_[kM - 1], state_[kN - 1], state_[0]);
  }

  alignas(64) uint64_t state_[kN];
};

}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
