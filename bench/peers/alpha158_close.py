#!/usr/bin/python3
"""pandas peer of mlTrainer's close-only Alpha158 features (src/features/alpha158.cpp).

Computes, for every stock of a wide close panel and every window d in
{5, 10, 20, 30, 60}: ROC, MA, STD, BETA, RSQR, RESI, MAX, MIN, QTLU, QTLD,
RANK, RSV, IMAX, IMIN, IMXD, CNTP, CNTN, CNTD, SUMP, SUMN, SUMD -- the same
formulas (docs/features.md), written as a careful pandas user would: the
built-in rolling kernels (mean, std, cov, corr, max, min, quantile, rank)
wherever pandas has one, and rolling().apply(raw=True) with numpy only for
the arg-max/arg-min positions, which pandas has no kernel for.

usage: alpha158_close.py CSV OUT_BIN REPEATS
writes the feature values as float64, stock-major then feature then row
(stocks x features x rows, NaN during warm-up), to OUT_BIN and prints one
JSON object: {"ms", "cpu_ms", "stocks", "rows", "names", "pandas", "numpy"}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

WINDOWS = (5, 10, 20, 30, 60)
EPS = 1e-12


def features(c):
    """Alpha158 close-only columns of one close series, as {name: Series}."""
    out = {}
    idx = pd.Series(np.arange(len(c), dtype=float), index=c.index)
    dc = c.diff()
    up = (dc > 0).astype(float).where(dc.notna())
    down = (dc < 0).astype(float).where(dc.notna())
    pos, neg, absdc = dc.clip(lower=0), (-dc).clip(lower=0), dc.abs()
    for d in WINDOWS:
        r = c.rolling(d)
        mean = r.mean()
        slope = idx.rolling(d).cov(c) / idx.rolling(d).var()
        rsq = idx.rolling(d).corr(c) ** 2
        hi, lo = r.max(), r.min()
        imax = r.apply(np.argmax, raw=True) + 1
        imin = r.apply(np.argmin, raw=True) + 1
        cntp, cntn = up.rolling(d).mean(), down.rolling(d).mean()
        sp, sn, sa = pos.rolling(d).sum(), neg.rolling(d).sum(), absdc.rolling(d).sum() + EPS
        out[f"ROC{d}"] = c.shift(d) / c
        out[f"MA{d}"] = mean / c
        out[f"STD{d}"] = r.std() / c
        out[f"BETA{d}"] = slope / c
        # A flat window has no defined R^2: 0, as Qlib after its Fillna step.
        out[f"RSQR{d}"] = rsq.where(r.std() > 0, 0.0).where(mean.notna())
        out[f"RESI{d}"] = (c - (mean + slope * (d - 1) / 2)) / c
        out[f"MAX{d}"] = hi / c
        out[f"MIN{d}"] = lo / c
        out[f"QTLU{d}"] = r.quantile(0.8) / c
        out[f"QTLD{d}"] = r.quantile(0.2) / c
        out[f"RANK{d}"] = r.rank(pct=True)
        out[f"RSV{d}"] = (c - lo) / (hi - lo + EPS)
        out[f"IMAX{d}"] = imax / d
        out[f"IMIN{d}"] = imin / d
        out[f"IMXD{d}"] = (imax - imin) / d
        out[f"CNTP{d}"] = cntp
        out[f"CNTN{d}"] = cntn
        out[f"CNTD{d}"] = cntp - cntn
        out[f"SUMP{d}"] = sp / sa
        out[f"SUMN{d}"] = sn / sa
        out[f"SUMD{d}"] = (sp - sn) / sa
    return out


def main():
    path, out_bin, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    close = pd.read_csv(path, index_col=0, parse_dates=True)
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = {name: features(close[name]) for name in close.columns}
        best = min(best, (time.perf_counter() - t0) * 1e3)
        best_cpu = min(best_cpu, (time.process_time() - c0) * 1e3)
    names = list(next(iter(result.values())).keys())
    values = np.stack([np.stack([result[s][n].to_numpy(dtype=float) for n in names]) for s in close.columns])
    values.astype(np.float64).tofile(out_bin)
    print(json.dumps({"ms": best, "cpu_ms": best_cpu, "stocks": list(close.columns), "rows": len(close),
                      "names": names, "pandas": pd.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
