#include "finance/options/option_types.h"

#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "core/time.h"

namespace mlt::options {

std::string_view type_name(OptionType type) { return type == OptionType::Call ? "call" : "put"; }

std::string_view style_name(ExerciseStyle style) {
  return style == ExerciseStyle::European ? "european" : "american";
}

OptionType parse_option_type(std::string_view name) {
  if (name == "call") return OptionType::Call;
  if (name == "put") return OptionType::Put;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown option type '{}'", name),
              "use \"call\" or \"put\"");
}

ExerciseStyle parse_exercise_style(std::string_view name) {
  if (name == "european") return ExerciseStyle::European;
  if (name == "american") return ExerciseStyle::American;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown exercise style '{}'", name),
              "use \"european\" or \"american\"");
}

Time year_fraction_act365f(std::string_view valuation_date, std::string_view expiry_date) {
  const auto from = parse_timestamp(valuation_date);
  const auto to = parse_timestamp(expiry_date);
  if (!from || !to)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("cannot read dates '{}' / '{}'", valuation_date, expiry_date),
                "write dates as YYYY-MM-DD, e.g. valuation_date 2025-01-15, expiry_date 2025-07-15");
  if (*to <= *from)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("expiry {} is not after the valuation date {}", expiry_date, valuation_date),
                "an option must expire after the valuation date");
  return static_cast<double>(*to - *from) / static_cast<double>(kMsPerDay) / 365.0;
}

namespace {

void require(bool ok, std::string_view field, double value, std::string_view hint) {
  if (!ok)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} = {} is out of range", field, value),
                std::string(hint));
}

void check_common(const VanillaOption& o, const MarketInputs& m) {
  require(std::isfinite(m.spot) && m.spot > 0.0, "spot", m.spot, "spot must be a positive finite price");
  require(std::isfinite(o.strike) && o.strike > 0.0, "strike", o.strike, "strike must be a positive finite price");
  require(std::isfinite(o.expiry) && o.expiry > 0.0 && o.expiry <= 100.0, "expiry", o.expiry,
          "expiry is a year fraction in (0, 100], e.g. 0.5 for six months");
  require(std::isfinite(m.rate) && std::fabs(m.rate) <= 1.0, "rate", m.rate,
          "rates are decimals, continuously compounded: 0.05 for 5%");
  require(std::isfinite(m.dividend) && std::fabs(m.dividend) <= 1.0, "dividend", m.dividend,
          "the dividend yield is a decimal, continuously compounded: 0.02 for 2%");
}

}  // namespace

void validate(const VanillaOption& option, const MarketInputs& market) {
  check_common(option, market);
  require(std::isfinite(market.volatility) && market.volatility > 0.0 && market.volatility <= 10.0, "volatility",
          market.volatility, "volatility is annualised and positive, a decimal: 0.20 for 20%");
}

void validate_without_volatility(const VanillaOption& option, const MarketInputs& market) {
  check_common(option, market);
}

}  // namespace mlt::options
