#include "block_allocator.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>

#include "thread_pool.h"

// Linux 5.14 (include/uapi/asm-generic/mman-common.h); older kernels refuse it with EINVAL.
#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#define MADV_POPULATE_WRITE 23
#endif

namespace kaiming {

namespace {

constexpr size_t kHuge = size_t{2} << 20;

std::atomic<size_t> outstanding{0};  // bytes of live blocks

bool huge_pages_requested() {
  static const bool requested = [] {
    const char* env = std::getenv("KAIMING_HUGEPAGES");
    return env != nullptr && std::strcmp(env, "1") == 0;
  }();
  return requested;
}

bool prefault_wanted() {
  static const bool wanted = [] {
    const char* env = std::getenv("KAIMING_PREFAULT");
    return env == nullptr || std::strcmp(env, "0") != 0;
  }();
  return wanted;
}

struct Mapping {
  void* base;
  size_t bytes;
  void* data;
  size_t capacity;
};

class Cache {
 public:
  static Cache& shared() {
    static Cache* cache = new Cache();  // never destroyed: finalizers may run at exit
    return *cache;
  }

  // A cached mapping with capacity >= bytes and not much larger, or false.
  bool take(size_t bytes, Mapping& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    const size_t most = bytes + bytes / 4 + kHuge;
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->capacity >= bytes && it->capacity <= most) {
        out = *it;
        cached_ -= it->bytes;
        free_.erase(it);
        ++stats_.hits;
        return true;
      }
    }
    ++stats_.misses;
    return false;
  }

  // Keeps the mapping for reuse, newest first, unmapping the oldest beyond the limit.
  void give(const Mapping& m) {
    std::list<Mapping> evicted;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      free_.push_front(m);
      cached_ += m.bytes;
      evict_over_limit(evicted);
    }
    for (const Mapping& e : evicted) munmap(e.base, e.bytes);
  }

  void set_limit(size_t bytes) {
    std::list<Mapping> evicted;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limit_ = bytes;
      evict_over_limit(evicted);
    }
    for (const Mapping& e : evicted) munmap(e.base, e.bytes);
  }

  size_t limit() {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
  }

  BlockCacheStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    BlockCacheStats s = stats_;
    s.cached_bytes = cached_;
    return s;
  }

 private:
  Cache() {
    const char* env = std::getenv("KAIMING_BLOCK_CACHE_BYTES");
    if (env != nullptr && *env != 0) limit_ = std::strtoull(env, nullptr, 10);
  }

  // Moves the oldest mappings out until the cache fits its limit (mutex held).
  void evict_over_limit(std::list<Mapping>& evicted) {
    while (cached_ > limit_) {
      evicted.push_back(free_.back());
      cached_ -= free_.back().bytes;
      free_.pop_back();
    }
  }

  std::mutex mutex_;
  std::list<Mapping> free_;
  size_t cached_ = 0;
  size_t limit_ = size_t{512} << 20;
  BlockCacheStats stats_;
};

}  // namespace

Block::~Block() {
  outstanding.fetch_sub(bytes_, std::memory_order_relaxed);
  if (mapping_ == nullptr) {
    std::free(data_);
  } else {
    Cache::shared().give(Mapping{mapping_, mapping_bytes_, data_, capacity_});
  }
}

std::unique_ptr<Block> allocate_block(size_t bytes, size_t budget, bool* over_budget) {
  // Fields stay empty until the block is complete, so an early return frees nothing twice.
  std::unique_ptr<Block> block(new Block());
  if (over_budget != nullptr) *over_budget = false;
  const auto within_budget = [&] {
    const bool within = bytes <= budget && outstanding.load(std::memory_order_relaxed) <= budget - bytes;
    if (!within && over_budget != nullptr) *over_budget = true;
    return within;
  };
  if (bytes < kHuge) {
    if (!within_budget()) return nullptr;
    block->data_ = std::malloc(bytes > 0 ? bytes : 1);
    if (block->data_ == nullptr) return nullptr;
  } else {
    Mapping m;
    const bool cached = Cache::shared().take(bytes, m);
    if (!cached) {
      if (!within_budget() || bytes > SIZE_MAX - kHuge) return nullptr;
      const size_t length = bytes + kHuge;
      void* base = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (base == MAP_FAILED) return nullptr;
      const uintptr_t aligned = (reinterpret_cast<uintptr_t>(base) + kHuge - 1) & ~(uintptr_t{kHuge} - 1);
#ifdef MADV_HUGEPAGE
      if (huge_pages_requested()) madvise(reinterpret_cast<void*>(aligned), bytes & ~(kHuge - 1), MADV_HUGEPAGE);
#endif
      m = Mapping{base, length, reinterpret_cast<void*>(aligned), length - (aligned - reinterpret_cast<uintptr_t>(base))};
    }
    block->mapping_ = m.base;
    block->mapping_bytes_ = m.bytes;
    block->data_ = m.data;
    block->capacity_ = m.capacity;
    block->untouched_ = !cached;
  }
  block->bytes_ = bytes;
  outstanding.fetch_add(bytes, std::memory_order_relaxed);
  return block;
}

void prefault(const Block& block, unsigned threads) {
#if defined(__linux__)
  if (!block.untouched() || block.bytes() < kHuge || !prefault_wanted()) return;
  // Shares of whole 2 MiB pieces (data() is 2 MiB-aligned), so that no two
  // threads fault pages of one page table and huge pages stay whole.
  const size_t pieces = (block.bytes() + kHuge - 1) / kHuge;
  const size_t shares = std::min<size_t>(std::max(1u, threads), pieces);
  char* data = static_cast<char*>(block.data());
  ThreadPool::shared().run(shares, static_cast<unsigned>(shares), [&](size_t i) {
    const size_t from = pieces * i / shares * kHuge;
    const size_t to = std::min(block.bytes(), pieces * (i + 1) / shares * kHuge);
    // A refusal (EINVAL before Linux 5.14, ENOMEM, EFAULT) leaves the pages to the fill's first touch.
    madvise(data + from, to - from, MADV_POPULATE_WRITE);
  }, nullptr);
#else
  (void)block;
  (void)threads;
#endif
}

size_t outstanding_block_bytes() { return outstanding.load(std::memory_order_relaxed); }

BlockCacheStats block_cache_stats() { return Cache::shared().stats(); }
size_t block_cache_limit() { return Cache::shared().limit(); }
void set_block_cache_limit(size_t bytes) { Cache::shared().set_limit(bytes); }

}  // namespace kaiming
