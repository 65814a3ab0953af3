// The torch stream's engine must be std::mt19937 word for word, seeded as
// torch.manual_seed seeds it; its transforms must give torch 1.13's values
// (golden values printed by /usr/bin/python3 with Debian's torch 1.13.1 on an
// AVX2 CPU; test/fixtures/torch_stream/ has hundreds more, checked from mocha).
#include <random>
#include <vector>

#include "bits.h"
#include "check.h"
#include "torch_mt19937.h"
#include "torch_transforms.h"

using namespace kaiming;

// C++17 [rand.predef]/3: the 10000th output of a default-constructed std::mt19937 is 4123659995.
TEST(standard_required_value) {
  TorchGeneratorState g;
  torch_seed(g, 5489);
  uint32_t value = 0;
  for (int i = 0; i < 10000; ++i) value = torch_random(g);
  CHECK_EQ(value, 4123659995u);
}

TEST(same_words_as_std_mt19937) {
  const uint64_t seeds[] = {0, 1, 42, 5489, 0xFFFFFFFFull};
  for (uint64_t seed : seeds) {
    std::mt19937 reference(static_cast<uint32_t>(seed));
    TorchGeneratorState g;
    torch_seed(g, seed);
    for (int i = 0; i < 3000; ++i) CHECK_EQ(torch_random(g), reference());
  }
}

TEST(seed_keeps_low_32_bits) {
  // torch.manual_seed(2**32 + 5) and torch.manual_seed(5) give equal tensors (at::mt19937: seed & 0xffffffff).
  TorchGeneratorState a, b;
  torch_seed(a, (uint64_t{1} << 32) + 5);
  torch_seed(b, 5);
  for (int i = 0; i < 10; ++i) CHECK_EQ(torch_random(a), torch_random(b));
}

TEST(bulk_words_equal_single_words_across_twists) {
  TorchGeneratorState a, b;
  torch_seed(a, 9);
  torch_seed(b, 9);
  const size_t sizes[] = {1, 623, 624, 625, 5000};
  for (size_t n : sizes) {
    std::vector<uint32_t> bulk(n);
    torch_random_words(a, bulk.data(), n);
    for (size_t i = 0; i < n; ++i) CHECK_EQ(bulk[i], torch_random(b));
  }
}

TEST(random64_first_word_is_high_half) {
  TorchGeneratorState g;
  torch_seed(g, 3);
  std::mt19937 reference(3);
  const uint64_t hi = reference(), lo = reference();
  CHECK_EQ(torch_random64(g), (hi << 32) | lo);
}

TEST(torch_uniform_float32_golden) {
  // torch.manual_seed(42); torch.empty(4).uniform_(-0.1, 0.1)
  TorchGeneratorState g;
  torch_seed(g, 42);
  float out[4];
  torch_uniform_f32(g, out, 4, -0.1, 0.1, TorchCapability::avx2);
  const float expected[4] = {0x1.3927aep-4f, 0x1.53f8a4p-4f, -0x1.7fd5p-6f, 0x1.784360p-4f};
  for (int i = 0; i < 4; ++i) CHECK_EQ(bits_of(out[i]), bits_of(expected[i]));
}

TEST(torch_normal_float32_avx2_golden_with_tail) {
  // torch.manual_seed(42); a = torch.empty(17).normal_(0.5, 2.0); b = torch.empty(17).normal_(0.5, 2.0)
  TorchGeneratorState g;
  torch_seed(g, 42);
  float a[17], b[17];
  torch_normal_f32(g, a, 17, 0.5, 2.0, TorchCapability::avx2);
  torch_normal_f32(g, b, 17, 0.5, 2.0, TorchCapability::avx2);
  CHECK_EQ(bits_of(a[0]), bits_of(0x1.16a528p+2f));
  CHECK_EQ(bits_of(a[1]), bits_of(0x1.7249ecp-3f));
  CHECK_EQ(bits_of(b[16]), bits_of(0x1.ea665ep+0f));
}

TEST(torch_normal_float64_small_uses_the_cached_sample) {
  // torch.manual_seed(42); torch.empty(3, dtype=float64).normal_(); torch.empty(1, dtype=float64).normal_()
  TorchGeneratorState g;
  torch_seed(g, 42);
  double a[3], b[1];
  torch_normal_f64(g, a, 3, 0.0, 1.0, TorchCapability::avx2);
  CHECK_EQ(g.has_next_double, 1u);
  torch_normal_f64(g, b, 1, 0.0, 1.0, TorchCapability::avx2);
  CHECK_EQ(g.has_next_double, 0u);
  CHECK_EQ(a[0], 0x1.58c55b33d44ccp-2);
  CHECK_EQ(a[1], 0x1.07cd39b3d4b85p-3);
  CHECK_EQ(a[2], 0x1.e02dcdb63ec41p-3);
  CHECK_EQ(b[0], 0x1.d7b8d7b0a7c22p-3);
}

TEST(torch_trunc_normal_float32_golden) {
  // torch.manual_seed(7); nn.init.trunc_normal_(torch.empty(20), 0., 0.02, -0.04, 0.04)
  TorchGeneratorState g;
  torch_seed(g, 7);
  float out[20];
  torch_trunc_normal_f32(g, out, 20, 0.0, 0.02, -0.04, 0.04, TorchCapability::avx2);
  CHECK_EQ(bits_of(out[0]), bits_of(0x1.b69434p-10f));
  CHECK_EQ(bits_of(out[1]), bits_of(-0x1.056824p-6f));
}

TEST(erfinv_inverts_erf) {
  const double ys[] = {-0.99, -0.5, 0.0, 0.3, 0.7, 0.71, 0.999999};
  for (double y : ys) {
    CHECK(std::abs(std::erf(torch_erfinv_f64(y, true)) - y) < 1e-15);
    CHECK(std::abs(std::erf(torch_erfinv_f64(y, false)) - y) < 1e-15);
  }
  CHECK(std::isinf(torch_erfinv_f32(1.0f, true)));
  CHECK(std::isnan(torch_erfinv_f32(1.5f, true)));
}

#include "torch_paths.h"

// The per-lane emulation (any CPU) and the AVX2 intrinsics (x86-64 with FMA)
// of torch's AVX2 Box–Muller must agree bit for bit: fixtures exercise only
// the path of the machine that runs them.
TEST(avx2_normal_emulation_equals_intrinsics) {
#if defined(__x86_64__) || defined(_M_X64)
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
  TorchGeneratorState g;
  torch_seed(g, 11);
  const size_t n = 1 << 20;
  std::vector<uint32_t> words(n);
  torch_random_words(g, words.data(), n);
  std::vector<float> a(n), b(n);
  for (size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<float>(words[i] & 0xffffffu) * 0x1p-24f;
  // The extremes of u: 0 (u1 = 1) and 1 − 2^-24 (u1 = 2^-24, the largest radius).
  a[0] = b[0] = 0.0f;
  a[1] = b[1] = 1.0f - 0x1p-24f;
  a[8] = b[8] = 1.0f - 0x1p-24f;
  torch_baseline::torch_normal16_avx2(a.data(), n / 16, 0.25f, 3.0f);
  torch_fma::torch_normal16_avx2(b.data(), n / 16, 0.25f, 3.0f);
  size_t differ = 0;
  for (size_t i = 0; i < n; ++i) differ += bits_of(a[i]) != bits_of(b[i]);
  CHECK_EQ(differ, size_t{0});
  CHECK(std::isfinite(a[1]) && std::abs(a[1]) > 10.0f);
#endif
}

TEST(fused_loops_equal_on_both_paths) {
#if defined(__x86_64__) || defined(_M_X64)
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
  TorchGeneratorState g;
  torch_seed(g, 12);
  std::vector<uint32_t> words(4096);
  torch_random_words(g, words.data(), words.size());
  std::vector<float> a(4096), b(4096);
  torch_baseline::torch_uniform_f32_words(words.data(), a.data(), a.size(), -0.3f, 0.7f, true);
  torch_fma::torch_uniform_f32_words(words.data(), b.data(), b.size(), -0.3f, 0.7f, true);
  CHECK(a == b);
  std::vector<double> c(2048), d(2048);
  torch_baseline::torch_uniform_f64_words(words.data(), c.data(), c.size(), -0.3, 1.0, true);
  torch_fma::torch_uniform_f64_words(words.data(), d.data(), d.size(), -0.3, 1.0, true);
  CHECK(c == d);
  std::vector<float> e(2048), f(2048);
  // y in [−0.97, 0.97): both branches of calc_erfinv.
  for (size_t i = 0; i < e.size(); ++i) e[i] = f[i] = static_cast<float>(words[i] & 0xffffffu) * 0x1p-24f * 1.94f - 0.97f;
  torch_baseline::torch_erfinv_affine_clamp(e.data(), e.size(), 0.02f, 0.0f, -0.04f, 0.04f, true);
  torch_fma::torch_erfinv_affine_clamp(f.data(), f.size(), 0.02f, 0.0f, -0.04f, 0.04f, true);
  CHECK(e == f);
#endif
}
