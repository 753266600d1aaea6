// An O(n) rolling mean for strategies evaluated thousands of times in grid
// searches. features::sma recomputes every window (O(n*w)) for exactness;
// this keeps a running sum, re-summed exactly every 512 bars, so values agree
// with sma() to ~1e-13 relative while a 260-bar window costs as a 5-bar one.
#pragma once

#include <vector>

namespace mlt {

// Mean of x[t-n+1..t]; NaN while warming up and for any window holding a
// non-finite value (the same contract as features::sma). n >= 1.
std::vector<double> rolling_mean(const std::vector<double>& x, int n);

}  // namespace mlt
