// kaiming::glibc::expf: e^x with the results of glibc 2.36's expf on x86-64
// with FMA (__expf_fma), bit for bit, on every float (glibc_expf.cc).
//
// Not in glibc_libm.h because musl's expf (wasi-libc's std::exp(float)) was
// thought to equal glibc's: it does on all but two floats, 0x1.04845ep+5 and
// -0x1.f8cbb2p+5, where glibc's fused reduction rounds to the other neighbour.
#pragma once

namespace kaiming {
namespace glibc {

float expf(float x);

}  // namespace glibc
}  // namespace kaiming
