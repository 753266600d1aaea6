// Neural models on LibTorch (CPU), adapted to the Model interface.
// This header has no torch includes so mlt_ml can register them.
//
// Architectures (TorchArch): feed-forward MLPs of any depth, optionally
// with batch normalisation and dropout; residual MLPs (pre-LayerNorm blocks
// x + W relu(LN x), the trainable way to go 20 to 100 layers deep); and
// sequence models over a window of the `window` latest feature rows ending
// at row t (1-D CNN, LSTM, stacked LSTM with inter-layer dropout, GRU,
// bidirectional GRU, CNN front end + LSTM, Transformer encoder, TCN of
// dilated causal convolutions). Windows are built from the rows of the
// matrix passed to fit/predict, in order; the first rows of a matrix repeat
// its first row as left padding, so row t never sees t+1.
//
// Training: Adam on mini-batches (shuffled by a std::mt19937_64 of the
// seed), binary cross-entropy on logits (classification) or MSE on the
// standardised target (regression; Huber with threshold `huber_delta`, in
// standard deviations of the target, when that parameter is present),
// sample weights scale each row's loss. The last `val_fraction` of the
// training rows (the end of the training fold, in time order) is held out
// for early stopping: training stops after `patience` epochs without a
// better validation loss and the best weights (and batch-norm statistics)
// are kept. `dropout` must be in [0, 1), `huber_delta` > 0, and batch-norm
// nets need `batch_size` >= 2; otherwise make_torch_model throws
// Error{InvalidArgument}.
//
// Determinism: network initialisation uses torch's global generator, so it
// runs under one process-wide lock after torch::manual_seed(seed); dropout
// masks come from a generator owned by the net and seeded with the seed;
// predict runs in eval mode (no dropout, batch-norm running averages).
// `nthread` (default 1) sets torch's intra-op threads, which is a
// process-wide setting: with nthread 1 the same seed gives the same model.
//
// save(): JSON {model, n_features, y_mean, y_std, tensors:{name:[values]}}
// holding parameters and buffers; load() into a model made from the same
// parameters restores it exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

struct ModelSpec;

enum class TorchArch {
  Mlp,
  ResMlp,
  Cnn1d,
  Lstm,
  Gru,
  Transformer,
  Tcn,
  MlpDropout,   // MLP blocks Linear -> BatchNorm -> ReLU -> dropout
  StackedLstm,  // `depth` LSTM layers with dropout between them
  BiGru,        // bidirectional GRU over the causal window
  CnnLstm,      // causal 1-D convolution feeding an LSTM
};

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
