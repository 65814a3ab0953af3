#include "in_flight.h"

#include "messages.h"

namespace kaiming_binding {

void InFlight::enter() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++running_;
}

void InFlight::leave() {
  std::lock_guard<std::mutex> lock(mutex_);
  --running_;
  idle_.notify_all();
}

void InFlight::stop_and_wait() {
  stop.store(1);
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [&] { return running_ == 0; });
}

InFlightWorker::InFlightWorker(Napi::Env env, const char* name, std::shared_ptr<InFlight> in_flight)
    : Napi::AsyncWorker(env, name), deferred_(Napi::Promise::Deferred::New(env)), in_flight_(std::move(in_flight)) {
  in_flight_->enter();
}

InFlightWorker::~InFlightWorker() { leave(); }

void InFlightWorker::leave() {
  if (!left_.exchange(true)) in_flight_->leave();
}

void InFlightWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

bool InFlightWorker::rejected_as_aborted(Napi::Env env) {
  if (status_ != kaiming::FillStatus::kCancelled) return false;
  deferred_.Reject(abort_error(env).Value());
  return true;
}

}  // namespace kaiming_binding
