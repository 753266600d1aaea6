// The registry table is assembled from one file per library group
// (internal to src/ml; model_registry.cpp calls these in this order).
#pragma once

#include <vector>

#include "ml/model_registry.h"

namespace mlt {

void add_boosting_models(std::vector<ModelSpec>& table);  // registry_boosting.cpp: XGBoost
void add_linear_models(std::vector<ModelSpec>& table);    // registry_linear.cpp: LIBLINEAR, Eigen
void add_opencv_models(std::vector<ModelSpec>& table);    // registry_opencv.cpp: OpenCV ml
void add_native_models(std::vector<ModelSpec>& table);    // registry_native.cpp: own implementations
void add_clustering_models(std::vector<ModelSpec>& table);  // registry_clustering.cpp: regimes (task clustering)
// registry_ensembles.cpp: compositions of the entries above (added last: members are looked up lazily).
void add_ensemble_models(std::vector<ModelSpec>& table);

}  // namespace mlt
