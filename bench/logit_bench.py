#!/usr/bin/python3
"""statsmodels' side of bench/logit_bench.sh: the anchor the key driver engine is measured
beside, on the same table. Modes:
  make PATH ROWS DRIVERS   write a seeded table (outcome `satisfied`, drivers d0..d{k-1})
  fit PATH OURS.csv        time statsmodels' Logit fit (median of 5) on PATH and compare its
                           coefficients, standard errors and p-values with OURS.csv
"""
import csv
import sys
import time

import numpy as np


def make(path, rows, drivers):
    rng = np.random.default_rng(16)
    x = np.empty((rows, drivers))
    half = drivers // 2
    x[:, :half] = rng.integers(0, 2, (rows, half))  # yes/no diagnostic answers
    x[:, half:] = np.round(rng.gamma(2.0, 3.0, (rows, drivers - half)), 3)  # days, counts
    coefs = rng.normal(0, 0.3, drivers + 1)
    eta = coefs[0] + x @ coefs[1:]
    y = (rng.random(rows) < 1 / (1 + np.exp(-eta))).astype(int)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["satisfied"] + [f"d{j}" for j in range(drivers)])
        for i in range(rows):
            w.writerow([y[i]] + [repr(float(v)) if j >= half else int(v) for j, v in enumerate(x[i])])


def fit(path, ours_path):
    import statsmodels.api as sm
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    y, x = data[:, 0], sm.add_constant(data[:, 1:], has_constant="add")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        ref = sm.Logit(y, x).fit(disp=0)
        _ = (ref.bse, ref.pvalues, ref.conf_int())
        times.append(time.perf_counter() - start)
    times.sort()
    with open(ours_path) as f:
        ours = list(csv.DictReader(f))
    worst = 0.0
    for i, row in enumerate(ours):
        for key, want in (("coefficient", ref.params[i]), ("std_error", ref.bse[i]), ("p_value", ref.pvalues[i])):
            worst = max(worst, abs(float(row[key]) - want) / max(1.0, abs(want)))
    print(f"statsmodels_fit_ms {times[2] * 1000:.1f}")
    print(f"largest_difference {worst:.2e}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        fit(sys.argv[2], sys.argv[3])
