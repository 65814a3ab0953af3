// Node-API glue: the addon's functions. Arguments are checked and converted
// in arguments.cc, async calls run in workers.cc (registered with the
// environment's in-flight set, in_flight.h), and refusals are worded in
// messages.cc. No random-number logic lives here (native/kernel/ has it all).
#include <napi.h>

#include <memory>
#include <new>
#include <string>

#include "arguments.h"
#include "block_allocator.h"
#include "torch_stream.h"
#include "fill.h"
#include "in_flight.h"
#include "messages.h"
#include "orthogonal.h"
#include "stream.h"
#include "workers.h"

namespace {

using kaiming::DType;
using kaiming::FillStatus;
using namespace kaiming_binding;

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
      kaiming::prefault(*block, p.request.threads);  // a new mapping: faulted in first (block_allocator.h)
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
