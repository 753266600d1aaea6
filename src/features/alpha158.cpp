#include "features/alpha158.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = 1e-12;  // Qlib's guard against division by zero

// A window x[a..b] (inclusive).
struct Win {
  const std::vector<double>& x;
  std::size_t a, b;
  std::size_t n() const { return b - a + 1; }
};

double mean(Win w) {
  double s = 0;
  for (std::size_t i = w.a; i <= w.b; ++i) s += w.x[i];
  return s / static_cast<double>(w.n());
}

double stdev(Win w) {  // pandas rolling std: n - 1 denominator
  const double m = mean(w);
  double s = 0;
  for (std::size_t i = w.a; i <= w.b; ++i) s += (w.x[i] - m) * (w.x[i] - m);
  return std::sqrt(s / static_cast<double>(w.n() - 1));
}

double sum_if(Win w, int sign) {  // sign > 0: sum of max(x, 0); < 0: of max(-x, 0); 0: of |x|
  double s = 0;
  for (std::size_t i = w.a; i <= w.b; ++i)
    s += sign > 0 ? std::max(w.x[i], 0.0) : sign < 0 ? std::max(-w.x[i], 0.0) : std::abs(w.x[i]);
  return s;
}

// Least-squares line of x on 1..n: slope, R^2 and the residual of the last point (Qlib Slope/Rsquare/Resi).
struct Line {
  double slope, rsq, resi;
};
Line regress(Win w) {
  const double n = static_cast<double>(w.n()), mx = (n + 1) / 2, my = mean(w);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = w.a; i <= w.b; ++i) {
    const double dx = static_cast<double>(i - w.a + 1) - mx, dy = w.x[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const double slope = sxy / sxx;
  const double resi = w.x[w.b] - (my + slope * (n - mx));
  return {slope, syy > 0 ? sxy * sxy / (sxx * syy) : 0.0, resi};  // flat window: 0, as Qlib after Fillna
}

double quantile(Win w, double q) {  // pandas' linear interpolation
  std::vector<double> v(w.x.begin() + static_cast<std::ptrdiff_t>(w.a), w.x.begin() + static_cast<std::ptrdiff_t>(w.b + 1));
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

double rank_pct(Win w) {  // pandas rank(pct=True), average ties, of the last value
  double less = 0, equal = 0;
  for (std::size_t i = w.a; i <= w.b; ++i) {
    less += w.x[i] < w.x[w.b] ? 1 : 0;
    equal += w.x[i] == w.x[w.b] ? 1 : 0;
  }
  return (less + (equal + 1) / 2) / static_cast<double>(w.n());
}

double arg_extreme(Win w, bool max) {  // 1-based index of the first extreme (Qlib IdxMax / IdxMin)
  std::size_t best = w.a;
  for (std::size_t i = w.a; i <= w.b; ++i)
    if (max ? w.x[i] > w.x[best] : w.x[i] < w.x[best]) best = i;
  return static_cast<double>(best - w.a + 1);
}

// Pearson correlation; 0 when a side is constant (Qlib yields NaN there, which its Fillna step makes 0).
double corr(Win a, Win b) {
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.n(); ++i) {
    const double da = a.x[a.a + i] - ma, db = b.x[b.a + i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

std::vector<double> lagged(const std::vector<double>& x, double (*f)(double now, double prev)) {
  std::vector<double> out(x.size(), kNaN);
  for (std::size_t t = 1; t < x.size(); ++t) out[t] = f(x[t], x[t - 1]);
  return out;
}

struct Inputs {
  std::vector<double> o, h, l, c, v;
  bool bars = false;    // false: close only
  bool volume = false;  // every volume finite and > 0
};

FeatureColumns compute(const std::vector<TimestampMs>& ts, const Inputs& in) {
  const std::size_t n = in.c.size();
  FeatureColumns out;
  out.ts = ts;
  auto add = [&](std::string name, std::vector<double> col) {
    out.names.push_back(std::move(name));
    out.columns.push_back(std::move(col));
  };
  // Point features.
  auto point = [&](const char* name, auto f) {
    std::vector<double> col(n);
    for (std::size_t t = 0; t < n; ++t) col[t] = f(in.o[t], in.h[t], in.l[t], in.c[t]);
    add(name, std::move(col));
  };
  if (in.bars) {
    point("KMID", [](double o, double, double, double c) { return (c - o) / o; });
    point("KLEN", [](double o, double h, double l, double) { return (h - l) / o; });
    point("KMID2", [](double o, double h, double l, double c) { return (c - o) / (h - l + kEps); });
    point("KUP", [](double o, double h, double, double c) { return (h - std::max(o, c)) / o; });
    point("KUP2", [](double o, double h, double l, double c) { return (h - std::max(o, c)) / (h - l + kEps); });
    point("KLOW", [](double o, double, double l, double c) { return (std::min(o, c) - l) / o; });
    point("KLOW2", [](double o, double h, double l, double c) { return (std::min(o, c) - l) / (h - l + kEps); });
    point("KSFT", [](double o, double h, double l, double c) { return (2 * c - h - l) / o; });
    point("KSFT2", [](double, double h, double l, double c) { return (2 * c - h - l) / (h - l + kEps); });
    point("OPEN0", [](double o, double, double, double c) { return o / c; });
    point("HIGH0", [](double, double h, double, double c) { return h / c; });
    point("LOW0", [](double, double, double l, double c) { return l / c; });
  }
  const auto dc = lagged(in.c, [](double now, double prev) { return now - prev; });
  const auto ret = lagged(in.c, [](double now, double prev) { return now / prev; });
  std::vector<double> up(n, kNaN), down(n, kNaN), logv1, logdv, wv, dv;
  for (std::size_t t = 1; t < n; ++t) {
    up[t] = dc[t] > 0 ? 1.0 : 0.0;
    down[t] = dc[t] < 0 ? 1.0 : 0.0;
  }
  if (in.volume) {
    logv1.resize(n);
    for (std::size_t t = 0; t < n; ++t) logv1[t] = std::log(in.v[t] + 1);
    logdv = lagged(in.v, [](double now, double prev) { return std::log(now / prev + 1); });
    dv = lagged(in.v, [](double now, double prev) { return now - prev; });
    wv.assign(n, kNaN);
    for (std::size_t t = 1; t < n; ++t) wv[t] = std::abs(ret[t] - 1) * in.v[t];
  }
  for (int d : kAlpha158Windows) {
    const auto ud = static_cast<std::size_t>(d);
    // f(t, a) with the window [a, t]; rows before `first` stay NaN. Lagged inputs need one more bar.
    auto roll = [&](const std::string& name, bool needs_prev, auto f) {
      std::vector<double> col(n, kNaN);
      for (std::size_t t = ud - 1 + (needs_prev ? 1 : 0); t < n; ++t) col[t] = f(t, t + 1 - ud);
      add(fmt::format("{}{}", name, d), std::move(col));
    };
    const auto& c = in.c;
    roll("ROC", false, [&](std::size_t t, std::size_t a) { return a >= 1 ? c[t - ud] / c[t] : kNaN; });
    roll("MA", false, [&](std::size_t t, std::size_t a) { return mean({c, a, t}) / c[t]; });
    roll("STD", false, [&](std::size_t t, std::size_t a) { return stdev({c, a, t}) / c[t]; });
    roll("BETA", false, [&](std::size_t t, std::size_t a) { return regress({c, a, t}).slope / c[t]; });
    roll("RSQR", false, [&](std::size_t t, std::size_t a) { return regress({c, a, t}).rsq; });
    roll("RESI", false, [&](std::size_t t, std::size_t a) { return regress({c, a, t}).resi / c[t]; });
    roll("MAX", false, [&](std::size_t t, std::size_t a) {
      return *std::max_element(in.h.begin() + static_cast<std::ptrdiff_t>(a), in.h.begin() + static_cast<std::ptrdiff_t>(t + 1)) / c[t];
    });
    roll("MIN", false, [&](std::size_t t, std::size_t a) {
      return *std::min_element(in.l.begin() + static_cast<std::ptrdiff_t>(a), in.l.begin() + static_cast<std::ptrdiff_t>(t + 1)) / c[t];
    });
    roll("QTLU", false, [&](std::size_t t, std::size_t a) { return quantile({c, a, t}, 0.8) / c[t]; });
    roll("QTLD", false, [&](std::size_t t, std::size_t a) { return quantile({c, a, t}, 0.2) / c[t]; });
    roll("RANK", false, [&](std::size_t t, std::size_t a) { return rank_pct({c, a, t}); });
    roll("RSV", false, [&](std::size_t t, std::size_t a) {
      const double hi = *std::max_element(in.h.begin() + static_cast<std::ptrdiff_t>(a), in.h.begin() + static_cast<std::ptrdiff_t>(t + 1));
      const double lo = *std::min_element(in.l.begin() + static_cast<std::ptrdiff_t>(a), in.l.begin() + static_cast<std::ptrdiff_t>(t + 1));
      return (c[t] - lo) / (hi - lo + kEps);
    });
    roll("IMAX", false, [&](std::size_t t, std::size_t a) { return arg_extreme({in.h, a, t}, true) / d; });
    roll("IMIN", false, [&](std::size_t t, std::size_t a) { return arg_extreme({in.l, a, t}, false) / d; });
    roll("IMXD", false, [&](std::size_t t, std::size_t a) {
      return (arg_extreme({in.h, a, t}, true) - arg_extreme({in.l, a, t}, false)) / d;
    });
    if (in.volume) {
      roll("CORR", false, [&](std::size_t t, std::size_t a) { return corr({c, a, t}, {logv1, a, t}); });
      roll("CORD", true, [&](std::size_t t, std::size_t a) { return corr({ret, a, t}, {logdv, a, t}); });
    }
    roll("CNTP", true, [&](std::size_t t, std::size_t a) { return mean({up, a, t}); });
    roll("CNTN", true, [&](std::size_t t, std::size_t a) { return mean({down, a, t}); });
    roll("CNTD", true, [&](std::size_t t, std::size_t a) { return mean({up, a, t}) - mean({down, a, t}); });
    roll("SUMP", true, [&](std::size_t t, std::size_t a) { return sum_if({dc, a, t}, 1) / (sum_if({dc, a, t}, 0) + kEps); });
    roll("SUMN", true, [&](std::size_t t, std::size_t a) { return sum_if({dc, a, t}, -1) / (sum_if({dc, a, t}, 0) + kEps); });
    roll("SUMD", true, [&](std::size_t t, std::size_t a) {
      return (sum_if({dc, a, t}, 1) - sum_if({dc, a, t}, -1)) / (sum_if({dc, a, t}, 0) + kEps);
    });
    if (!in.volume) continue;
    const auto& v = in.v;
    roll("VMA", false, [&](std::size_t t, std::size_t a) { return mean({v, a, t}) / (v[t] + kEps); });
    roll("VSTD", false, [&](std::size_t t, std::size_t a) { return stdev({v, a, t}) / (v[t] + kEps); });
    roll("WVMA", true, [&](std::size_t t, std::size_t a) { return stdev({wv, a, t}) / (mean({wv, a, t}) + kEps); });
    roll("VSUMP", true, [&](std::size_t t, std::size_t a) { return sum_if({dv, a, t}, 1) / (sum_if({dv, a, t}, 0) + kEps); });
    roll("VSUMN", true, [&](std::size_t t, std::size_t a) { return sum_if({dv, a, t}, -1) / (sum_if({dv, a, t}, 0) + kEps); });
    roll("VSUMD", true, [&](std::size_t t, std::size_t a) {
      return (sum_if({dv, a, t}, 1) - sum_if({dv, a, t}, -1)) / (sum_if({dv, a, t}, 0) + kEps);
    });
  }
  return out;
}

}  // namespace

FeatureColumns alpha158_columns(const Bars& bars) {
  const std::size_t n = bars.size();
  if (bars.open.size() != n || bars.high.size() != n || bars.low.size() != n || bars.close.size() != n)
    throw Error(ErrorKind::InvalidArgument, "alpha158 needs open, high, low and close on every bar",
                "use feature_set 'standard' for close-only data");
  Inputs in{bars.open, bars.high, bars.low, bars.close, bars.volume, true, bars.volume.size() == n && n > 0};
  for (double x : bars.volume) in.volume = in.volume && std::isfinite(x) && x > 0.0;
  return compute(bars.ts, in);
}

FeatureColumns alpha158_close_columns(const std::vector<TimestampMs>& ts, const std::vector<double>& close) {
  return compute(ts, Inputs{close, close, close, close, {}, false, false});
}

FeatureMatrix alpha158_features(const Bars& bars) { return drop_incomplete_rows(alpha158_columns(bars)); }

FeatureMatrix alpha158_close_features(const std::vector<TimestampMs>& ts, const std::vector<double>& close) {
  return drop_incomplete_rows(alpha158_close_columns(ts, close));
}

}  // namespace mlt
