// Out-of-sample metrics. All take equal-length vectors and throw
// Error{InvalidArgument} when the lengths differ or are zero. A metric that
// is undefined for the input (AUC with one class, correlation with a
// constant vector) returns NaN rather than a made-up number.
#pragma once

#include <span>
#include <vector>

namespace mlt {

// Classification: y in {0,1}; p is the class-1 probability or any score.
double accuracy(std::span<const double> y, std::span<const double> p, double threshold = 0.5);
// Mann-Whitney form: P(score of a positive > score of a negative), ties count 1/2.
double roc_auc(std::span<const double> y, std::span<const double> score);
// Mean of the true-positive and true-negative rates (NaN with one class).
double balanced_accuracy(std::span<const double> y, std::span<const double> p, double threshold = 0.5);
// F1 of class 1: 2·precision·recall / (precision + recall); 0 when nothing is predicted or present.
double f1_score(std::span<const double> y, std::span<const double> p, double threshold = 0.5);
// Mean squared error of the probability against the 0/1 outcome.
double brier_score(std::span<const double> y, std::span<const double> p);
// Mean binary cross-entropy with p clipped to [1e-15, 1 - 1e-15].
double log_loss(std::span<const double> y, std::span<const double> p);

// Regression.
double rmse(std::span<const double> y, std::span<const double> pred);
double mae(std::span<const double> y, std::span<const double> pred);
// 1 - SS_res / SS_tot around the mean of y (can be negative).
double r2(std::span<const double> y, std::span<const double> pred);
// Pearson correlation: the information coefficient (IC) of a forecast.
double pearson(std::span<const double> a, std::span<const double> b);
// Spearman correlation (Pearson of average ranks): the rank IC.
double spearman(std::span<const double> a, std::span<const double> b);
// Fraction of rows where sign(pred) == sign(y) (zero counts as non-positive).
double directional_accuracy(std::span<const double> y, std::span<const double> pred);

// 1-based ranks with ties given the average of their positions.
std::vector<double> average_ranks(std::span<const double> x);

}  // namespace mlt
