// LibTorch entries: each architecture (and depth) is a different inductive
// bias a user picks, in a classifier (P(up)) and a regressor (forward
// return) form. No torch headers here: this file compiles fast.
#include <fmt/format.h>

#include "ml/model_registry.h"
#include "ml_torch/torch_models.h"

namespace mlt {
namespace {

// Training settings shared by every net; `extra` adds the layer sizes (and
// dropout, window, loss threshold where the architecture has one).
Json defaults(Json extra) {
  Json d{{"epochs", 30},        {"patience", 5},       {"batch_size", 64}, {"learning_rate", 1e-3},
         {"weight_decay", 0.0}, {"val_fraction", 0.2}, {"nthread", 1}};
  for (auto& [k, v] : extra.items()) d[k] = v;
  return d;
}

void add_entry(std::vector<ModelSpec>& t, const std::string& stem, TorchArch arch, Task task, const std::string& what,
               const Json& d) {
  const bool cls = task == Task::Classification;
  const std::string id = stem + (cls ? "_classifier" : "_regressor");
  t.push_back({.id = id,
               .family = Family::Neural,
               .task = task,
               .library = "torch",
               .summary = fmt::format("{} (LibTorch), {}; early stopping on the end of the training fold.", what,
                                      cls ? "probability of an up move" : "forward return"),
               .defaults = d,
               .make = [id, arch, task](const Json& p, std::uint64_t seed) {
                 return make_torch_model(id, arch, task, p, seed);
               }});
}

void add_pair(std::vector<ModelSpec>& t, const std::string& stem, TorchArch arch, const std::string& what,
              const Json& d) {
  for (const Task task : {Task::Classification, Task::Regression}) add_entry(t, stem, arch, task, what, d);
}

}  // namespace

void add_torch_models(std::vector<ModelSpec>& t) {
  add_pair(t, "mlp_1x32", TorchArch::Mlp, "Shallow MLP, one hidden layer of 32",
           defaults({{"hidden", 32}, {"depth", 1}}));
  add_pair(t, "mlp_3x64", TorchArch::Mlp, "MLP, three hidden ReLU layers of 64",
           defaults({{"hidden", 64}, {"depth", 3}}));
  add_pair(t, "mlp_6x128", TorchArch::Mlp, "Deep plain MLP, six hidden ReLU layers of 128",
           defaults({{"hidden", 128}, {"depth", 6}, {"learning_rate", 5e-4}}));
  add_pair(t, "resmlp_50", TorchArch::ResMlp, "50-layer residual MLP (pre-LayerNorm blocks, width 32)",
           defaults({{"hidden", 32}, {"depth", 50}}));
  add_pair(t, "resmlp_100", TorchArch::ResMlp, "100-layer residual MLP (pre-LayerNorm blocks, width 32)",
           defaults({{"hidden", 32}, {"depth", 100}, {"learning_rate", 5e-4}}));
  add_pair(t, "cnn1d", TorchArch::Cnn1d, "1-D CNN over the last 20 feature rows (2 conv layers, 32 channels)",
           defaults({{"hidden", 32}, {"kernel", 3}, {"window", 20}}));
  add_pair(t, "lstm", TorchArch::Lstm, "LSTM over the last 20 feature rows (1 layer, 32 units)",
           defaults({{"hidden", 32}, {"depth", 1}, {"window", 20}}));
  add_pair(t, "gru", TorchArch::Gru, "GRU over the last 20 feature rows (1 layer, 32 units)",
           defaults({{"hidden", 32}, {"depth", 1}, {"window", 20}}));
  add_pair(t, "transformer", TorchArch::Transformer,
           "Transformer encoder over the last 20 feature rows (2 layers, d_model 32, 4 heads)",
           defaults({{"hidden", 32}, {"depth", 2}, {"heads", 4}, {"window", 20}}));
  add_pair(t, "tcn", TorchArch::Tcn, "TCN: causal dilated convolutions (dilation 1-8) over the last 32 feature rows",
           defaults({{"hidden", 32}, {"depth", 4}, {"kernel", 3}, {"window", 32}}));
  add_pair(t, "mlp_dropout_3x64", TorchArch::MlpDropout,
           "Regularised MLP, three hidden layers of 64 with batch normalisation and dropout 0.2 (off at prediction)",
           defaults({{"hidden", 64}, {"depth", 3}, {"dropout", 0.2}}));
  add_pair(t, "resmlp_20", TorchArch::ResMlp, "20-layer residual MLP (pre-LayerNorm blocks, width 64)",
           defaults({{"hidden", 64}, {"depth", 20}}));
  // Ten rows, not twenty: two 64-unit layers cost about six times the 32-unit LSTM per step.
  add_pair(t, "lstm_2x64", TorchArch::StackedLstm,
           "Two stacked LSTM layers of 64 units with dropout 0.2 between them, over the last 10 feature rows",
           defaults({{"hidden", 64}, {"depth", 2}, {"dropout", 0.2}, {"window", 10}}));
  add_pair(t, "gru_bidirectional", TorchArch::BiGru,
           "Bidirectional GRU (32 units each way) over the last 20 feature rows, all at or before the predicted row",
           defaults({{"hidden", 32}, {"depth", 1}, {"window", 20}}));
  add_pair(t, "cnn_lstm", TorchArch::CnnLstm,
           "CNN-LSTM: causal 1-D convolution (32 channels, kernel 3) feeding an LSTM of 32 units, last 20 feature rows",
           defaults({{"channels", 32}, {"kernel", 3}, {"hidden", 32}, {"window", 20}}));
  // Squared error lets a few crash days dominate the fit; Huber is linear beyond one standard deviation.
  add_entry(t, "mlp_huber", TorchArch::Mlp, Task::Regression,
            "MLP, three hidden ReLU layers of 64, Huber loss (delta 1 standard deviation): robust to return outliers",
            defaults({{"hidden", 64}, {"depth", 3}, {"huber_delta", 1.0}}));
}

}  // namespace mlt
