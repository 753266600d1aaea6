// LibTorch models on the real S&P 500 slice: deep residual MLPs really
// train (the training loss falls), sequence windows are causal, early
// stopping keeps the best validation epoch. Every torch entry is also run
// by models_test.cpp (fit, predict, determinism, save/load).
#include <gtest/gtest.h>

#include <algorithm>

#include "ml/adapters.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml_fixture.h"
#include "ml_torch/torch_models.h"

namespace mlt {
namespace {

struct Slice {
  Matrix X;
  std::vector<double> direction, ret;
};

const Slice& slice() {
  static const Slice s = [] {
    const TrainingSet& set = test::sp500_set();
    const std::size_t n = std::min<std::size_t>(set.X.rows(), 800);
    StandardScaler scaler;
    Slice out{scaler.fit_transform(test::rows_matrix(set.X, 0, n)), {}, {}};
    out.direction.assign(set.direction.begin(), set.direction.begin() + static_cast<std::ptrdiff_t>(n));
    out.ret.assign(set.forward_return.begin(), set.forward_return.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
  }();
  return s;
}

class DeepResidual : public ::testing::TestWithParam<std::string> {};

TEST_P(DeepResidual, TrainingLossFalls) {
  const ModelSpec& spec = find_model_spec(GetParam());
  // No early stop here: the point is that gradients reach 50/100 layers.
  auto model = spec.make(effective_params(spec, Json{{"epochs", 8}, {"patience", 8}}), 3);
  model->fit(slice().X, slice().direction);
  const TorchTrainingLog* log = torch_training_log(*model);
  ASSERT_NE(log, nullptr);
  ASSERT_EQ(log->train_loss.size(), 8U);
  EXPECT_LT(log->train_loss.back(), 0.98 * log->train_loss.front())
      << "first " << log->train_loss.front() << " last " << log->train_loss.back();
  for (double v : log->train_loss) EXPECT_TRUE(std::isfinite(v));
}

INSTANTIATE_TEST_SUITE_P(Torch, DeepResidual, ::testing::Values("resmlp_50_classifier", "resmlp_100_classifier"));

class SequenceNet : public ::testing::TestWithParam<std::string> {};

// The window of row t holds rows t-window+1..t: predictions for the first
// 300 rows must not change when 200 later rows are appended.
TEST_P(SequenceNet, WindowsAreCausal) {
  const ModelSpec& spec = find_model_spec(GetParam());
  auto model = spec.make(effective_params(spec, Json{{"epochs", 2}}), 5);
  model->fit(slice().X, slice().ret);
  Matrix head(300, slice().X.cols), longer(500, slice().X.cols);
  std::copy_n(slice().X.data.begin(), head.data.size(), head.data.begin());
  std::copy_n(slice().X.data.begin(), longer.data.size(), longer.data.begin());
  const auto a = model->predict(head);
  const auto b = model->predict(longer);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1e-6 * (1 + std::abs(a[i]))) << "row " << i;
}

INSTANTIATE_TEST_SUITE_P(Torch, SequenceNet,
                         ::testing::Values("cnn1d_regressor", "lstm_regressor", "gru_regressor",
                                           "transformer_regressor", "tcn_regressor"));

TEST(TorchModels, EarlyStoppingKeepsTheBestValidationEpoch) {
  const ModelSpec& spec = find_model_spec("mlp_3x64_regressor");
  auto model = spec.make(effective_params(spec, Json{{"epochs", 40}, {"patience", 2}}), 1);
  model->fit(slice().X, slice().ret);
  const TorchTrainingLog* log = torch_training_log(*model);
  ASSERT_NE(log, nullptr);
  ASSERT_FALSE(log->val_loss.empty());
  EXPECT_LT(log->val_loss.size(), 40U) << "noisy returns overfit fast: patience 2 must stop early";
  const auto best = std::min_element(log->val_loss.begin(), log->val_loss.end()) - log->val_loss.begin();
  EXPECT_EQ(best, log->best_epoch);
  EXPECT_EQ(static_cast<int>(log->val_loss.size()) - 1 - log->best_epoch, 2);
}

TEST(TorchModels, RegistryHasTheNeuralFamily) {
  int neural = 0;
  for (const auto& s : model_specs())
    if (s.family == Family::Neural) {
      ++neural;
      EXPECT_EQ(s.library, "torch");
    }
  EXPECT_EQ(neural, 20);
  EXPECT_EQ(library_versions()["torch"], torch_version());
  EXPECT_EQ(torch_training_log(*find_model_spec("ridge").make(Json::object(), 0)), nullptr);
}

}  // namespace
}  // namespace mlt
