#include "features/alpha158.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
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

// Sums of max(x, 0), of max(-x, 0) and of |x| over the window, in one pass.
struct SignedSums {
  double pos = 0, neg = 0, abs = 0;
};
SignedSums signed_sums(Win w) {
  SignedSums s;
  for (std::size_t i = w.a; i <= w.b; ++i) {
    s.pos += std::max(w.x[i], 0.0);
    s.neg += std::max(-w.x[i], 0.0);
    s.abs += std::abs(w.x[i]);
  }
  return s;
}

// Least-squares line of x on 1..n: slope, R^2 and the residual of the last point (Qlib Slope/Rsquare/Resi).
// Also the window's mean and sum of squared deviations (for MA and STD).
struct Line {
  double slope, rsq, resi, mean, ss;
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
  return {slope, syy > 0 ? sxy * sxy / (sxx * syy) : 0.0, resi, my, syy};  // flat window: R^2 0, as Qlib after Fillna
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

// The 1-based position in x[t-d+1..t] of the window's first maximum (or
// minimum) -- Qlib's IdxMax / IdxMin -- kept with a monotonic deque while
// the window slides: O(1) amortised per bar.
class RunningArgExtreme {
 public:
  RunningArgExtreme(const std::vector<double>& x, bool max) : x_(x), max_(max) {}

  double slide_to(std::size_t a, std::size_t t) {
    for (std::size_t i = next_; i <= t; ++i) {
      // Strict: an equal later value never displaces the earlier one.
      while (!q_.empty() && (max_ ? x_[q_.back()] < x_[i] : x_[q_.back()] > x_[i])) q_.pop_back();
      q_.push_back(i);
    }
    next_ = t + 1;
    while (q_.front() < a) q_.pop_front();
    return static_cast<double>(q_.front() - a + 1);
  }

 private:
  const std::vector<double>& x_;
  bool max_;
  std::deque<std::size_t> q_;
  std::size_t next_ = 0;
};

// The window x[t-d+1..t] kept sorted while it slides (one erase and one
// insert per bar instead of a sort), for QTLU/QTLD and RANK. It holds the
// same values as the window, so quantile() and rank_pct() equal the sorting
// helpers above exactly. Windows with a NaN are left to those helpers.
class SortedWindow {
 public:
  SortedWindow(const std::vector<double>& x, std::size_t d) : x_(x), d_(d) {}

  void slide_to(std::size_t t) {
    if (v_.empty()) {
      v_.assign(x_.begin() + static_cast<std::ptrdiff_t>(t + 1 - d_), x_.begin() + static_cast<std::ptrdiff_t>(t + 1));
      for (double e : v_) nan_ += std::isnan(e) ? 1 : 0;
      std::sort(v_.begin(), v_.end());
      return;
    }
    const double gone = x_[t - d_], come = x_[t];
    nan_ += (std::isnan(come) ? 1 : 0) - (std::isnan(gone) ? 1 : 0);
    if (nan_ > 0 || std::isnan(gone) || std::isnan(come)) {  // order undefined: rebuild from the window
      v_.assign(x_.begin() + static_cast<std::ptrdiff_t>(t + 1 - d_), x_.begin() + static_cast<std::ptrdiff_t>(t + 1));
      if (nan_ == 0) std::sort(v_.begin(), v_.end());
      return;
    }
    v_.erase(std::lower_bound(v_.begin(), v_.end(), gone));
    v_.insert(std::upper_bound(v_.begin(), v_.end(), come), come);
  }
  bool ok() const { return nan_ == 0; }

  double quantile(double q) const {  // as ::quantile on the same values
    const double pos = q * static_cast<double>(v_.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v_.size() - 1);
    return v_[lo] + (v_[hi] - v_[lo]) * (pos - static_cast<double>(lo));
  }
  double rank_pct(double last) const {  // as ::rank_pct: counts below and equal to the last value
    const auto lo = std::lower_bound(v_.begin(), v_.end(), last), hi = std::upper_bound(lo, v_.end(), last);
    const double less = static_cast<double>(lo - v_.begin()), equal = static_cast<double>(hi - lo);
    return (less + (equal + 1) / 2) / static_cast<double>(v_.size());
  }

 private:
  const std::vector<double>& x_;
  std::size_t d_;
  std::vector<double> v_;
  int nan_ = 0;
};

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
  std::vector<double> n_up(n + 1, 0.0), n_down(n + 1, 0.0);  // counts of up/down bars before index i
  for (std::size_t t = 1; t < n; ++t) {
    up[t] = dc[t] > 0 ? 1.0 : 0.0;
    down[t] = dc[t] < 0 ? 1.0 : 0.0;
    n_up[t + 1] = n_up[t] + up[t];
    n_down[t + 1] = n_down[t] + down[t];
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
    // One pass per window length: each window's statistics (mean, line fit,
    // extremes, order statistics, sums) are computed once and feed every
    // column that uses them, with the same arithmetic as the one-column
    // helpers above, so the values are those helpers' values bit for bit.
    auto column = [&](const char* name) {
      add(fmt::format("{}{}", name, d), std::vector<double>(n, kNaN));
      return out.columns.size() - 1;
    };
    const std::size_t roc = column("ROC"), ma = column("MA"), sd = column("STD"), beta = column("BETA"),
                      rsqr = column("RSQR"), resi = column("RESI"), mx = column("MAX"), mn = column("MIN"),
                      qtlu = column("QTLU"), qtld = column("QTLD"), rank = column("RANK"), rsv = column("RSV"),
                      imax = column("IMAX"), imin = column("IMIN"), imxd = column("IMXD");
    const std::size_t corr_c = in.volume ? column("CORR") : 0, cord = in.volume ? column("CORD") : 0;
    const std::size_t cntp = column("CNTP"), cntn = column("CNTN"), cntd = column("CNTD"), sump = column("SUMP"),
                      sumn = column("SUMN"), sumd = column("SUMD");
    std::size_t vma = 0, vstd = 0, wvma = 0, vsump = 0, vsumn = 0, vsumd = 0;
    if (in.volume) {
      vma = column("VMA");
      vstd = column("VSTD");
      wvma = column("WVMA");
      vsump = column("VSUMP");
      vsumn = column("VSUMN");
      vsumd = column("VSUMD");
    }
    auto set = [&](std::size_t k, std::size_t t, double v) { out.columns[k][t] = v; };
    const auto& c = in.c;
    SortedWindow sorted(c, ud);
    RunningArgExtreme highs(in.h, true), lows(in.l, false);
    for (std::size_t t = ud - 1; t < n; ++t) {
      const std::size_t a = t + 1 - ud;
      const Win w{c, a, t};
      sorted.slide_to(t);
      if (a >= 1) set(roc, t, c[t - ud] / c[t]);
      const Line line = regress(w);
      set(ma, t, line.mean / c[t]);
      set(sd, t, std::sqrt(line.ss / static_cast<double>(ud - 1)) / c[t]);  // as stdev(w)
      set(beta, t, line.slope / c[t]);
      set(rsqr, t, line.rsq);
      set(resi, t, line.resi / c[t]);
      const double at_max = highs.slide_to(a, t), at_min = lows.slide_to(a, t);
      const double hi = in.h[a + static_cast<std::size_t>(at_max) - 1], lo = in.l[a + static_cast<std::size_t>(at_min) - 1];
      set(mx, t, hi / c[t]);
      set(mn, t, lo / c[t]);
      set(qtlu, t, sorted.ok() ? sorted.quantile(0.8) / c[t] : quantile(w, 0.8) / c[t]);
      set(qtld, t, sorted.ok() ? sorted.quantile(0.2) / c[t] : quantile(w, 0.2) / c[t]);
      set(rank, t, sorted.ok() ? sorted.rank_pct(c[t]) : rank_pct(w));
      set(rsv, t, (c[t] - lo) / (hi - lo + kEps));
      set(imax, t, at_max / d);
      set(imin, t, at_min / d);
      set(imxd, t, (at_max - at_min) / d);
      if (in.volume) {
        set(corr_c, t, corr(w, {logv1, a, t}));
        set(vma, t, mean({in.v, a, t}) / (in.v[t] + kEps));
        set(vstd, t, stdev({in.v, a, t}) / (in.v[t] + kEps));
      }
      if (t < ud) continue;  // the columns below read one earlier bar
      // Counts of 0/1 flags are exact in doubles, so prefix differences equal mean()'s sums.
      const double p_up = (n_up[t + 1] - n_up[a]) / d, p_down = (n_down[t + 1] - n_down[a]) / d;
      set(cntp, t, p_up);
      set(cntn, t, p_down);
      set(cntd, t, p_up - p_down);
      const SignedSums m = signed_sums({dc, a, t});
      set(sump, t, m.pos / (m.abs + kEps));
      set(sumn, t, m.neg / (m.abs + kEps));
      set(sumd, t, (m.pos - m.neg) / (m.abs + kEps));
      if (!in.volume) continue;
      set(cord, t, corr({ret, a, t}, {logdv, a, t}));
      set(wvma, t, stdev({wv, a, t}) / (mean({wv, a, t}) + kEps));
      const SignedSums v = signed_sums({dv, a, t});
      set(vsump, t, v.pos / (v.abs + kEps));
      set(vsumn, t, v.neg / (v.abs + kEps));
      set(vsumd, t, (v.pos - v.neg) / (v.abs + kEps));
    }
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
