// The kernel's hot loops built for -mavx2 (x86-64 only).
#define KAIMING_PATH_NS avx2
#if defined(__x86_64__) || defined(_M_X64)
#include "fill_path.inc"
#endif
