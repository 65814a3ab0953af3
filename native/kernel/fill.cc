#include "fill.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "half.h"
#include "mt19937_64_block.h"
#include "stream.h"
#include "thread_pool.h"
#include "transforms.h"
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

// The support of a request's distribution, used to keep 16-bit roundings inside it.
struct Support {
  double lo = -INFINITY, hi = INFINITY;
  bool hi_open = false;
};

Support support_of(const FillRequest& r) {
  switch (r.transform) {
    case Transform::kUniform: return {r.params.p0, r.params.p1, true};
    case Transform::kTruncatedNormal: return {r.params.p2, r.params.p3, false};
    case Transform::kNormal: break;
  }
  return {};
}

// Writes values [from, from + n) of a chunk's value buffer to the output in its dtype.
template <class Value>
void store(const Value* values, size_t n, DType dtype, const Support& support, void* out) {
  if (dtype == DType::kFloat32 || dtype == DType::kFloat64) {
    std::memcpy(out, values, n * sizeof(Value));
    return;
  }
  uint16_t* dst = static_cast<uint16_t*>(out);
  for (size_t i = 0; i < n; ++i) {
    const float v = static_cast<float>(values[i]);
    dst[i] = dtype == DType::kBfloat16 ? round_into<Bf16>(v, support.lo, support.hi, support.hi_open)
                                       : round_into<F16>(v, support.lo, support.hi, support.hi_open);
  }
}

// Fixed-consumption transforms: group g of a chunk is made from words
// [g·W, (g+1)·W) of the chunk's engine and gives values [g·V, (g+1)·V).
template <class Xf, class Value>
void fill_fixed(const Xf& xf, const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  constexpr size_t W = Xf::kWordsPerGroup;
  constexpr size_t V = Xf::kValuesPerGroup;
  constexpr size_t N = Mt64Block::kN;
  static_assert(N % W == 0, "a group never straddles two engine blocks");
  const Support support = support_of(r);
  const size_t elem_size = bytes_per_element(r.dtype);
  char* dst = static_cast<char*>(out);

  const uint64_t first_group = lo / V;
  const uint64_t end_group = (hi + V - 1) / V;
  uint64_t word = first_group * W;
  const uint64_t end_word = end_group * W;

  Mt64Block engine(chunk_seed(r.seed, r.key, chunk));
  engine.skip_blocks(word / N);
  size_t pos = static_cast<size_t>(word % N);

  alignas(64) uint64_t words[N];
  alignas(64) Value values[N / W * V];
  uint64_t value_index = first_group * V;  // chunk-relative index of values[0] in this round
  while (word < end_word) {
    engine.generate(words);
    const size_t take = static_cast<size_t>(std::min<uint64_t>(N - pos, end_word - word));
    const size_t groups = take / W;
    xf(words + pos, groups, values);
    // Keep the part of these values that lies in [lo, hi).
    const uint64_t produced_end = value_index + groups * V;
    const uint64_t keep_from = std::max(value_index, lo);
    const uint64_t keep_to = std::min(produced_end, hi);
    if (keep_to > keep_from) {
      store(values + (keep_from - value_index), static_cast<size_t>(keep_to - keep_from), r.dtype, support,
            dst + (keep_from - lo) * elem_size);
    }
    value_index = produced_end;
    word += take;
    pos = 0;
  }
}

}  // namespace

void fill_chunk_part(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  const bool wide = r.dtype == DType::kFloat64;
  switch (r.transform) {
    case Transform::kUniform:
      if (wide) return fill_fixed<UniformF64, double>(UniformF64(r.params.p0, r.params.p1), r, chunk, lo, hi, out);
      return fill_fixed<UniformF32, float>(UniformF32(r.params.p0, r.params.p1), r, chunk, lo, hi, out);
    case Transform::kNormal:
      if (wide) return fill_fixed<NormalF64, double>(NormalF64(r.params.p0, r.params.p1), r, chunk, lo, hi, out);
      return fill_fixed<NormalF32, float>(NormalF32(r.params.p0, r.params.p1), r, chunk, lo, hi, out);
    case Transform::kTruncatedNormal:
      return fill_truncated_normal(r, chunk, lo, hi, out);
  }
}

std::string validate(const FillRequest& r) {
  if (r.count > 0 && r.out == nullptr) return "no output buffer";
  if (bytes_per_element(r.dtype) == 0) return "unknown dtype";
  if (r.count > std::numeric_limits<uint64_t>::max() - r.start) return "start + count overflows";
  const FillParams& p = r.params;
  switch (r.transform) {
    case Transform::kUniform:
      if (!std::isfinite(p.p0) || !std::isfinite(p.p1)) return "low and high must be finite";
      if (!(p.p0 < p.p1)) return "low must be less than high";
      if (!std::isfinite(p.p1 - p.p0)) return "high - low must be finite";
      return "";
    case Transform::kNormal:
      if (!std::isfinite(p.p0)) return "mean must be finite";
      if (!std::isfinite(p.p1) || p.p1 < 0) return "std must be finite and non-negative";
      return "";
    case Transform::kTruncatedNormal:
      return validate_truncated_normal(r);
  }
  return "unknown transform";
}

FillStatus fill(const FillRequest& r) {
  if (r.count == 0) return FillStatus::kDone;
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
    const uint64_t to = std::min(end, chunk_begin + kChunkElements);
    fill_chunk_part(r, chunk, from - chunk_begin, to - chunk_begin, base + (from - r.start) * elem_size);
    // A chunk that saw the cancel flag may be incomplete: count only those that did not.
    if (!r.cancelled()) done.fetch_add(1, std::memory_order_relaxed);
  };
  const unsigned threads = r.count < kInlineThreshold ? 1 : std::max(1u, r.threads);
  const std::function<bool()> cancelled = [&] { return r.cancelled(); };
  ThreadPool::shared().run(static_cast<size_t>(chunks), threads, task, &cancelled);
  return done.load() < chunks ? FillStatus::kCancelled : FillStatus::kDone;
}

}  // namespace kaiming
