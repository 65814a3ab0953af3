// The host's glibc as the reference for kaiming::glibc's routines: whether the
// host is that reference, and a counted bit-for-bit comparison with it. Shared
// by the test_glibc_*.cc tests, test_fma_exact.cc and the sweep_glibc_*.cc
// tools, which would otherwise each carry their own copy.
//
// The routines (glibc_libm.h) reproduce glibc 2.36's FMA builds, which glibc's
// ifunc picks on x86-64 CPUs with FMA and AVX2; only such a host's libm gives
// the reference results. Elsewhere host comparisons compare nothing (and say
// so once). Compiles without glibc too (the WebAssembly build of
// sweep_glibc_log1p_expm1.cc).
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

#include "bits.h"

namespace glibc_host {

using kaiming::bits_of;
using kaiming::double_of;
using kaiming::float_of;

// Why the host's libm is not glibc 2.36's FMA builds, or nullptr if it is.
inline const char* why_host_is_not_reference() {
#if defined(__GLIBC__) && defined(__x86_64__)
  if (std::strcmp(gnu_get_libc_version(), "2.36") != 0) return "host glibc is not 2.36";
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx2")) {
    return "host CPU lacks FMA/AVX2, so glibc picks other builds";
  }
  return nullptr;
#else
  return "host libm is not glibc on x86-64";
#endif
}

// Whether the host's libm is the reference; the first call that finds it is
// not prints one line saying why.
inline bool host_is_glibc_reference() {
  static const bool yes = [] {
    const char* why = why_host_is_not_reference();
    if (why != nullptr) std::printf("  %s: host comparisons compare nothing\n", why);
    return why == nullptr;
  }();
  return yes;
}

// How results compare: by all their bits, or with any NaN equal to any NaN
// (where NaN payloads and signs are not what a test is about).
enum class NaNs { by_bits, any };

// Compares ours(x...) with host(x...) bit for bit, counts inputs and
// mismatches, and prints the first 10 mismatches. The host's function is
// called through a volatile pointer: with constant arguments the compiler
// would otherwise fold the call itself (correctly rounded, which is not
// glibc's result).
template <class Signature>
class Comparison;

template <class R, class... A>
class Comparison<R(A...)> {
 public:
  using Fn = R (*)(A...);

  Comparison(const char* name, Fn ours, Fn host, NaNs nans = NaNs::by_bits)
      : name_(name), ours_(ours), host_(host), nans_(nans) {}

  // Whether ours and the host's agree at x...
  bool operator()(A... x) {
    ++inputs_;
    const R got = ours_(x...);
    const R want = host_(x...);
    if (bits_of(got) == bits_of(want) || (nans_ == NaNs::any && got != got && want != want)) return true;
    if (++mismatches_ <= 10) {
      std::fprintf(stderr, "  %s(", name_);
      const char* separator = "";
      ((print(separator, x), separator = ", "), ...);
      print("): ours ", got);
      print(", host ", want);
      std::fprintf(stderr, "\n");
    }
    return false;
  }

  // The host's result alone (through the volatile pointer).
  R host(A... x) const { return host_(x...); }

  uint64_t inputs() const { return inputs_; }
  uint64_t mismatches() const { return mismatches_; }

  // Prints the inputs compared and the mismatches since the last report.
  void report() {
    std::printf("  %s: %" PRIu64 " inputs compared, %" PRIu64 " differ\n", name_, inputs_ - reported_inputs_,
                mismatches_ - reported_mismatches_);
    reported_inputs_ = inputs_;
    reported_mismatches_ = mismatches_;
  }

 private:
  template <class T>
  static void print(const char* before, T x) {
    std::fprintf(stderr, "%s%a [%0*" PRIx64 "]", before, static_cast<double>(x), static_cast<int>(2 * sizeof x),
                 static_cast<uint64_t>(bits_of(x)));
  }

  const char* name_;
  Fn ours_;
  Fn volatile host_;
  NaNs nans_;
  uint64_t inputs_ = 0, mismatches_ = 0;
  uint64_t reported_inputs_ = 0, reported_mismatches_ = 0;
};

// The usual case: a function of one float or double.
template <class T>
using HostComparison = Comparison<T(T)>;

}  // namespace glibc_host
