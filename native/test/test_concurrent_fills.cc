// fill() called from several threads at once (as libuv threads and
// worker_threads do), cancelled from another thread, and stopped all together
// (the binding's shutdown flag): run under TSan (KAIMING_TSAN), these must show
// no data race, and every finished fill must equal its serial result.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "check.h"
#include "fill.h"
#include "stream.h"

using namespace kaiming;

namespace {

struct Spec {
  Transform transform;
  DType dtype;
  FillParams params;
  uint64_t start, count;
  unsigned threads;
};

std::vector<unsigned char> run(const Spec& s, unsigned threads) {
  std::vector<unsigned char> out(s.count * bytes_per_element(s.dtype));
  CHECK(fill(make_request(out.data(), s.dtype, s.transform, s.params, 2024, s.start ^ s.count, s.start, s.count, threads)) ==
        FillStatus::kDone);
  return out;
}

std::vector<Spec> mixed_specs() {
  const Transform transforms[] = {Transform::kUniform, Transform::kNormal, Transform::kTruncatedNormal};
  const FillParams params[] = {{-0.1, 0.1}, {0.5, 2}, {0, 1, -1.5, 2.5}};
  const DType dtypes[] = {DType::kFloat32, DType::kFloat64, DType::kBfloat16, DType::kFloat16};
  const uint64_t counts[] = {1, 1000, 16383, 16384, 70001, 200003};
  std::vector<Spec> specs;
  int i = 0;
  for (uint64_t count : counts) {
    for (int t = 0; t < 3; ++t) {
      specs.push_back({transforms[t], dtypes[i % 4], params[t], static_cast<uint64_t>(i) * 40961, count, 1u + i % 4});
      ++i;
    }
  }
  return specs;
}

}  // namespace

TEST(concurrent_fills_equal_serial_fills) {
  const std::vector<Spec> specs = mixed_specs();
  std::vector<std::vector<unsigned char>> expected;
  for (const Spec& s : specs) expected.push_back(run(s, 1));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> submitters;
  for (int k = 0; k < 4; ++k) {
    submitters.emplace_back([&, k] {
      // Each submitter walks the specs from a different place, so different requests overlap.
      for (size_t j = 0; j < specs.size(); ++j) {
        const size_t i = (j + static_cast<size_t>(k) * 5) % specs.size();
        if (run(specs[i], specs[i].threads) != expected[i]) mismatches.fetch_add(1);
      }
    });
  }
  for (auto& t : submitters) t.join();
  CHECK_EQ(mismatches.load(), 0);
}

TEST(cancel_from_another_thread_leaves_whole_chunks) {
  // Uniform and normal check the flag only between chunks: each chunk of a
  // cancelled fill is either untouched or complete.
  for (Transform transform : {Transform::kUniform, Transform::kNormal}) {
    const uint64_t count = 40 * kChunkElements + 123;
    const Spec spec{transform, DType::kFloat32, {0, 1}, 7, count, 2};
    const std::vector<unsigned char> expected = run(spec, 2);
    std::vector<float> out(count, -7.0f);  // a value neither transform makes here
    std::atomic<int32_t> cancel{0};
    FillRequest r;
    r.out = out.data();
    r.transform = transform;
    r.params = spec.params;
    r.seed = 2024;
    r.key = spec.start ^ spec.count;
    r.start = spec.start;
    r.count = count;
    r.threads = 2;
    r.cancel = &cancel;
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::microseconds(300));
      cancel.store(1);
    });
    const FillStatus status = fill(r);
    canceller.join();
    CHECK(status == FillStatus::kCancelled || status == FillStatus::kDone);
    const float* want = reinterpret_cast<const float*>(expected.data());
    int partial = 0;
    for (uint64_t chunk_begin = 0; chunk_begin < count;) {
      // Chunk boundaries are at multiples of kChunkElements in the logical index.
      const uint64_t next = ((spec.start + chunk_begin) / kChunkElements + 1) * kChunkElements - spec.start;
      const uint64_t chunk_end = next < count ? next : count;
      const bool untouched = out[chunk_begin] == -7.0f;
      for (uint64_t i = chunk_begin; i < chunk_end; ++i) {
        if (untouched ? out[i] != -7.0f : std::memcmp(&out[i], &want[i], sizeof(float)) != 0) {
          ++partial;
          break;
        }
      }
      chunk_begin = chunk_end;
    }
    CHECK_EQ(partial, 0);
    std::printf("cancel after 0.3 ms: %s\n", status == FillStatus::kCancelled ? "cancelled" : "finished first");
  }
}

TEST(the_stop_flag_ends_every_fill_that_shares_it) {
  std::atomic<int32_t> stop{0};
  std::atomic<int> cancelled{0}, done{0};
  std::vector<std::thread> fills;
  for (int k = 0; k < 4; ++k) {
    fills.emplace_back([&, k] {
      std::vector<double> out(2000000);
      FillRequest r;
      r.out = out.data();
      r.dtype = DType::kFloat64;
      r.transform = k % 2 == 0 ? Transform::kTruncatedNormal : Transform::kNormal;
      r.params = {0, 1, 3, 4};  // a one-sided tail: the exponential method
      r.seed = static_cast<uint64_t>(k);
      r.count = out.size();
      r.threads = 2;
      r.stop = &stop;
      (fill(r) == FillStatus::kCancelled ? cancelled : done).fetch_add(1);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop.store(1);
  for (auto& t : fills) t.join();
  CHECK_EQ(cancelled.load() + done.load(), 4);
  std::printf("stop flag: %d of 4 fills cancelled, %d had finished\n", cancelled.load(), done.load());
}
