// The kernel's hot loops built for -mavx512f -mavx512bw -mavx512dq -mavx512vl (x86-64 only).
#define KAIMING_PATH_NS avx512
#if defined(__x86_64__) || defined(_M_X64)
#include "fill_path.inc"
#endif
