#include "finance/options/rational_cubic.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mlt::options::rational_cubic {

namespace {

// r just above -1 keeps the denominator 1 + (r - 3) t (1 - t) positive.
const double kMinimumR = -(1.0 - std::sqrt(DBL_EPSILON));
// Beyond this r the interpolant is linear to double precision.
constexpr double kMaximumR = 2.0 / (DBL_EPSILON * DBL_EPSILON);

bool is_zero(double x) {
  return std::fabs(x) < DBL_MIN;
}

double minimum_control_parameter(double d_l, double d_r, double slope, bool prefer_shape) {
  const bool monotonic = d_l * slope >= 0.0 && d_r * slope >= 0.0;
  const bool convex = d_l <= slope && slope <= d_r;
  const bool concave = d_l >= slope && slope >= d_r;
  if (!monotonic && !convex && !concave) return kMinimumR;
  double r1 = -DBL_MAX, r2 = -DBL_MAX;
  if (monotonic) {
    if (!is_zero(slope))
      r1 = (d_r + d_l) / slope;  // (3.8)
    else if (prefer_shape)
      r1 = kMaximumR;
  }
  if (convex || concave) {
    if (!(is_zero(slope - d_l) || is_zero(d_r - slope)))  // (3.18)
      r2 = std::max(std::fabs((d_r - d_l) / (d_r - slope)), std::fabs((d_r - d_l) / (slope - d_l)));
    else if (prefer_shape)
      r2 = kMaximumR;
  } else if (monotonic && prefer_shape) {
    r2 = kMaximumR;
  }
  return std::max(kMinimumR, std::max(r1, r2));
}

}  // namespace

double interpolate(double x, double x_l, double x_r, double y_l, double y_r, double d_l, double d_r, double r) {
  const double h = x_r - x_l;
  if (std::fabs(h) <= 0.0) return 0.5 * (y_l + y_r);
  const double t = (x - x_l) / h;
  if (!(r >= kMaximumR)) {
    const double omt = 1.0 - t, t2 = t * t, omt2 = omt * omt;
    return (y_r * t2 * t + (r * y_r - h * d_r) * t2 * omt + (r * y_l + h * d_l) * t * omt2 + y_l * omt2 * omt) /
           (1.0 + (r - 3.0) * t * omt);
  }
  return y_r * t + y_l * (1.0 - t);
}

double convex_fit_left(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                       double second_derivative_l, bool prefer_shape_preservation) {
  const double h = x_r - x_l;
  const double numerator = 0.5 * h * second_derivative_l + (d_r - d_l);
  const double denominator = (y_r - y_l) / h - d_l;
  double r = 0.0;
  if (!is_zero(numerator)) r = is_zero(denominator) ? (numerator > 0 ? kMaximumR : kMinimumR) : numerator / denominator;
  return std::max(r, minimum_control_parameter(d_l, d_r, (y_r - y_l) / h, prefer_shape_preservation));
}

double convex_fit_right(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                        double second_derivative_r, bool prefer_shape_preservation) {
  const double h = x_r - x_l;
  const double numerator = 0.5 * h * second_derivative_r + (d_r - d_l);
  const double denominator = d_r - (y_r - y_l) / h;
  double r = 0.0;
  if (!is_zero(numerator)) r = is_zero(denominator) ? (numerator > 0 ? kMaximumR : kMinimumR) : numerator / denominator;
  return std::max(r, minimum_control_parameter(d_l, d_r, (y_r - y_l) / h, prefer_shape_preservation));
}

}  // namespace mlt::options::rational_cubic
