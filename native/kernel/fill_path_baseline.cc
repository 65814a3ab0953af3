// The kernel's hot loops built for the compiler's default target (x86-64: SSE2), or the portable build elsewhere.
#define KAIMING_PATH_NS baseline
#include "fill_path.inc"
