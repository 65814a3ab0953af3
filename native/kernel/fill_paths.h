// The per-instruction-set copies of the kernel's hot loops.
#pragma once

#include <cstdint>

#include "fill.h"

#if defined(__x86_64__) || defined(_M_X64)
#define KAIMING_X86 1
#else
#define KAIMING_X86 0
#endif

// Each path's translation unit has already opened its own namespace inline
// (path_namespace.h), so one of the three below reopens an inline namespace
// without `inline`, which C++17 allows ([namespace.def]: the keyword is
// required only on the namespace's first definition); clang warns about it
// (-Winline-namespace-reopened-noninline), GCC does not. Which one it is depends
// on the including file, so no spelling here suits all of them.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winline-namespace-reopened-noninline"
#endif

namespace kaiming {

namespace baseline {
void fill_chunk_part_impl(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out);
}
#if KAIMING_X86
namespace avx2 {
void fill_chunk_part_impl(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out);
}
namespace avx512 {
void fill_chunk_part_impl(const FillRequest& r, uint64_t chunk, uint64_t lo, uint64_t hi, void* out);
}
#endif

}  // namespace kaiming

#if defined(__clang__)
#pragma clang diagnostic pop
#endif
