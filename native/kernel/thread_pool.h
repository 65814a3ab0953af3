// A process-wide pool of worker threads, created once and kept.
//
// Each run() is a job of independent tasks 0..n-1 taken in order from an
// atomic counter. The calling thread always works on its own job, so a job
// finishes even when every worker is busy elsewhere (several libuv threads and
// worker_threads may submit at once); workers help the oldest job that still
// has tasks and wants helpers. Results never depend on which thread ran which
// task: each task writes its own part of the output.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace kaiming {

class ThreadPool {
 public:
  // The shared pool. Deliberately never destroyed: workers may still be
  // waiting when the process exits, and joining them from a static
  // destructor would race with fills that are still running.
  static ThreadPool& shared();

  // Runs task(i) for i in [0, tasks) on at most `threads` threads (the caller
  // included). Stops taking new tasks once (*cancelled)() is true.
  void run(size_t tasks, unsigned threads, const std::function<void(size_t)>& task,
           const std::function<bool()>* cancelled);

  // Number of worker threads started so far (for tests).
  size_t workers() const;

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

 private:
  ThreadPool() = default;
  struct Impl;
  Impl* impl();
  std::atomic<Impl*> impl_{nullptr};
};

}  // namespace kaiming
