// The WebAssembly kernel's scheduler: ThreadPool (thread_pool.h) with no
// threads. wasm32-wasi has no std::thread; a wasm fill runs its tasks in
// order on the calling thread, and lib/sampling/wasm-pool.ts spreads a large
// fill over JS workers instead, chunk-aligned ranges per worker (the values
// never depend on who fills a chunk, docs/STREAM.md §2).
#include "thread_pool.h"

namespace kaiming {

struct ThreadPool::Impl {};

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool;
  return pool;
}

size_t ThreadPool::workers() const { return 0; }

void ThreadPool::run(size_t tasks, unsigned /*threads*/, const std::function<void(size_t)>& task,
                     const std::function<bool()>* cancelled) {
  for (size_t i = 0; i < tasks; i++) {
    if (cancelled != nullptr && (*cancelled)()) return;
    task(i);
  }
}

}  // namespace kaiming
