// The torch stream's FMA loops built with -mavx2 -mfma (x86-64 only; chosen at run time).
#if defined(__x86_64__) || defined(_M_X64)
#define TORCH_PATH_NS torch_fma
#include "torch_normal_path.inc"
#endif
