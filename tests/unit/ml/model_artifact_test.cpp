// Versioned-model artifacts on real S&P 500 data: a saved model reloads to
// identical predictions, the same command twice gives identical metrics and
// artifact hashes, and damaged or mismatched inputs fail with clear errors.
#include <gtest/gtest.h>

#include "core/error.h"
#include "ml/model_artifact.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

// The latest 60 feature rows of the slice: what ml.predict scores.
FeatureMatrix latest_rows(const FeatureMatrix& all, std::size_t n) {
  FeatureMatrix out;
  out.names = all.names;
  const std::size_t first = all.rows() - n;
  out.ts.assign(all.ts.begin() + static_cast<std::ptrdiff_t>(first), all.ts.end());
  out.source_row.assign(all.source_row.begin() + static_cast<std::ptrdiff_t>(first), all.source_row.end());
  out.values.assign(all.values.begin() + static_cast<std::ptrdiff_t>(first * all.cols()), all.values.end());
  return out;
}

class ArtifactRoundTrip : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ArtifactRoundTrip, ReloadGivesIdenticalPredictions) {
  const auto [model, target] = GetParam();
  const TrainSpec spec = test::small_spec(model, target);
  const ModelArtifact a = fit_artifact(test::sp500_set(), spec, "standard");
  EXPECT_EQ(a.n_train, test::sp500_set().X.rows());  // fitted on every labelled row
  // Predict on rows that include the newest, unlabelled ones.
  const DatasetFeatures f = dataset_features(test::sp500_2010_2015(), "");
  ASSERT_GT(f.X.rows(), test::sp500_set().X.rows());
  const FeatureMatrix latest = latest_rows(f.X, 60);
  const auto before = a.predict(latest);
  const ModelArtifact b = ModelArtifact::from_bytes(a.bytes());
  EXPECT_EQ(b.bytes(), a.bytes());
  EXPECT_EQ(b.predict(latest), before);  // bit-identical
  ASSERT_EQ(before.size(), 60U);
  for (double p : before) EXPECT_TRUE(std::isfinite(p));
}

INSTANTIATE_TEST_SUITE_P(Models, ArtifactRoundTrip,
                         ::testing::Values(std::pair{"xgboost_classifier", "direction"},
                                           std::pair{"logistic_l2", "direction"}, std::pair{"ridge", "return"},
                                           std::pair{"random_trees_classifier", "direction"}));

TEST(ModelArtifact, SameCommandTwiceGivesIdenticalMetricsAndHash) {
  const TrainSpec spec = test::small_spec("xgboost_classifier");
  const Json m1 = train_on_set(test::sp500_set(), spec)["metrics"];
  const Json m2 = train_on_set(test::sp500_set(), spec)["metrics"];
  EXPECT_EQ(m1.dump(), m2.dump());
  const std::string h1 = fit_artifact(test::sp500_set(), spec, "standard").sha256();
  const std::string h2 = fit_artifact(test::sp500_set(), spec, "standard").sha256();
  EXPECT_EQ(h1, h2);
  EXPECT_EQ(h1.size(), 64U);
  TrainSpec other = spec;
  other.seed = spec.seed + 1;
  other.params["subsample"] = 0.8;  // the seed only matters where sampling happens
  EXPECT_NE(fit_artifact(test::sp500_set(), other, "standard").sha256(), h1);
}

TEST(ModelArtifact, MismatchedFeaturesAreRejected) {
  const ModelArtifact a = fit_artifact(test::sp500_set(), test::small_spec("logistic_l2"), "standard");
  FeatureMatrix fewer = latest_rows(test::sp500_set().X, 10);
  fewer.names.back() = "something_else";
  EXPECT_THROW(a.predict(fewer), Error);
}

TEST(ModelArtifact, DamagedBytesAreInvalidArgument) {
  for (const std::string& bad : {std::string("not json"), std::string(R"({"format":"other"})"),
                                std::string(R"({"format":"mltrainer-model/1","model":"ridge"})")}) {
    try {
      (void)ModelArtifact::from_bytes(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << bad;
    }
  }
}

TEST(ModelArtifact, WrongTaskIsInvalidArgument) {
  EXPECT_THROW(fit_artifact(test::sp500_set(), test::small_spec("ridge", "direction"), "standard"), Error);
}

}  // namespace
}  // namespace mlt
