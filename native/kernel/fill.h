// Fill functions: the public interface of the kernel library.
//
// Plain C++17, no N-API: the binding copies JS values into a FillRequest,
// calls fill() on any thread, and turns the FillStatus into a JS result.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "refusal.h"

namespace kaiming {

enum class DType : int { kFloat32 = 0, kFloat64 = 1, kBfloat16 = 2, kFloat16 = 3 };
enum class Transform : int { kUniform = 0, kNormal = 1, kTruncatedNormal = 2 };

size_t bytes_per_element(DType dtype);

// Parameters, by transform:
//   kUniform          p0 = low, p1 = high                 (values in [low, high); low when low == high)
//   kNormal           p0 = mean, p1 = std                  (exactly mean when std == 0)
//   kTruncatedNormal  p0 = mean, p1 = std, p2 = a, p3 = b (a, b absolute, a < b)
struct FillParams {
  double p0 = 0, p1 = 1, p2 = 0, p3 = 0;
};

struct FillRequest {
  void* out = nullptr;       // count elements of dtype, written out[0..count)
  DType dtype = DType::kFloat32;
  Transform transform = Transform::kUniform;
  FillParams params;
  uint64_t seed = 0;
  uint64_t key = 0;
  uint64_t start = 0;        // flat index of out[0] in the logical tensor
  uint64_t count = 0;
  unsigned threads = 1;      // upper bound on threads used, the caller included
  // Either flag set to non-zero (by any thread) stops the fill early; checked
  // between chunks. The binding uses one for the user's AbortSignal and one
  // for its own shutdown when a worker thread's environment is torn down.
  const std::atomic<int32_t>* cancel = nullptr;
  const std::atomic<int32_t>* stop = nullptr;
  // Set by fill() itself (callers leave it null): the truncated normal raises
  // it when a chunk keeps almost none of its candidates, which also stops the
  // other chunks. See kStalled.
  std::atomic<int32_t>* stalled = nullptr;

  bool cancelled() const {
    return (cancel != nullptr && cancel->load(std::memory_order_relaxed) != 0) ||
           (stop != nullptr && stop->load(std::memory_order_relaxed) != 0) ||
           (stalled != nullptr && stalled->load(std::memory_order_relaxed) != 0);
  }
};

// A request from the fields that decide its values and where they go (the
// C++ tests and the kernel benchmark build many).
inline FillRequest make_request(void* out, DType dtype, Transform transform, FillParams params, uint64_t seed,
                                uint64_t key, uint64_t start, uint64_t count, unsigned threads) {
  FillRequest r;
  r.out = out;
  r.dtype = dtype;
  r.transform = transform;
  r.params = params;
  r.seed = seed;
  r.key = key;
  r.start = start;
  r.count = count;
  r.threads = threads;
  return r;
}

// kStalled: a truncated normal whose candidates almost all round outside
// [a, b] in the output precision (e.g. a = 1000000.01 in float32, where the
// tail's scale, std/a, is far below a float32 step, so every candidate rounds
// to the float below a). validate() refuses such requests from their
// parameters (truncated_normal_survival.h); this is the guard behind it, for
// callers that skip validate(): rejection would never end and the call would
// hang for ever, so after kStallCandidates candidates of one chunk with fewer
// than one kept in kStallRatio, the fill gives up and the output is partly
// written. An accepted request keeps about 1 in 2600 or more, so it never
// stalls (the odds are below 10^-100 per chunk).
enum class FillStatus { kDone, kCancelled, kStalled };
constexpr uint64_t kStallCandidates = uint64_t{1} << 20;
constexpr uint64_t kStallRatio = uint64_t{1} << 14;

// Fills below this many elements run on the calling thread: handing work to
// the pool costs a few microseconds, about what 16K uniform values cost.
constexpr uint64_t kInlineThreshold = 16384;

// Whether the request can be run: accepted() (refused() false), else why not.
Refusal validate(const FillRequest& request);

// Runs a request that validate() accepted.
FillStatus fill(const FillRequest& request);

// The compiled copies of the hot loops (fill_paths.h). All give identical bytes.
enum class Path : int { kBaseline = 0, kAvx2 = 1, kAvx512 = 2 };
Path best_path();                   // the fastest this CPU runs
bool path_available(Path path);
const char* path_name(Path path);
Path active_path();                 // best_path(), or KAIMING_PATH=baseline|avx2|avx512 from the environment
bool force_path(const char* name);  // for tests: a path name, or "" to undo; false if unavailable

// Fills one chunk's part [lo, hi) (chunk-relative indices) into out, which
// points at element lo. Exposed for tests of chunk boundaries.
void fill_chunk_part(const FillRequest& request, uint64_t chunk, uint64_t lo, uint64_t hi, void* out);

}  // namespace kaiming
