// The WebAssembly kernel's CPU dispatch (native/kernel/fill_dispatch.cc in
// the native builds): one copy of the hot loops, fill_path_baseline.cc
// compiled with -msimd128, which every engine that runs the module runs (a
// WebAssembly engine without SIMD128 refuses the module at compile time, so
// there is nothing to choose at run time).
#include <cstring>

#include "fill.h"
#include "fill_paths.h"

namespace kaiming {

Path best_path() { return Path::kBaseline; }

bool path_available(Path path) { return path == Path::kBaseline; }

const char* path_name(Path path) { return path == Path::kBaseline ? "simd128" : "unknown"; }

bool force_path(const char* name) { return name == nullptr || *name == 0 || std::strcmp(name, "simd128") == 0; }

Path active_path() { return Path::kBaseline; }

void fill_chunk_part(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  baseline::fill_chunk_part_impl(r, chunk, lo, hi, out);
}

}  // namespace kaiming
