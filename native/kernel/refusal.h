// Why the kernel refuses a request, as data: what is wrong, with which
// argument, and the value it has.
//
// validate() and validate_orthogonal() answer with a Refusal instead of a
// sentence, so that the binding can say it in lib/'s words ("Expected <what>
// for <argument> but received <value>", lib/validate.ts) without ever
// comparing message text, and the C++ tests can check the reason itself.
#pragma once

#include <cstdint>

namespace kaiming {

enum class Problem : int {
  kNone = 0,
  kMissing,          // a null pointer where memory is needed (out, matrix)
  kUnknown,          // an enumerator outside its enum (dtype, transform)
  kIndexOverflow,    // start + count beyond 2^64 - 1
  kTooLarge,         // rows * cols elements do not fit in memory's address space
  kNotFinite,        // must be a finite number
  kNaN,              // must not be NaN
  kNegative,         // must be a finite number >= 0
  kNotPositive,      // must be a finite number > 0
  kNotAbove,         // must be greater than the other bound (b > a)
  kBelow,            // must be at least the other bound (high >= low)
  kSpanNotFinite,    // high - low overflows
  kNoValueInBounds,  // no finite value of the output dtype lies in [low, high) or [a, b]
  kHopeless,         // truncated normal: almost no candidate survives rounding into [a, b]
};

enum class Argument : int {
  kNone = 0,
  kOut,
  kDType,
  kTransform,
  kStart,
  kLow,
  kHigh,
  kMean,
  kStd,
  kA,
  kB,
  kRows,
  kCols,
  kGain,
  kMatrix,  // an element of the matrix, at `index`
};

struct Refusal {
  Problem problem = Problem::kNone;
  Argument argument = Argument::kNone;
  double value = 0;    // the argument's value, when it is a number
  uint64_t index = 0;  // kMatrix: the element's flat index

  bool refused() const { return problem != Problem::kNone; }
};

inline Refusal accepted() { return {}; }
inline Refusal refuse(Problem problem, Argument argument, double value = 0, uint64_t index = 0) {
  return {problem, argument, value, index};
}

}  // namespace kaiming
