#include "finance/options/option_requests.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "finance/options/asian_geometric.h"
#include "finance/options/binomial_tree.h"
#include "finance/options/black_scholes.h"
#include "finance/options/implied_volatility.h"
#include "finance/options/simulation.h"

namespace mlt::options {

namespace {

double number(const Json& args, const char* name) {
  if (!args.contains(name) || !args[name].is_number())
    throw Error(ErrorKind::InvalidArgument, fmt::format("'{}' is required and must be a number", name),
                "see the action's example for the expected arguments");
  return args[name].get<double>();
}

Time expiry_of(const Json& args) {
  const bool years = args.contains("expiry_years");
  const bool dates = args.contains("valuation_date") || args.contains("expiry_date");
  if (years == dates)
    throw Error(ErrorKind::InvalidArgument, "give the expiry either as expiry_years or as valuation_date + expiry_date",
                "e.g. {\"expiry_years\": 0.5} or {\"valuation_date\": \"2025-01-15\", \"expiry_date\": \"2025-07-15\"}");
  if (years) return number(args, "expiry_years");
  if (!args.contains("valuation_date") || !args.contains("expiry_date"))
    throw Error(ErrorKind::InvalidArgument, "valuation_date and expiry_date must be given together",
                "the valuation date is explicit: there is no global 'today'");
  return year_fraction_act365f(args["valuation_date"].get<std::string>(), args["expiry_date"].get<std::string>());
}

VanillaOption contract_of(const Json& args) {
  VanillaOption o;
  o.type = parse_option_type(args.value("type", std::string("call")));
  o.strike = number(args, "strike");
  o.expiry = expiry_of(args);
  o.exercise = parse_exercise_style(args.value("exercise", std::string("european")));
  return o;
}

MarketInputs market_of(const Json& args, bool with_volatility = true) {
  return MarketInputs{number(args, "spot"), args.value("rate", 0.0), args.value("dividend", 0.0),
                      with_volatility ? number(args, "volatility") : 0.0};
}

Json inputs_json(const VanillaOption& o, const MarketInputs& m) {
  return Json{{"type", type_name(o.type)}, {"exercise", style_name(o.exercise)}, {"strike", o.strike},
              {"expiry_years", o.expiry}, {"spot", m.spot}, {"rate", m.rate}, {"dividend", m.dividend},
              {"volatility", m.volatility}};
}

const char* kUnits =
    "rates continuously compounded; theta per year (divide by 365 for per day); vega per 1.00 of volatility "
    "(divide by 100 for per vol point); rho per 1.00 of rate";

McSettings settings_of(const Json& args, std::uint64_t default_seed, std::uint64_t default_paths) {
  McSettings s;
  s.paths = args.value("paths", default_paths);
  s.seed = args.value("seed", default_seed);
  s.antithetic = args.value("antithetic", true);
  s.control_variate = args.value("control_variate", true);
  s.brownian_bridge = args.value("brownian_bridge", true);
  return s;
}

Json mc_json(const McResult& r, const McSettings& s) {
  return Json{{"price", r.price}, {"std_error", r.std_error}, {"plain_price", r.plain_price},
              {"plain_std_error", r.plain_std_error}, {"control", r.control}, {"control_beta", r.control_beta},
              {"paths", r.paths}, {"samples", r.samples}, {"seed", s.seed}, {"antithetic", s.antithetic},
              {"control_variate", s.control_variate}};
}

}  // namespace

Json option_price_request(const Json& args, std::uint64_t default_seed) {
  const VanillaOption o = contract_of(args);
  const MarketInputs m = market_of(args);
  const std::string method = args.value("method", std::string("bsm"));
  Json out{{"method", method}, {"inputs", inputs_json(o, m)}, {"units", kUnits}};
  if (method == "binomial") {
    const TreeMethod tree = parse_tree_method(args.value("tree", std::string("lr")));
    const TreeResult r = binomial_price(o, m, tree, args.value("steps", 501));
    out.update(Json{{"price", r.price}, {"tree", tree_name(tree)}, {"steps", r.steps},
                    {"european_price", r.european_price}, {"early_exercise_premium", r.early_exercise_premium},
                    {"greeks", {{"delta", r.delta}, {"gamma", r.gamma}, {"theta", r.theta}}}});
    return out;
  }
  if (o.exercise == ExerciseStyle::American)
    throw Error(ErrorKind::InvalidArgument, fmt::format("method '{}' prices European exercise only", method),
                "use method \"binomial\" for American options");
  if (method == "bsm") {
    const Greeks g = bsm_greeks(o, m);
    out.update(Json{{"price", g.price},
                    {"greeks", {{"delta", g.delta}, {"gamma", g.gamma}, {"vega", g.vega}, {"theta", g.theta},
                                {"rho", g.rho}}}});
    return out;
  }
  if (method == "mc") {
    const McSettings s = settings_of(args, default_seed, 100000);
    if (s.paths > kInstantMcBudget)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{} paths is too many to run inline", s.paths),
                  fmt::format("use at most {} paths here, or the finance.option_mc action (a trial)", kInstantMcBudget));
    const McResult r = monte_carlo_price(PathOption{o.type, o.strike, o.expiry, PathPayoff::European}, m, s);
    out.update(mc_json(r, s));
    out["black_scholes_price"] = bsm_price(o, m);
    return out;
  }
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown method '{}'", method), "use bsm, binomial or mc");
}

Json option_mc_request(const Json& args, std::uint64_t default_seed, const McProgress& progress) {
  VanillaOption o = contract_of(args);
  if (o.exercise == ExerciseStyle::American)
    throw Error(ErrorKind::InvalidArgument, "Monte Carlo here prices European-style payoffs only",
                "use finance.option_price with method \"binomial\" for American options");
  const MarketInputs m = market_of(args);
  PathOption p{o.type, o.strike, o.expiry, parse_payoff(args.value("payoff", std::string("european"))),
               args.value("fixings", 12)};
  if (p.payoff == PathPayoff::Barrier) {
    if (!args.contains("barrier"))
      throw Error(ErrorKind::InvalidArgument, "a barrier payoff needs 'barrier': {\"type\", \"level\"}",
                  "e.g. \"barrier\": {\"type\": \"down_and_out\", \"level\": 95}");
    p.barrier = parse_barrier(args["barrier"].value("type", std::string("down_and_out")));
    p.barrier_level = number(args["barrier"], "level");
  }
  const McSettings s = settings_of(args, default_seed, 1'000'000);
  const McResult r = monte_carlo_price(p, m, s, progress);
  Json out = mc_json(r, s);
  out.update(Json{{"payoff", payoff_name(p.payoff)}, {"inputs", inputs_json(o, m)},
                  {"fixings", p.payoff == PathPayoff::European ? 1 : p.fixings}});
  if (p.payoff == PathPayoff::Barrier)
    out["barrier"] = Json{{"type", barrier_name(p.barrier)}, {"level", p.barrier_level},
                          {"monitoring", s.brownian_bridge ? "continuous (Brownian bridge)" : "discrete"}};
  if (p.payoff == PathPayoff::European) out["black_scholes_price"] = bsm_price(o, m);
  if (p.payoff == PathPayoff::AsianGeometric)
    out["closed_form_price"] = geometric_asian_price(o.type, o.strike, o.expiry, p.fixings, m);
  const int shown = args.value("sample_paths", 0);
  if (shown > 0) {
    const Simulation sim = simulate_gbm(m, o.expiry, p.payoff == PathPayoff::European ? 50 : p.fixings,
                                        static_cast<std::size_t>(std::min(shown, 50)), s.seed, s.antithetic);
    Json paths = Json::array();
    for (std::size_t i = 0; i < sim.paths(); ++i) paths.push_back(sim.path(i));
    out["sample_paths"] = Json{{"times", sim.times()}, {"spots", paths}, {"note", "simulated, not market data"}};
  }
  return out;
}

Json implied_vol_request(const Json& args) {
  VanillaOption o = contract_of(args);
  if (o.exercise == ExerciseStyle::American)
    throw Error(ErrorKind::InvalidArgument, "implied volatility is defined here for European prices",
                "remove the early-exercise premium first, or quote a European option");
  const MarketInputs m = market_of(args, false);
  const double price = number(args, "price");
  const ImpliedVol iv = implied_volatility(o, price, m);
  const PriceBounds b = no_arbitrage_bounds(o, m);
  return Json{{"implied_volatility", iv.volatility}, {"iterations", iv.iterations},
              {"repricing_error", iv.repricing_error}, {"price", price},
              {"bounds", {{"lower", b.lower}, {"upper", b.upper}}}, {"inputs", inputs_json(o, m)}};
}

Json option_payoff_request(const Json& args) {
  const VanillaOption o = contract_of(args);
  const MarketInputs m = market_of(args);
  const int points = args.value("points", 101);
  const double lo = args.value("spot_min", 0.5 * std::min(m.spot, o.strike));
  const double hi = args.value("spot_max", 1.5 * std::max(m.spot, o.strike));
  if (points < 2 || points > 5001 || !(lo > 0.0) || !(hi > lo))
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("chart range spot_min {} .. spot_max {} with {} points is invalid", lo, hi, points),
                "use 0 < spot_min < spot_max and 2..5001 points");
  const double premium = bsm_price(o, m);
  OptionBatch batch;
  batch.reserve(static_cast<std::size_t>(points));
  std::vector<double> spots, payoff, profit;
  const double w = omega(o.type);
  for (int i = 0; i < points; ++i) {
    const double s = lo + (hi - lo) * i / (points - 1);
    MarketInputs at = m;
    at.spot = s;
    batch.push_back(o, at);
    spots.push_back(s);
    payoff.push_back(std::max(w * (s - o.strike), 0.0));
    profit.push_back(payoff.back() - premium * std::exp(m.rate * o.expiry));  // premium carried to expiry
  }
  GreeksBatch g;
  bsm_greeks_batch(batch, g);
  const double breakeven = o.strike + w * premium * std::exp(m.rate * o.expiry);
  return Json{{"spots", spots}, {"payoff_at_expiry", payoff}, {"profit_at_expiry", profit},
              {"value_today", g.price}, {"delta_today", g.delta}, {"premium", premium},
              {"breakeven_at_expiry", breakeven}, {"inputs", inputs_json(o, m)},
              {"note", "long one option; value_today is Black-Scholes-Merton (European exercise)"}};
}

}  // namespace mlt::options
