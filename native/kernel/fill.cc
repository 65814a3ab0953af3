#include "fill.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>

#include "dtype_grid.h"
#include "fill_paths.h"
#if KAIMING_X86
#include <cpuid.h>
#endif
#include "stream.h"
#include "thread_pool.h"
#include "truncated_normal.h"

namespace kaiming {

size_t bytes_per_element(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return 4;
    case DType::kFloat64: return 8;
    case DType::kBfloat16:
    case DType::kFloat16: return 2;
  }
  return 0;
}

namespace {

using ChunkFiller = void (*)(const FillRequest&, uint64_t, uint64_t, uint64_t, void*);

ChunkFiller filler_for(Path path) {
  switch (path) {
#if KAIMING_X86
    case Path::kAvx512: return avx512::fill_chunk_part_impl;
    case Path::kAvx2: return avx2::fill_chunk_part_impl;
#endif
    default: return baseline::fill_chunk_part_impl;
  }
}

std::atomic<int> forced_path{-1};

#if KAIMING_X86
// F16C from CPUID leaf 1 (ECX bit 29, Intel SDM vol. 2A, CPUID): clang's
// __builtin_cpu_supports does not accept "f16c", GCC's and clang's <cpuid.h>
// both do this.
bool cpu_has_f16c() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_F16C) != 0;
}
#endif

}  // namespace

Path best_path() {
#if KAIMING_X86
  __builtin_cpu_init();
  // Both paths are compiled with -mf16c as well (float16 rounding, half.h).
  if (!cpu_has_f16c()) return Path::kBaseline;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl")) {
    return Path::kAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return Path::kAvx2;
#endif
  return Path::kBaseline;
}

bool path_available(Path path) {
  switch (path) {
    case Path::kBaseline: return true;
    case Path::kAvx2: return best_path() == Path::kAvx2 || best_path() == Path::kAvx512;
    case Path::kAvx512: return best_path() == Path::kAvx512;
  }
  return false;
}

const char* path_name(Path path) {
  switch (path) {
    case Path::kBaseline: return "baseline";
    case Path::kAvx2: return "avx2";
    case Path::kAvx512: return "avx512";
  }
  return "unknown";
}

bool force_path(const char* name) {
  if (name == nullptr || *name == 0) {
    forced_path.store(-1);
    return true;
  }
  for (Path p : {Path::kBaseline, Path::kAvx2, Path::kAvx512}) {
    if (std::strcmp(name, path_name(p)) == 0 && path_available(p)) {
      forced_path.store(static_cast<int>(p));
      return true;
    }
  }
  return false;
}

Path active_path() {
  const int forced = forced_path.load();
  if (forced >= 0) return static_cast<Path>(forced);
  static const Path chosen = [] {
    // KAIMING_PATH=baseline|avx2|avx512 forces a path (tests, benchmarks).
    const char* env = std::getenv("KAIMING_PATH");
    if (env != nullptr && *env != 0) {
      for (Path p : {Path::kBaseline, Path::kAvx2, Path::kAvx512}) {
        if (std::strcmp(env, path_name(p)) == 0 && path_available(p)) return p;
      }
    }
    return best_path();
  }();
  return chosen;
}

void fill_chunk_part(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  filler_for(active_path())(r, chunk, lo, hi, out);
}

Refusal validate(const FillRequest& r) {
  if (r.count > 0 && r.out == nullptr) return refuse(Problem::kMissing, Argument::kOut);
  if (bytes_per_element(r.dtype) == 0) return refuse(Problem::kUnknown, Argument::kDType, static_cast<double>(r.dtype));
  if (r.count > std::numeric_limits<uint64_t>::max() - r.start) {
    return refuse(Problem::kIndexOverflow, Argument::kStart, static_cast<double>(r.start));
  }
  const FillParams& p = r.params;
  switch (r.transform) {
    case Transform::kUniform:
      if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kLow, p.p0);
      if (!std::isfinite(p.p1)) return refuse(Problem::kNotFinite, Argument::kHigh, p.p1);
      // low == high is the constant law at low, as torch.nn.init.uniform_(w, 1.5, 1.5)
      // (only low > high is refused: "uniform_ expects to return a [from, to) range").
      if (!(p.p0 <= p.p1)) return refuse(Problem::kBelow, Argument::kHigh, p.p1);
      if (!std::isfinite(p.p1 - p.p0)) return refuse(Problem::kSpanNotFinite, Argument::kHigh, p.p1);
      // The float32 transforms scale by float(high − low) (docs/STREAM.md §3.1): an overflow
      // there would put every value at the cap. torch 1.13 refuses it too ("uniform_ expects
      // to-from <= std::numeric_limits<float>::max()").
      if (r.dtype != DType::kFloat64 && !rounds_to_finite(DType::kFloat32, p.p1 - p.p0)) {
        return refuse(Problem::kSpanNotFinite, Argument::kHigh, p.p1);
      }
      // The one-value law writes low in the dtype: it must be finite there (torch: "from is
      // out of bounds for float").
      if (p.p0 == p.p1 && !rounds_to_finite(r.dtype, p.p0)) return refuse(Problem::kNoValueInBounds, Argument::kLow, p.p0);
      // Otherwise every value must lie in [low, high): some value of the dtype has to.
      if (p.p0 < p.p1 && !has_finite_value_in(r.dtype, p.p0, std::nextafter(p.p1, -INFINITY))) {
        return refuse(Problem::kNoValueInBounds, Argument::kLow, p.p0);
      }
      return accepted();
    case Transform::kNormal:
      if (!std::isfinite(p.p0)) return refuse(Problem::kNotFinite, Argument::kMean, p.p0);
      if (!std::isfinite(p.p1) || p.p1 < 0) return refuse(Problem::kNegative, Argument::kStd, p.p1);
      return accepted();
    case Transform::kTruncatedNormal:
      return validate_truncated_normal(r);
  }
  return refuse(Problem::kUnknown, Argument::kTransform, static_cast<double>(r.transform));
}

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
