// The vectorisable exp / log / sqrt / Phi behind the batch Black-Scholes
// kernel: against libm across their ranges (relative, in ulps) and against
// 40-digit mpmath values of Phi deep in the lower tail.
#include "finance/options/vector_math.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>

#include "finance/options/normal_distribution.h"

namespace mlt::options {
namespace {

double rel(double got, double want) {
  return want == 0.0 ? std::fabs(got) : std::fabs(got - want) / std::fabs(want);
}

TEST(VectorMath, ExpWithinTwoUlpsAndSaturates) {
  double worst = 0.0;
  for (double x = -745.0; x <= 709.0; x += 0.0137) {
    const double want = std::exp(x);
    if (want < DBL_MIN) continue;  // subnormal results are checked in absolute terms below
    worst = std::max(worst, rel(simd::exp_simd(x), want));
  }
  EXPECT_LE(worst, 2.5 * DBL_EPSILON);
  EXPECT_NEAR(simd::exp_simd(-740.0), std::exp(-740.0), 1e-323);  // subnormal, via the two-step scaling
  EXPECT_EQ(simd::exp_simd(-2000.0), 0.0);
  EXPECT_TRUE(std::isinf(simd::exp_simd(1000.0)));
  double worst_moderate = 0.0;
  for (double x = -700.0; x <= 700.0; x += 0.0113)
    worst_moderate = std::max(worst_moderate, rel(simd::exp_moderate(x), std::exp(x)));
  EXPECT_LE(worst_moderate, 2.5 * DBL_EPSILON);
  // The correction term: e^(a + b) with b far below the rounding of a.
  EXPECT_LE(rel(simd::exp_sum(-600.0, 1e-14), std::exp(-600.0) * (1.0 + 1e-14)), 2.5 * DBL_EPSILON);
}

TEST(VectorMath, LogAndSqrtWithinTwoUlpsOnNormalNumbers) {
  double worst_log = 0.0, worst_sqrt = 0.0;
  for (double x = DBL_MIN; x < 1e300; x *= 1.0173) {
    worst_log =
        std::max(worst_log, std::fabs(simd::log_normal(x) - std::log(x)) / std::max(1.0, std::fabs(std::log(x))));
    worst_sqrt = std::max(worst_sqrt, rel(simd::sqrt_normal(x), std::sqrt(x)));
  }
  // Near 1, where ln x -> 0, relative accuracy is what d1 needs for at-the-money options.
  for (double x = 0.5; x < 2.0; x += 1.1e-5) worst_log = std::max(worst_log, rel(simd::log_normal(x), std::log(x)));
  EXPECT_EQ(simd::log_normal(1.0), 0.0);
  EXPECT_LE(worst_log, 2.5 * DBL_EPSILON);
  EXPECT_LE(worst_sqrt, 1.5 * DBL_EPSILON);
}

TEST(VectorMath, NormalCdfMatchesErfcInBothTails) {
  double worst = 0.0;
  for (double x = -37.5; x <= 9.0; x += 0.00731) {
    // libm's Phi rounds |x|/sqrt 2 first, which costs it ~2 z^2 ulps deep in the tail: compare at that tolerance.
    const double tolerance = 1e-15 * (4.0 + x * x);
    worst = std::max(worst, rel(simd::norm_cdf_simd(x), norm_cdf(x)) / tolerance);
  }
  EXPECT_LE(worst, 1.0);
  RecordProperty("worst_relative_vs_libm_in_tolerances", std::to_string(worst));
  // mpmath ncdf at 40 digits.
  const struct {
    double x, phi;
  } reference[] = {{-37.5, 4.6053530095819548438e-308}, {-30.0, 4.9067139271481870595e-198},
                   {-20.0, 2.7536241186062336951e-89},  {-10.0, 7.619853024160526066e-24},
                   {-5.0, 2.8665157187919391167e-7},    {-1.0, 0.15865525393145705141},
                   {-0.1, 0.46017216272297101633},      {0.0, 0.5},
                   {0.5, 0.69146246127401310364},       {3.0, 0.99865010196836990547},
                   {8.0, 0.9999999999999993779}};
  for (const auto& r : reference) EXPECT_LE(rel(simd::norm_cdf_simd(r.x), r.phi), 1e-14) << r.x;
  EXPECT_EQ(simd::norm_cdf_simd(-40.0), 0.0);  // below the double range, as erfc
  EXPECT_EQ(simd::norm_cdf_simd(40.0), 1.0);
}

}  // namespace
}  // namespace mlt::options
