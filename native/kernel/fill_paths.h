// The per-instruction-set copies of the kernel's hot loops.
#pragma once

#include <cstdint>

#include "fill.h"

#if defined(__x86_64__) || defined(_M_X64)
#define KAIMING_X86 1
#else
#define KAIMING_X86 0
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
