#include "messages.h"

#include <cmath>

#include "describe.h"

namespace kaiming_binding {

using kaiming::Argument;
using kaiming::FillRequest;
using kaiming::Problem;
using kaiming::Refusal;

const char* const kDTypeNames[4] = {"float32", "float64", "bfloat16", "float16"};

void type_error(Napi::Env env, const std::string& message) { throw Napi::TypeError::New(env, message); }

void range_error(Napi::Env env, const std::string& message) { throw Napi::RangeError::New(env, message); }

std::string expected(const std::string& what, const std::string& name, napi_env env, napi_value value) {
  return "Expected " + what + " for " + name + " but received " + describe(env, value);
}

namespace {

// A number as JS prints it (String(v): -0 prints as 0, as in lib/'s `${low}`).
std::string js_number(Napi::Env env, double v) { return js_string(env, Napi::Number::New(env, v)); }

const char* argument_name(Argument argument) {
  switch (argument) {
    case Argument::kOut: return "out";
    case Argument::kDType: return "dtype";
    case Argument::kTransform: return "transform";
    case Argument::kStart: return "start";
    case Argument::kLow: return "low";
    case Argument::kHigh: return "high";
    case Argument::kMean: return "mean";
    case Argument::kStd: return "std";
    case Argument::kA: return "a";
    case Argument::kB: return "b";
    case Argument::kRows: return "rows";
    case Argument::kCols: return "cols";
    case Argument::kGain: return "gain";
    case Argument::kMatrix: return "matrix";
    case Argument::kNone: break;
  }
  return "?";
}

// The truncated normal's own message family: it names a, b, mean, std and the
// dtype, since the trouble lies in how they meet, not in one argument.
Napi::Error truncated_normal_error(Napi::Env env, const FillRequest& r, const std::string& reason) {
  auto js = [&](double v) { return js_number(env, v); };
  const std::string message = "Expected a and b between which the truncated normal has " +
                              std::string(kDTypeNames[static_cast<int>(r.dtype)]) + " values but received a = " +
                              js(r.params.p2) + ", b = " + js(r.params.p3) + " (mean " + js(r.params.p0) + ", std " +
                              js(r.params.p1) + "): " + reason;
  return Napi::RangeError::New(env, message);
}

// What the argument was expected to be, in lib/'s words (lib/validate.ts's
// finiteNumber, positiveNumber, nonNegativeNumber; lib/initializers/basic.ts
// for the bounds). The other bound is the request's (high's is low, b's is a).
std::string expectation(Napi::Env env, const Refusal& refusal, double other_bound) {
  switch (refusal.problem) {
    case Problem::kMissing: return "memory to write into";
    case Problem::kUnknown: return refusal.argument == Argument::kDType ? "an integer between 0 and 3" : "an integer between 0 and 2";
    case Problem::kIndexOverflow: return "a start with start + length at most 2^64";
    case Problem::kTooLarge: return "rows * cols that fits in memory";
    case Problem::kNotFinite: return "a finite number";
    case Problem::kNaN: return "a number (not NaN)";
    case Problem::kNegative: return "a non-negative number";
    case Problem::kNotPositive:
      return refusal.argument == Argument::kRows || refusal.argument == Argument::kCols ? "a positive integer" : "a positive number";
    case Problem::kNotAbove:
      return std::string("a number greater than ") + (refusal.argument == Argument::kB ? "a" : "low") + " (" +
             js_number(env, other_bound) + ")";
    case Problem::kBelow: return "a number greater than or equal to low (" + js_number(env, other_bound) + ")";
    case Problem::kSpanNotFinite: return "a bound with a finite high \u2212 low";
    case Problem::kNoValueInBounds:
    case Problem::kHopeless:
    case Problem::kNone: break;
  }
  return "?";
}

Napi::Error expected_error(Napi::Env env, const Refusal& refusal, double other_bound) {
  std::string name = argument_name(refusal.argument);
  if (refusal.argument == Argument::kMatrix && refusal.problem == Problem::kNotFinite) {
    name += "[" + std::to_string(refusal.index) + "]";
  }
  napi_value value = refusal.problem == Problem::kMissing ? env.Null() : Napi::Number::New(env, refusal.value);
  return Napi::RangeError::New(env, expected(expectation(env, refusal, other_bound), name, env, value));
}

}  // namespace

Napi::Error refusal_error(Napi::Env env, const Refusal& refusal, const FillRequest& r) {
  if (refusal.problem == Problem::kNoValueInBounds && r.transform == kaiming::Transform::kUniform) {
    auto js = [&](double v) { return js_number(env, v); };
    return Napi::RangeError::New(env, "Expected low and high between which uniform has " + std::string(kDTypeNames[static_cast<int>(r.dtype)]) +
                                          " values but received low = " + js(r.params.p0) + ", high = " + js(r.params.p1) +
                                          ": no finite value of the output dtype lies in [low, high)");
  }
  if (refusal.problem == Problem::kNoValueInBounds) {
    // An infinite bound puts ±∞ itself in [a, b], but never a value worth drawing.
    const bool infinite_bound = std::isinf(r.params.p2) || std::isinf(r.params.p3);
    return truncated_normal_error(env, r, infinite_bound ? "no finite value of the output dtype lies in [a, b]"
                                                         : "no value of the output dtype lies in [a, b]");
  }
  if (refusal.problem == Problem::kHopeless) return stalled_error(env, r);
  const double other_bound = r.transform == kaiming::Transform::kTruncatedNormal ? r.params.p2 : r.params.p0;
  return expected_error(env, refusal, other_bound);
}

Napi::Error refusal_error(Napi::Env env, const Refusal& refusal) { return expected_error(env, refusal, 0); }

Napi::Error stalled_error(Napi::Env env, const FillRequest& r) {
  return truncated_normal_error(env, r, "almost no candidate lands inside [a, b] at this precision, as [a, b] lies too far in the tail");
}

Napi::Error abort_error(Napi::Env env) {
  Napi::Error error = Napi::Error::New(env, "The operation was aborted");
  error.Set("name", Napi::String::New(env, "AbortError"));
  error.Set("code", Napi::String::New(env, "ABORT_ERR"));
  return error;
}

}  // namespace kaiming_binding
