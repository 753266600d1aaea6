// The Model adapter for every TorchArch: windows, training loop with early
// stopping, prediction, JSON save/load. See torch_models.h for the contract.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "ml_torch/torch_nets.h"

#include <torch/version.h>

namespace mlt {
namespace {

// Network initialisation draws from torch's global generator: one at a time.
std::mutex& init_lock() {
  static std::mutex m;
  return m;
}

class TorchModel final : public Model {
 public:
  TorchModel(std::string id, TorchArch arch, Task task, Json params, std::uint64_t seed)
      : id_(std::move(id)), arch_(arch), task_(task), params_(std::move(params)), seed_(seed) {
    window_ = is_sequence_arch(arch_) ? params_.value("window", 20) : 1;
    if (window_ < 1 || window_ > 500)
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}': window must be 1..500", id_));
    const double dropout = params_.value("dropout", 0.0);
    if (!(dropout >= 0.0 && dropout < 1.0))
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}': dropout must be in [0, 1)", id_));
    huber_delta_ = params_.value("huber_delta", 0.0);
    if (params_.contains("huber_delta") && !(huber_delta_ > 0.0))
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}': huber_delta must be > 0", id_));
    // Batch normalisation of a single row divides by a zero variance.
    if (arch_ == TorchArch::MlpDropout && params_.value("batch_size", 64) < 2)
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}': batch_size must be >= 2", id_));
  }

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> w) override {
    check_fit_inputs(X, y, w, task_);
    const int epochs = params_.value("epochs", 20), patience = params_.value("patience", 5);
    const auto batch = static_cast<std::size_t>(std::max(1, params_.value("batch_size", 64)));
    const double val_fraction = params_.value("val_fraction", 0.2);
    if (epochs < 1 || !(val_fraction > 0.0 && val_fraction < 0.5))
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}': epochs >= 1 and 0 < val_fraction < 0.5", id_));
    const std::size_t n_val = std::max<std::size_t>(1, static_cast<std::size_t>(val_fraction * double(X.rows)));
    if (X.rows < n_val + 10)
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' needs at least {} rows", id_, n_val + 10));
    const std::size_t n_fit = X.rows - n_val;
    torch::set_num_threads(std::max(1, params_.value("nthread", 1)));

    std::vector<double> target(y.begin(), y.end());
    y_mean_ = 0.0, y_std_ = 1.0;
    if (task_ == Task::Regression) {  // standardise: forward returns are ~1e-2
      y_mean_ = std::accumulate(target.begin(), target.begin() + long(n_fit), 0.0) / double(n_fit);
      double ss = 0;
      for (std::size_t i = 0; i < n_fit; ++i) ss += (target[i] - y_mean_) * (target[i] - y_mean_);
      y_std_ = std::sqrt(ss / double(n_fit));
      if (!(y_std_ > 0)) y_std_ = 1.0;
      for (double& v : target) v = (v - y_mean_) / y_std_;
    }
    const torch::Tensor inputs = windows(X);
    const torch::Tensor yt = torch::tensor(std::vector<float>(target.begin(), target.end()));
    const torch::Tensor wt =
        w.empty() ? torch::ones({long(X.rows)}) : torch::tensor(std::vector<float>(w.begin(), w.end()));
    build_net(static_cast<std::int64_t>(X.cols));
    torch::optim::Adam opt(net_->parameters(), torch::optim::AdamOptions(params_.value("learning_rate", 1e-3))
                                                   .weight_decay(params_.value("weight_decay", 0.0)));
    std::mt19937_64 rng(seed_);
    std::vector<long> order(n_fit);
    std::iota(order.begin(), order.end(), 0L);
    const torch::Tensor x_val = inputs.narrow(0, long(n_fit), long(n_val));
    const torch::Tensor y_val = yt.narrow(0, long(n_fit), long(n_val)), w_val = wt.narrow(0, long(n_fit), long(n_val));
    log_ = {};
    double best = INFINITY;
    std::vector<torch::Tensor> best_state;
    for (int epoch = 0; epoch < epochs; ++epoch) {
      net_->train();
      std::shuffle(order.begin(), order.end(), rng);
      // The epoch's rows gathered once in shuffled order; each batch is then
      // a view of consecutive rows instead of three gathers of its own.
      const torch::Tensor perm = torch::tensor(order);
      const torch::Tensor xs = inputs.index_select(0, perm), ys = yt.index_select(0, perm),
                          ws = wt.index_select(0, perm);
      double total = 0.0;
      for (std::size_t b = 0, e = 0; b < n_fit; b = e) {
        e = std::min(n_fit, b + batch);
        // A trailing one-row batch would give batch normalisation a zero variance.
        if (arch_ == TorchArch::MlpDropout && n_fit - e == 1) e = n_fit;
        const long first = long(b), rows = long(e - b);
        opt.zero_grad();
        torch::Tensor loss =
            loss_of(net_->forward(xs.narrow(0, first, rows)), ys.narrow(0, first, rows), ws.narrow(0, first, rows));
        loss.backward();
        opt.step();
        total += loss.item<double>() * double(e - b);
      }
      log_.train_loss.push_back(total / double(n_fit));
      net_->eval();
      torch::NoGradGuard no_grad;
      const double val = loss_of(net_->forward(x_val), y_val, w_val).item<double>();
      log_.val_loss.push_back(val);
      if (val < best) {
        best = val;
        log_.best_epoch = epoch;
        best_state.clear();
        for (const auto& t : state_tensors()) best_state.push_back(t.detach().clone());
      } else if (epoch - log_.best_epoch >= patience) {
        break;
      }
    }
    torch::NoGradGuard no_grad;
    auto state = state_tensors();
    for (std::size_t i = 0; i < state.size(); ++i) state[i].copy_(best_state[i]);
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!net_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    if (static_cast<std::int64_t>(X.cols) != n_features_)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("model '{}' was fitted on {} features, input has {}", id_, n_features_, X.cols));
    if (X.rows == 0) return {};
    torch::NoGradGuard no_grad;
    net_->eval();
    torch::Tensor out = net_->forward(windows(X));
    out = task_ == Task::Classification ? torch::sigmoid(out) : out * y_std_ + y_mean_;
    out = out.to(torch::kDouble).contiguous();
    return {out.data_ptr<double>(), out.data_ptr<double>() + out.numel()};
  }

  std::string save() const override {
    if (!net_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    Json tensors = Json::object();
    for (const auto& [name, value] : named_state()) {
      const torch::Tensor t = value.detach().to(torch::kDouble).contiguous().view({-1});
      tensors[name] = std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    }
    return Json{
        {"model", id_}, {"n_features", n_features_}, {"y_mean", y_mean_}, {"y_std", y_std_}, {"tensors", tensors}}
        .dump();
  }

  void load(const std::string& bytes) override {
    try {
      const Json j = Json::parse(bytes);
      y_mean_ = j.at("y_mean").get<double>();
      y_std_ = j.at("y_std").get<double>();
      build_net(j.at("n_features").get<std::int64_t>());
      torch::NoGradGuard no_grad;
      for (auto& [name, value] : named_state()) {
        const auto values = j.at("tensors").at(name).get<std::vector<double>>();
        if (static_cast<std::int64_t>(values.size()) != value.numel())
          throw Error(ErrorKind::InvalidArgument, fmt::format("saved tensor '{}' has the wrong size", name));
        value.copy_(torch::tensor(values).view(value.sizes()));
      }
    } catch (const Json::exception& e) {
      throw Error(ErrorKind::InvalidArgument, fmt::format("saved model '{}' is unreadable: {}", id_, e.what()));
    }
  }

  std::string name() const override { return id_; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }
  const TorchTrainingLog& log() const { return log_; }

 private:
  void build_net(std::int64_t n_features) {
    std::lock_guard<std::mutex> lock(init_lock());
    torch::manual_seed(seed_);
    n_features_ = n_features;
    net_ = make_torch_net(arch_, n_features, params_, seed_);
  }

  // Parameters, then buffers (batch-norm running statistics): everything a
  // prediction depends on, in a fixed order.
  std::vector<torch::Tensor> state_tensors() const {
    std::vector<torch::Tensor> out = net_->parameters();
    for (const auto& b : net_->buffers()) out.push_back(b);
    return out;
  }
  std::vector<std::pair<std::string, torch::Tensor>> named_state() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : net_->named_parameters(true)) out.emplace_back(item.key(), item.value());
    for (const auto& item : net_->named_buffers(true)) out.emplace_back(item.key(), item.value());
    return out;
  }

  torch::Tensor loss_of(const torch::Tensor& out, const torch::Tensor& y, const torch::Tensor& w) const {
    torch::Tensor per_row;
    if (task_ == Task::Classification)
      per_row = torch::binary_cross_entropy_with_logits(out, y, {}, {}, at::Reduction::None);
    else if (huber_delta_ > 0.0)
      per_row = torch::huber_loss(out, y, at::Reduction::None, huber_delta_);
    else
      per_row = (out - y).pow(2);
    return (per_row * w).sum() / w.sum();
  }

  // [N, F] for MLPs; [N, window, F] for sequence nets, row i's window being
  // rows i-window+1..i (left-padded with row 0), so nothing after row i.
  torch::Tensor windows(const Matrix& X) const {
    const auto n = static_cast<long>(X.rows), f = static_cast<long>(X.cols);
    torch::Tensor flat = torch::tensor(std::vector<float>(X.data.begin(), X.data.end())).view({n, f});
    if (!is_sequence_arch(arch_)) return flat;
    std::vector<long> idx;
    idx.reserve(static_cast<std::size_t>(n * window_));
    for (long i = 0; i < n; ++i)
      for (long k = window_ - 1; k >= 0; --k) idx.push_back(std::max(0L, i - k));
    return flat.index_select(0, torch::tensor(idx)).view({n, long(window_), f});
  }

  std::string id_;
  TorchArch arch_;
  Task task_;
  Json params_;
  std::uint64_t seed_;
  int window_ = 1;
  std::int64_t n_features_ = 0;
  double y_mean_ = 0.0, y_std_ = 1.0;
  double huber_delta_ = 0.0;  // > 0: Huber loss for the regressor instead of MSE
  std::shared_ptr<TorchNet> net_;
  TorchTrainingLog log_;
};

}  // namespace

std::unique_ptr<Model> make_torch_model(const std::string& id, TorchArch arch, Task task, const Json& params,
                                        std::uint64_t seed) {
  return std::make_unique<TorchModel>(id, arch, task, params, seed);
}

const TorchTrainingLog* torch_training_log(const Model& model) {
  const auto* t = dynamic_cast<const TorchModel*>(&model);
  return t ? &t->log() : nullptr;
}

std::string torch_version() {
  return fmt::format("{}.{}.{}", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH);
}

}  // namespace mlt
