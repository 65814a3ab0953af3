// A deliberately naive implementation of docs/STREAM.md, written from the
// document rather than from the kernel: std::mt19937_64 itself, one element
// at a time, every chunk regenerated from its start. Slow and obviously
// right; the kernel must agree with it bit for bit. It shares only the
// documented polynomial functions (math_f32.h, math_f64.h) and the seeding
// constants with the kernel.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "math_f32.h"
#include "math_f64.h"
#include "stream.h"

namespace reference {

enum class Kind { kUniform, kNormal, kTruncatedNormal };

struct Stream {
  uint64_t seed, key;
  Kind kind;
  bool wide;  // float64 (else float32)
  double p0, p1, p2, p3;
};

// Standard-normal pair from the documented float32 Box-Muller (one word).
inline void normal32(uint64_t w, float& z0, float& z1) {
  uint32_t a = static_cast<uint32_t>(w >> 32), b = static_cast<uint32_t>(w & 0xFFFFFFFFu);
  float u = static_cast<float>((4294967296.0 - a) * std::ldexp(1.0, -32));  // exact in double, one rounding
  float r = std::sqrt(-2.0f * kaiming::f32::log(u));
  uint32_t t = ((b >> 8) + 2097152u) % 16777216u;
  uint32_t quadrant = t / 4194304u;
  int32_t s = static_cast<int32_t>(t % 4194304u) - 2097152;
  float y = (static_cast<float>(s) + 0.5f) * (static_cast<float>(M_PI) * std::ldexp(1.0f, -23));
  float c = kaiming::f32::cos_kernel(y), sn = kaiming::f32::sin_kernel(y);
  for (uint32_t turn = 0; turn < quadrant; ++turn) {  // rotate by a quarter turn: (c, s) -> (-s, c)
    float old_c = c;
    c = -sn;
    sn = old_c;
  }
  z0 = r * c;
  z1 = r * sn;
}

inline void normal64(uint64_t w0, uint64_t w1, double& z0, double& z1) {
  double u = (static_cast<double>(w0 >> 11) + 1.0) * std::ldexp(1.0, -53);
  double r = std::sqrt(-2.0 * kaiming::f64::log(u));
  uint64_t t = ((w1 >> 11) + (1ULL << 50)) % (1ULL << 53);
  uint64_t quadrant = t / (1ULL << 51);
  int64_t s = static_cast<int64_t>(t % (1ULL << 51)) - static_cast<int64_t>(1ULL << 50);
  double y = (static_cast<double>(s) + 0.5) * (M_PI * std::ldexp(1.0, -52));
  double c = kaiming::f64::cos_kernel(y), sn = kaiming::f64::sin_kernel(y);
  for (uint64_t turn = 0; turn < quadrant; ++turn) {
    double old_c = c;
    c = -sn;
    sn = old_c;
  }
  z0 = r * c;
  z1 = r * sn;
}

// All values of one chunk, in order, up to `count` values.
inline std::vector<double> chunk_values(const Stream& st, uint64_t chunk, uint64_t count) {
  std::mt19937_64 engine(kaiming::chunk_seed(st.seed, st.key, chunk));
  std::vector<double> out;
  const double a = st.p2, b = st.p3;
  while (out.size() < count) {
    if (st.kind == Kind::kUniform) {
      uint64_t w = engine();
      if (st.wide) {
        double v = st.p0 + static_cast<double>(w >> 11) * ((st.p1 - st.p0) * std::ldexp(1.0, -53));
        out.push_back(std::fmin(v, std::nextafter(st.p1, -INFINITY)));
      } else {
        float scale = static_cast<float>(st.p1 - st.p0) * std::ldexp(1.0f, -24);
        float cap = std::nextafter(static_cast<float>(st.p1), -INFINITY);
        float lo = static_cast<float>(st.p0);
        if (static_cast<double>(lo) < st.p0) lo = std::nextafter(lo, INFINITY);
        out.push_back(std::fmin(lo + static_cast<float>((w >> 40) & 0xFFFFFF) * scale, cap));
        out.push_back(std::fmin(lo + static_cast<float>((w >> 8) & 0xFFFFFF) * scale, cap));
      }
      continue;
    }
    // Normal candidates (also the truncated normal's proposal when its method is "normal").
    double candidates[2];
    if (st.wide) {
      uint64_t w0 = engine();
      uint64_t w1 = engine();
      double z0, z1;
      normal64(w0, w1, z0, z1);
      candidates[0] = st.p0 + st.p1 * z0;
      candidates[1] = st.p0 + st.p1 * z1;
    } else {
      float z0, z1;
      normal32(engine(), z0, z1);
      candidates[0] = static_cast<float>(st.p0) + static_cast<float>(st.p1) * z0;
      candidates[1] = static_cast<float>(st.p0) + static_cast<float>(st.p1) * z1;
    }
    for (double v : candidates) {
      if (st.kind == Kind::kNormal || (v >= a && v <= b)) out.push_back(v);
    }
  }
  out.resize(count);
  return out;
}

// Values [start, start + count) of the stream.
inline std::vector<double> values(const Stream& st, uint64_t start, uint64_t count) {
  std::vector<double> out;
  for (uint64_t i = start; i < start + count;) {
    const uint64_t chunk = i / kaiming::kChunkElements;
    const uint64_t offset = i % kaiming::kChunkElements;
    const uint64_t take = std::min(start + count - i, kaiming::kChunkElements - offset);
    std::vector<double> all = chunk_values(st, chunk, offset + take);
    out.insert(out.end(), all.begin() + static_cast<long>(offset), all.end());
    i += take;
  }
  return out;
}

}  // namespace reference
