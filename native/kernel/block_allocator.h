// Memory for new tensors, with a bounded cache of recently freed blocks.
//
// First touch of a fresh 4 KiB page costs 3-11 µs on the VMs we run on, more
// than filling it (~0.2 ns per float): a new 128 MiB tensor spends most of its
// time in page faults. Blocks of 2 MiB and more are mmap'ed, 2 MiB-aligned,
// and when JS frees a tensor its block is kept (already faulted in) for the
// next tensor of a similar size, like PyTorch's caching CUDA allocator. The
// cache holds at most kaiming::block_cache_limit() bytes (default 512 MiB,
// KAIMING_BLOCK_CACHE_BYTES overrides, 0 disables) and gives memory back to
// the system beyond that. Reused memory holds old values: every caller
// overwrites the whole block.
//
// A caller that could use other memory (a sync fill can write into a buffer
// V8 allocates) passes a budget: Node frees a block only through an N-API
// finalizer on a later turn of the event loop, so a synchronous loop that
// makes and drops tensors would otherwise pile up blocks without bound
// (30 x 128 MiB reached 3.9 GB of RSS).
//
// MADV_HUGEPAGE is not requested by default: on these VMs the first huge pages
// a process touches cost far more than 4 KiB faults (docs/PERFORMANCE.md,
// "New tensors"). KAIMING_HUGEPAGES=1 asks for it.
//
// A block fresh from the system (untouched()) is faulted in by prefault()
// before the fill, each thread a contiguous share with MADV_POPULATE_WRITE:
// the fill's threads would otherwise fault it page by page as they take
// chunks in turn, both in the same page tables. bench/page-fault-floor.c
// measures each way (docs/PERFORMANCE.md, "New tensors");
// KAIMING_PREFAULT=0 turns it off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace kaiming {

class Block {
 public:
  ~Block();
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  // A new mapping, no page of it touched yet (not a cached block, not malloc's).
  bool untouched() const { return untouched_; }

 private:
  friend std::unique_ptr<Block> allocate_block(size_t bytes, size_t budget, bool* over_budget);
  Block() = default;
  void* data_ = nullptr;
  size_t bytes_ = 0;
  void* mapping_ = nullptr;   // null for small (malloc) blocks
  size_t mapping_bytes_ = 0;
  size_t capacity_ = 0;       // usable bytes from data_ in a mapping
  bool untouched_ = false;
};

// Faults in an untouched() block from up to `threads` threads of the shared
// pool, each a contiguous share (nothing for other blocks, below 2 MiB, when
// KAIMING_PREFAULT=0, or where MADV_POPULATE_WRITE is refused (Linux before
// 5.14): the fill then faults the pages as it writes). Changes no byte.
void prefault(const Block& block, unsigned threads);

// A block of at least `bytes` bytes (contents unspecified), or null when the
// system refuses the memory. With a budget: a cached block when one fits,
// else a new one only if the blocks handed out and not yet freed stay within
// `budget` bytes with it (checked, not reserved: concurrent callers may
// overshoot by a block each); null otherwise, with *over_budget (when given)
// telling that case apart from a refusal by the system.
std::unique_ptr<Block> allocate_block(size_t bytes, size_t budget = SIZE_MAX, bool* over_budget = nullptr);

// Bytes of the blocks handed out and not yet freed.
size_t outstanding_block_bytes();

struct BlockCacheStats {
  size_t cached_bytes = 0;
  size_t hits = 0;
  size_t misses = 0;
};

BlockCacheStats block_cache_stats();
size_t block_cache_limit();
// For tests: sets the limit (0 disables and empties the cache).
void set_block_cache_limit(size_t bytes);

}  // namespace kaiming
