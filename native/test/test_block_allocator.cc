// The block cache: freed blocks are reused for similar sizes, the cache stays
// within its limit, and small blocks bypass it.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

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

// With a budget, new blocks stop once the live ones would exceed it; a cached
// block is still handed out (it commits no new memory), and freeing a live
// block makes room again.
TEST(budget_bounds_new_blocks_but_not_cached_ones) {
  set_block_cache_limit(0);  // start with an empty cache, whatever the tests before left
  set_block_cache_limit(size_t{64} << 20);
  const size_t mib4 = size_t{4} << 20;
  const size_t base = outstanding_block_bytes();
  const size_t budget = base + 3 * mib4;
  auto a = allocate_block(mib4, budget);
  auto b = allocate_block(mib4, budget);
  auto c = allocate_block(mib4, budget);
  CHECK(a != nullptr && b != nullptr && c != nullptr);
  CHECK_EQ(outstanding_block_bytes(), base + 3 * mib4);
  CHECK(allocate_block(mib4, budget) == nullptr);   // a fourth would exceed it
  CHECK(allocate_block(1000, budget) == nullptr);   // small blocks count too
  CHECK_EQ(outstanding_block_bytes(), base + 3 * mib4);
  c.reset();                                        // back to the cache
  CHECK_EQ(outstanding_block_bytes(), base + 2 * mib4);
  auto d = allocate_block(mib4, base);              // no room at all, but the cached block fits
  CHECK(d != nullptr);
  CHECK(allocate_block(mib4, base) == nullptr);     // the cache is empty now
  CHECK(allocate_block(mib4) != nullptr);           // without a budget: as before
}

// A block fresh from the system is untouched() and prefault() brings its pages
// in (where the kernel has MADV_POPULATE_WRITE, Linux 5.14) without changing a
// byte; a reused block and a small (malloc) block are not untouched, and
// prefault() leaves them alone.
TEST(prefault_brings_in_an_untouched_block_and_changes_no_byte) {
  set_block_cache_limit(0);
  set_block_cache_limit(size_t{64} << 20);
  const size_t bytes = (size_t{6} << 20) + 12345;
  void* first;
  {
    auto fresh = allocate_block(bytes);
    CHECK(fresh != nullptr);
    CHECK(fresh->untouched());
    prefault(*fresh, 2);
    const unsigned char* p = static_cast<const unsigned char*>(fresh->data());
    size_t nonzero = 0;
    for (size_t i = 0; i < bytes; ++i) nonzero += p[i] != 0;
    CHECK_EQ(nonzero, size_t{0});  // anonymous memory reads as zeros, faulted in or not
#if defined(__linux__)
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> resident((bytes + page - 1) / page);
    void* probe = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    // The advice must be seen to work, not only accepted: qemu-user (the arm64 CI run) answers 0
    // and does nothing, so a probe page that is still not resident means there is nothing to check.
    unsigned char probe_in = 0;
    const bool kernel_populates = madvise(probe, page, 23 /* MADV_POPULATE_WRITE */) == 0 &&
                                  mincore(probe, page, &probe_in) == 0 && (probe_in & 1u) != 0;
    munmap(probe, page);
    // (The reads above fault pages in too, but only as the shared zero page, which mincore counts as well;
    // so this checks a fresh block of its own, prefaulted and not read.)
    auto other = allocate_block(bytes);
    CHECK(other->untouched());
    prefault(*other, 1);
    if (kernel_populates && getenv("KAIMING_PREFAULT") == nullptr) {
      CHECK_EQ(mincore(other->data(), bytes, resident.data()), 0);
      size_t in = 0;
      for (unsigned char r : resident) in += r & 1u;
      CHECK_EQ(in, resident.size());
    }
#endif
    std::memset(fresh->data(), 1, bytes);
    first = fresh->data();
  }
  auto reused = allocate_block(bytes);
  CHECK(reused->data() == first);  // the newest freed block comes back first
  CHECK(!reused->untouched());
  auto tiny = allocate_block(1000);
  CHECK(!tiny->untouched());
  prefault(*tiny, 2);  // nothing to do, nothing to break
}
