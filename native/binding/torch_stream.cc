// Node-API glue of the torch stream (native/kernel/torch_transforms.h).
//
//   torchSeed(state, seed)                          -> undefined
//   torchRandom(state, out)                         -> out: a Uint32Array filled with
//                 the generator's next 32-bit outputs (CPUGeneratorImpl::random(), as randperm draws them)
//   torchFill(state, out, family, params, capability, threads) -> out
//     state       a Uint8Array of TORCH_STATE_BYTES (2512) bytes: the
//                 generator (kaiming::TorchGeneratorState), advanced in place
//     out         a Float32Array or Float64Array, filled whole
//     family      0 uniform (low, high), 1 normal (mean, std),
//                 2 truncated normal (mean, std, a, b)
//     params      a Float64Array of 4
//     capability  0 torch's AVX2 build, 1 its DEFAULT (scalar) build
//     threads     1..1024: threads for the per-element arithmetic (values never depend on it)
// Synchronous only: torch's stream is one serial sequence, and the state
// lives in JS memory between calls.
#include "torch_stream.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "describe.h"
#include "torch_transforms.h"

namespace kaiming_binding {
namespace {

[[noreturn]] void fail(Napi::Env env, bool type, const std::string& what, const char* name, napi_value value) {
  const std::string message = "Expected " + what + " for " + name + " but received " + describe(env, value);
  if (type) throw Napi::TypeError::New(env, message);
  throw Napi::RangeError::New(env, message);
}

struct View {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
};

bool view_of(napi_env env, napi_value value, View& v) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  return napi_get_typedarray_info(env, value, &v.type, &v.length, &v.data, nullptr, nullptr) == napi_ok;
}

kaiming::TorchGeneratorState* state_of(Napi::Env env, napi_value value) {
  View v;
  if (!view_of(env, value, v) || v.type != napi_uint8_array || v.length != sizeof(kaiming::TorchGeneratorState) ||
      v.data == nullptr) {
    fail(env, true, "a Uint8Array of " + std::to_string(sizeof(kaiming::TorchGeneratorState)) + " bytes", "state", value);
  }
  // The state struct needs 8-byte alignment (its cached double); lib allocates it alone in its own ArrayBuffer.
  if (reinterpret_cast<uintptr_t>(v.data) % alignof(kaiming::TorchGeneratorState) != 0) {
    fail(env, false, "a Uint8Array at an 8-byte aligned offset", "state", value);
  }
  auto* s = static_cast<kaiming::TorchGeneratorState*>(v.data);
  if (s->index > static_cast<uint32_t>(kaiming::kTorchMtWords)) fail(env, false, "a torch generator state", "state", value);
  return s;
}

Napi::Value TorchSeed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  kaiming::TorchGeneratorState* s = state_of(env, info[0]);
  uint64_t seed = 0;
  bool lossless = false;
  if (napi_get_value_bigint_uint64(env, info[1], &seed, &lossless) != napi_ok) fail(env, true, "a bigint", "seed", info[1]);
  if (!lossless) fail(env, false, "a bigint between 0 and 2^64-1", "seed", info[1]);
  kaiming::torch_seed(*s, seed);
  return env.Undefined();
}

Napi::Value TorchRandom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  kaiming::TorchGeneratorState* s = state_of(env, info[0]);
  View out;
  if (!view_of(env, info[1], out) || out.type != napi_uint32_array) fail(env, true, "a Uint32Array", "out", info[1]);
  if (out.length > 0) kaiming::torch_random_words(*s, static_cast<uint32_t*>(out.data), out.length);
  return info[1];
}

Napi::Value TorchFill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  kaiming::TorchGeneratorState* s = state_of(env, info[0]);
  View out;
  if (!view_of(env, info[1], out) || (out.type != napi_float32_array && out.type != napi_float64_array)) {
    fail(env, true, "a Float32Array or Float64Array", "out", info[1]);
  }
  double family = -1, capability = -1;
  if (napi_get_value_double(env, info[2], &family) != napi_ok) fail(env, true, "a number", "family", info[2]);
  if (family != 0 && family != 1 && family != 2) fail(env, false, "0, 1 or 2", "family", info[2]);
  View params;
  if (!view_of(env, info[3], params) || params.type != napi_float64_array || params.length != 4) {
    fail(env, true, "a Float64Array of length 4", "params", info[3]);
  }
  if (napi_get_value_double(env, info[4], &capability) != napi_ok) fail(env, true, "a number", "capability", info[4]);
  if (capability != 0 && capability != 1) fail(env, false, "0 or 1", "capability", info[4]);
  const auto cap = static_cast<kaiming::TorchCapability>(static_cast<int>(capability));
  double threads_value = 0;
  if (napi_get_value_double(env, info[5], &threads_value) != napi_ok) fail(env, true, "a number", "threads", info[5]);
  if (!(threads_value >= 1 && threads_value <= 1024) || threads_value != static_cast<double>(static_cast<int>(threads_value))) {
    fail(env, false, "an integer between 1 and 1024", "threads", info[5]);
  }
  const unsigned threads = static_cast<unsigned>(threads_value);
  double p[4];
  std::memcpy(p, params.data, sizeof p);
  // The kernel assumes what lib/ validates; the binding refuses the rest (no UB from a bad call).
  const bool bad = family == 0 ? !(p[0] <= p[1]) || !std::isfinite(p[1] - p[0])
                 : family == 1 ? !(p[1] >= 0) || !std::isfinite(p[0]) || !std::isfinite(p[1])
                               : !(p[1] > 0) || !std::isfinite(p[0]) || !std::isfinite(p[1]) || !(p[2] < p[3]);
  if (bad) fail(env, false, "parameters of that family", "params", info[3]);
  if (out.length == 0) return info[1];
  const int op = static_cast<int>(family);
  if (out.type == napi_float32_array) {
    float* o = static_cast<float*>(out.data);
    if (op == 0) kaiming::torch_uniform_f32(*s, o, out.length, p[0], p[1], cap, threads);
    else if (op == 1) kaiming::torch_normal_f32(*s, o, out.length, p[0], p[1], cap, threads);
    else kaiming::torch_trunc_normal_f32(*s, o, out.length, p[0], p[1], p[2], p[3], cap, threads);
  } else {
    double* o = static_cast<double*>(out.data);
    if (op == 0) kaiming::torch_uniform_f64(*s, o, out.length, p[0], p[1], cap, threads);
    else if (op == 1) kaiming::torch_normal_f64(*s, o, out.length, p[0], p[1], cap, threads);
    else kaiming::torch_trunc_normal_f64(*s, o, out.length, p[0], p[1], p[2], p[3], cap, threads);
  }
  return info[1];
}

}  // namespace

void register_torch_stream(Napi::Env env, Napi::Object exports) {
  exports.Set("torchSeed", Napi::Function::New(env, TorchSeed, "torchSeed"));
  exports.Set("torchFill", Napi::Function::New(env, TorchFill, "torchFill"));
  exports.Set("torchRandom", Napi::Function::New(env, TorchRandom, "torchRandom"));
  exports.Set("torchStateBytes", Napi::Number::New(env, static_cast<double>(sizeof(kaiming::TorchGeneratorState))));
}

}  // namespace kaiming_binding
