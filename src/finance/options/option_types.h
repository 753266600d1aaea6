// Vanilla option contracts and the market inputs they are priced against.
//
// QuantLib's separation: the contract (what was bought), the market inputs
// (spot, curves, volatility) and the engine (black_scholes.h, binomial.h,
// monte_carlo.h) are separate values; nothing reads a global evaluation date.
//
// Units, everywhere in mlt::options:
//   Time        year fraction from the valuation date (ACT/365F when made from dates)
//   Rate        annualised, continuously compounded (0.05 = 5% a year)
//   Volatility  annualised standard deviation of log returns (0.20 = 20%)
//   Greeks      per unit of the input: vega per 1.00 of vol, rho per 1.00 of
//               rate, theta per year (divide by 365 for per-day)
//
// This header is C++17-clean on purpose: the QuantLib comparisons compile as
// C++17 (QuantLib 1.29 with Boost 1.74 does not build as C++20).
#pragma once

#include <string>
#include <string_view>

namespace mlt::options {

using Real = double;
using Time = double;        // years
using Rate = double;        // continuous compounding, annualised
using Volatility = double;  // annualised

enum class OptionType { Call, Put };
enum class ExerciseStyle { European, American };

// +1 for a call, -1 for a put: payoff = max(omega * (S - K), 0).
inline double omega(OptionType type) { return type == OptionType::Call ? 1.0 : -1.0; }

std::string_view type_name(OptionType type);       // "call" / "put"
std::string_view style_name(ExerciseStyle style);  // "european" / "american"
// Throws Error{InvalidArgument} for anything but "call"/"put" (case-sensitive).
OptionType parse_option_type(std::string_view name);
ExerciseStyle parse_exercise_style(std::string_view name);

// The contract: a plain vanilla call or put.
struct VanillaOption {
  OptionType type = OptionType::Call;
  Real strike = 0.0;  // > 0
  Time expiry = 0.0;  // > 0, years from the valuation date
  ExerciseStyle exercise = ExerciseStyle::European;
};

// Market inputs at the valuation date: flat curves and flat volatility.
struct MarketInputs {
  Real spot = 0.0;              // > 0
  Rate rate = 0.0;              // risk-free rate r
  Rate dividend = 0.0;          // continuous dividend (or foreign-rate) yield q; carry b = r - q
  Volatility volatility = 0.0;  // > 0
};

// Year fraction ACT/365F between two ISO dates ("2025-01-15"). Throws
// Error{InvalidArgument} for unparseable dates or expiry not after valuation.
Time year_fraction_act365f(std::string_view valuation_date, std::string_view expiry_date);

// Throws Error{InvalidArgument} naming the field and its value, with a hint,
// for NaN/inf, spot/strike <= 0, expiry <= 0, volatility <= 0 or > 10, or
// |rate|, |dividend| > 1 (rates are decimals: 0.05, not 5).
void validate(const VanillaOption& option, const MarketInputs& market);
// The same checks without the volatility (implied-vol inputs).
void validate_without_volatility(const VanillaOption& option, const MarketInputs& market);

}  // namespace mlt::options
