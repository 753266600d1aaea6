#!/usr/bin/python3
"""scikit-learn peer of mlTrainer's models on identical data and splits.

mlTrainer writes the training set it uses (features already built, labels,
and the row indices of every validation fold) to a folder; this script fits
the scikit-learn counterpart of each requested mlTrainer model on exactly
those folds -- StandardScaler fitted on the training rows only, as mlTrainer
does -- and scores the test rows with the same metric (ROC AUC of the class-1
score for classifiers, Pearson IC with the forward return for regressors).

usage: sklearn_models.py BUNDLE_DIR ID[,ID...]
BUNDLE_DIR holds meta.json {rows, cols, splits:[{train:[...], test:[...]}]},
X.f64 (rows x cols, row-major float64), y_direction.f64, y_return.f64.
prints one JSON object: {"sklearn", "models": [{"id", "peer", "ms", "cpu_ms",
"metric", "score", "error"}]}; ms/cpu_ms are the total over the folds of
scaling, fitting and predicting.
"""
import json
import warnings
import os
import sys
import time

# One thread, as each mlTrainer model in the comparison (set before numpy and
# scikit-learn load their OpenMP/BLAS runtimes).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn import cluster, discriminant_analysis as da, ensemble, linear_model as lm, naive_bayes, neighbors, \
    neural_network, svm, tree  # noqa: E402
from sklearn.metrics import roc_auc_score, silhouette_score  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

# mlTrainer id -> (scikit-learn estimator with mlTrainer's default settings, task).
PEERS = {
    "logistic_l2": (lambda: lm.LogisticRegression(C=1.0, solver="liblinear", tol=0.01), "c"),
    "linear_svc_squared_hinge": (lambda: svm.LinearSVC(C=1.0, loss="squared_hinge", dual=False, tol=0.01), "c"),
    "lda": (lambda: da.LinearDiscriminantAnalysis(solver="lsqr", shrinkage=1e-6), "c"),
    "qda": (lambda: da.QuadraticDiscriminantAnalysis(reg_param=0.01), "c"),
    "gaussian_nb": (lambda: naive_bayes.GaussianNB(var_smoothing=1e-9), "c"),
    "decision_tree_classifier": (lambda: tree.DecisionTreeClassifier(max_depth=5, min_samples_split=20,
                                                                      random_state=0), "c"),
    "random_forest_100": (lambda: ensemble.RandomForestClassifier(n_estimators=100, max_depth=8, max_features=0.6,
                                                                  max_samples=0.632, random_state=0), "c"),
    "extra_trees_100": (lambda: ensemble.ExtraTreesClassifier(
        n_estimators=100, max_depth=8, min_samples_split=10, max_features="sqrt", random_state=0), "c"),
    "xgboost_classifier": (lambda: ensemble.HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.05, max_depth=3, early_stopping=False, random_state=0), "c"),
    "adaboost_discrete": (lambda: ensemble.AdaBoostClassifier(
        tree.DecisionTreeClassifier(max_depth=1), n_estimators=100, algorithm="SAMME", random_state=0), "c"),
    "knn_classifier": (lambda: neighbors.KNeighborsClassifier(n_neighbors=50), "c"),
    "mlp_3x64_classifier": (lambda: neural_network.MLPClassifier(
        hidden_layer_sizes=(64, 64, 64), batch_size=64, max_iter=30, learning_rate_init=0.001, early_stopping=True,
        validation_fraction=0.2, n_iter_no_change=5, random_state=0), "c"),
    "ols": (lambda: lm.LinearRegression(), "r"),
    "ridge": (lambda: lm.Ridge(alpha=1.0), "r"),
    "lasso": (lambda: lm.Lasso(alpha=1e-4, max_iter=1000, tol=1e-7), "r"),
    "elastic_net": (lambda: lm.ElasticNet(alpha=2e-4, l1_ratio=0.5, max_iter=1000, tol=1e-7), "r"),
    "huber": (lambda: lm.HuberRegressor(epsilon=1.35, alpha=1e-4, max_iter=100), "r"),
    "bayesian_ridge": (lambda: lm.BayesianRidge(n_iter=300, tol=1e-6), "r"),
    "decision_tree_regressor": (lambda: tree.DecisionTreeRegressor(max_depth=5, min_samples_split=20,
                                                                    random_state=0), "r"),
    "random_forest_regressor_100": (lambda: ensemble.RandomForestRegressor(
        n_estimators=100, max_depth=8, max_features=0.6, max_samples=0.632, random_state=0), "r"),
    "extra_trees_regressor_100": (lambda: ensemble.ExtraTreesRegressor(
        n_estimators=100, max_depth=8, min_samples_split=10, max_features=1.0, random_state=0), "r"),
    "xgboost_regressor": (lambda: ensemble.HistGradientBoostingRegressor(
        max_iter=100, learning_rate=0.05, max_depth=3, early_stopping=False, random_state=0), "r"),
    "knn_regressor": (lambda: neighbors.KNeighborsRegressor(n_neighbors=50), "r"),
    "kmeans": (lambda: cluster.KMeans(n_clusters=3, n_init=4, random_state=0), "k"),
    "minibatch_kmeans": (lambda: cluster.MiniBatchKMeans(n_clusters=3, batch_size=256, random_state=0), "k"),
}


def score(est, task, X, y_cls, y_ret):
    if task == "c":
        s = est.predict_proba(X)[:, 1] if hasattr(est, "predict_proba") else est.decision_function(X)
        return "auc", roc_auc_score(y_cls, s)
    if task == "r":
        return "ic", float(np.corrcoef(est.predict(X), y_ret)[0, 1])
    labels = est.predict(X)
    rows = X[:2000], labels[:2000]
    return "silhouette", float(silhouette_score(*rows)) if len(set(rows[1])) > 1 else float("nan")


def run(model_id, X, y_cls, y_ret, splits):
    make, task = PEERS[model_id]
    out = {"id": model_id, "peer": type(make()).__name__, "ms": 0.0, "cpu_ms": 0.0}
    scores = []
    for split in splits:
        train, test = np.asarray(split["train"]), np.asarray(split["test"])
        t0, c0 = time.perf_counter(), time.process_time()
        scaler = StandardScaler().fit(X[train])
        est = make()
        if task == "c":
            est.fit(scaler.transform(X[train]), y_cls[train])
        elif task == "r":
            est.fit(scaler.transform(X[train]), y_ret[train])
        else:
            est.fit(scaler.transform(X[train]))
        metric, value = score(est, task, scaler.transform(X[test]), y_cls[test], y_ret[test])
        out["ms"] += (time.perf_counter() - t0) * 1e3
        out["cpu_ms"] += (time.process_time() - c0) * 1e3
        scores.append(value)
    out["metric"], out["score"] = metric, float(np.mean(scores))
    return out


def main():
    warnings.filterwarnings("ignore", category=FutureWarning)  # version notices, not results
    folder, ids = sys.argv[1], sys.argv[2].split(",")
    with open(os.path.join(folder, "meta.json")) as f:
        meta = json.load(f)
    X = np.fromfile(os.path.join(folder, "X.f64")).reshape(meta["rows"], meta["cols"])
    y_cls = np.fromfile(os.path.join(folder, "y_direction.f64"))
    y_ret = np.fromfile(os.path.join(folder, "y_return.f64"))
    models = []
    for model_id in ids:
        if model_id not in PEERS:
            models.append({"id": model_id, "error": "no scikit-learn counterpart"})
            continue
        try:
            models.append(run(model_id, X, y_cls, y_ret, meta["splits"]))
        except Exception as e:  # reported on the model's row, as mlTrainer's leaderboard does
            models.append({"id": model_id, "error": str(e)})
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "models": models}))


if __name__ == "__main__":
    main()
