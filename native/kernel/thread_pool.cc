#include "thread_pool.h"

#include <algorithm>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace kaiming {

namespace {

// Workers beyond this are never started, whatever `threads` asks for.
constexpr unsigned kMaxWorkers = 256;

struct Job {
  size_t tasks;
  const std::function<void(size_t)>* task;
  const std::function<bool()>* cancel;
  unsigned max_helpers;       // workers allowed besides the caller
  unsigned helpers = 0;       // workers currently inside this job (guarded by the pool mutex)
  std::atomic<size_t> next{0};

  bool cancelled() const { return cancel != nullptr && (*cancel)(); }

  // Takes tasks until none are left or the job is cancelled.
  void work() {
    for (;;) {
      if (cancelled()) return;
      const size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= tasks) return;
      (*task)(i);
    }
  }

  bool wants_help() const { return helpers < max_helpers && next.load(std::memory_order_relaxed) < tasks && !cancelled(); }
};

}  // namespace

struct ThreadPool::Impl {
  std::mutex mutex;
  std::condition_variable work_ready;  // workers wait here for a job that wants help
  std::condition_variable helper_left; // callers wait here for their helpers to leave
  std::list<Job*> jobs;
  std::vector<std::thread> threads;

  void ensure_workers(unsigned wanted) {
    wanted = std::min(wanted, kMaxWorkers);
    while (threads.size() < wanted) {
      threads.emplace_back([this] { worker_loop(); });
      threads.back().detach();
    }
  }

  Job* job_wanting_help() {
    for (Job* job : jobs) {
      if (job->wants_help()) return job;
    }
    return nullptr;
  }

  void worker_loop() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      Job* job = nullptr;
      work_ready.wait(lock, [&] { return (job = job_wanting_help()) != nullptr; });
      ++job->helpers;
      lock.unlock();
      job->work();
      lock.lock();
      --job->helpers;
      helper_left.notify_all();
    }
  }
};

ThreadPool& ThreadPool::shared() {
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

ThreadPool::Impl* ThreadPool::impl() {
  Impl* existing = impl_.load(std::memory_order_acquire);
  if (existing != nullptr) return existing;
  static std::once_flag once;
  std::call_once(once, [this] { impl_.store(new Impl(), std::memory_order_release); });
  return impl_.load(std::memory_order_acquire);
}

size_t ThreadPool::workers() const {
  Impl* impl = impl_.load(std::memory_order_acquire);
  if (impl == nullptr) return 0;
  std::lock_guard<std::mutex> lock(impl->mutex);
  return impl->threads.size();
}

void ThreadPool::run(size_t tasks, unsigned threads, const std::function<void(size_t)>& task,
                     const std::function<bool()>* cancel) {
  if (tasks == 0) return;
  const unsigned helpers = static_cast<unsigned>(std::min<size_t>(threads > 0 ? threads - 1 : 0, tasks - 1));
  Job job{tasks, &task, cancel, helpers};
  if (helpers == 0) {
    job.work();
    return;
  }
  Impl* pool = impl();
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->ensure_workers(helpers);
    pool->jobs.push_back(&job);
  }
  pool->work_ready.notify_all();
  job.work();
  // Every task has been taken; wait until no helper still runs one (or holds
  // a pointer to this job), then forget the job.
  std::unique_lock<std::mutex> lock(pool->mutex);
  pool->helper_left.wait(lock, [&] { return job.helpers == 0; });
  pool->jobs.remove(&job);
}

}  // namespace kaiming
