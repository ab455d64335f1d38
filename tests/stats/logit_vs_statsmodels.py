#!/usr/bin/python3
"""Key driver analysis against statsmodels' Logit (Debian's python3-statsmodels).

Generates tables with known drivers (seeded), runs `citizenfocus stats logit` on each, fits the
same data with statsmodels, and requires coefficients, standard errors and p-values to agree
to 1e-6 (odds ratios and intervals follow from them and are checked too). Then checks that
separated, collinear and too-small tables are refused with an error naming the problem.

Usage: logit_vs_statsmodels.py CITIZENFOCUS_BINARY
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import statsmodels.api as sm

BINARY = sys.argv[1]
TOL = 1e-6
failures = []


def run(path, *args):
    return subprocess.run([BINARY, "stats", "logit", path, *args], capture_output=True, text=True)


def write_table(path, names, columns):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for row in zip(*columns):
            w.writerow([repr(float(v)) if isinstance(v, float) else v for v in row])


def generate(rng, n, coefs, binary):
    """Drivers: the first `binary` are 0/1 answers, the rest continuous (days, counts)."""
    k = len(coefs) - 1
    x = np.empty((n, k))
    for j in range(k):
        x[:, j] = rng.integers(0, 2, n) if j < binary else np.round(rng.gamma(2.0, 3.0, n), 3)
    eta = coefs[0] + x @ np.asarray(coefs[1:])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return y, x


def compare(label, y, x, names, args=()):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.csv")
        columns = [list(y)] + [list(x[:, j]) for j in range(x.shape[1])]
        write_table(path, ["satisfied"] + names, columns)
        for fmt in ("csv", "json"):
            got = run(path, "--outcome", "satisfied", "--format", fmt, *args)
            if got.returncode != 0:
                failures.append(f"{label} ({fmt}): exit {got.returncode}: {got.stderr}")
                return
            if fmt == "csv":
                rows = list(csv.DictReader(io.StringIO(got.stdout)))
                header = got.stdout.splitlines()[0]
                want = "term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,importance"
                if header != want:
                    failures.append(f"{label}: header {header!r}")
            else:
                rows = json.loads(got.stdout)["terms"]
            ref = sm.Logit(y, sm.add_constant(x, has_constant="add")).fit(disp=0, tol=1e-12, maxiter=100)
            conf = np.exp(ref.conf_int())
            terms = ["(intercept)"] + names
            if [r["term"] for r in rows] != terms:
                failures.append(f"{label} ({fmt}): terms {[r['term'] for r in rows]}")
                return
            worst = 0.0
            for i, r in enumerate(rows):
                for key, want in (("coefficient", ref.params[i]), ("std_error", ref.bse[i]),
                                  ("p_value", ref.pvalues[i]), ("z", ref.tvalues[i]),
                                  ("odds_ratio", np.exp(ref.params[i])),
                                  ("ci95_low", conf[i][0]), ("ci95_high", conf[i][1])):
                    err = abs(float(r[key]) - want) / max(1.0, abs(want))
                    worst = max(worst, err)
                    if err > TOL:
                        failures.append(f"{label} ({fmt}) {r['term']} {key}: {r[key]} vs statsmodels {want}")
            importance = sum(float(r["importance"]) for r in rows[1:])
            if abs(importance - 1) > 1e-9:
                failures.append(f"{label} ({fmt}): importances add to {importance}")
            print(f"{label} ({fmt}): {len(rows)} terms, largest difference from statsmodels {worst:.2e}")


def refused(label, y, x, names, needle):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.csv")
        write_table(path, ["satisfied"] + names, [list(y)] + [list(x[:, j]) for j in range(x.shape[1])])
        got = run(path, "--outcome", "satisfied")
        if got.returncode == 0 or needle not in got.stderr:
            failures.append(f"{label}: expected a refusal naming {needle!r}, got exit {got.returncode}: "
                            f"{got.stderr or got.stdout[:200]}")
        else:
            print(f"{label}: refused: {got.stderr.strip().splitlines()[-1]}")


rng = np.random.default_rng(20261202)
# Survey-like: five yes/no diagnostic answers and two case facts.
y, x = generate(rng, 2000, [-0.4, 1.1, 0.6, -0.8, 0.0, 0.3, -0.05, 0.12], binary=5)
compare("survey-like 2000 x 7", y, x, ["knew_who", "calls_returned", "asked_first",
                                      "told_arrest", "told_closed", "days_to_update", "contacts"])
# Small and noisy.
y, x = generate(rng, 150, [0.2, 0.9, -0.5], binary=1)
compare("small 150 x 2", y, x, ["q1", "days"])
# Many drivers.
y, x = generate(rng, 20000, list(rng.normal(0, 0.5, 21)), binary=12)
compare("wide 20000 x 20", y, x, [f"d{j}" for j in range(20)])
# --drivers picks and orders columns.
y, x = generate(rng, 800, [0.1, 0.7, -0.4, 0.2], binary=2)
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "t.csv")
    write_table(path, ["a", "satisfied", "b", "c"], [list(x[:, 0]), list(y), list(x[:, 1]), list(x[:, 2])])
    got = run(path, "--outcome", "satisfied", "--drivers", "c,a")
    ref = sm.Logit(y, sm.add_constant(x[:, [2, 0]])).fit(disp=0, tol=1e-12)
    rows = list(csv.DictReader(io.StringIO(got.stdout)))
    if got.returncode != 0 or [r["term"] for r in rows] != ["(intercept)", "c", "a"] or \
            max(abs(float(r["coefficient"]) - c) for r, c in zip(rows, ref.params)) > TOL:
        failures.append(f"--drivers c,a: {got.returncode} {got.stdout} {got.stderr}")
    else:
        print("--drivers c,a: chosen and ordered")

# Refusals.
y, x = generate(rng, 500, [0.0, 0.5, 0.5], binary=2)
x[:, 1] = np.where(y == 1, 1, x[:, 1])  # every q2 = 0 is dissatisfied: quasi-separation
refused("one driver separates", y, x, ["q1", "q2"], "separation")
y, x = generate(rng, 500, [0.0, 0.5, 0.2], binary=1)
x[:, 1] = np.where(y == 1, 10 + rng.random(500), rng.random(500))  # complete separation
refused("a continuous driver separates", y, x, ["q1", "days"], "separation")
y, x = generate(rng, 500, [0.0, 0.5, 0.3, 0.1], binary=2)
x[:, 2] = 2 * x[:, 0] - x[:, 1]  # exactly collinear
refused("collinear drivers", y, x, ["q1", "q2", "q3"], "collinear")
y, x = generate(rng, 500, [0.0, 0.5, 0.3], binary=2)
x[:, 1] = 1
refused("a constant driver", y, x, ["q1", "q2"], "collinear")
y, x = generate(rng, 12, [0.0, 0.5, 0.3], binary=2)
refused("too few rows", y, x, ["q1", "q2"], "too few rows")
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "t.csv")
    with open(path, "w") as f:
        f.write("satisfied,q1\n1,0\n0,1\n1,yes\n2,1\n")
    got = run(path, "--outcome", "satisfied")
    if got.returncode != 3 or "line 4, column q1" not in got.stderr or "line 5, column satisfied" not in got.stderr:
        failures.append(f"bad cells: exit {got.returncode}: {got.stderr}")
    else:
        print("bad cells: named by line and column")
    got = run(path, "--outcome", "happy")
    if got.returncode != 3 or 'no column "happy"' not in got.stderr:
        failures.append(f"unknown outcome: exit {got.returncode}: {got.stderr}")

if failures:
    print("\n".join(["FAILED:"] + failures))
    sys.exit(1)
print("all agree")
