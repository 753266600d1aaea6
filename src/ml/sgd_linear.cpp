// Linear models trained by stochastic gradient descent, as scikit-learn's
// plain SGD: one pass per epoch over the rows in a seeded shuffled order,
// L2 weight decay w *= 1 - eta·alpha, then w -= eta · weight · dloss · x.
// Columns are standardised on the training rows and regression targets too,
// so alpha, eta0 and epsilon mean the same for any feature or return scale
// (epsilon is in units of the target's standard deviation).
//
// Learning-rate schedules (t counts updates from 1):
//   optimal     eta = 1 / (alpha (t0 + t - 1)), t0 from Bottou's heuristic
//   invscaling  eta = eta0 / t^power_t
//   constant    eta = eta0
// Passive-aggressive entries use the PA-I step min(C, loss / (|x|^2 + 1))
// instead (the + 1 is the intercept's constant input) and no decay.
// Training stops after max_iter epochs or when the epoch loss has not fallen
// by tol·rows for n_iter_no_change epochs. With `average` (the default of
// the sgd_* entries), predictions use the running mean of the iterates
// (averaged SGD, Polyak–Ruppert), far steadier than the last iterate.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/linear_score_model.h"

namespace mlt {
namespace {

enum class Schedule { Optimal, InvScaling, Constant };

Schedule parse_schedule(const std::string& id, const std::string& name) {
  if (name == "optimal") return Schedule::Optimal;
  if (name == "invscaling") return Schedule::InvScaling;
  if (name == "constant") return Schedule::Constant;
  throw Error(ErrorKind::InvalidArgument, fmt::format("{}: unknown learning_rate '{}'", id, name),
              "use optimal, invscaling or constant");
}

bool is_classifier_loss(SgdLoss loss) {
  return loss == SgdLoss::Hinge || loss == SgdLoss::Log || loss == SgdLoss::ModifiedHuber ||
         loss == SgdLoss::Perceptron;
}

// Loss and its derivative in the prediction p; y is ±1 for classifiers.
struct LossValue {
  double loss, dloss;
};
LossValue evaluate(SgdLoss loss, double p, double y, double epsilon) {
  switch (loss) {
    case SgdLoss::Hinge:
      return y * p < 1.0 ? LossValue{1.0 - y * p, -y} : LossValue{0.0, 0.0};
    case SgdLoss::Perceptron:
      return y * p <= 0.0 ? LossValue{-y * p, -y} : LossValue{0.0, 0.0};
    case SgdLoss::Log: {
      const double z = y * p;
      const double loss_v = z > 18 ? std::exp(-z) : z < -18 ? -z : std::log1p(std::exp(-z));
      const double d = z > 18 ? -y * std::exp(-z) : z < -18 ? -y : -y / (std::exp(z) + 1.0);
      return {loss_v, d};
    }
    case SgdLoss::ModifiedHuber: {
      const double z = y * p;
      if (z >= 1.0) return {0.0, 0.0};
      if (z >= -1.0) return {(1.0 - z) * (1.0 - z), -2.0 * (1.0 - z) * y};
      return {-4.0 * z, -4.0 * y};
    }
    case SgdLoss::Squared:
      return {0.5 * (p - y) * (p - y), p - y};
    case SgdLoss::Huber: {
      const double r = p - y;
      if (std::abs(r) <= epsilon) return {0.5 * r * r, r};
      return {epsilon * std::abs(r) - 0.5 * epsilon * epsilon, r > 0 ? epsilon : -epsilon};
    }
    case SgdLoss::EpsilonInsensitive: {
      const double r = y - p;
      if (r > epsilon) return {r - epsilon, -1.0};
      if (-r > epsilon) return {-r - epsilon, 1.0};
      return {0.0, 0.0};
    }
  }
  return {0.0, 0.0};
}

class SgdLinear final : public detail::LinearScoreModel {
 public:
  SgdLinear(const SgdVariant& v, Json params, std::uint64_t seed)
      : LinearScoreModel(v.id, v.task, link_of(v.loss), std::move(params), seed), v_(v) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task());
    const Json& p = raw_params();
    const double alpha = v_.passive_aggressive ? 0.0 : p.value("alpha", 1e-4);
    const double C = p.value("C", 1.0), epsilon = p.value("epsilon", 0.1), tol = p.value("tol", 1e-3);
    const double eta0 = p.value("eta0", 0.01), power_t = p.value("power_t", 0.25);
    const int max_iter = p.value("max_iter", 1000), patience = p.value("n_iter_no_change", 5);
    const bool average = p.value("average", false);
    const Schedule schedule = parse_schedule(id(), p.value("learning_rate", std::string("optimal")));
    if (!(alpha >= 0) || !(C > 0) || !(epsilon >= 0) || max_iter < 1 || patience < 1)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{}: need alpha >= 0, C > 0, epsilon >= 0, max_iter >= 1, n_iter_no_change >= 1", id()));
    if (!v_.passive_aggressive && schedule == Schedule::Optimal && !(alpha > 0))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the optimal learning rate needs alpha > 0", id()),
                  "set alpha > 0 or learning_rate = constant");
    if (!v_.passive_aggressive && schedule != Schedule::Optimal && !(eta0 > 0))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: eta0 must be > 0", id()));

    const detail::ScaledRows s = detail::scale_rows(X, weights);
    const Eigen::Index n = s.Z.rows(), d = s.Z.cols();
    Eigen::VectorXd target(n);
    double y_mean = 0.0, y_sd = 1.0;
    if (task() == Task::Regression) {
      Eigen::Map<const Eigen::VectorXd> yv(y.data(), n);
      y_mean = s.w.dot(yv) / static_cast<double>(n);
      y_sd = std::sqrt(s.w.dot((yv.array() - y_mean).square().matrix()) / static_cast<double>(n));
      if (!(y_sd > 0)) y_sd = 1.0;
      target = (yv.array() - y_mean) / y_sd;
    } else {
      for (Eigen::Index i = 0; i < n; ++i) target(i) = y[static_cast<std::size_t>(i)] > 0.5 ? 1.0 : -1.0;
    }

    double t0 = 0.0;
    if (schedule == Schedule::Optimal && !v_.passive_aggressive) {
      const double typw = std::sqrt(1.0 / std::sqrt(alpha));
      const double eta_init = typw / std::max(1.0, evaluate(v_.loss, -typw, 1.0, epsilon).dloss);
      t0 = 1.0 / (eta_init * alpha);
    }
    Eigen::VectorXd w = Eigen::VectorXd::Zero(d), w_avg = w;
    double b = 0.0, b_avg = 0.0;
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::mt19937_64 rng(seed());
    double best = std::numeric_limits<double>::infinity(), t = 1.0;
    int stale = 0;
    for (int epoch = 0; epoch < max_iter; ++epoch) {
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);  // Fisher-Yates
      double epoch_loss = 0.0;
      for (const Eigen::Index i : order) {
        const double pred = s.Z.row(i).dot(w) + b;
        const LossValue lv = evaluate(v_.loss, pred, target(i), epsilon);
        epoch_loss += lv.loss;
        double update;
        if (v_.passive_aggressive) {
          update = lv.loss > 0 ? std::min(C, lv.loss / (s.Z.row(i).squaredNorm() + 1.0)) : 0.0;
          update *= lv.dloss < 0 ? 1.0 : -1.0;  // towards the target
        } else {
          const double eta = schedule == Schedule::Optimal      ? 1.0 / (alpha * (t0 + t - 1.0))
                             : schedule == Schedule::InvScaling ? eta0 / std::pow(t, power_t)
                                                                : eta0;
          update = -eta * std::clamp(lv.dloss, -1e12, 1e12);
          if (alpha > 0) w *= std::max(0.0, 1.0 - eta * alpha);
        }
        update *= s.w(i);
        if (update != 0.0) {
          w += update * s.Z.row(i).transpose();
          b += update;
        }
        if (average) {  // running mean of the iterates since the first update
          w_avg += (w - w_avg) / t;
          b_avg += (b - b_avg) / t;
        }
        t += 1.0;
      }
      if (!std::isfinite(epoch_loss))
        throw Error(ErrorKind::Internal, fmt::format("{}: the loss diverged", id()), "lower eta0 or raise alpha");
      stale = epoch_loss > best - tol * static_cast<double>(n) ? stale + 1 : 0;
      best = std::min(best, epoch_loss);
      if (stale >= patience) break;
    }
    set_scaled_fit(s, average ? w_avg : w, average ? b_avg : b, y_mean, y_sd);
  }

 private:
  static detail::ScoreLink link_of(SgdLoss loss) {
    if (!is_classifier_loss(loss)) return detail::ScoreLink::Identity;
    return loss == SgdLoss::ModifiedHuber ? detail::ScoreLink::ModifiedHuber : detail::ScoreLink::Logistic;
  }
  SgdVariant v_;
};

}  // namespace

std::unique_ptr<Model> make_sgd_linear(const SgdVariant& variant, const Json& params, std::uint64_t seed) {
  if (is_classifier_loss(variant.loss) != (variant.task == Task::Classification))
    throw Error(ErrorKind::Internal, fmt::format("{}: loss does not match the task", variant.id));
  return std::make_unique<SgdLinear>(variant, params, seed);
}

}  // namespace mlt
