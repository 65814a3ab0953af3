// What the binding says when it refuses: lib/'s format, "Expected <what> for
// <argument> but received <value>" (lib/validate.ts), TypeError for a wrong
// type and RangeError for a bad value, and the kernel's refusals
// (native/kernel/refusal.h) put into the same words.
#pragma once

#include <napi.h>

#include <string>

#include "fill.h"
#include "refusal.h"

namespace kaiming_binding {

// lib/'s names of the dtypes, by DType value.
extern const char* const kDTypeNames[4];

[[noreturn]] void type_error(Napi::Env env, const std::string& message);
[[noreturn]] void range_error(Napi::Env env, const std::string& message);

// "Expected <what> for <name> but received <value described as lib/ does>".
std::string expected(const std::string& what, const std::string& name, napi_env env, napi_value value);

// A refusal of validate() for request r, as the RangeError lib/ would throw.
Napi::Error refusal_error(Napi::Env env, const kaiming::Refusal& refusal, const kaiming::FillRequest& r);
// A refusal of validate_orthogonal(), likewise.
Napi::Error refusal_error(Napi::Env env, const kaiming::Refusal& refusal);

// A truncated normal whose rejection stalled (FillStatus::kStalled).
Napi::Error stalled_error(Napi::Env env, const kaiming::FillRequest& r);

// What an aborted async call rejects with (lib/ turns it into a DOMException AbortError).
Napi::Error abort_error(Napi::Env env);

}  // namespace kaiming_binding
