// Kernel-only throughput: ns per element for each transform and dtype.
//   kaiming_bench [elements=16777216] [threads=hardware] [rounds=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "fill.h"

using namespace kaiming;

int main(int argc, char** argv) {
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (1u << 24);
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::max(1u, std::thread::hardware_concurrency());
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  std::vector<double> buffer(n);  // large enough for any dtype, touched before timing
  std::fill(buffer.begin(), buffer.end(), 0.0);
  struct Case { const char* name; Transform transform; DType dtype; FillParams params; };
  const Case cases[] = {
      {"uniform   float32", Transform::kUniform, DType::kFloat32, {-0.05, 0.05}},
      {"uniform   float64", Transform::kUniform, DType::kFloat64, {-0.05, 0.05}},
      {"uniform   bfloat16", Transform::kUniform, DType::kBfloat16, {-0.05, 0.05}},
      {"uniform   float16", Transform::kUniform, DType::kFloat16, {-0.05, 0.05}},
      {"normal    bfloat16", Transform::kNormal, DType::kBfloat16, {0.0, 0.02}},
      {"normal    float32", Transform::kNormal, DType::kFloat32, {0.0, 0.02}},
      {"normal    float64", Transform::kNormal, DType::kFloat64, {0.0, 0.02}},
      {"truncnorm float32", Transform::kTruncatedNormal, DType::kFloat32, {0.0, 1.0, -2.0, 2.0}},
  };
  std::printf("elements %llu, threads %u, median of %d rounds\n", static_cast<unsigned long long>(n), threads, rounds);
  // The store-bandwidth limit: std::fill of float32 on 1 and on `threads` threads.
  float* floats = reinterpret_cast<float*>(buffer.data());
  for (unsigned t : {1u, threads}) {
    std::vector<double> times;
    for (int i = 0; i < rounds; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      std::vector<std::thread> workers;
      for (unsigned w = 0; w < t; ++w) {
        workers.emplace_back([=] { std::fill(floats + n * w / t, floats + n * (w + 1) / t, 0.5f + static_cast<float>(i)); });
      }
      for (std::thread& worker : workers) worker.join();
      const auto t1 = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n));
    }
    std::sort(times.begin(), times.end());
    std::printf("std::fill float32, %u thread(s) %8.3f ns/element\n", t, times[times.size() / 2]);
  }
  for (const Case& c : cases) {
    FillRequest r;
    r.out = buffer.data();
    r.dtype = c.dtype;
    r.transform = c.transform;
    r.params = c.params;
    r.seed = 1;
    r.count = n;
    r.threads = threads;
    std::vector<double> times;
    for (int i = 0; i < rounds; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      fill(r);
      const auto t1 = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n));
    }
    std::sort(times.begin(), times.end());
    std::printf("%-20s %8.3f ns/element\n", c.name, times[times.size() / 2]);
  }
  return 0;
}
