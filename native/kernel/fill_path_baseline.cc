// The kernel's hot loops built for the compiler's default target (x86-64: SSE2), or the portable build elsewhere.
#define KAIMING_PATH_NS baseline
#include <algorithm>
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif
#include <cmath>
#include <cstring>

// The hot headers first: they open kaiming::KAIMING_PATH_NS as an inline namespace.
#include "half.h"
#include "math_f64.h"
#include "mt19937_64_block.h"
#include "transforms.h"

#include "fill_paths.h"
#include "stream.h"
#include "truncated_normal.h"

namespace kaiming {
namespace KAIMING_PATH_NS {
#include "truncated_normal_loops.inc"
#include "fill_loops.inc"
}  // namespace KAIMING_PATH_NS
}  // namespace kaiming
