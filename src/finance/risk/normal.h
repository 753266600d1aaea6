// The standard normal distribution, as risk measures need it.
#pragma once

namespace mlt {

double normal_pdf(double x);
double normal_cdf(double x);
// Inverse CDF for p in (0, 1): Acklam's rational approximation refined by
// one Halley step (|error| < 1e-13). Throws Error{InvalidArgument} outside (0, 1).
double normal_quantile(double p);

}  // namespace mlt
