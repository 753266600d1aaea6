// LibTorch models on the real S&P 500 slice: deep residual MLPs and the
// regularised, stacked, bidirectional and hybrid nets really train (the
// training loss falls), sequence windows are causal, dropout is off at
// prediction, early stopping keeps the best validation epoch. Every torch
// entry is also run by models_test.cpp (fit, predict, determinism,
// save/load).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
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

INSTANTIATE_TEST_SUITE_P(Torch, DeepResidual,
                         ::testing::Values("resmlp_50_classifier", "resmlp_100_classifier", "resmlp_20_classifier"));

// The regularised, stacked, bidirectional and hybrid nets fit the real
// slice: eight epochs without early stopping lower the training loss. The
// sequence nets are checked on forward returns, whose standardised squared
// error falls clearly; on up/down labels the cross-entropy of every net
// starts near log 2 and moves by only 1-2% in eight epochs.
class NetTrains : public ::testing::TestWithParam<std::string> {};

TEST_P(NetTrains, TrainingLossFalls) {
  const ModelSpec& spec = find_model_spec(GetParam());
  auto model = spec.make(effective_params(spec, Json{{"epochs", 8}, {"patience", 8}}), 3);
  model->fit(slice().X, spec.task == Task::Classification ? slice().direction : slice().ret);
  const TorchTrainingLog* log = torch_training_log(*model);
  ASSERT_NE(log, nullptr);
  ASSERT_EQ(log->train_loss.size(), 8U);
  EXPECT_LT(log->train_loss.back(), 0.98 * log->train_loss.front())
      << "first " << log->train_loss.front() << " last " << log->train_loss.back();
  for (double v : log->train_loss) EXPECT_TRUE(std::isfinite(v));
}

INSTANTIATE_TEST_SUITE_P(Torch, NetTrains,
                         ::testing::Values("mlp_dropout_3x64_classifier", "mlp_dropout_3x64_regressor",
                                           "mlp_huber_regressor", "resmlp_20_regressor", "lstm_2x64_regressor",
                                           "gru_bidirectional_regressor", "cnn_lstm_regressor"));

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
                                           "transformer_regressor", "tcn_regressor", "lstm_2x64_regressor",
                                           "gru_bidirectional_regressor", "cnn_lstm_regressor"));

// The bidirectional GRU reads each window both ways, but a window holds only
// rows up to t: replacing every row after t (by other real rows, from later
// in the slice) must leave the prediction at t unchanged, while the
// predictions after t do change.
TEST(TorchModels, BidirectionalGruDoesNotLookAhead) {
  const ModelSpec& spec = find_model_spec("gru_bidirectional_regressor");
  auto model = spec.make(effective_params(spec, Json{{"epochs", 3}}), 5);
  model->fit(slice().X, slice().ret);
  const std::size_t cols = slice().X.cols, t = 300, tail = 200;
  Matrix original(t + tail, cols), altered(t + tail, cols);
  std::copy_n(slice().X.data.begin(), original.data.size(), original.data.begin());
  std::copy_n(slice().X.data.begin(), t * cols, altered.data.begin());
  std::copy_n(slice().X.data.begin() + static_cast<std::ptrdiff_t>(600 * cols), tail * cols,
              altered.data.begin() + static_cast<std::ptrdiff_t>(t * cols));
  const auto a = model->predict(original);
  const auto b = model->predict(altered);
  for (std::size_t i = 0; i < t; ++i) ASSERT_EQ(a[i], b[i]) << "row " << i << " saw a later row";
  std::size_t changed = 0;
  for (std::size_t i = t; i < t + tail; ++i) changed += a[i] != b[i] ? 1U : 0U;
  EXPECT_GT(changed, tail / 2) << "the altered rows must reach the predictions that may see them";
}

// Dropout is a training-time regulariser: predictions (eval mode) repeat
// exactly, and the training masks follow the seed (same seed, same model;
// another seed, another model).
TEST(TorchModels, DropoutIsOffAtPrediction) {
  for (const char* id : {"mlp_dropout_3x64_classifier", "lstm_2x64_regressor"}) {
    SCOPED_TRACE(id);
    const ModelSpec& spec = find_model_spec(id);
    auto model = spec.make(effective_params(spec, Json{{"epochs", 3}}), 9);
    model->fit(slice().X, spec.task == Task::Classification ? slice().direction : slice().ret);
    const auto first = model->predict(slice().X);
    EXPECT_EQ(model->predict(slice().X), first) << "dropout active at prediction";
    // Batch norm uses running averages at prediction: one row alone predicts as it does among all rows.
    Matrix one(1, slice().X.cols);
    std::copy_n(slice().X.data.begin() + static_cast<std::ptrdiff_t>(500 * slice().X.cols), slice().X.cols,
                one.data.begin());
    if (spec.id.rfind("mlp_", 0) == 0) {
      EXPECT_NEAR(model->predict(one)[0], first[500], 1e-6);
    }
    auto again = spec.make(effective_params(spec, Json{{"epochs", 3}}), 9);
    again->fit(slice().X, spec.task == Task::Classification ? slice().direction : slice().ret);
    EXPECT_EQ(again->predict(slice().X), first) << "dropout masks must follow the seed";
    auto other = spec.make(effective_params(spec, Json{{"epochs", 3}}), 10);
    other->fit(slice().X, spec.task == Task::Classification ? slice().direction : slice().ret);
    EXPECT_NE(other->predict(slice().X), first);
  }
}

TEST(TorchModels, BadRegularisationSettingsAreRefused) {
  const ModelSpec& drop = find_model_spec("mlp_dropout_3x64_classifier");
  EXPECT_THROW(drop.make(effective_params(drop, Json{{"dropout", 1.0}}), 0), Error);
  EXPECT_THROW(drop.make(effective_params(drop, Json{{"dropout", -0.1}}), 0), Error);
  EXPECT_THROW(drop.make(effective_params(drop, Json{{"batch_size", 1}}), 0), Error);
  const ModelSpec& huber = find_model_spec("mlp_huber_regressor");
  EXPECT_THROW(huber.make(effective_params(huber, Json{{"huber_delta", 0.0}}), 0), Error);
}

// mlp_huber_regressor is mlp_3x64_regressor's net (same initial weights for
// a seed) trained with the Huber loss: Huber(r) <= r^2 / 2 with equality
// only for |r| <= delta, so on real returns, whose tails hold residuals of
// several standard deviations, its first-epoch loss is below half the
// squared-error one, and the fitted models differ.
TEST(TorchModels, HuberRegressorDampsReturnOutliers) {
  const Json settings{{"epochs", 3}, {"patience", 3}};
  const ModelSpec& huber_spec = find_model_spec("mlp_huber_regressor");
  const ModelSpec& mse_spec = find_model_spec("mlp_3x64_regressor");
  auto huber = huber_spec.make(effective_params(huber_spec, settings), 4);
  auto mse = mse_spec.make(effective_params(mse_spec, settings), 4);
  huber->fit(slice().X, slice().ret);
  mse->fit(slice().X, slice().ret);
  const double huber_first = torch_training_log(*huber)->train_loss.front();
  const double mse_first = torch_training_log(*mse)->train_loss.front();
  EXPECT_LT(huber_first, 0.5 * mse_first) << "huber " << huber_first << " mse " << mse_first;
  EXPECT_NE(huber->predict(slice().X), mse->predict(slice().X));
}

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
  EXPECT_EQ(neural, 31);
  EXPECT_EQ(library_versions()["torch"], torch_version());
  EXPECT_EQ(torch_training_log(*find_model_spec("ridge").make(Json::object(), 0)), nullptr);
}

}  // namespace
}  // namespace mlt
