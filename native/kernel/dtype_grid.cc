#include "dtype_grid.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "half.h"

namespace kaiming {
namespace {

// Whether some value of a 16-bit grid lies in [a, b], both finite and within the grid's range.
template <class Codec>
bool grid_has_value_in(double a, double b) {
  // Scan outward from the float nearest to a: enough for the 16-bit grids.
  const float fa = static_cast<float>(a);
  uint16_t h = Codec::from_float(fa);
  for (int step = 0; step < 4; ++step) {
    const double v = Codec::to_float(h);
    if (v >= a && v <= b) return true;
    if (v > b) return false;
    h = half_step(h, true);
  }
  return false;
}

// The largest finite value of each dtype.
double largest_finite(DType dtype) {
  switch (dtype) {
    case DType::kFloat32: return FLT_MAX;
    case DType::kFloat64: return DBL_MAX;
    case DType::kBfloat16: return Bf16::to_float(0x7F7F);  // 3.3895e38
    case DType::kFloat16: return F16::to_float(0x7BFF);    // 65504
  }
  return 0;
}

}  // namespace

bool has_finite_value_in(DType dtype, double lo, double hi) {
  const double max = largest_finite(dtype);
  const double a = std::max(lo, -max), b = std::min(hi, max);
  if (!(a <= b)) return false;
  switch (dtype) {
    case DType::kFloat64: return true;  // a itself
    case DType::kFloat32: {
      float f = static_cast<float>(a);
      if (static_cast<double>(f) < a) f = std::nextafter(f, INFINITY);
      return static_cast<double>(f) <= b;
    }
    case DType::kBfloat16: return grid_has_value_in<Bf16>(a, b);
    case DType::kFloat16: return grid_has_value_in<F16>(a, b);
  }
  return false;
}

bool rounds_to_finite(DType dtype, double x) {
  const float f = static_cast<float>(x);
  switch (dtype) {
    case DType::kFloat64: return std::isfinite(x);
    case DType::kFloat32: return std::isfinite(f);
    case DType::kBfloat16: return std::isfinite(f) && std::isfinite(Bf16::to_float(Bf16::from_float(f)));
    case DType::kFloat16: return std::isfinite(f) && std::isfinite(F16::to_float(F16::from_float(f)));
  }
  return false;
}

}  // namespace kaiming
