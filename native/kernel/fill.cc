// The chunk scheduler: fill() cuts a request into its 65,536-element chunks
// (docs/STREAM.md) and runs them on the shared thread pool (thread_pool.h),
// each chunk through fill_chunk_part() (fill_dispatch.cc). Validation is
// fill_validate.cc's job.
#include "fill.h"

#include <algorithm>
#include <functional>

#include "stream.h"
#include "thread_pool.h"

namespace kaiming {

FillStatus fill(const FillRequest& request) {
  if (request.count == 0) return FillStatus::kDone;
  // The request with this fill's own stall flag (FillRequest::stalled).
  std::atomic<int32_t> stalled{0};
  FillRequest r = request;
  r.stalled = &stalled;
  const uint64_t end = r.start + r.count;
  const uint64_t first_chunk = r.start / kChunkElements;
  const uint64_t chunks = (end - 1) / kChunkElements - first_chunk + 1;
  const size_t elem_size = bytes_per_element(r.dtype);
  char* base = static_cast<char*>(r.out);

  std::atomic<size_t> done{0};
  auto task = [&](size_t t) {
    const uint64_t chunk = first_chunk + t;
    const uint64_t chunk_begin = chunk * kChunkElements;
    const uint64_t from = std::max(r.start, chunk_begin);
    // end - chunk_begin, not chunk_begin + kChunkElements: the last chunk of the
    // index space ends at 2^64, which wraps to 0 (found by test_hostile_requests under ASan).
    const uint64_t to = chunk_begin + std::min<uint64_t>(end - chunk_begin, kChunkElements);
    fill_chunk_part(r, chunk, from - chunk_begin, to - chunk_begin, base + (from - r.start) * elem_size);
    // A chunk that saw the cancel flag may be incomplete: count only those that did not.
    if (!r.cancelled()) done.fetch_add(1, std::memory_order_relaxed);
  };
  const unsigned threads = r.count < kInlineThreshold ? 1 : std::max(1u, r.threads);
  const std::function<bool()> cancelled = [&] { return r.cancelled(); };
  ThreadPool::shared().run(static_cast<size_t>(chunks), threads, task, &cancelled);
  if (stalled.load() != 0) return FillStatus::kStalled;
  return done.load() < chunks ? FillStatus::kCancelled : FillStatus::kDone;
}

}  // namespace kaiming
