// Native memory for new tensors, and the two async workers: fills and
// orthogonal matrices, each run on a libuv thread.
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
#pragma once

#include <napi.h>

#include <memory>

#include "arguments.h"
#include "block_allocator.h"
#include "in_flight.h"

namespace kaiming_binding {

// Memory for new tensors comes from native/kernel/block_allocator.h.
using NativeBlock = kaiming::Block;

// Hands a filled block to JS as a typed array of dtype; JS owns it from here.
Napi::Value wrap_block(Napi::Env env, std::unique_ptr<NativeBlock> block, kaiming::DType dtype, size_t length);

size_t new_tensor_bytes(const Parsed& p);

// Refuses an allocation larger than the machine's memory: large blocks are
// mapped lazily, so it would succeed and the fill would then be killed.
void check_physical_memory(Napi::Env env, size_t bytes);

// A block for p's new tensor (or its copy of a plain ArrayBuffer target), or a RangeError.
std::unique_ptr<NativeBlock> allocate_or_throw(Napi::Env env, const Parsed& p);

class FillWorker : public InFlightWorker {
 public:
  // block: native memory to fill (new tensors and plain ArrayBuffer targets), or null.
  FillWorker(Napi::Env env, Parsed parsed, std::unique_ptr<NativeBlock> block, Napi::Value out, Napi::Value cancel,
             std::shared_ptr<InFlight> in_flight);

 protected:
  void Execute() override;
  void OnOK() override;

 private:
  Parsed parsed_;
  std::unique_ptr<NativeBlock> block_;
  Napi::ObjectReference out_ref_;
};

class OrthogonalWorker : public InFlightWorker {
 public:
  OrthogonalWorker(Napi::Env env, OrthogonalParsed parsed, Napi::Value cancel, std::shared_ptr<InFlight> in_flight);

 protected:
  void Execute() override;
  void OnOK() override;

 private:
  OrthogonalParsed parsed_;
};

}  // namespace kaiming_binding
