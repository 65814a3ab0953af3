#include "arguments.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "describe.h"
#include "messages.h"

namespace kaiming_binding {

using kaiming::DType;
using kaiming::FillRequest;
using kaiming::Transform;

namespace {

void check_argument_count(const Napi::CallbackInfo& info, size_t count) {
  if (info.Length() < count) {
    range_error(info.Env(), "Expected " + std::to_string(count) + " arguments but received " + std::to_string(info.Length()));
  }
}

// The converters below make one raw N-API call per argument where
// node-addon-api's IsNumber()/DoubleValue() pairs made two or three: a small
// fill costs about 1 µs in all, of which argument conversion took 0.4 µs
// before (measured with a 1,024-element fill into out).
uint64_t to_uint64(const Napi::Value& value, const char* name) {
  Napi::Env env = value.Env();
  uint64_t v = 0;
  bool lossless = false;
  const napi_status status = napi_get_value_bigint_uint64(env, value, &v, &lossless);
  if (status != napi_ok) type_error(env, expected("a bigint", name, env, value));
  if (!lossless) range_error(env, expected("a bigint between 0 and 2^64-1", name, env, value));
  return v;
}

double to_integer(const Napi::Value& value, const char* name, double min, double max) {
  Napi::Env env = value.Env();
  double v = 0;
  if (napi_get_value_double(env, value, &v) != napi_ok) type_error(env, expected("a number", name, env, value));
  if (!(v >= min && v <= max) || v != static_cast<double>(static_cast<int64_t>(v))) {
    const std::string range = std::to_string(static_cast<int64_t>(min)) + " and " + std::to_string(static_cast<int64_t>(max));
    range_error(env, expected("an integer between " + range, name, env, value));
  }
  return v;
}

// A typed array's type, length, data and buffer from one napi_get_typedarray_info
// call; false when value is no typed array.
struct TypedArrayInfo {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  napi_value buffer = nullptr;
};

// napi_get_typedarray_info itself refuses (napi_invalid_arg, nothing thrown)
// any value that is not a typed array: one call where napi_is_typedarray made two.
bool typed_array_info(napi_env env, napi_value value, TypedArrayInfo& info) {
  return napi_get_typedarray_info(env, value, &info.type, &info.length, &info.data, &info.buffer, nullptr) == napi_ok;
}

napi_typedarray_type array_type_for(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return napi_float32_array;
    case DType::kFloat64: return napi_float64_array;
    default: return napi_uint16_array;
  }
}

}  // namespace

Parsed parse(const Napi::CallbackInfo& info, size_t expected_args) {
  Napi::Env env = info.Env();
  check_argument_count(info, expected_args);
  Parsed p;
  FillRequest& r = p.request;
  r.dtype = static_cast<DType>(static_cast<int>(to_integer(info[2], "dtype", 0, 3)));
  r.transform = static_cast<Transform>(static_cast<int>(to_integer(info[3], "transform", 0, 2)));
  const double max_length = static_cast<double>(SIZE_MAX / kaiming::bytes_per_element(r.dtype));
  p.length = static_cast<size_t>(to_integer(info[1], "length", 0, std::min(9007199254740991.0, max_length)));
  r.count = p.length;
  r.seed = to_uint64(info[4], "seed");
  r.key = to_uint64(info[5], "key");
  r.start = static_cast<uint64_t>(to_integer(info[6], "start", 0, 9007199254740991.0));
  TypedArrayInfo params;
  // (A detached array has length 0, so this also refuses one.)
  if (!typed_array_info(env, info[7], params) || params.type != napi_float64_array || params.length != 4 || params.data == nullptr) {
    type_error(env, expected("a Float64Array of length 4", "params", env, info[7]));
  }
  const double* p4 = static_cast<const double*>(params.data);
  r.params = {p4[0], p4[1], p4[2], p4[3]};
  r.threads = static_cast<unsigned>(to_integer(info[8], "threads", 1, 1024));

  const Napi::Value out = info[0];
  TypedArrayInfo array;
  // A typed array, else null or undefined (asked only then: one N-API call fewer per fill into out).
  const bool is_array = typed_array_info(env, out, array);
  napi_valuetype out_type = napi_object;
  if (!is_array) napi_typeof(env, out, &out_type);
  if (out_type != napi_null && out_type != napi_undefined) {
    if (!is_array) type_error(env, expected("a typed array or null", "out", env, out));
    // The messages are worded only when refused: building them cost a small fill
    // two allocations and ~0.05 µs on every accepted call.
    const auto array_name = [&] { return with_article(typed_array_name(array_type_for(r.dtype))); };
    if (array.type != array_type_for(r.dtype)) {
      type_error(env, expected(array_name() + " (dtype " + kDTypeNames[static_cast<int>(r.dtype)] + ")", "out", env, out));
    }
    const auto of_length = [&] { return array_name() + " of length " + std::to_string(p.length); };
    // A SharedArrayBuffer is not an ArrayBuffer to N-API; a detached
    // ArrayBuffer looks like an empty one, so ask explicitly.
    bool is_array_buffer = false;
    napi_is_arraybuffer(env, array.buffer, &is_array_buffer);
    p.shared = !is_array_buffer;
    if (is_array_buffer) {
      bool detached = false;
      napi_is_detached_arraybuffer(env, array.buffer, &detached);
      if (detached) type_error(env, expected(of_length(), "out", env, out));
    }
    if (array.length != p.length) range_error(env, expected(of_length(), "out", env, out));
    if (array.data == nullptr && array.length > 0) type_error(env, expected(of_length(), "out", env, out));
    p.has_out = true;
    r.out = array.data;
  }
  const size_t max_new_elements = kMaxNewBytes / kaiming::bytes_per_element(r.dtype);
  if (!p.has_out && p.length > max_new_elements) {
    range_error(env, "Expected a length of at most " + std::to_string(max_new_elements) + " for a new tensor of this dtype but received " +
                         std::to_string(p.length));
  }
  // Without out, the block is allocated after validation: check the rest now.
  FillRequest probe = r;
  if (probe.out == nullptr) probe.out = &p;
  const kaiming::Refusal refusal = kaiming::validate(probe);
  if (refusal.refused()) throw refusal_error(env, refusal, r);
  return p;
}

OrthogonalParsed parse_orthogonal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argument_count(info, 6);
  const Napi::Value matrix = info[0];
  TypedArrayInfo m;
  if (!typed_array_info(env, matrix, m) || m.type != napi_float64_array) type_error(env, expected("a Float64Array", "matrix", env, matrix));
  OrthogonalParsed p;
  kaiming::OrthogonalRequest& r = p.request;
  r.rows = static_cast<uint64_t>(to_integer(info[1], "rows", 1, 9007199254740991.0));
  r.cols = static_cast<uint64_t>(to_integer(info[2], "cols", 1, 9007199254740991.0));
  if (napi_get_value_double(env, info[3], &r.gain) != napi_ok) type_error(env, expected("a number", "gain", env, info[3]));
  r.threads = static_cast<unsigned>(to_integer(info[4], "threads", 1, 1024));
  if (!info[5].IsBoolean()) type_error(env, expected("a boolean", "async", env, info[5]));
  p.length = m.length;
  // rows·cols is compared in double: exact while it is at most 2^53, and any larger product differs from a length.
  const double cells = static_cast<double>(r.rows) * static_cast<double>(r.cols);
  if (cells != static_cast<double>(p.length) || m.data == nullptr) {
    const std::string what = "a Float64Array of length rows * cols = " + js_string(env, Napi::Number::New(env, cells));
    if (m.data == nullptr && p.length > 0) type_error(env, expected(what, "matrix", env, matrix));
    if (cells != static_cast<double>(p.length)) range_error(env, expected(what, "matrix", env, matrix));
  }
  p.block = kaiming::allocate_block(p.length * sizeof(double));
  if (!p.block) range_error(env, "Could not allocate " + std::to_string(p.length * sizeof(double)) + " bytes");
  if (p.length > 0) std::memcpy(p.block->data(), m.data, p.length * sizeof(double));
  r.matrix = static_cast<double*>(p.block->data());
  const kaiming::Refusal refusal = kaiming::validate_orthogonal(r);
  if (refusal.refused()) throw refusal_error(env, refusal);
  return p;
}

Napi::Value cancel_flag(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  Napi::Value cancel = info.Length() > index ? info[index] : env.Undefined();
  if (cancel.IsUndefined()) return cancel;
  TypedArrayInfo flag;
  bool ok = typed_array_info(env, cancel, flag) && flag.type == napi_int32_array && flag.length >= 1;
  if (ok) {
    bool is_array_buffer = true;
    napi_is_arraybuffer(env, flag.buffer, &is_array_buffer);
    ok = !is_array_buffer;
  }
  if (!ok) type_error(env, expected("an Int32Array over a SharedArrayBuffer", "cancel", env, cancel));
  return cancel;
}

}  // namespace kaiming_binding
