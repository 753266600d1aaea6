#include "finance/options/monte_carlo.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

#include "core/error.h"
#include "finance/options/asian_geometric.h"
#include "finance/options/black_scholes.h"
#include "finance/options/path_generation.h"

namespace mlt::options {

std::string_view payoff_name(PathPayoff payoff) {
  switch (payoff) {
    case PathPayoff::European: return "european";
    case PathPayoff::AsianArithmetic: return "asian_arithmetic";
    case PathPayoff::AsianGeometric: return "asian_geometric";
    case PathPayoff::Barrier: return "barrier";
  }
  return "?";
}

PathPayoff parse_payoff(std::string_view name) {
  for (auto p : {PathPayoff::European, PathPayoff::AsianArithmetic, PathPayoff::AsianGeometric, PathPayoff::Barrier})
    if (payoff_name(p) == name) return p;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown payoff '{}'", name),
              "use european, asian_arithmetic, asian_geometric or barrier");
}

std::string_view barrier_name(BarrierType type) {
  switch (type) {
    case BarrierType::DownAndOut: return "down_and_out";
    case BarrierType::DownAndIn: return "down_and_in";
    case BarrierType::UpAndOut: return "up_and_out";
    case BarrierType::UpAndIn: return "up_and_in";
  }
  return "?";
}

BarrierType parse_barrier(std::string_view name) {
  for (auto b : {BarrierType::DownAndOut, BarrierType::DownAndIn, BarrierType::UpAndOut, BarrierType::UpAndIn})
    if (barrier_name(b) == name) return b;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown barrier type '{}'", name),
              "use down_and_out, down_and_in, up_and_out or up_and_in");
}

namespace {

// Running sums of the estimator Y and the control C over samples.
struct Moments {
  double n = 0, y = 0, yy = 0, c = 0, cc = 0, yc = 0;
  void add(double vy, double vc) {
    n += 1;
    y += vy, yy += vy * vy, c += vc, cc += vc * vc, yc += vy * vc;
  }
  void add(const Moments& o) {
    n += o.n, y += o.y, yy += o.yy, c += o.c, cc += o.cc, yc += o.yc;
  }
};

// Undiscounted payoff and control of one path (log spots at t_0..t_m).
class PathEvaluator {
 public:
  PathEvaluator(const PathOption& o, const MarketInputs& m, const McSettings& s)
      : o_(o), w_(omega(o.type)), bridge_(s.brownian_bridge), log_barrier_(std::log(o.barrier_level)),
        up_(o.barrier == BarrierType::UpAndOut || o.barrier == BarrierType::UpAndIn),
        out_(o.barrier == BarrierType::UpAndOut || o.barrier == BarrierType::DownAndOut),
        bridge_scale_(-2.0 / (m.volatility * m.volatility * o.expiry / o.fixings)) {}

  void operator()(const std::vector<double>& x, double& y, double& c) const {
    const int m = static_cast<int>(x.size()) - 1;
    const double terminal = std::exp(x[m]);
    const double vanilla = std::max(w_ * (terminal - o_.strike), 0.0);
    switch (o_.payoff) {
      case PathPayoff::European:
        y = vanilla, c = terminal;
        return;
      case PathPayoff::AsianGeometric:
      case PathPayoff::AsianArithmetic: {
        double sum = 0.0, log_sum = 0.0;
        for (int k = 1; k <= m; ++k) sum += std::exp(x[k]), log_sum += x[k];
        const double geometric = std::max(w_ * (std::exp(log_sum / m) - o_.strike), 0.0);
        if (o_.payoff == PathPayoff::AsianGeometric) {
          y = geometric, c = terminal;
        } else {
          y = std::max(w_ * (sum / m - o_.strike), 0.0), c = geometric;
        }
        return;
      }
      case PathPayoff::Barrier: {
        const double survival = survival_probability(x);
        y = vanilla * (out_ ? survival : 1.0 - survival), c = vanilla;
        return;
      }
    }
  }

 private:
  // Probability that the path never touched the barrier: 0 once a date is
  // across it; between dates the Brownian bridge's crossing probability.
  double survival_probability(const std::vector<double>& x) const {
    double survive = 1.0;
    for (std::size_t k = 1; k < x.size(); ++k) {
      const double gap_now = up_ ? log_barrier_ - x[k] : x[k] - log_barrier_;
      if (gap_now <= 0.0) return 0.0;
      if (bridge_) {
        const double gap_before = up_ ? log_barrier_ - x[k - 1] : x[k - 1] - log_barrier_;
        survive *= 1.0 - std::exp(bridge_scale_ * gap_before * gap_now);
      }
    }
    return survive;
  }

  const PathOption& o_;
  double w_;
  bool bridge_;
  double log_barrier_;
  bool up_, out_;
  double bridge_scale_;
};

void validate_contract(const PathOption& o, const MarketInputs& m, const McSettings& s) {
  validate(VanillaOption{o.type, o.strike, o.expiry, ExerciseStyle::European}, m);
  if (s.paths < 100 || s.paths > 1'000'000'000)
    throw Error(ErrorKind::InvalidArgument, fmt::format("paths = {} is out of range", s.paths),
                "use between 100 and 1e9 paths (the standard error falls as 1/sqrt(paths))");
  if (o.payoff != PathPayoff::European && (o.fixings < 1 || o.fixings > 10000))
    throw Error(ErrorKind::InvalidArgument, fmt::format("fixings = {} is out of range", o.fixings),
                "use between 1 and 10000 averaging/monitoring dates");
  if (o.payoff == PathPayoff::Barrier) {
    const bool up = o.barrier == BarrierType::UpAndOut || o.barrier == BarrierType::UpAndIn;
    if (!std::isfinite(o.barrier_level) || o.barrier_level <= 0.0)
      throw Error(ErrorKind::InvalidArgument, fmt::format("barrier level {} is invalid", o.barrier_level),
                  "the barrier is a positive price level");
    if (up ? m.spot >= o.barrier_level : m.spot <= o.barrier_level)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("spot {} is already across the {} barrier {}", m.spot, barrier_name(o.barrier),
                              o.barrier_level),
                  "the option is already knocked in or out at the valuation date; price the vanilla or nothing");
  }
}

}  // namespace

McResult monte_carlo_price(const PathOption& option_in, const MarketInputs& market, const McSettings& settings,
                           const McProgress& progress) {
  validate_contract(option_in, market, settings);
  PathOption option = option_in;
  if (option.payoff == PathPayoff::European) option.fixings = 1;
  const GbmGrid grid(market, option.expiry, option.fixings);
  const PathEvaluator evaluate(option, market, settings);
  const std::uint64_t per_sample = settings.antithetic ? 2 : 1;
  const std::uint64_t samples = std::max<std::uint64_t>(2, settings.paths / per_sample);
  const std::uint64_t blocks = (samples + kSamplesPerBlock - 1) / kSamplesPerBlock;
  // Chunks of >= 16 blocks (32k samples) between progress reports: each chunk
  // is one OpenMP region, and regions are not free on a busy machine.
  const std::uint64_t chunk = std::max<std::uint64_t>(16, blocks / 50);

  Moments total;
  std::vector<Moments> per_block;
  for (std::uint64_t first = 0; first < blocks; first += chunk) {
    const std::uint64_t last = std::min(blocks, first + chunk);
    per_block.assign(last - first, Moments{});
    const auto count = static_cast<std::ptrdiff_t>(last - first);
#pragma omp parallel if (count > 1)
    {
      std::vector<double> z(static_cast<std::size_t>(option.fixings)), x(z.size() + 1);
#pragma omp for schedule(dynamic, 1)
      for (std::ptrdiff_t b = 0; b < count; ++b) {
        const std::uint64_t block = first + static_cast<std::uint64_t>(b);
        NormalStream stream(settings.seed, block);
        Moments& acc = per_block[static_cast<std::size_t>(b)];
        const std::uint64_t end = std::min(samples, (block + 1) * kSamplesPerBlock);
        for (std::uint64_t s = block * kSamplesPerBlock; s < end; ++s) {
          stream.fill(z);
          double y = 0.0, c = 0.0;
          grid.log_path(z, 1.0, x);
          evaluate(x, y, c);
          if (settings.antithetic) {
            double y2 = 0.0, c2 = 0.0;
            grid.log_path(z, -1.0, x);
            evaluate(x, y2, c2);
            y = 0.5 * (y + y2), c = 0.5 * (c + c2);
          }
          acc.add(y, c);
        }
      }
    }
    for (const Moments& m : per_block) total.add(m);  // block order: reproducible sums
    if (progress) progress(static_cast<double>(last) / static_cast<double>(blocks));
  }

  const double df = std::exp(-market.rate * option.expiry);
  const double n = total.n;
  const double mean_y = total.y / n, mean_c = total.c / n;
  const double var_y = std::max(0.0, (total.yy - n * mean_y * mean_y) / (n - 1));
  const double var_c = std::max(0.0, (total.cc - n * mean_c * mean_c) / (n - 1));
  const double cov = (total.yc - n * mean_y * mean_c) / (n - 1);

  McResult r;
  r.paths = samples * per_sample;
  r.samples = samples;
  r.plain_price = df * mean_y;
  r.plain_std_error = df * std::sqrt(var_y / n);
  r.price = r.plain_price;
  r.std_error = r.plain_std_error;
  if (settings.control_variate && var_c > 0.0) {
    double control_mean = 0.0;  // undiscounted expectation of the control
    switch (option.payoff) {
      case PathPayoff::European:
      case PathPayoff::AsianGeometric:
        control_mean = market.spot * std::exp((market.rate - market.dividend) * option.expiry);
        r.control = "discounted terminal spot";
        break;
      case PathPayoff::AsianArithmetic:
        control_mean =
            geometric_asian_price(option.type, option.strike, option.expiry, option.fixings, market) / df;
        r.control = "geometric Asian (closed form)";
        break;
      case PathPayoff::Barrier:
        control_mean =
            bsm_price(VanillaOption{option.type, option.strike, option.expiry, ExerciseStyle::European}, market) / df;
        r.control = "European vanilla (Black-Scholes)";
        break;
    }
    const double beta = cov / var_c;
    r.control_beta = beta;
    r.price = df * (mean_y - beta * (mean_c - control_mean));
    r.std_error = df * std::sqrt(std::max(0.0, var_y - beta * cov) / n);
  }
  return r;
}

}  // namespace mlt::options
