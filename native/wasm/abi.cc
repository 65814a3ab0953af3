// The C ABI of the WebAssembly kernel: the functions lib/sampling/wasm-kernel.ts
// calls, on memory of this module's linear memory (kaiming_alloc). Plays the
// part native/binding/ plays for the addon, without N-API: lib/ validates every
// argument first; a fill is validated again here (validate(), fill_validate.cc)
// and a refusal comes back as data (refusal.h) for lib/ to word.
//
// Every function runs to completion on the calling thread: a wasm instance has
// no threads of its own (thread_pool_serial.cc). Large fills are split into
// chunk-aligned ranges by the caller and filled by one instance per worker.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fill.h"
#include "glibc_libm.h"
#include "orthogonal.h"
#include "refusal.h"
#include "stream.h"
#include "torch_transforms.h"

#define KAIMING_EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace {

// The last refusal, read by lib/ through kaiming_refusal(): problem (int32 at
// 0), argument (int32 at 4), value (float64 at 8), index (uint64 at 16).
kaiming::Refusal last_refusal;

static_assert(offsetof(kaiming::Refusal, problem) == 0 && offsetof(kaiming::Refusal, argument) == 4 &&
                  offsetof(kaiming::Refusal, value) == 8 && offsetof(kaiming::Refusal, index) == 16,
              "lib/sampling/wasm-kernel.ts reads a Refusal at these offsets");

// Results of kaiming_fill and kaiming_orthogonalize.
constexpr int32_t kDone = 0;
constexpr int32_t kStalled = 2;
constexpr int32_t kRefused = -1;

int32_t status_code(kaiming::FillStatus status) { return status == kaiming::FillStatus::kStalled ? kStalled : kDone; }

}  // namespace

// Memory for JS to write into and read from; 16-byte aligned for every dtype
// and for the torch generator state.
KAIMING_EXPORT(kaiming_alloc) void* kaiming_alloc(size_t bytes) { return std::aligned_alloc(16, (bytes + 15) & ~size_t{15}); }
KAIMING_EXPORT(kaiming_free) void kaiming_free(void* pointer) { std::free(pointer); }

KAIMING_EXPORT(kaiming_refusal) const kaiming::Refusal* kaiming_refusal() { return &last_refusal; }

KAIMING_EXPORT(kaiming_chunk_elements) double kaiming_chunk_elements() { return static_cast<double>(kaiming::kChunkElements); }
KAIMING_EXPORT(kaiming_inline_threshold) double kaiming_inline_threshold() { return static_cast<double>(kaiming::kInlineThreshold); }
KAIMING_EXPORT(kaiming_torch_state_bytes) double kaiming_torch_state_bytes() { return sizeof(kaiming::TorchGeneratorState); }

// fill(): count elements of `dtype` (fill.h's DType) from element `start` of
// the stream (seed, key) into out, by `transform` (fill.h's Transform) with
// parameters p0..p3 (FillParams). 0 done, 2 stalled, -1 refused.
KAIMING_EXPORT(kaiming_fill)
int32_t kaiming_fill(void* out, int32_t dtype, int32_t transform, double p0, double p1, double p2, double p3, uint64_t seed,
                     uint64_t key, uint64_t start, uint64_t count) {
  const kaiming::FillRequest request = kaiming::make_request(
      out, static_cast<kaiming::DType>(dtype), static_cast<kaiming::Transform>(transform), kaiming::FillParams{p0, p1, p2, p3},
      seed, key, start, count, 1);
  last_refusal = kaiming::validate(request);
  if (last_refusal.refused()) return kRefused;
  return status_code(kaiming::fill(request));
}

// orthogonalize() in place on a rows × cols row-major matrix. 0 done, -1 refused.
KAIMING_EXPORT(kaiming_orthogonalize)
int32_t kaiming_orthogonalize(double* matrix, uint64_t rows, uint64_t cols, double gain) {
  kaiming::OrthogonalRequest request;
  request.matrix = matrix;
  request.rows = rows;
  request.cols = cols;
  request.gain = gain;
  last_refusal = kaiming::validate_orthogonal(request);
  if (last_refusal.refused()) return kRefused;
  return status_code(kaiming::orthogonalize(request));
}

// The torch stream (torch_transforms.h) on a TorchGeneratorState at `state`,
// advanced in place: family 0 uniform (p0 low, p1 high), 1 normal (mean, std),
// 2 truncated normal (mean, std, a, b); float64 when `f64`, else float32;
// capability 0 torch's AVX2 build, 1 its DEFAULT build. lib/ checks the
// parameters (lib/sampling/torch.ts), as native/binding/torch_stream.cc does.
KAIMING_EXPORT(kaiming_torch_fill)
void kaiming_torch_fill(kaiming::TorchGeneratorState* state, void* out, size_t n, int32_t f64, int32_t family, double p0,
                        double p1, double p2, double p3, int32_t capability) {
  const auto cap = static_cast<kaiming::TorchCapability>(capability);
  if (f64 == 0) {
    float* o = static_cast<float*>(out);
    if (family == 0) kaiming::torch_uniform_f32(*state, o, n, p0, p1, cap);
    else if (family == 1) kaiming::torch_normal_f32(*state, o, n, p0, p1, cap);
    else kaiming::torch_trunc_normal_f32(*state, o, n, p0, p1, p2, p3, cap);
  } else {
    double* o = static_cast<double*>(out);
    if (family == 0) kaiming::torch_uniform_f64(*state, o, n, p0, p1, cap);
    else if (family == 1) kaiming::torch_normal_f64(*state, o, n, p0, p1, cap);
    else kaiming::torch_trunc_normal_f64(*state, o, n, p0, p1, p2, p3, cap);
  }
}

// The generator's next n 32-bit outputs (torch_random_words).
KAIMING_EXPORT(kaiming_torch_random) void kaiming_torch_random(kaiming::TorchGeneratorState* state, uint32_t* out, size_t n) {
  kaiming::torch_random_words(*state, out, n);
}

// glibc_libm.h's routines, in place on n doubles at x, so that
// test/wasm-libm.test.ts can check this build against values recorded from
// glibc: fn 0 log, 1 exp, 2 sin, 3 cos, 4 erf, then on floats held in doubles
// 5 sinf, 6 cosf, 7 erff, 8 expf, then the refusal rule's 9 log1p, 10 expm1,
// 11 erfc.
// Returns 0, or -1 for another fn.
KAIMING_EXPORT(kaiming_glibc_libm) int32_t kaiming_glibc_libm(int32_t fn, double* x, size_t n) {
  namespace g = kaiming::glibc;
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const float f = static_cast<float>(v);
    switch (fn) {
      case 0: x[i] = g::log(v); break;
      case 1: x[i] = g::exp(v); break;
      case 2: x[i] = g::sin(v); break;
      case 3: x[i] = g::cos(v); break;
      case 4: x[i] = g::erf(v); break;
      case 5: x[i] = g::sinf(f); break;
      case 6: x[i] = g::cosf(f); break;
      case 7: x[i] = g::erff(f); break;
      case 8: x[i] = g::expf(f); break;
      case 9: x[i] = g::log1p(v); break;
      case 10: x[i] = g::expm1(v); break;
      case 11: x[i] = g::erfc(v); break;
      default: return -1;
    }
  }
  return 0;
}
