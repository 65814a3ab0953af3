// The namespace of code compiled once per instruction set.
//
// The hot headers (engine, transforms, polynomials, 16-bit rounding) put their
// inline functions in kaiming::KAIMING_PATH_NS, an inline namespace. Each
// fill_path_*.cc defines KAIMING_PATH_NS before including them, so an AVX2
// copy of an inline function can never be merged by the linker with the
// baseline one (which would run AVX2 code on a CPU without it). Everything
// else sees the baseline copy under its plain name.
#pragma once

#ifndef KAIMING_PATH_NS
#define KAIMING_PATH_NS baseline
#endif
