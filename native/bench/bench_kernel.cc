// Kernel-only throughput: ns per element for each transform and dtype, on
// every instruction-set path this CPU runs (the paths must give the same bytes,
// so the benchmark shows what each one buys), next to the store bandwidth of
// std::fill, the ceiling of any fill.
//   kaiming_bench [elements=16777216] [threads=hardware] [rounds=3] [path=all|baseline|avx2|avx512]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "fill.h"

using namespace kaiming;

namespace {

double median_ns(int rounds, uint64_t n, const std::function<void(int)>& run) {
  std::vector<double> times;
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    run(i);
    const auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (1u << 24);
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::max(1u, std::thread::hardware_concurrency());
  const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const std::string only = argc > 4 ? argv[4] : "all";
  std::vector<double> buffer(n);  // large enough for any dtype, touched before timing
  std::fill(buffer.begin(), buffer.end(), 0.0);
  std::printf("elements %llu, threads %u, median of %d rounds, ns/element\n", static_cast<unsigned long long>(n), threads, rounds);

  // The store-bandwidth limit: std::fill of float32 on 1 and on `threads` threads.
  float* floats = reinterpret_cast<float*>(buffer.data());
  std::vector<unsigned> fill_threads{1u};
  if (threads > 1) fill_threads.push_back(threads);
  for (unsigned t : fill_threads) {
    const double ns = median_ns(rounds, n, [&](int round) {
      std::vector<std::thread> workers;
      for (unsigned w = 0; w < t; ++w) {
        workers.emplace_back([=] { std::fill(floats + n * w / t, floats + n * (w + 1) / t, 0.5f + static_cast<float>(round)); });
      }
      for (std::thread& worker : workers) worker.join();
    });
    std::printf("std::fill float32, %u thread(s): %.3f\n", t, ns);
  }

  struct Case { const char* name; Transform transform; DType dtype; FillParams params; };
  const Case cases[] = {
      {"uniform   float32", Transform::kUniform, DType::kFloat32, {-0.05, 0.05}},
      {"uniform   float64", Transform::kUniform, DType::kFloat64, {-0.05, 0.05}},
      {"uniform   bfloat16", Transform::kUniform, DType::kBfloat16, {-0.05, 0.05}},
      {"uniform   float16", Transform::kUniform, DType::kFloat16, {-0.05, 0.05}},
      {"normal    float32", Transform::kNormal, DType::kFloat32, {0.0, 0.02}},
      {"normal    float64", Transform::kNormal, DType::kFloat64, {0.0, 0.02}},
      {"normal    bfloat16", Transform::kNormal, DType::kBfloat16, {0.0, 0.02}},
      {"truncnorm float32", Transform::kTruncatedNormal, DType::kFloat32, {0.0, 1.0, -2.0, 2.0}},
  };
  std::vector<const char*> paths;
  for (const char* name : {"baseline", "avx2", "avx512"}) {
    if ((only == "all" || only == name) && force_path(name)) paths.push_back(name);
  }
  force_path("");
  if (paths.empty()) {
    std::fprintf(stderr, "no such path on this CPU: %s\n", only.c_str());
    return 2;
  }
  std::printf("%-20s", "transform");
  for (const char* name : paths) std::printf("%10s", name);
  std::printf("\n");
  for (const Case& c : cases) {
    std::printf("%-20s", c.name);
    for (const char* name : paths) {
      force_path(name);
      const FillRequest r = make_request(buffer.data(), c.dtype, c.transform, c.params, 1, 0, 0, n, threads);
      std::printf("%10.3f", median_ns(rounds, n, [&](int) { fill(r); }));
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  force_path("");
  return 0;
}
