#!/usr/bin/python3
"""The survey commands end to end on a demo force: import (CSV with a bad line, then good;
again; then XLSX with one answer changed), satisfaction with Wilson intervals, the white/BME
gap beside statsmodels' Newcombe interval and z test, and key driver analysis finding the
drivers the responses were generated with.

Usage: survey_cli_test.py CITIZENFOCUS_BINARY
"""
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import openpyxl
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from teststore import rows, scalar, test_store  # noqa: E402

BINARY = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAILED: ") + what)
    if not ok:
        failures.append(what)


with tempfile.TemporaryDirectory() as d:
    d = os.environ.get("SURVEY_TEST_DIR", d)
    db = test_store(d, "force")

    def cf(*args):
        return subprocess.run([BINARY, "--db", db, *args], capture_output=True, text=True)

    made = cf("demo", "--crimes", "400", "--password", "a-long-test-password")
    assert made.returncode == 0, made.stderr
    cases = rows(db, "SELECT k.ref, c.recorded_on FROM cases c JOIN crimes k ON k.id = c.id ORDER BY k.ref")
    today = datetime.date.today()
    rng = np.random.default_rng(16)
    header = ["response_id", "interviewed_on", "crime_reference", "ethnic_group", "ease_of_contact",
              "actions_taken", "follow_up", "treatment", "whole_experience", "knew_who_to_contact",
              "kept_informed_without_asking", "told_arrest", "comments"]
    rows, white = [], []
    for i, (ref, recorded) in enumerate(cases):
        knew = int(rng.random() < 0.6)
        kept = int(rng.random() < 0.5)
        eta = -0.8 + 1.4 * knew + 1.0 * kept
        follow = 2 if rng.random() < 1 / (1 + np.exp(-eta)) else 6
        is_white = rng.random() < 0.75
        whole = 1 if rng.random() < (0.82 if is_white else 0.70) else 5
        day = min(datetime.date.fromisoformat(recorded) + datetime.timedelta(days=50), today)
        rows.append([f"USS-{i:04d}", day.isoformat(), ref,
                     "White British" if is_white else "Asian or Asian British",
                     "Very satisfied", "3", str(follow), "don't know", str(whole),
                     "yes" if knew else "no", "Y" if kept else "N", ("yes" if i % 2 else "no") if i % 3 == 0 else "", "Nobody called me back." if i == 3 else ""])
        white.append(is_white)
    good = os.path.join(d, "uss.csv")
    with open(good, "w", newline="") as f:
        csv.writer(f).writerows([header] + rows)
    bad = os.path.join(d, "bad.csv")
    broken = [list(r) for r in rows]
    broken[4][6] = "8"
    broken[9][1] = "31/02/2026"
    broken[12][0] = broken[11][0]
    broken[5][3] = "Martian"
    broken[6][3] = "NS"
    broken[15][0] = "call-1-1"
    with open(bad, "w", newline="") as f:
        csv.writer(f).writerows([header] + broken)

    got = cf("survey", "import", bad)
    check(got.returncode == 3 and "line 6, column follow_up" in got.stderr and
          "line 11, column interviewed_on" in got.stderr and "line 14, column response_id" in got.stderr
          and "line 7, column ethnic_group" in got.stderr and "line 8, column ethnic_group" not in got.stderr
          and "line 17, column response_id: \"call-1-1\": ids beginning call- are the quality" in got.stderr
          and "nothing was stored" in got.stderr, f"a bad file is refused line by line: {got.stderr[:400]}")
    count = scalar(db, "SELECT count(*) FROM survey_responses")
    check(count == 0, f"nothing stored from the bad file ({count})")

    got = cf("survey", "import", good)
    check(got.returncode == 0 and f"{len(rows)} responses: {len(rows)} added" in got.stdout and
          f"{len(rows)} linked" in got.stdout, f"imported: {got.stdout.strip()} {got.stderr}")
    got = cf("survey", "import", good)
    check(f"0 added, 0 replaced, {len(rows)} unchanged" in got.stdout, f"again: {got.stdout.strip()}")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    changed = [list(r) for r in rows]
    changed[0][8] = "7"
    for r in changed:
        sheet.append([datetime.date.fromisoformat(r[1]) if j == 1 else v for j, v in enumerate(r)])
    xlsx = os.path.join(d, "uss.xlsx")
    book.save(xlsx)
    got = cf("survey", "import", xlsx)
    check(got.returncode == 0 and "1 replaced" in got.stdout, f"XLSX with one answer changed: {got.stdout.strip()} {got.stderr}")
    rows = changed

    period = ["--from", (today - datetime.timedelta(days=400)).isoformat(), "--to", today.isoformat()]
    got = cf("survey", "gap", *period, "--format", "json")
    gap = json.loads(got.stdout) if got.returncode == 0 else {}
    ws = sum(1 for r, w in zip(rows, white) if w and int(r[8]) <= 3)
    wn = sum(1 for w in white if w)
    bs = sum(1 for r, w in zip(rows, white) if not w and int(r[8]) <= 3)
    bn = len(white) - wn
    low, high = confint_proportions_2indep(ws, wn, bs, bn, method="newcomb")
    z, p = proportions_ztest([ws, bs], [wn, bn])
    check(gap and gap["white"]["answered"] == wn and gap["bme"]["satisfied"] == bs and
          abs(gap["gap_ci95_low"] - 100 * low) < 1e-6 and abs(gap["gap_ci95_high"] - 100 * high) < 1e-6 and
          abs(gap["z"] - z) < 1e-6 and abs(gap["p_value"] - p) < 1e-6 and gap["significant"] == (p < 0.05),
          f"the gap agrees with statsmodels: {gap}")

    got = cf("survey", "satisfaction", "--stage", "follow_up", "--by", "bcu", *period)
    groups = list(csv.DictReader(got.stdout.splitlines()))
    check(got.returncode == 0 and sum(int(g["answered"]) for g in groups) == len(rows) and
          all(float(g["ci95_low"]) <= float(g["percent"]) <= float(g["ci95_high"]) for g in groups),
          f"satisfaction by BCU adds up, Wilson intervals around each: {got.stdout[:300]}")
    got = cf("survey", "satisfaction", "--stage", "treatment", *period)
    check(got.returncode == 0 and got.stdout.splitlines() == ["group,satisfied,answered,percent,ci95_low,ci95_high"],
          f"don't know is out of the denominator (no one answered treatment): {got.stdout!r}")

    got = cf("survey", "drivers", "--stage", "follow_up", *period, "--format", "json")
    fit = json.loads(got.stdout) if got.returncode == 0 else {"terms": [], "notes": []}
    terms = {t["term"]: t for t in fit["terms"]}
    check(got.returncode == 0 and "knew_who_to_contact" in terms and
          terms["knew_who_to_contact"]["odds_ratio"] > 2 and terms["knew_who_to_contact"]["p_value"] < 0.01 and
          terms["kept_informed_without_asking"]["p_value"] < 0.01 and "informing_contacts" in terms and
          "enhanced" in terms, f"drivers found: {sorted(terms)} notes {fit['notes']} {got.stderr[:300]}")
    check(any(n.startswith("told_arrest left out: answered in only") for n in fit["notes"]),
          "a question asked of a third is left out with a note")
    got = cf("survey", "drivers", "--stage", "follow_up", *period)
    check(got.returncode == 0 and got.stdout.startswith(
        "term,coefficient,std_error,z,p_value,odds_ratio,ci95_low,ci95_high,importance\n(intercept),"),
        "drivers as CSV")
    got = cf("survey", "drivers", "--stage", "mood", *period)
    check(got.returncode == 2 and "not a stage" in got.stderr, "an unknown stage is a usage error")
    audit = scalar(db, "SELECT count(*) FROM audit_log WHERE action IN ('imported_survey', 'analysed_survey')")
    check(audit >= 5, f"imports and analyses audited ({audit})")

if failures:
    sys.exit(1)
