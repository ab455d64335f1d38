#!/usr/bin/python3
"""dip-sample draw on a demo force: sizes, the half drawn at random and the half by risk, the
same seed giving the same sample (also on a copy of the store taken before it was drawn, as an
auditor would check it), a second sample of the month never repeating a case, and refusals.

Usage: dip_sample_cli_test.py CITIZENFOCUS_BINARY
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from teststore import rows, scalar, test_store  # noqa: E402

BINARY = sys.argv[1]
failures = []
RISKS = {"enhanced", "overdue", "closed", "no_further_action", "hate_crime", "repeat_victim"}


def check(ok, what):
    print(("ok: " if ok else "FAILED: ") + what)
    if not ok:
        failures.append(what)


with tempfile.TemporaryDirectory() as d:
    db = test_store(d, "force")

    def cf(*args, store=db):
        return subprocess.run([BINARY, "--db", store, *args], capture_output=True, text=True)

    made = cf("demo", "--crimes", "600", "--password", "a-long-test-password")
    assert made.returncode == 0, made.stderr
    unit, month, count = rows(
        db, "SELECT unit, substr(recorded_on, 1, 7) AS m, count(*) AS n FROM cases GROUP BY unit, m "
        "ORDER BY n DESC, unit, m LIMIT 1")[0]
    count = int(count)
    print(f"unit {unit}, {month}: {count} cases")
    # A copy of the store as it stands: the file, or on PostgreSQL another schema by migrate-db.
    copy = test_store(d, "copy")
    if copy.endswith(".db"):
        shutil.copy(db, copy)
    else:
        moved = subprocess.run([BINARY, "migrate-db", "--from", db, "--to", copy], capture_output=True, text=True)
        assert moved.returncode == 0, moved.stderr

    def draw(*extra, store=db):
        got = cf("dip-sample", "draw", "--unit", unit, "--month", month, *extra, store=store)
        return got, list(csv.DictReader(io.StringIO(got.stdout)))

    got, first = draw("--seed", "7", "--size", "10")
    check(got.returncode == 0 and got.stdout.startswith("crime,unit,month,drawn_as,"), f"drawn: {got.stderr}")
    check(len(first) == 10 and len({r["crime"] for r in first}) == 10, "ten different cases")
    check(sum(r["drawn_as"] == "random" for r in first) == 5 and
          sum(r["drawn_as"] == "risk" for r in first) == 5, "half at random, half by risk")
    check(all(set(filter(None, r["reasons"].split(","))) <= RISKS for r in first) and
          all(float(r["weight"]) == 1 + len(list(filter(None, r["reasons"].split(","))))
              for r in first if r["drawn_as"] == "risk"), "risks named, weights follow them")
    check(all(r["unit"] == unit and r["month"] == month and r["seed"] == "7" for r in first),
          "each row names its unit, month and seed")
    held = {r[0] for r in rows(
        db, "SELECT k.ref FROM cases c JOIN crimes k ON k.id = c.id WHERE c.unit = "
        f"'{unit}' AND substr(c.recorded_on, 1, 7) = '{month}'")}
    check({r["crime"] for r in first} <= held, "every case is the unit's, recorded in the month")

    got, again = draw("--seed", "7", "--size", "10")
    check(again == first, "the same seed gives back the same sample")
    as_of = first[0]["risks_as_of"]
    got, audited = draw("--seed", "7", "--size", "10", "--as-of", as_of, store=copy)
    check([r["crime"] for r in audited] == [r["crime"] for r in first],
          "drawn again from the seed on a copy of the store, the same cases come out")

    got, second = draw("--seed", "8", "--size", "10")
    check(len(second) == 10 and not ({r["crime"] for r in second} & {r["crime"] for r in first}),
          "a second sample of the month repeats no case")
    got, rest = draw("--seed", "9", "--size", "200")
    check(len(rest) == count - 20 and not ({r["crime"] for r in rest} &
                                          ({r["crime"] for r in first} | {r["crime"] for r in second})),
          f"a sample larger than what is left takes the rest ({len(rest)} of {count - 20})")
    got, default = draw()
    check(got.returncode == 0 and len(default) == 0, "nothing is left to draw in the month")

    for args, needle in ((["--size", "0"], "size"), (["--size", "201"], "size")):
        got, _ = draw(*args)
        check(got.returncode == 3 and needle in got.stderr, f"{args} refused: {got.stderr.strip()}")
    got = cf("dip-sample", "draw", "--unit", unit, "--month", "2026-13")
    check(got.returncode == 3 and "not a month" in got.stderr, f"a bad month: {got.stderr.strip()}")
    got = cf("dip-sample", "draw", "--unit", "NOPE", "--month", month)
    check(got.returncode == 3 and "no unit NOPE" in got.stderr, f"an unknown unit: {got.stderr.strip()}")
    audit = scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'drew_dip_sample'")
    check(audit == 4, f"each new sample audited ({audit})")

if failures:
    sys.exit(1)
