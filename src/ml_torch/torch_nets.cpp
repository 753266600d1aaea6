#include "ml_torch/torch_nets.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace mlt {
namespace {

namespace nn = torch::nn;

std::int64_t int_param(const Json& p, const char* key, std::int64_t fallback) {
  return p.contains(key) ? p.at(key).get<std::int64_t>() : fallback;
}

double real_param(const Json& p, const char* key, double fallback) {
  return p.contains(key) ? p.at(key).get<double>() : fallback;
}

// `depth` hidden Linear+ReLU layers of width `hidden`, then a linear head.
struct MlpNet : TorchNet {
  nn::Sequential body;
  MlpNet(std::int64_t in, std::int64_t hidden, std::int64_t depth) {
    for (std::int64_t i = 0; i < depth; ++i) {
      body->push_back(nn::Linear(i == 0 ? in : hidden, hidden));
      body->push_back(nn::ReLU());
    }
    body->push_back(nn::Linear(depth == 0 ? in : hidden, 1));
    register_module("body", body);
  }
  torch::Tensor forward(const torch::Tensor& x) override { return body->forward(x).squeeze(-1); }
};

// Pre-norm residual blocks x + W relu(LN x): the identity path lets the
// gradient reach the first layer through 100 layers. Block weights start
// scaled by 1/sqrt(blocks) so the residual sum does not explode at init.
// Linear layers in total: 1 (input) + blocks + 1 (head).
struct ResMlpNet : TorchNet {
  nn::Linear input{nullptr}, head{nullptr};
  nn::ModuleList norms, layers;
  nn::LayerNorm final_norm{nullptr};
  ResMlpNet(std::int64_t in, std::int64_t width, std::int64_t blocks) {
    input = register_module("input", nn::Linear(in, width));
    for (std::int64_t b = 0; b < blocks; ++b) {
      norms->push_back(nn::LayerNorm(nn::LayerNormOptions({width})));
      nn::Linear lin(width, width);
      {
        torch::NoGradGuard no_grad;
        lin->weight.mul_(1.0 / std::sqrt(static_cast<double>(blocks)));
        lin->bias.zero_();
      }
      layers->push_back(lin);
    }
    register_module("norms", norms);
    register_module("layers", layers);
    final_norm = register_module("final_norm", nn::LayerNorm(nn::LayerNormOptions({width})));
    head = register_module("head", nn::Linear(width, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = input->forward(x);
    for (std::size_t b = 0; b < layers->size(); ++b)
      h = h + layers[b]->as<nn::Linear>()->forward(torch::relu(norms[b]->as<nn::LayerNorm>()->forward(h)));
    return head->forward(final_norm->forward(h)).squeeze(-1);
  }
};

// Two convolutions over the window (which already ends at t), global average pool, linear head.
struct Cnn1dNet : TorchNet {
  nn::Conv1d c1{nullptr}, c2{nullptr};
  nn::Linear head{nullptr};
  Cnn1dNet(std::int64_t in, std::int64_t channels, std::int64_t kernel) {
    c1 = register_module("c1", nn::Conv1d(nn::Conv1dOptions(in, channels, kernel).padding(kernel / 2)));
    c2 = register_module("c2", nn::Conv1d(nn::Conv1dOptions(channels, channels, kernel).padding(kernel / 2)));
    head = register_module("head", nn::Linear(channels, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = x.transpose(1, 2);  // [N, F, T]
    h = torch::relu(c2->forward(torch::relu(c1->forward(h))));
    return head->forward(h.mean(2)).squeeze(-1);
  }
};

// LSTM or GRU; the head reads the hidden state at the last step (row t).
template <class Rnn, class Options>
struct RnnNet : TorchNet {
  Rnn rnn{nullptr};
  nn::Linear head{nullptr};
  RnnNet(std::int64_t in, std::int64_t hidden, std::int64_t layers) {
    rnn = register_module("rnn", Rnn(Options(in, hidden).num_layers(layers).batch_first(true)));
    head = register_module("head", nn::Linear(hidden, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    auto out = std::get<0>(rnn->forward(x));  // [N, T, H]
    return head->forward(out.select(1, out.size(1) - 1)).squeeze(-1);
  }
};

// Linear embedding + learned positions + encoder layers; the head reads the last token.
struct TransformerNet : TorchNet {
  nn::Linear embed{nullptr}, head{nullptr};
  torch::Tensor positions;
  nn::TransformerEncoder encoder{nullptr};
  TransformerNet(std::int64_t in, std::int64_t d_model, std::int64_t heads, std::int64_t layers, std::int64_t window) {
    embed = register_module("embed", nn::Linear(in, d_model));
    positions = register_parameter("positions", torch::randn({window, 1, d_model}) * 0.02);
    auto layer = nn::TransformerEncoderLayer(
        nn::TransformerEncoderLayerOptions(d_model, heads).dim_feedforward(2 * d_model).dropout(0.0));
    encoder = register_module("encoder", nn::TransformerEncoder(nn::TransformerEncoderOptions(layer, layers)));
    head = register_module("head", nn::Linear(d_model, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = embed->forward(x.transpose(0, 1)) + positions;  // [T, N, E]
    h = encoder->forward(h);
    return head->forward(h[h.size(0) - 1]).squeeze(-1);
  }
};

// Temporal convolutional network: dilated convolutions padded on the left
// only (causal inside the window), residual, dilation 1, 2, 4, ...
struct TcnNet : TorchNet {
  nn::Conv1d input{nullptr};
  nn::ModuleList convs;
  nn::Linear head{nullptr};
  std::vector<std::int64_t> pads;
  TcnNet(std::int64_t in, std::int64_t channels, std::int64_t levels, std::int64_t kernel) {
    input = register_module("input", nn::Conv1d(nn::Conv1dOptions(in, channels, 1)));
    for (std::int64_t l = 0; l < levels; ++l) {
      const std::int64_t dilation = std::int64_t{1} << l;
      convs->push_back(nn::Conv1d(nn::Conv1dOptions(channels, channels, kernel).dilation(dilation)));
      pads.push_back((kernel - 1) * dilation);
    }
    register_module("convs", convs);
    head = register_module("head", nn::Linear(channels, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = input->forward(x.transpose(1, 2));  // [N, C, T]
    for (std::size_t l = 0; l < convs->size(); ++l) {
      torch::Tensor padded = torch::constant_pad_nd(h, {pads[l], 0});
      h = h + torch::relu(convs[l]->as<nn::Conv1d>()->forward(padded));
    }
    return head->forward(h.select(2, h.size(2) - 1)).squeeze(-1);
  }
};

// MLP blocks Linear -> BatchNorm -> ReLU -> dropout. Batch statistics in
// training, running averages in eval: a row's prediction never depends on
// the rows it is predicted with, and eval mode has no dropout.
struct MlpDropoutNet : TorchNet {
  nn::ModuleList linears, norms;
  nn::Linear head{nullptr};
  double p;
  MlpDropoutNet(std::int64_t in, std::int64_t hidden, std::int64_t depth, double drop) : p(drop) {
    for (std::int64_t i = 0; i < depth; ++i) {
      linears->push_back(nn::Linear(i == 0 ? in : hidden, hidden));
      norms->push_back(nn::BatchNorm1d(hidden));
    }
    register_module("linears", linears);
    register_module("norms", norms);
    head = register_module("head", nn::Linear(depth == 0 ? in : hidden, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = x;
    for (std::size_t i = 0; i < linears->size(); ++i)
      h = dropout(torch::relu(norms[i]->as<nn::BatchNorm1d>()->forward(linears[i]->as<nn::Linear>()->forward(h))), p);
    return head->forward(h).squeeze(-1);
  }
};

// Single-layer LSTMs stacked by hand rather than nn::LSTM's num_layers:
// its inter-layer dropout draws from torch's global generator.
struct StackedLstmNet : TorchNet {
  nn::ModuleList layers;
  nn::Linear head{nullptr};
  double p;
  StackedLstmNet(std::int64_t in, std::int64_t hidden, std::int64_t depth, double drop) : p(drop) {
    for (std::int64_t l = 0; l < depth; ++l)
      layers->push_back(nn::LSTM(nn::LSTMOptions(l == 0 ? in : hidden, hidden).batch_first(true)));
    register_module("layers", layers);
    head = register_module("head", nn::Linear(hidden, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = x;
    for (std::size_t l = 0; l < layers->size(); ++l) {
      h = std::get<0>(layers[l]->as<nn::LSTM>()->forward(h));  // [N, T, H]
      if (l + 1 < layers->size()) h = dropout(h, p);
    }
    return head->forward(h.select(1, h.size(1) - 1)).squeeze(-1);
  }
};

// Bidirectional GRU; the head reads both directions' final states. The
// window holds rows t-window+1..t only, so the backward direction reads the
// past in reverse order, never a row after t: no look-ahead.
struct BiGruNet : TorchNet {
  nn::GRU rnn{nullptr};
  nn::Linear head{nullptr};
  BiGruNet(std::int64_t in, std::int64_t hidden, std::int64_t layers) {
    rnn = register_module("rnn",
                          nn::GRU(nn::GRUOptions(in, hidden).num_layers(layers).batch_first(true).bidirectional(true)));
    head = register_module("head", nn::Linear(2 * hidden, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    const torch::Tensor h_n = std::get<1>(rnn->forward(x));  // [layers * 2, N, H]
    const std::int64_t last = h_n.size(0) - 2;               // the top layer's forward and backward states
    return head->forward(torch::cat({h_n[last], h_n[last + 1]}, 1)).squeeze(-1);
  }
};

// Causal convolution (left padding: step s sees steps s-kernel+1..s) turns
// each step into local pattern features; an LSTM reads them in time order
// and the head reads its last step (row t).
struct CnnLstmNet : TorchNet {
  nn::Conv1d conv{nullptr};
  nn::LSTM rnn{nullptr};
  nn::Linear head{nullptr};
  std::int64_t pad;
  CnnLstmNet(std::int64_t in, std::int64_t channels, std::int64_t kernel, std::int64_t hidden) : pad(kernel - 1) {
    conv = register_module("conv", nn::Conv1d(nn::Conv1dOptions(in, channels, kernel)));
    rnn = register_module("rnn", nn::LSTM(nn::LSTMOptions(channels, hidden).batch_first(true)));
    head = register_module("head", nn::Linear(hidden, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = torch::constant_pad_nd(x.transpose(1, 2), {pad, 0});  // [N, F, pad + T]
    h = torch::relu(conv->forward(h)).transpose(1, 2);                      // [N, T, C]
    torch::Tensor out = std::get<0>(rnn->forward(h));
    return head->forward(out.select(1, out.size(1) - 1)).squeeze(-1);
  }
};

std::shared_ptr<TorchNet> make_net(TorchArch arch, std::int64_t f, const Json& p) {
  const std::int64_t hidden = int_param(p, "hidden", 32), depth = int_param(p, "depth", 2);
  switch (arch) {
    case TorchArch::Mlp:
      return std::make_shared<MlpNet>(f, hidden, depth);
    case TorchArch::ResMlp:
      return std::make_shared<ResMlpNet>(f, hidden, depth - 2);
    case TorchArch::Cnn1d:
      return std::make_shared<Cnn1dNet>(f, hidden, int_param(p, "kernel", 3));
    case TorchArch::Lstm:
      return std::make_shared<RnnNet<nn::LSTM, nn::LSTMOptions>>(f, hidden, depth);
    case TorchArch::Gru:
      return std::make_shared<RnnNet<nn::GRU, nn::GRUOptions>>(f, hidden, depth);
    case TorchArch::Transformer:
      return std::make_shared<TransformerNet>(f, hidden, int_param(p, "heads", 4), depth, int_param(p, "window", 20));
    case TorchArch::Tcn:
      return std::make_shared<TcnNet>(f, hidden, depth, int_param(p, "kernel", 3));
    case TorchArch::MlpDropout:
      return std::make_shared<MlpDropoutNet>(f, hidden, depth, real_param(p, "dropout", 0.2));
    case TorchArch::StackedLstm:
      return std::make_shared<StackedLstmNet>(f, hidden, depth, real_param(p, "dropout", 0.2));
    case TorchArch::BiGru:
      return std::make_shared<BiGruNet>(f, hidden, depth);
    case TorchArch::CnnLstm:
      return std::make_shared<CnnLstmNet>(f, int_param(p, "channels", 32), int_param(p, "kernel", 3), hidden);
  }
  return nullptr;
}

}  // namespace

torch::Tensor TorchNet::dropout(const torch::Tensor& x, double p) {
  if (!is_training() || p <= 0.0) return x;
  return x * torch::empty_like(x).bernoulli_(1.0 - p, dropout_rng) / (1.0 - p);
}

bool is_sequence_arch(TorchArch arch) {
  switch (arch) {
    case TorchArch::Mlp:
    case TorchArch::ResMlp:
    case TorchArch::MlpDropout:
      return false;
    case TorchArch::Cnn1d:
    case TorchArch::Lstm:
    case TorchArch::Gru:
    case TorchArch::Transformer:
    case TorchArch::Tcn:
    case TorchArch::StackedLstm:
    case TorchArch::BiGru:
    case TorchArch::CnnLstm:
      return true;
  }
  return true;
}

std::shared_ptr<TorchNet> make_torch_net(TorchArch arch, std::int64_t f, const Json& p, std::uint64_t seed) {
  std::shared_ptr<TorchNet> net = make_net(arch, f, p);
  net->dropout_rng = at::detail::createCPUGenerator(seed);
  return net;
}

}  // namespace mlt
