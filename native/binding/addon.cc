// Node-API glue: converts JS values into a kaiming::FillRequest, runs it on
// this thread or a libuv thread, and turns the result into JS values. No
// random-number logic lives here (native/kernel/ has it all).
//
// Memory safety of async fills (see docs/STREAM.md, "Async fills"):
//  - new tensors are allocated here, filled off-thread and only then wrapped
//    in an ArrayBuffer, so JS never sees memory that is being written;
//  - a SharedArrayBuffer target is filled in place while a reference keeps it
//    (and so its backing store) alive;
//  - a plain ArrayBuffer target is filled into native memory and copied in on
//    the JS thread afterwards, if it is still attached and the same length:
//    JS may transfer or detach it meanwhile, and writing into it from another
//    thread could then write into freed memory.
#include <napi.h>

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "block_allocator.h"
#include "describe.h"
#include "torch_stream.h"
#include "fill.h"
#include "orthogonal.h"
#include "stream.h"
#include "truncated_normal.h"

namespace {

using kaiming::DType;
using kaiming::FillRequest;
using kaiming::FillStatus;
using kaiming::Transform;

// ---- native allocations ------------------------------------------------------

// Memory for new tensors comes from native/kernel/block_allocator.h.
using NativeBlock = kaiming::Block;

// Hands a filled block to JS as a typed array of dtype; JS owns it from here.
Napi::Value wrap_block(Napi::Env env, std::unique_ptr<NativeBlock> block, DType dtype, size_t length) {
  const size_t bytes = block->bytes();
  NativeBlock* raw = block.release();
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, raw->data(), bytes, [](Napi::Env finalizer_env, void*, NativeBlock* b) {
    Napi::MemoryManagement::AdjustExternalMemory(finalizer_env, -static_cast<int64_t>(b->bytes()));
    delete b;  // back to the block cache
  }, raw);
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(bytes));
  switch (dtype) {
    case DType::kFloat32: return Napi::Float32Array::New(env, length, buffer, 0);
    case DType::kFloat64: return Napi::Float64Array::New(env, length, buffer, 0);
    default: return Napi::Uint16Array::New(env, length, buffer, 0);
  }
}

// ---- argument conversion -----------------------------------------------------

// Arguments, in order:
//   0 out        a Float32Array/Float64Array/Uint16Array to fill, or null for a new one
//   1 length     elements (equal to out.length when out is given)
//   2 dtype      0 float32, 1 float64, 2 bfloat16, 3 float16
//   3 transform  0 uniform, 1 normal, 2 truncated normal
//   4 seed       bigint in [0, 2^64)
//   5 key        bigint in [0, 2^64)
//   6 start      flat index of the first element, a safe integer
//   7 params     Float64Array of 4
//   8 threads    integer in [1, 1024]
//   9 cancel     (async only) an Int32Array over a SharedArrayBuffer, or undefined
struct Parsed {
  FillRequest request;
  bool has_out = false;
  bool shared = false;
  size_t length = 0;
};

[[noreturn]] void type_error(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

[[noreturn]] void range_error(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

// "Expected <expected> for <name> but received <value>", lib/validate.ts's format.
std::string expected(const std::string& what, const std::string& name, napi_env env, napi_value value) {
  return "Expected " + what + " for " + name + " but received " + kaiming_binding::describe(env, value);
}

void check_argument_count(const Napi::CallbackInfo& info, size_t count) {
  if (info.Length() < count) {
    range_error(info.Env(), "Expected " + std::to_string(count) + " arguments but received " + std::to_string(info.Length()));
  }
}

// The converters below make one raw N-API call per argument where
// node-addon-api's IsNumber()/DoubleValue() pairs made two or three: a small
// fill costs about 1 µs in all, so the 0.4 µs of argument conversion mattered
// (issue 5, small calls).
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

bool typed_array_info(napi_env env, napi_value value, TypedArrayInfo& info) {
  bool is_typed_array = false;
  if (napi_is_typedarray(env, value, &is_typed_array) != napi_ok || !is_typed_array) return false;
  return napi_get_typedarray_info(env, value, &info.type, &info.length, &info.data, &info.buffer, nullptr) == napi_ok;
}

// lib/'s names of the dtypes, by DType value.
const char* const kDTypeNames[] = {"float32", "float64", "bfloat16", "float16"};

napi_typedarray_type array_type_for(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return napi_float32_array;
    case DType::kFloat64: return napi_float64_array;
    default: return napi_uint16_array;
  }
}

// A truncated normal that has no values in [a, b] at the output precision:
// refused by validate() (kNoOutputValueInBounds) or stalled (kStalled, fill.h).
// The message names the numbers, formatted as JS prints them.
Napi::Error truncated_normal_error(Napi::Env env, const FillRequest& r, const std::string& reason) {
  auto js = [&](double v) { return Napi::Number::New(env, v).ToString().Utf8Value(); };
  const std::string message = "Expected a and b between which the truncated normal has " +
                              std::string(kDTypeNames[static_cast<int>(r.dtype)]) + " values but received a = " +
                              js(r.params.p2) + ", b = " + js(r.params.p3) + " (mean " + js(r.params.p0) + ", std " +
                              js(r.params.p1) + "): " + reason;
  return Napi::RangeError::New(env, message);
}

Napi::Error stalled_error(Napi::Env env, const FillRequest& r) {
  return truncated_normal_error(env, r, "almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail");
}

constexpr size_t kMaxNewBytes = size_t{1} << 32;

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
  napi_valuetype out_type = napi_undefined;
  napi_typeof(env, out, &out_type);
  if (out_type != napi_null && out_type != napi_undefined) {
    TypedArrayInfo array;
    if (!typed_array_info(env, out, array)) type_error(env, expected("a typed array or null", "out", env, out));
    const std::string array_name = kaiming_binding::with_article(kaiming_binding::typed_array_name(array_type_for(r.dtype)));
    if (array.type != array_type_for(r.dtype)) {
      type_error(env, expected(array_name + " (dtype " + kDTypeNames[static_cast<int>(r.dtype)] + ")", "out", env, out));
    }
    const std::string of_length = array_name + " of length " + std::to_string(p.length);
    // A SharedArrayBuffer is not an ArrayBuffer to N-API; a detached
    // ArrayBuffer looks like an empty one, so ask explicitly.
    bool is_array_buffer = false;
    napi_is_arraybuffer(env, array.buffer, &is_array_buffer);
    p.shared = !is_array_buffer;
    if (is_array_buffer) {
      bool detached = false;
      napi_is_detached_arraybuffer(env, array.buffer, &detached);
      if (detached) type_error(env, expected(of_length, "out", env, out));
    }
    if (array.length != p.length) range_error(env, expected(of_length, "out", env, out));
    if (array.data == nullptr && array.length > 0) type_error(env, expected(of_length, "out", env, out));
    p.has_out = true;
    r.out = array.data;
  }
  // A new tensor becomes an external ArrayBuffer, which Node 20 refuses above
  // buffer.constants.MAX_LENGTH (2^32 bytes), and refuses badly: it runs the
  // finalizer and node-addon-api then frees its data again (a double free;
  // issue 7). So refuse before allocating; lib/ never asks for more.
  const size_t max_new_elements = kMaxNewBytes / kaiming::bytes_per_element(r.dtype);
  if (!p.has_out && p.length > max_new_elements) {
    range_error(env, "Expected a length of at most " + std::to_string(max_new_elements) + " for a new tensor of this dtype but received " +
                         std::to_string(p.length));
  }
  // Without out, the block is allocated after validation: check the rest now.
  FillRequest probe = r;
  if (probe.out == nullptr) probe.out = &p;
  const std::string problem = kaiming::validate(probe);
  if (problem == kaiming::kNoOutputValueInBounds) throw truncated_normal_error(env, r, problem);
  if (!problem.empty()) range_error(env, problem);
  return p;
}

size_t new_tensor_bytes(const Parsed& p) { return p.length * kaiming::bytes_per_element(p.request.dtype); }

void check_physical_memory(Napi::Env env, size_t bytes) {
  // Large blocks are mapped lazily, so an allocation larger than the machine
  // would succeed and the fill would then be killed for want of memory.
  static const uint64_t physical = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  if (bytes > physical) {
    range_error(env, "Could not allocate " + std::to_string(bytes) + " bytes: more than this machine's " + std::to_string(physical) +
                         " bytes of memory");
  }
}

std::unique_ptr<NativeBlock> allocate_or_throw(Napi::Env env, const Parsed& p) {
  const size_t bytes = new_tensor_bytes(p);
  check_physical_memory(env, bytes);
  std::unique_ptr<NativeBlock> block = kaiming::allocate_block(bytes);
  if (!block) range_error(env, "Could not allocate " + std::to_string(bytes) + " bytes");
  return block;
}

// The optional cancel flag at info[index]: undefined, or an Int32Array over a
// SharedArrayBuffer (it is read from another thread, so it must be shared).
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

// What an aborted async call rejects with (lib/ turns it into a DOMException AbortError).
Napi::Error abort_error(Napi::Env env) {
  Napi::Error error = Napi::Error::New(env, "The operation was aborted");
  error.Set("name", Napi::String::New(env, "AbortError"));
  error.Set("code", Napi::String::New(env, "ABORT_ERR"));
  return error;
}

// ---- per-environment state -----------------------------------------------------

// In-flight async fills of one environment (main thread or a worker). When the
// environment is torn down (a worker terminated mid-fill), the cleanup hook
// stops them and waits until none still writes into memory that the
// environment is about to free.
class InFlight {
 public:
  std::atomic<int32_t> stop{0};

  void enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++running_;
  }
  void leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    idle_.notify_all();
  }
  void stop_and_wait() {
    stop.store(1);
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [&] { return running_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;
};

// ---- async fill --------------------------------------------------------------

// What both async workers share: the promise, the cancel flag kept alive for
// the native side, and registration with the environment's in-flight set
// (left as soon as Execute() stops writing, or when the worker is destroyed).
class InFlightWorker : public Napi::AsyncWorker {
 public:
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  InFlightWorker(Napi::Env env, const char* name, std::shared_ptr<InFlight> in_flight)
      : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)), in_flight_(std::move(in_flight)) {
    in_flight_->enter();
  }

  ~InFlightWorker() override { leave(); }

  // Keeps `cancel` (undefined, or a checked Int32Array) alive and points the request's flags at it and at the stop flag.
  template <class Request>
  void watch(Request& request, Napi::Value cancel) {
    if (cancel.IsTypedArray()) {
      cancel_ref_ = Napi::Persistent(cancel.As<Napi::Object>());
      request.cancel = reinterpret_cast<const std::atomic<int32_t>*>(cancel.As<Napi::Int32Array>().Data());
    }
    request.stop = &in_flight_->stop;
  }

  void leave() {
    if (!left_.exchange(true)) in_flight_->leave();
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

  // Rejects with an AbortError (lib/ makes it a DOMException) if the job was cancelled; true when it did.
  bool rejected_as_aborted(Napi::Env env) {
    if (status_ != FillStatus::kCancelled) return false;
    deferred_.Reject(abort_error(env).Value());
    return true;
  }

  Napi::Promise::Deferred deferred_;
  FillStatus status_ = FillStatus::kDone;

 private:
  std::shared_ptr<InFlight> in_flight_;
  Napi::ObjectReference cancel_ref_;
  std::atomic<bool> left_{false};
};

class FillWorker : public InFlightWorker {
 public:
  // block: native memory to fill (new tensors and plain ArrayBuffer targets), or null.
  FillWorker(Napi::Env env, Parsed parsed, std::unique_ptr<NativeBlock> block, Napi::Value out, Napi::Value cancel,
             std::shared_ptr<InFlight> in_flight)
      : InFlightWorker(env, "kaiming:fill", std::move(in_flight)), parsed_(std::move(parsed)), block_(std::move(block)) {
    if (parsed_.has_out) out_ref_ = Napi::Persistent(out.As<Napi::Object>());
    if (block_) parsed_.request.out = block_->data();
    watch(parsed_.request, cancel);
  }

 protected:
  void Execute() override {
    status_ = kaiming::fill(parsed_.request);
    leave();
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (rejected_as_aborted(env)) return;
    if (status_ == FillStatus::kStalled) {
      deferred_.Reject(stalled_error(env, parsed_.request).Value());
      return;
    }
    if (!parsed_.has_out) {
      deferred_.Resolve(wrap_block(env, std::move(block_), parsed_.request.dtype, parsed_.length));
      return;
    }
    Napi::TypedArray out = out_ref_.Value().As<Napi::TypedArray>();
    if (!parsed_.shared) {
      // Copy in only if the target is still attached and still the same size.
      napi_value buffer;
      void* data = nullptr;
      size_t length = 0;
      napi_typedarray_type type;
      size_t offset = 0;
      bool detached = true;
      if (napi_get_typedarray_info(env, out, &type, &length, &data, &buffer, &offset) == napi_ok) {
        napi_is_detached_arraybuffer(env, buffer, &detached);
      }
      if (detached || length != parsed_.length || (data == nullptr && length > 0)) {
        deferred_.Reject(Napi::TypeError::New(env, "The buffer of out was detached or transferred during the fill").Value());
        return;
      }
      if (length > 0) std::memcpy(data, block_->data(), block_->bytes());
    }
    deferred_.Resolve(out);
  }

 private:
  Parsed parsed_;
  std::unique_ptr<NativeBlock> block_;
  Napi::ObjectReference out_ref_;
};

// ---- orthogonal matrices -------------------------------------------------------

// orthogonalize(matrix, rows, cols, gain, threads, async, cancel?) -> Float64Array | Promise
//   0 matrix   a Float64Array of rows·cols values, row-major (left unchanged)
//   1 rows     integer in [1, 2^53-1]
//   2 cols     integer in [1, 2^53-1], with rows·cols = matrix.length
//   3 gain     a finite number
//   4 threads  integer in [1, 1024]
//   5 async    boolean: true returns a Promise and works on a libuv thread
//   6 cancel   (async only) as fillAsync's: an Int32Array over a SharedArrayBuffer, or undefined
// The result is a new Float64Array: gain·Q·diag(sign(diag R)) (native/kernel/orthogonal.h).
// The matrix is copied into native memory first, so JS may do what it likes
// with its array while an async call runs.
struct OrthogonalParsed {
  kaiming::OrthogonalRequest request;
  std::unique_ptr<NativeBlock> block;
  size_t length = 0;
};

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
    const std::string what = "a Float64Array of length rows * cols = " + kaiming_binding::js_string(env, Napi::Number::New(env, cells));
    if (m.data == nullptr && p.length > 0) type_error(env, expected(what, "matrix", env, matrix));
    if (cells != static_cast<double>(p.length)) range_error(env, expected(what, "matrix", env, matrix));
  }
  p.block = kaiming::allocate_block(p.length * sizeof(double));
  if (!p.block) range_error(env, "Could not allocate " + std::to_string(p.length * sizeof(double)) + " bytes");
  if (p.length > 0) std::memcpy(p.block->data(), m.data, p.length * sizeof(double));
  r.matrix = static_cast<double*>(p.block->data());
  const std::string problem = kaiming::validate_orthogonal(r);
  if (!problem.empty()) range_error(env, problem);
  return p;
}

class OrthogonalWorker : public InFlightWorker {
 public:
  OrthogonalWorker(Napi::Env env, OrthogonalParsed parsed, Napi::Value cancel, std::shared_ptr<InFlight> in_flight)
      : InFlightWorker(env, "kaiming:orthogonalize", std::move(in_flight)), parsed_(std::move(parsed)) {
    watch(parsed_.request, cancel);
  }

 protected:
  void Execute() override {
    try {
      status_ = kaiming::orthogonalize(parsed_.request);
    } catch (const std::bad_alloc&) {
      SetError("Could not allocate the scratch memory of orthogonalize");
    }
    leave();
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (rejected_as_aborted(env)) return;
    deferred_.Resolve(wrap_block(env, std::move(parsed_.block), DType::kFloat64, parsed_.length));
  }

 private:
  OrthogonalParsed parsed_;
};

// ---- the addon ----------------------------------------------------------------

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) : in_flight_(std::make_shared<InFlight>()) {
    DefineAddon(exports, {
        InstanceMethod("fill", &Addon::Fill),
        InstanceMethod("fillAsync", &Addon::FillAsync),
        InstanceMethod("orthogonalize", &Addon::Orthogonalize),
        InstanceValue("chunkElements", Napi::Number::New(env, static_cast<double>(kaiming::kChunkElements))),
        InstanceValue("inlineThreshold", Napi::Number::New(env, static_cast<double>(kaiming::kInlineThreshold))),
        // The compiled path in use (baseline, avx2, avx512; KAIMING_PATH forces one): for tests and bug reports.
        InstanceValue("kernelPath", Napi::String::New(env, kaiming::path_name(kaiming::active_path()))),
    });
    kaiming_binding::register_torch_stream(env, exports);  // torch_stream.cc
    std::shared_ptr<InFlight> in_flight = in_flight_;
    env.AddCleanupHook([in_flight] { in_flight->stop_and_wait(); });
  }

 private:
  // fill(out | null, length, dtype, transform, seed, key, start, params, threads)
  //   -> out, a new typed array, or undefined (no fill done) when out is null and a
  //      new native block would take the blocks JS holds past the block cache's size
  Napi::Value Fill(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Parsed p = parse(info, 9);
    std::unique_ptr<NativeBlock> block;
    if (!p.has_out) {
      // A native block (reused from the cache when one fits) only while the
      // blocks JS holds stay within the cache's size: a block is freed only on
      // a later turn of the event loop, which a sync loop may never reach
      // (block_allocator.h). Beyond that, undefined: the caller allocates a
      // typed array, which a collection frees at once (and whose allocation
      // failure is a catchable RangeError, where napi_create_arraybuffer
      // would abort the process).
      const size_t bytes = new_tensor_bytes(p);
      check_physical_memory(env, bytes);
      bool over_budget = false;
      block = kaiming::allocate_block(bytes, kaiming::block_cache_limit(), &over_budget);
      if (!block && over_budget) return env.Undefined();
      if (!block) range_error(env, "Could not allocate " + std::to_string(bytes) + " bytes");
      p.request.out = block->data();
    }
    if (kaiming::fill(p.request) == FillStatus::kStalled) throw stalled_error(env, p.request);
    if (p.has_out) return info[0];
    return wrap_block(env, std::move(block), p.request.dtype, p.length);
  }

  // fillAsync(..., cancel) -> Promise<typed array>
  Napi::Value FillAsync(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Parsed p = parse(info, 9);
    Napi::Value cancel = cancel_flag(info, 9);
    std::unique_ptr<NativeBlock> block;
    if (!p.has_out || !p.shared) block = allocate_or_throw(env, p);
    auto* worker = new FillWorker(env, std::move(p), std::move(block), info[0], cancel, in_flight_);
    Napi::Promise promise = worker->promise();
    worker->Queue();
    return promise;
  }

  // orthogonalize(matrix, rows, cols, gain, threads, async, cancel?) -> Float64Array | Promise<Float64Array>
  Napi::Value Orthogonalize(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    OrthogonalParsed p = parse_orthogonal(info);
    if (!info[5].As<Napi::Boolean>().Value()) {
      if (info.Length() > 6 && !info[6].IsUndefined()) type_error(env, expected("undefined (a sync call cannot be cancelled)", "cancel", env, info[6]));
      try {
        kaiming::orthogonalize(p.request);  // nothing can cancel a synchronous call
      } catch (const std::bad_alloc&) {
        range_error(env, "Could not allocate the scratch memory of orthogonalize");
      }
      return wrap_block(env, std::move(p.block), DType::kFloat64, p.length);
    }
    Napi::Value cancel = cancel_flag(info, 6);
    auto* worker = new OrthogonalWorker(env, std::move(p), cancel, in_flight_);
    Napi::Promise promise = worker->promise();
    worker->Queue();
    return promise;
  }

  std::shared_ptr<InFlight> in_flight_;
};

}  // namespace

NODE_API_ADDON(Addon)
