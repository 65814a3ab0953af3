// The pool runs every task exactly once, from several submitters at once, and stops on cancel.
#include <atomic>
#include <thread>
#include <vector>

#include "check.h"
#include "thread_pool.h"

using kaiming::ThreadPool;

TEST(every_task_once) {
  for (unsigned threads : {1u, 2u, 4u, 9u}) {
    std::vector<std::atomic<int>> hits(1000);
    ThreadPool::shared().run(hits.size(), threads, [&](size_t i) { hits[i].fetch_add(1); }, nullptr);
    bool once = true;
    for (auto& h : hits) once = once && h.load() == 1;
    CHECK(once);
  }
}

TEST(concurrent_submitters) {
  std::vector<std::thread> submitters;
  std::atomic<long> total{0};
  for (int s = 0; s < 6; ++s) {
    submitters.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        ThreadPool::shared().run(64, 3, [&](size_t i) { total.fetch_add(static_cast<long>(i)); }, nullptr);
      }
    });
  }
  for (auto& t : submitters) t.join();
  CHECK_EQ(total.load(), 6L * 50L * (63L * 64L / 2L));
}

TEST(cancel_stops_taking_tasks) {
  std::atomic<int32_t> cancel{0};
  const std::function<bool()> cancelled = [&] { return cancel.load() != 0; };
  std::atomic<int> ran{0};
  ThreadPool::shared().run(100000, 2, [&](size_t i) {
    ran.fetch_add(1);
    if (i == 10) cancel.store(1);
  }, &cancelled);
  CHECK(ran.load() < 100000);
}
