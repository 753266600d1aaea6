#!/usr/bin/python3
"""Vectorised pandas/numpy peer of mlTrainer's moving-average-crossover grid.

Same rules as src/backtest: long (1/N of equity per stock) while SMA(fast) >
SMA(slow) by more than 1e-10 relative, flat otherwise; a position decided at close t is filled at close
t+1 (so it earns close t+1 -> t+2); costs of (commission + slippage) bps on
traded weight, net = (1 + gross)(1 - cost) - 1; Sharpe = mean / std (ddof 1)
* sqrt(252) over every bar after the first. Rolling means are computed once
per window and reused across the grid, as a careful pandas user would.

usage: ma_grid.py CSV COST_BPS FASTS SLOWS REPEATS  (FASTS/SLOWS comma-separated)
prints one JSON object: {"ms": best wall time, "cpu_ms": best process CPU time, "results": [{fast, slow, sharpe}]}
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def run_grid(close, fasts, slows, cost):
    n_assets = close.shape[1]
    rets = close.pct_change().fillna(0.0)
    means = {w: close.rolling(w).mean() for w in sorted(set(fasts) | set(slows))}
    out = []
    for fast in fasts:
        for slow in slows:
            if fast >= slow:
                continue
            # "Above" by more than 1e-10 relative, as mlTrainer: ties of averages
            # over stale prices must not hinge on summation order. NaN: flat.
            above = means[fast] > means[slow] + 1e-10 * means[slow].abs()
            target = above.astype(float) / n_assets
            held = target.shift(1).fillna(0.0)  # filled at the next close
            earn = held.shift(1).fillna(0.0)    # held over the following bar
            gross = (earn * rets).sum(axis=1)
            traded = (held - held.shift(1).fillna(0.0)).abs().sum(axis=1)
            net = ((1.0 + gross) * (1.0 - cost * traded) - 1.0).iloc[1:]
            out.append({"fast": fast, "slow": slow, "sharpe": float(net.mean() / net.std() * np.sqrt(252.0))})
    return out


def main():
    path, cost_bps, fasts, slows, repeats = sys.argv[1:6]
    close = pd.read_csv(path, index_col=0, parse_dates=True)
    fasts = [int(x) for x in fasts.split(",")]
    slows = [int(x) for x in slows.split(",")]
    best, best_cpu, results = float("inf"), float("inf"), None
    for _ in range(int(repeats)):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = run_grid(close, fasts, slows, float(cost_bps) / 1e4)
        best = min(best, (time.perf_counter() - start) * 1e3)
        best_cpu = min(best_cpu, (time.process_time() - start_cpu) * 1e3)
    print(json.dumps({"ms": best, "cpu_ms": best_cpu, "results": results, "pandas": pd.__version__,
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
