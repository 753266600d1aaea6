// ml.tune's engine on the real S&P 500 slice: the nested scores equal plain
// ml.train fits on the same rows, the inner splits never reach the outer
// test fold or its purge zone, random search is seeded, and bad spaces or
// failing candidates are handled as documented.
#include "ml/tune.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "ml/model_registry.h"
#include "ml/search_space.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

TuneSpec ridge_tune(Json space) {
  TuneSpec t;
  t.base = test::small_spec("ridge", "return");
  t.space = std::move(space);
  return t;
}

// The rows of `set` at `rows`, as ml.train would see a dataset of only those rows.
TrainingSet subset(const TrainingSet& set, const std::vector<std::size_t>& rows) {
  TrainingSet out;
  out.X.names = set.X.names;
  for (std::size_t r : rows) {
    out.X.ts.push_back(set.X.ts[r]);
    out.X.source_row.push_back(set.X.source_row[r]);
    for (std::size_t c = 0; c < set.X.cols(); ++c) out.X.values.push_back(set.X.at(r, c));
    out.direction.push_back(set.direction[r]);
    out.forward_return.push_back(set.forward_return[r]);
  }
  return out;
}

const Json& candidate_with(const Json& report, const Json& params) {
  for (const auto& row : report["candidates"])
    if (row["params"] == params) return row;
  ADD_FAILURE() << "no candidate " << params.dump();
  return report;
}

Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::Internal, "none");
}

TEST(Tune, GridOverRidgeAlphaMatchesTrainOnTheOuterTrainingRows) {
  const TrainingSet& set = test::sp500_set();
  const TuneSpec t = ridge_tune(Json{{"alpha", {1.0, 100.0, 10000.0}}});
  const Json report = tune_on_set(set, t);
  ASSERT_EQ(report["n_candidates"], 3);
  ASSERT_EQ(report["n_failed"], 0);
  EXPECT_EQ(report["metric"], "ic");
  const auto outer = make_cv_splits(set.X.rows(), t.base);
  ASSERT_EQ(report["outer_folds"].size(), outer.size());

  for (std::size_t k = 0; k < outer.size(); ++k) {
    // ml.train on a dataset holding only this fold's training rows carves the same inner splits.
    const TrainingSet inner_set = subset(set, outer[k].train);
    double best = -1e300;
    Json best_params;
    for (double alpha : {1.0, 100.0, 10000.0}) {
      TrainSpec plain = t.base;
      plain.params = Json{{"alpha", alpha}};
      plain.folds = t.inner_folds;
      const double ic = train_on_set(inner_set, plain)["metrics"]["ic"]["mean"].get<double>();
      const Json& row = candidate_with(report, Json{{"alpha", alpha}});
      EXPECT_NEAR(row["fold_scores"][k].get<double>(), ic, 1e-12) << "alpha " << alpha << " fold " << k + 1;
      if (ic > best) {
        best = ic;
        best_params = Json{{"alpha", alpha}};
      }
    }
    const Json& fold = report["outer_folds"][k];
    EXPECT_EQ(fold["params"], best_params);
    // The outer score: the chosen alpha fitted on the outer training rows, scored on the outer test rows.
    TrainSpec chosen = t.base;
    chosen.params = best_params;
    const Json once = train_on_splits(set, chosen, {outer[k]});
    EXPECT_EQ(fold["metrics"], once["folds"][0]["metrics"]);
    EXPECT_EQ(fold["n_test"], outer[k].test.size());
  }
  // Ranked best first; the recommendation is the top row.
  const Json& rows = report["candidates"];
  for (std::size_t i = 0; i + 1 < rows.size(); ++i)
    EXPECT_GE(rows[i]["mean"].get<double>(), rows[i + 1]["mean"].get<double>());
  EXPECT_EQ(report["recommended"]["candidate"], rows[0]["candidate"]);
  EXPECT_EQ(report["recommended"]["params"]["alpha"], rows[0]["params"]["alpha"]);
  int chosen_total = 0;
  for (const auto& r : rows) chosen_total += r["times_chosen"].get<int>();
  EXPECT_EQ(chosen_total, static_cast<int>(outer.size()));
  EXPECT_TRUE(report["outer"]["mean"].is_number());
  EXPECT_EQ(rows[0]["setting"].get<std::string>().rfind("alpha=", 0), 0U);
}

TEST(Tune, InnerSplitsNeverTouchTheOuterTestFoldOrItsPurgeZone) {
  const std::size_t n = test::sp500_set().X.rows();
  for (const std::string scheme : {"expanding", "rolling", "purged_kfold", "cpcv"}) {
    TuneSpec t = ridge_tune(Json::object());
    t.base.scheme = scheme;
    t.base.horizon = 5;
    t.base.embargo = 3;
    t.inner_folds = 2;
    const std::size_t h = 5;
    for (const auto& outer : make_cv_splits(n, t.base)) {
      const std::set<std::size_t> outer_train(outer.train.begin(), outer.train.end());
      const auto inner = inner_splits(outer, t);
      ASSERT_EQ(inner.size(), 2U) << scheme;
      for (const auto& s : inner) {
        // Inner validation follows inner training by more than the horizon (labels do not overlap).
        EXPECT_LT(s.train.back() + h, s.test.front()) << scheme;
        for (const auto* rows : {&s.train, &s.test})
          for (std::size_t r : *rows) {
            ASSERT_TRUE(outer_train.count(r)) << scheme << ": row " << r << " is not an outer training row";
            // No label span [r, r+h] shares a bar with an outer test label span [j, j+h].
            const auto it = std::lower_bound(outer.test.begin(), outer.test.end(), r);
            if (it != outer.test.end()) {
              ASSERT_LT(r + h, *it) << scheme << ": row " << r;
            }
            if (it != outer.test.begin()) {
              ASSERT_GT(r, *std::prev(it) + h) << scheme << ": row " << r;
            }
          }
      }
    }
  }
}

TEST(Tune, RandomSearchIsSeeded) {
  TuneSpec t = ridge_tune(Json{{"alpha", {{"low", 0.01}, {"high", 1e5}, {"log", true}}}});
  t.method = "random";
  t.n_iter = 4;
  const auto a = tune_candidates(t);
  ASSERT_EQ(a.size(), 4U);
  EXPECT_EQ(a, tune_candidates(t));
  for (const auto& c : a) {
    EXPECT_GE(c["alpha"].get<double>(), 0.01);
    EXPECT_LE(c["alpha"].get<double>(), 1e5);
  }
  const Json r1 = tune_on_set(test::sp500_set(), t);
  const Json r2 = tune_on_set(test::sp500_set(), t);
  EXPECT_EQ(r1["candidates"], r2["candidates"]);
  EXPECT_EQ(r1["outer_folds"], r2["outer_folds"]);
  t.base.seed = 8;
  EXPECT_NE(a, tune_candidates(t));

  // An integer range draws integers inside it.
  TuneSpec knn;
  knn.base = test::small_spec("knn_classifier");
  knn.method = "random";
  knn.n_iter = 6;
  knn.space = Json{{"k", {{"low", 5}, {"high", 200}, {"log", true}}}};
  for (const auto& c : tune_candidates(knn)) {
    ASSERT_TRUE(c["k"].is_number_integer()) << c.dump();
    EXPECT_GE(c["k"].get<int>(), 5);
    EXPECT_LE(c["k"].get<int>(), 200);
  }
}

TEST(Tune, BadSpacesAreInvalidArgumentsThatSayWhatToDo) {
  const TrainingSet& set = test::sp500_set();
  Error e = error_of([&] { tune_on_set(set, ridge_tune(Json{{"alpah", {1.0}}})); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(std::string(e.what()).find("alpah"), std::string::npos) << e.what();
  EXPECT_NE(e.hint().find("alpha"), std::string::npos) << e.hint();

  TuneSpec big;
  big.base = test::small_spec();
  big.max_candidates = 10;  // the xgboost default grid is larger
  e = error_of([&] { tune_candidates(big); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(e.hint().find("random"), std::string::npos) << e.hint();

  e = error_of([&] { tune_candidates(ridge_tune(Json{{"alpha", {{"low", 0.0}, {"high", 1.0}, {"log", true}}}})); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  e = error_of([&] { tune_candidates(ridge_tune(Json{{"alpha", {"big"}}})); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  TuneSpec bad_metric = ridge_tune(Json{{"alpha", {1.0}}});
  bad_metric.metric = "auc";  // a classification metric for a regressor
  e = error_of([&] { tune_on_set(set, bad_metric); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(e.hint().find("rank_ic"), std::string::npos) << e.hint();
  TuneSpec wrong_task = ridge_tune(Json{{"alpha", {1.0}}});
  wrong_task.base.target = "direction";
  EXPECT_EQ(error_of([&] { tune_on_set(set, wrong_task); }).kind(), ErrorKind::InvalidArgument);
}

TEST(Tune, AFailingCandidateIsReportedAndTheSearchGoesOn) {
  TuneSpec t;
  t.base = test::small_spec("lda");
  t.space = Json{{"shrinkage", {1e-6, -1e9}}};  // a negative shrinkage makes LDA throw
  std::vector<std::string> messages;
  TrainCallbacks cb;
  cb.progress = [&](double, const std::string& m) { messages.push_back(m); };
  const Json report = tune_on_set(test::sp500_set(), t, cb);
  EXPECT_EQ(report["n_ok"], 1);
  EXPECT_EQ(report["n_failed"], 1);
  const Json& failed = report["candidates"][1];
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["params"]["shrinkage"], -1e9);
  EXPECT_FALSE(failed["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(report["recommended"]["params"]["shrinkage"], 1e-6);
  for (const auto& fold : report["outer_folds"]) {
    EXPECT_EQ(fold["params"]["shrinkage"], 1e-6);
    EXPECT_TRUE(fold["score"].is_number());
  }
  // One line per candidate x outer fold, one per outer refit.
  EXPECT_EQ(messages.size(), 3U * (2U + 1U));
  EXPECT_NE(messages[1].find("failed"), std::string::npos) << messages[1];
}

TEST(Tune, CancellationEndsTheSearch) {
  int calls = 0;
  TrainCallbacks cb;
  cb.check_cancelled = [&] {
    if (++calls > 4) throw Error(ErrorKind::Cancelled, "cancelled");
  };
  const Error e = error_of([&] { tune_on_set(test::sp500_set(), ridge_tune(Json{{"alpha", {1.0, 10.0}}}), cb); });
  EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
}

TEST(SearchSpace, EveryModelHasAParsableDefaultSpace) {
  for (const auto& spec : model_specs()) {
    const Json space = default_search_space(spec);
    EXPECT_NO_THROW(parse_search_space(spec, space)) << spec.id << ": " << space.dump();
  }
  EXPECT_EQ(default_search_space(find_model_spec("ridge")).at("alpha").size(), 6U);
  EXPECT_TRUE(default_search_space(find_model_spec("logistic_l2")).contains("C"));
  EXPECT_TRUE(default_search_space(find_model_spec("xgboost_classifier")).contains("max_depth"));
  // Derived: reals on a log grid, integers halved and doubled, training controls left alone.
  const Json huber = default_search_space(find_model_spec("huber"));
  EXPECT_EQ(huber.at("epsilon"), Json({0.135, 0.45, 1.35, 4.05, 13.5}));
  EXPECT_EQ(huber.at("alpha"), Json({1e-5, 3.333e-5, 1e-4, 3e-4, 1e-3}));
  EXPECT_FALSE(huber.contains("max_iter"));
  EXPECT_EQ(default_search_space(find_model_spec("pls")).at("n_components"), Json({1, 2, 4}));
}

TEST(SearchSpace, GridIsTheCartesianProductWithRangesAsFivePoints) {
  const ModelSpec& enet = find_model_spec("elastic_net");
  const auto dims = parse_search_space(
      enet, Json{{"alpha", {{"low", 1e-5}, {"high", 1e-1}, {"log", true}}}, {"l1_ratio", {0.2, 0.8}}});
  const auto grid = grid_candidates(dims, 100);
  ASSERT_EQ(grid.size(), 10U);
  EXPECT_NEAR(grid[0]["alpha"].get<double>(), 1e-5, 1e-18);
  EXPECT_NEAR(grid[2]["alpha"].get<double>(), 1e-4, 1e-16);
  EXPECT_EQ(grid[1]["l1_ratio"], 0.8);  // the last parameter varies fastest
  EXPECT_THROW(grid_candidates(dims, 9), Error);
}

}  // namespace
}  // namespace mlt
