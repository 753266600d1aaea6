// Causal technical indicators over one price or volume series.
//
// Every function returns a vector the length of its input where element t
// depends on x[0..t] only (never on later values), and is NaN while the
// window is warming up or when an input in the window is not finite. That
// makes truncation-invariance hold by construction: computing on x[0..t]
// gives the same value at t as computing on the whole series.
#pragma once

#include <vector>

namespace mlt {

// Simple return over n bars: x[t] / x[t-n] - 1.
std::vector<double> pct_change(const std::vector<double>& x, int n);

// Daily log return ln(x[t] / x[t-1]).
std::vector<double> log_returns(const std::vector<double>& x);

// Simple moving average over the last n values (inclusive of t).
std::vector<double> sma(const std::vector<double>& x, int n);

// Exponential moving average with alpha = 2/(n+1), seeded with the SMA of
// the first n values (the usual charting convention); valid from t = n-1.
std::vector<double> ema(const std::vector<double>& x, int n);

// x[t] / ma[t] - 1 for a moving average ma.
std::vector<double> ratio_to(const std::vector<double>& x, const std::vector<double>& ma);

// Wilder's RSI: average gain / loss seeded with the mean of the first n
// changes, then smoothed with alpha = 1/n. In [0, 100]; valid from t = n.
std::vector<double> rsi_wilder(const std::vector<double>& x, int n);

// Sample standard deviation (n-1 denominator) of the last n values of x.
std::vector<double> rolling_std(const std::vector<double>& x, int n);

// (x[t] - mean) / std over the last n values including t; NaN when std is 0.
std::vector<double> rolling_zscore(const std::vector<double>& x, int n);

}  // namespace mlt
