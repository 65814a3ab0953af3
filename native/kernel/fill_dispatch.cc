// CPU dispatch: which compiled copy of the hot loops (fill_paths.h) runs a
// chunk. The native builds choose at run time from CPUID (x86-64) or have
// the one baseline copy; a build for another target (the WebAssembly kernel,
// native/wasm/) links its own file in place of this one.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "fill.h"
#include "fill_paths.h"
#if KAIMING_X86
#include <cpuid.h>
#endif

namespace kaiming {

namespace {

using ChunkFiller = void (*)(const FillRequest&, uint64_t, uint64_t, uint64_t, void*);

ChunkFiller filler_for(Path path) {
  switch (path) {
#if KAIMING_X86
    case Path::kAvx512: return avx512::fill_chunk_part_impl;
    case Path::kAvx2: return avx2::fill_chunk_part_impl;
#endif
    default: return baseline::fill_chunk_part_impl;
  }
}

std::atomic<int> forced_path{-1};

#if KAIMING_X86
// F16C from CPUID leaf 1 (ECX bit 29, Intel SDM vol. 2A, CPUID): clang's
// __builtin_cpu_supports does not accept "f16c", GCC's and clang's <cpuid.h>
// both do this.
bool cpu_has_f16c() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_F16C) != 0;
}
#endif

}  // namespace

Path best_path() {
#if KAIMING_X86
  __builtin_cpu_init();
  // Both paths are compiled with -mf16c as well (float16 rounding, half.h).
  if (!cpu_has_f16c()) return Path::kBaseline;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl")) {
    return Path::kAvx512;
  }
  if (__builtin_cpu_supports("avx2")) return Path::kAvx2;
#endif
  return Path::kBaseline;
}

bool path_available(Path path) {
  switch (path) {
    case Path::kBaseline: return true;
    case Path::kAvx2: return best_path() == Path::kAvx2 || best_path() == Path::kAvx512;
    case Path::kAvx512: return best_path() == Path::kAvx512;
  }
  return false;
}

const char* path_name(Path path) {
  switch (path) {
    case Path::kBaseline: return "baseline";
    case Path::kAvx2: return "avx2";
    case Path::kAvx512: return "avx512";
  }
  return "unknown";
}

bool force_path(const char* name) {
  if (name == nullptr || *name == 0) {
    forced_path.store(-1);
    return true;
  }
  for (Path p : {Path::kBaseline, Path::kAvx2, Path::kAvx512}) {
    if (std::strcmp(name, path_name(p)) == 0 && path_available(p)) {
      forced_path.store(static_cast<int>(p));
      return true;
    }
  }
  return false;
}

Path active_path() {
  const int forced = forced_path.load();
  if (forced >= 0) return static_cast<Path>(forced);
  static const Path chosen = [] {
    // KAIMING_PATH=baseline|avx2|avx512 forces a path (tests, benchmarks).
    const char* env = std::getenv("KAIMING_PATH");
    if (env != nullptr && *env != 0) {
      for (Path p : {Path::kBaseline, Path::kAvx2, Path::kAvx512}) {
        if (std::strcmp(env, path_name(p)) == 0 && path_available(p)) return p;
      }
    }
    return best_path();
  }();
  return chosen;
}

void fill_chunk_part(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out) {
  filler_for(active_path())(r, chunk, lo, hi, out);
}

}  // namespace kaiming
