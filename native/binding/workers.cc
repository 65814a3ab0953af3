#include "workers.h"

#include <unistd.h>

#include <cstring>
#include <new>
#include <string>

#include "messages.h"

namespace kaiming_binding {

using kaiming::DType;
using kaiming::FillStatus;

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

size_t new_tensor_bytes(const Parsed& p) { return p.length * kaiming::bytes_per_element(p.request.dtype); }

void check_physical_memory(Napi::Env env, size_t bytes) {
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

// ---- fills -------------------------------------------------------------------

FillWorker::FillWorker(Napi::Env env, Parsed parsed, std::unique_ptr<NativeBlock> block, Napi::Value out, Napi::Value cancel,
                       std::shared_ptr<InFlight> in_flight)
    : InFlightWorker(env, "kaiming:fill", std::move(in_flight)), parsed_(std::move(parsed)), block_(std::move(block)) {
  if (parsed_.has_out) out_ref_ = Napi::Persistent(out.As<Napi::Object>());
  if (block_) parsed_.request.out = block_->data();
  watch(parsed_.request, cancel);
}

void FillWorker::Execute() {
  if (block_) kaiming::prefault(*block_, parsed_.request.threads);  // a new mapping: faulted in first (block_allocator.h)
  status_ = kaiming::fill(parsed_.request);
  leave();
}

void FillWorker::OnOK() {
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

// ---- orthogonal matrices -------------------------------------------------------

OrthogonalWorker::OrthogonalWorker(Napi::Env env, OrthogonalParsed parsed, Napi::Value cancel, std::shared_ptr<InFlight> in_flight)
    : InFlightWorker(env, "kaiming:orthogonalize", std::move(in_flight)), parsed_(std::move(parsed)) {
  watch(parsed_.request, cancel);
}

void OrthogonalWorker::Execute() {
  try {
    status_ = kaiming::orthogonalize(parsed_.request);
  } catch (const std::bad_alloc&) {
    SetError("Could not allocate the scratch memory of orthogonalize");
  }
  leave();
}

void OrthogonalWorker::OnOK() {
  Napi::Env env = Env();
  if (rejected_as_aborted(env)) return;
  deferred_.Resolve(wrap_block(env, std::move(parsed_.block), DType::kFloat64, parsed_.length));
}

}  // namespace kaiming_binding
