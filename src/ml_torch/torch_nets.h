// The network modules behind TorchArch (internal to src/ml_torch; includes
// torch). Every net maps [N, F] (MLPs) or [N, window, F] (sequence nets) to
// one output per row, [N].
#pragma once

#include <torch/torch.h>

#include "core/json.h"
#include "ml_torch/torch_models.h"

namespace mlt {

struct TorchNet : torch::nn::Module {
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;

  // Inverted dropout in training mode, identity in eval mode. Masks come
  // from `dropout_rng`, not torch's global generator, so a training run is
  // reproducible for its seed even while other models train on other threads.
  torch::Tensor dropout(const torch::Tensor& x, double p);
  at::Generator dropout_rng;
};

// True for the sequence architectures (input [N, window, F]).
bool is_sequence_arch(TorchArch arch);

// Builds the net for `arch` with the layer sizes in `params` (hidden, depth,
// window, heads, channels, dropout, ...). Uses torch's global generator for
// initial weights: the caller holds the init lock and has seeded it. `seed`
// seeds the net's own dropout generator.
std::shared_ptr<TorchNet> make_torch_net(TorchArch arch, std::int64_t n_features, const Json& params,
                                         std::uint64_t seed);

}  // namespace mlt
