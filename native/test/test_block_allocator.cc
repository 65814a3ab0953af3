// The block cache: freed blocks are reused for similar sizes, the cache stays
// within its limit, and small blocks bypass it.
#include <cstring>

#include "block_allocator.h"
#include "check.h"

using namespace kaiming;

TEST(reuses_a_freed_block_of_similar_size) {
  set_block_cache_limit(size_t{64} << 20);
  void* first;
  {
    auto a = allocate_block(size_t{8} << 20);
    CHECK(a != nullptr);
    first = a->data();
    std::memset(a->data(), 7, a->bytes());  // the whole block is writable
  }
  const auto before = block_cache_stats();
  CHECK_EQ(before.cached_bytes > 0, true);
  auto b = allocate_block((size_t{8} << 20) - 4096);
  CHECK(b->data() == first);
  CHECK_EQ(block_cache_stats().hits, before.hits + 1);
  CHECK_EQ(block_cache_stats().cached_bytes, size_t{0});
}

TEST(does_not_hand_out_a_much_larger_block) {
  set_block_cache_limit(size_t{256} << 20);
  void* big_data;
  {
    auto big = allocate_block(size_t{64} << 20);
    big_data = big->data();
  }
  auto small = allocate_block(size_t{4} << 20);
  CHECK(small->data() != big_data);
}

TEST(stays_within_its_limit) {
  set_block_cache_limit(size_t{10} << 20);
  {
    auto a = allocate_block(size_t{4} << 20);
    auto b = allocate_block(size_t{4} << 20);
    auto c = allocate_block(size_t{4} << 20);
  }
  CHECK(block_cache_stats().cached_bytes <= (size_t{10} << 20));
  set_block_cache_limit(0);
  CHECK_EQ(block_cache_stats().cached_bytes, size_t{0});
  {
    auto d = allocate_block(size_t{4} << 20);
  }
  CHECK_EQ(block_cache_stats().cached_bytes, size_t{0});
}

TEST(small_blocks_bypass_the_cache) {
  set_block_cache_limit(size_t{64} << 20);
  const auto before = block_cache_stats();
  {
    auto tiny = allocate_block(1000);
    CHECK(tiny != nullptr);
    auto empty = allocate_block(0);
    CHECK(empty != nullptr);
  }
  CHECK_EQ(block_cache_stats().cached_bytes, before.cached_bytes);
}
