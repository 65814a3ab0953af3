// The optimised kernel against the naive reference of docs/STREAM.md.
#include <vector>

#include "check.h"
#include "refusal_check.h"
#include "fill.h"
#include "reference_stream.h"

using kaiming::DType;
using kaiming::FillRequest;
using kaiming::Transform;

namespace {

std::vector<double> kernel_values(const reference::Stream& st, uint64_t start, uint64_t count, unsigned threads) {
  FillRequest r;
  r.dtype = st.wide ? DType::kFloat64 : DType::kFloat32;
  r.transform = st.kind == reference::Kind::kUniform  ? Transform::kUniform
                : st.kind == reference::Kind::kNormal ? Transform::kNormal
                                                      : Transform::kTruncatedNormal;
  r.params = {st.p0, st.p1, st.p2, st.p3};
  r.seed = st.seed;
  r.key = st.key;
  r.start = start;
  r.count = count;
  r.threads = threads;
  std::vector<double> out(count);
  std::vector<float> out32(count);
  r.out = st.wide ? static_cast<void*>(out.data()) : static_cast<void*>(out32.data());
  CHECK_EQ(kaiming::validate(r), kaiming::accepted());
  kaiming::fill(r);
  if (!st.wide) out.assign(out32.begin(), out32.end());
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(double)) != 0) return false;
  }
  return true;
}

const reference::Stream kStreams[] = {
    {0, 0, reference::Kind::kUniform, false, 0.0, 1.0, 0, 0},
    {42, 7, reference::Kind::kUniform, false, -0.0270632938, 0.0270632938, 0, 0},
    {0xFFFFFFFFFFFFFFFFULL, 1, reference::Kind::kUniform, true, -3.0, 5.5, 0, 0},
    {1, 0, reference::Kind::kNormal, false, 0.0, 1.0, 0, 0},
    {2024, 99, reference::Kind::kNormal, false, 0.5, 0.02, 0, 0},
    {3, 12345, reference::Kind::kNormal, true, -1.0, 3.0, 0, 0},
    {5, 0, reference::Kind::kTruncatedNormal, false, 0.0, 1.0, -2.0, 2.0},
    {6, 0, reference::Kind::kTruncatedNormal, true, 0.0, 0.02, -0.04, 0.04},
};

}  // namespace

// The first 1,000 values of several streams, and 1,000 values at offsets
// inside, across and at the end of chunks.
TEST(kernel_equals_reference) {
  const uint64_t C = kaiming::kChunkElements;
  const uint64_t starts[] = {0, 1, 7, C - 500, C - 1, C, C + 1, 3 * C - 999, 5 * C + 311};
  for (const auto& st : kStreams) {
    for (uint64_t start : starts) {
      CHECK(same_bits(kernel_values(st, start, 1000, 1), reference::values(st, start, 1000)));
    }
  }
}

TEST(sizes_around_the_chunk) {
  const uint64_t C = kaiming::kChunkElements;
  const uint64_t sizes[] = {0, 1, 2, 3, 311, 312, 313, 623, 624, 625, C - 1, C, C + 1, 2 * C + 3};
  for (const auto& st : {kStreams[1], kStreams[4], kStreams[5], kStreams[6]}) {
    for (uint64_t n : sizes) {
      CHECK(same_bits(kernel_values(st, 0, n, 2), reference::values(st, 0, n)));
    }
  }
}

TEST(threads_do_not_change_values) {
  const auto one = kernel_values(kStreams[3], 17, 300007, 1);
  for (unsigned threads : {2u, 3u, 7u}) CHECK(same_bits(one, kernel_values(kStreams[3], 17, 300007, threads)));
}
