// The binding's arguments: JS values checked and converted into kernel
// requests, refused in lib/'s words (messages.h) before any memory is
// allocated or any work is queued.
#pragma once

#include <napi.h>

#include <cstddef>
#include <memory>

#include "block_allocator.h"
#include "fill.h"
#include "orthogonal.h"

namespace kaiming_binding {

// A new tensor becomes an external ArrayBuffer, which Node 20 refuses above
// buffer.constants.MAX_LENGTH (2^32 bytes), and refuses badly: it runs the
// finalizer and node-addon-api then frees its data again, a double free. So
// parse() refuses longer new tensors before allocating; lib/ never asks for more.
constexpr size_t kMaxNewBytes = size_t{1} << 32;

// fill's and fillAsync's arguments, in order:
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
  kaiming::FillRequest request;
  bool has_out = false;
  bool shared = false;  // out's buffer is a SharedArrayBuffer (filled in place)
  size_t length = 0;
};

// Checks the first expected_args arguments and the request they make
// (kaiming::validate()); request.out is out's data, or null for a new tensor.
Parsed parse(const Napi::CallbackInfo& info, size_t expected_args);

// orthogonalize's arguments (see Addon::Orthogonalize), with the matrix copied into native memory.
struct OrthogonalParsed {
  kaiming::OrthogonalRequest request;
  std::unique_ptr<kaiming::Block> block;
  size_t length = 0;
};

OrthogonalParsed parse_orthogonal(const Napi::CallbackInfo& info);

// The optional cancel flag at info[index]: undefined, or an Int32Array over a
// SharedArrayBuffer (it is read from another thread, so it must be shared).
Napi::Value cancel_flag(const Napi::CallbackInfo& info, size_t index);

}  // namespace kaiming_binding
