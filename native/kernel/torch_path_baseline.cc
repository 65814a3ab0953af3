// The torch stream's FMA loops for any CPU (std::fma through libm).
#define TORCH_PATH_NS torch_baseline
#include "torch_normal_path.inc"
