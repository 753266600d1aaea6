// Neural models on LibTorch (CPU), adapted to the Model interface.
// This header has no torch includes so mlt_ml can register them.
//
// Architectures (TorchArch): feed-forward MLPs of any depth; residual MLPs
// (pre-LayerNorm blocks x + W relu(LN x), the trainable way to go 50 or
// 100 layers deep); and sequence models over a window of the `window`
// latest feature rows ending at row t (1-D CNN, LSTM, GRU, Transformer
// encoder, TCN of dilated causal convolutions). Windows are built from the
// rows of the matrix passed to fit/predict, in order; the first rows of a
// matrix repeat its first row as left padding, so row t never sees t+1.
//
// Training: Adam on mini-batches (shuffled by a std::mt19937_64 of the
// seed), binary cross-entropy on logits (classification) or MSE on the
// standardised target (regression), sample weights scale each row's loss.
// The last `val_fraction` of the training rows (the end of the training
// fold, in time order) is held out for early stopping: training stops
// after `patience` epochs without a better validation loss and the best
// weights are kept.
//
// Determinism: network initialisation uses torch's global generator, so it
// runs under one process-wide lock after torch::manual_seed(seed); no
// dropout; `nthread` (default 1) sets torch's intra-op threads, which is a
// process-wide setting: with nthread 1 the same seed gives the same model.
//
// save(): JSON {arch, y_mean, y_std, tensors:{name:[values]}}; load() into a
// model made from the same parameters restores it exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

struct ModelSpec;

enum class TorchArch { Mlp, ResMlp, Cnn1d, Lstm, Gru, Transformer, Tcn };

std::unique_ptr<Model> make_torch_model(const std::string& id, TorchArch arch, Task task, const Json& params,
                                        std::uint64_t seed);

// The per-epoch losses of the last fit (nullptr for a non-torch model).
struct TorchTrainingLog {
  std::vector<double> train_loss;  // mean training loss per epoch
  std::vector<double> val_loss;    // validation loss per epoch
  int best_epoch = -1;             // 0-based epoch whose weights were kept
};
const TorchTrainingLog* torch_training_log(const Model& model);

// "1.13.1": recorded with results.
std::string torch_version();

// The neural entries of the registry (registry_torch.cpp).
void add_torch_models(std::vector<ModelSpec>& table);

}  // namespace mlt
