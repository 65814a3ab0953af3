// The stream contract (docs/STREAM.md): how (seed, key, chunk) becomes an engine.
//
// The flat index space of every tensor is cut into chunks of kChunkElements
// elements. Chunk c is drawn from its own std::mt19937_64, seeded with
// chunk_seed(seed, key, c). Values therefore depend only on (seed, key, index,
// transform, parameters): never on thread count, call style or which slice is
// generated, and a range costs at most one chunk of extra draws.
#pragma once

#include <cstdint>

namespace kaiming {

// Elements per chunk. Part of the output contract: changing it changes every
// value ever produced. 2^16 keeps the per-chunk seeding cost (312 multiplies
// and one twist) below 1% of the chunk's work and gives 16 chunks to share
// between threads for a 10^6-element tensor.
constexpr uint64_t kChunkElements = 65536;

// splitmix64 finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014; constants from Vigna's splitmix64.c): a
// bijection on 64-bit words with full avalanche, so neighbouring chunk indices
// give unrelated engine seeds.
constexpr uint64_t splitmix64(uint64_t x) {
  uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The 64-bit seed given to std::mt19937_64's single-value constructor for chunk c.
constexpr uint64_t chunk_seed(uint64_t seed, uint64_t key, uint64_t chunk) {
  return splitmix64(splitmix64(splitmix64(seed) ^ key) ^ chunk);
}

}  // namespace kaiming
