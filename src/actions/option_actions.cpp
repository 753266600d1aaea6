#include "actions/option_actions.h"

#include <fmt/format.h>

#include "finance/options/option_requests.h"

namespace mlt {

namespace {

// Shared schema properties: the contract and the market inputs.
constexpr const char* kContractProperties = R"(
  "type":{"type":"string","enum":["call","put"],"default":"call","description":"Call or put."},
  "strike":{"type":"number","exclusiveMinimum":0,"description":"Strike price, in the same currency as spot."},
  "spot":{"type":"number","exclusiveMinimum":0,"description":"Spot price of the underlying at the valuation date."},
  "rate":{"type":"number","minimum":-1,"maximum":1,"default":0,"description":"Risk-free rate, annualised, continuously compounded, as a decimal (0.05 = 5%)."},
  "dividend":{"type":"number","minimum":-1,"maximum":1,"default":0,"description":"Continuous dividend yield q (or foreign rate for FX; q = rate for options on futures), decimal."},
  "expiry_years":{"type":"number","exclusiveMinimum":0,"maximum":100,"description":"Time to expiry as a year fraction (0.5 = six months). Alternative to valuation_date + expiry_date."},
  "valuation_date":{"type":"string","description":"Valuation date, YYYY-MM-DD (with expiry_date; year fraction ACT/365F)."},
  "expiry_date":{"type":"string","description":"Expiry date, YYYY-MM-DD (with valuation_date)."})";

constexpr const char* kVolatility =
    R"("volatility":{"type":"number","exclusiveMinimum":0,"maximum":10,"description":"Annualised volatility as a decimal (0.20 = 20%)."})";

constexpr const char* kMcProperties = R"(
  "paths":{"type":"integer","minimum":100,"maximum":1000000000,"description":"Simulated paths (antithetic partners included)."},
  "seed":{"type":"integer","minimum":0,"description":"Random seed; default: the configured seed. Same seed, same numbers."},
  "antithetic":{"type":"boolean","default":true,"description":"Pair each path with its mirror image (z and -z)."},
  "control_variate":{"type":"boolean","default":true,"description":"Regression-adjust with a control of known mean (terminal spot, geometric Asian, or the vanilla for barriers)."})";

std::string schema(const std::string& required, const std::string& extra) {
  return fmt::format(R"({{"type":"object","required":[{}],"additionalProperties":false,"properties":{{{}{}}}}})",
                     required, kContractProperties, extra);
}

}  // namespace

void register_option_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "finance.option_price",
      .summary = "Price a European or American call/put with Black-Scholes-Merton, a binomial tree or Monte Carlo, "
                 "with Greeks.",
      .schema = schema(R"("strike","spot","volatility")",
                       std::string(",") + kVolatility + "," + kMcProperties + R"(,
  "method":{"type":"string","enum":["bsm","binomial","mc"],"default":"bsm","description":"bsm: closed form with delta, gamma, vega, theta, rho; binomial: tree (American allowed); mc: European Monte Carlo with standard error (at most 2,000,000 paths here; use finance.option_mc for more)."},
  "exercise":{"type":"string","enum":["european","american"],"default":"european","description":"Exercise style; american needs method binomial."},
  "tree":{"type":"string","enum":["lr","crr"],"default":"lr","description":"Binomial tree: lr (Leisen-Reimer, odd steps, fast convergence) or crr (Cox-Ross-Rubinstein)."},
  "steps":{"type":"integer","minimum":2,"maximum":20000,"default":501,"description":"Binomial time steps."})"),
      .example = R"({"type":"put","exercise":"american","method":"binomial","tree":"lr","steps":501,"spot":50,"strike":50,"expiry_years":0.4167,"rate":0.10,"volatility":0.40})",
      .cost = Cost::Instant,
      .run = [](const Json& args, ActionContext& ctx) { return options::option_price_request(args, ctx.env.seed); },
      .details = "Greeks are per unit: theta per year, vega per 1.00 of volatility, rho per 1.00 of rate. Binomial "
                 "results for American options include the European value on the same tree and the early-exercise "
                 "premium (American minus European). Monte Carlo results include the standard error, the seed and "
                 "the Black-Scholes price for comparison. Validated against QuantLib 1.29 and Hull/Haug tables.",
  });
  registry.add(Action{
      .name = "finance.option_mc",
      .summary = "Monte Carlo price of a European, Asian (arithmetic/geometric) or barrier option, with standard "
                 "error, as a trial with progress.",
      .schema = schema(R"("strike","spot","volatility")",
                       std::string(",") + kVolatility + "," + kMcProperties + R"(,
  "exercise":{"type":"string","enum":["european"],"default":"european","description":"Monte Carlo prices European-style payoffs."},
  "payoff":{"type":"string","enum":["european","asian_arithmetic","asian_geometric","barrier"],"default":"european","description":"Payoff paid at expiry."},
  "fixings":{"type":"integer","minimum":1,"maximum":10000,"default":12,"description":"Averaging dates (Asian) or monitoring dates (barrier), equally spaced, the last at expiry."},
  "barrier":{"type":"object","required":["type","level"],"additionalProperties":false,"description":"Barrier payoffs only.","properties":{
    "type":{"type":"string","enum":["down_and_out","down_and_in","up_and_out","up_and_in"],"description":"Knock-in or knock-out, below or above spot."},
    "level":{"type":"number","exclusiveMinimum":0,"description":"Barrier price level."}}},
  "brownian_bridge":{"type":"boolean","default":true,"description":"Barrier: continuous monitoring via the Brownian-bridge crossing probability between dates; false monitors only at the dates."},
  "sample_paths":{"type":"integer","minimum":0,"maximum":50,"default":0,"description":"Also return this many simulated paths for a chart (simulated, never data)."})"),
      .example = R"({"type":"call","payoff":"asian_arithmetic","fixings":12,"spot":100,"strike":100,"expiry_years":1,"rate":0.05,"volatility":0.2,"paths":1000000,"seed":42})",
      .cost = Cost::Trial,
      .run =
          [](const Json& args, ActionContext& ctx) {
            return options::option_mc_request(args, ctx.env.seed, [&ctx](double done) {
              ctx.check_cancelled();
              ctx.report(done, fmt::format("{:.0f}% of paths simulated", 100.0 * done));
            });
          },
      .details = "Exact log-normal steps; antithetic and control variates on by default; blocks of paths have their "
                 "own seeded mt19937_64 streams, so results do not depend on the number of threads. Barrier prices "
                 "use the Brownian-bridge crossing correction between monitoring dates (no rebate).",
  });
  registry.add(Action{
      .name = "finance.implied_vol",
      .summary = "Implied Black-Scholes-Merton volatility of a European option premium.",
      .schema = schema(R"("price","strike","spot")", R"(,
  "price":{"type":"number","exclusiveMinimum":0,"description":"Observed option premium."},
  "exercise":{"type":"string","enum":["european"],"default":"european","description":"European prices only."})"),
      .example = R"({"type":"call","price":1.875,"spot":21,"strike":20,"expiry_years":0.25,"rate":0.10})",
      .cost = Cost::Instant,
      .run = [](const Json& args, ActionContext&) { return options::implied_vol_request(args); },
      .details = "Refuses premiums outside the no-arbitrage bounds (below the discounted intrinsic value or above "
                 "S e^-qT for calls, K e^-rT for puts) and names the bounds. Converges to about 1e-12 in price.",
  });
  registry.add(Action{
      .name = "finance.option_payoff",
      .summary = "Chart data for one option: payoff and profit at expiry, value and delta today, against spot.",
      .schema = schema(R"("strike","spot","volatility")",
                       std::string(",") + kVolatility + R"(,
  "exercise":{"type":"string","enum":["european"],"default":"european","description":"Valued as European."},
  "spot_min":{"type":"number","exclusiveMinimum":0,"description":"Left end of the spot axis; default half of min(spot, strike)."},
  "spot_max":{"type":"number","exclusiveMinimum":0,"description":"Right end of the spot axis; default 1.5 x max(spot, strike)."},
  "points":{"type":"integer","minimum":2,"maximum":5001,"default":101,"description":"Points on the spot axis."})"),
      .example = R"({"type":"call","spot":100,"strike":105,"expiry_years":0.5,"rate":0.03,"volatility":0.25,"points":51})",
      .cost = Cost::Instant,
      .run = [](const Json& args, ActionContext&) { return options::option_payoff_request(args); },
  });
}

}  // namespace mlt
