// Async calls in flight, per environment, and the worker base class that
// registers each with it.
//
// When an environment is torn down (a worker thread terminated mid-fill), its
// cleanup hook (Addon, addon.cc) stops every fill still running and waits
// until none writes into memory the environment is about to free.
#pragma once

#include <napi.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include "fill.h"

namespace kaiming_binding {

class InFlight {
 public:
  std::atomic<int32_t> stop{0};

  void enter();
  void leave();
  void stop_and_wait();

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;
};

// What both async workers share: the promise, the cancel flag kept alive for
// the native side, and registration with the environment's in-flight set
// (left as soon as Execute() stops writing, or when the worker is destroyed).
class InFlightWorker : public Napi::AsyncWorker {
 public:
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  InFlightWorker(Napi::Env env, const char* name, std::shared_ptr<InFlight> in_flight);
  ~InFlightWorker() override;

  // Keeps `cancel` (undefined, or a checked Int32Array) alive and points the request's flags at it and at the stop flag.
  template <class Request>
  void watch(Request& request, Napi::Value cancel) {
    if (cancel.IsTypedArray()) {
      cancel_ref_ = Napi::Persistent(cancel.As<Napi::Object>());
      request.cancel = reinterpret_cast<const std::atomic<int32_t>*>(cancel.As<Napi::Int32Array>().Data());
    }
    request.stop = &in_flight_->stop;
  }

  void leave();

  void OnError(const Napi::Error& error) override;

  // Rejects with an AbortError (lib/ makes it a DOMException) if the job was cancelled; true when it did.
  bool rejected_as_aborted(Napi::Env env);

  Napi::Promise::Deferred deferred_;
  kaiming::FillStatus status_ = kaiming::FillStatus::kDone;

 private:
  std::shared_ptr<InFlight> in_flight_;
  Napi::ObjectReference cancel_ref_;
  std::atomic<bool> left_{false};
};

}  // namespace kaiming_binding
