// Delbourgo-Gregory rational cubic interpolation, as P. Jäckel uses it for the
// initial guess of implied volatility ("Let's be rational", Wilmott 2015,
// section 5): a cubic Hermite interpolant whose control parameter r makes it
// shape preserving (monotone / convex) where the plain cubic would overshoot.
// r = 3 is the plain cubic; r -> infinity tends to linear interpolation.
// Internal to implied_volatility.cpp; exposed for its tests. Pure functions.
// C++17-clean.
#pragma once

namespace mlt::options::rational_cubic {

// The interpolant through (x_l, y_l), (x_r, y_r) with slopes d_l, d_r, at x.
double interpolate(double x, double x_l, double x_r, double y_l, double y_r, double d_l, double d_r, double r);

// Control parameter that reproduces the second derivative at the left (right)
// end, raised to the smallest value that keeps the interpolant convex /
// monotone as the end data allow (Delbourgo-Gregory (3.8), (3.18)).
// prefer_shape_preservation: where shape cannot be kept, interpolate linearly.
double convex_fit_left(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                       double second_derivative_l, bool prefer_shape_preservation);
double convex_fit_right(double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                        double second_derivative_r, bool prefer_shape_preservation);

}  // namespace mlt::options::rational_cubic
